"""set_columns writes many rows' fields in one statement, on SQLite and PostgreSQL alike."""

import pytest

from chancery.core.bulk import set_columns
from chancery.honours.models import Honoree

pytestmark = pytest.mark.django_db


def test_set_columns_writes_each_row_its_own_values_and_leaves_the_others():
    people = [
        Honoree.objects.create(kind="individual", name=f"Người {n}", folded_name="", identity=f"k{n}")
        for n in range(5)
    ]
    for n, person in enumerate(people[:4]):
        person.position = f"Chức vụ {n}"
        person.birth_year = 1970 + n
        person.name = "ignored"
    assert set_columns(people[:4], ["position", "birth_year"], batch_size=3) == 4
    stored = {p.identity: (p.name, p.position, p.birth_year) for p in Honoree.objects.all()}
    assert stored["k2"] == ("Người 2", "Chức vụ 2", 1972)
    assert stored["k4"] == ("Người 4", "", None)
    assert set_columns([], ["position"]) == 0


def test_insert_writes_every_field_as_save_would_and_ignores_a_person_already_on_file():
    from datetime import date

    from chancery.core.bulk import analyse, ids_by, insert
    from chancery.honours.models import AwardRecord

    Honoree.objects.create(
        kind="individual", name="Đã có", folded_name="da co", identity="k1", birth_year=1960
    )
    insert(
        [
            Honoree(kind="individual", name="Đã có (lần hai)", folded_name="x", identity="k1"),
            Honoree(kind="collective", name="Trường Tiểu học Kim Đồng", folded_name="truong", identity="k2"),
            Honoree(
                kind="individual",
                name="Lê Thị Bích",
                folded_name="le thi bich",
                identity="k3",
                birth_year=1975,
            ),
        ],
        ignore_conflicts=True,
    )
    analyse(Honoree)
    ids = ids_by(Honoree, "identity", {"k1", "k2", "k3", "k9"})
    assert set(ids) == {"k1", "k2", "k3"}
    stored = {p.identity: p for p in Honoree.objects.all()}
    assert stored["k1"].name == "Đã có" and stored["k1"].birth_year == 1960  # what was on file stays
    assert (stored["k3"].name, stored["k3"].birth_year, stored["k3"].nationality) == (
        "Lê Thị Bích",
        1975,
        "VN",
    )
    assert stored["k2"].kind == "collective" and stored["k2"].is_enterprise is False  # the model's defaults
    insert(
        [
            AwardRecord(
                honoree_id=ids["k3"],
                award="bkttg",
                decision_number="12/QĐ-TTg",
                decided_on=date(2020, 2, 29),
                period_from=2015,
                period_to=2019,
            )
        ]
    )
    record = AwardRecord.objects.get()
    assert (record.decided_on, record.period_from, record.revoked) == (date(2020, 2, 29), 2015, False)
    assert ids_by(Honoree, "identity", []) == {}


def test_set_columns_writes_json_and_leaves_other_rows_alone():
    from chancery.honours.models import Nomination

    nominations = _two_nominations()
    nominations[0].findings = [
        {"code": "rating", "reason": "Đủ 5 năm “hoàn thành xuất sắc”", "facts": {"n": 5}}
    ]
    nominations[0].verdict = nominations[0].outcome = "pass"
    assert set_columns(nominations[:1], ["findings", "verdict", "outcome"]) == 1
    first, second = Nomination.objects.order_by("pk")
    assert first.findings[0]["facts"] == {"n": 5} and first.outcome == "pass"
    assert second.findings == [] and second.outcome == "pending"


def _two_nominations():
    from chancery.honours.models import Nomination
    from chancery.honours.tests import factories

    h = factories.make_honours()
    batch = factories.make_batch(h)
    factories.import_list(h, batch, factories.workbook([factories.good_row(1), factories.good_row(2)]))
    return list(Nomination.objects.filter(batch=batch).order_by("pk"))
