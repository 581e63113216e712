"""The demo year: batches in every state, the engine's verdicts, awards in the history for decided ones."""

from datetime import date

import pytest
from django.db.models import Count

from chancery.core.demo import load_demo
from chancery.core.selectors import is_working_day
from chancery.honours import demo
from chancery.honours.models import AwardRecord, HonoursBatch, Nomination

pytestmark = pytest.mark.django_db


def test_a_demo_year_has_batches_in_every_state_with_real_verdicts(settings):
    load_demo()
    from freezegun import freeze_time

    with freeze_time("2026-11-20"):
        added = demo.load(3000, year=2026, seed=5)
    assert added == 3000 == Nomination.objects.count()
    states = set(HonoursBatch.objects.values_list("state", flat=True))
    assert states == {"decided", "appraised", "received"}
    outcomes = dict(
        Nomination.objects.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    assert outcomes["pass"] > outcomes.get("fail", 0) > 0
    decided = Nomination.objects.filter(batch__state="decided", outcome="pass")
    assert AwardRecord.objects.filter(nomination__in=decided).count() == decided.count()
    from chancery.documents.models import DocumentNumber

    for batch in HonoursBatch.objects.filter(state="decided"):  # each decision's number is the register's
        assert DocumentNumber.objects.filter(text=batch.decision_number, status="issued").count() == 1
        # its text is the decision the module draws up, not a line naming its topic
        document = DocumentNumber.objects.get(text=batch.decision_number).document
        assert document is not None and "Điều 1." in document.body and "danh sách" in document.body
        assert document.body.count("\n") > 6 and "Căn cứ" in document.body
    assert not Nomination.objects.filter(batch__state="decided", outcome__in=["review", "pending"]).exists()
    assert all(n.findings for n in Nomination.objects.filter(batch__state="appraised")[:50])
    assert HonoursBatch.objects.filter(received_on__gt=date(2026, 11, 20)).count() == 0
    references = HonoursBatch.objects.values_list("submission_reference", flat=True)
    assert all(ref and not ref.endswith("-") for ref in references)  # "5973/TTr-" was printed
    assert all(is_working_day(day) for day in HonoursBatch.objects.values_list("received_on", flat=True))
    # a decided batch with nominees not proposed has the Office's reply to its proposing body, issued in
    # the Office's series on the decision's day, naming each and why; the series numbered in date order
    replied = HonoursBatch.objects.filter(state="decided", nominations__outcome="fail").distinct()
    assert replied.exists()
    for batch in replied.select_related("reply_document", "proposing_body"):
        reply = batch.reply_document
        assert reply is not None and reply.state == "issued" and reply.issued_on == batch.decided_on
        assert reply.addressee == batch.proposing_body.name and "Lưu: VT" in reply.copies_to
        refused = batch.nominations.filter(outcome="fail").select_related("honoree").first()
        assert refused is not None and refused.honoree.name in reply.body
    from chancery.documents import rules as document_rules

    series = document_rules.outgoing_series("cong_van", document_rules.Issuer.OFFICE, 0, normative=False)
    lines = DocumentNumber.objects.filter(series=series.code, year=2026, document__isnull=False)
    days = [d for _n, d in sorted(lines.values_list("number", "document__issued_on")) if d is not None]
    assert days == sorted(days)


@pytest.mark.parametrize(
    ("short_name", "name", "letters"),
    [
        ("UBND TP Hà Nội", "Ủy ban nhân dân Thành phố Hà Nội", "UBNDTPHN"),
        ("", "Ủy ban nhân dân tỉnh Nghệ An", "UBNDTNA"),  # not "ỦBNDTNA" (the examiner of issue 26)
        ("BQP", "Bộ Quốc phòng", "BQP"),
        ("", "Đại học Quốc gia", "ĐHQG"),
        ("", "của và", "CQ"),
    ],
)
def test_a_proposing_bodys_letters_in_a_symbol(short_name: str, name: str, letters: str) -> None:
    from types import SimpleNamespace

    from chancery.honours.demo import _abbreviation

    assert _abbreviation(SimpleNamespace(short_name=short_name, name=name)) == letters
    # each nominee works where their proposing body proposes for: a province's people in that province, a
    # ministry's in its own units (the examiner of issue 26 found a ministry's list of provincial schools)
    for nomination in Nomination.objects.select_related("honoree", "batch__proposing_body")[:600]:
        body, honoree = nomination.batch.proposing_body, nomination.honoree
        where = f"{honoree.name}, {honoree.organisation}"
        if body.name.startswith("Ủy ban nhân dân "):
            assert demo._body_province(body) in where or where.endswith(body.name), (body.name, where)
        elif nomination.award == "hchn":  # the Friendship Order: a foreigner, at their embassy
            assert honoree.nationality != "VN" and honoree.organisation.startswith("Đại sứ quán"), where
        else:
            assert any(
                place.split("{")[0].strip(", ") in where for place in demo.WORKPLACES[body.name]
            ) or where.endswith(body.name), (body.name, where)
        if nomination.award in demo.AWARD_BODIES:  # the armed forces' medals by their ministries, ...
            assert any(part in body.name for part in demo.AWARD_BODIES[nomination.award]), (
                nomination.award,
                body.name,
            )
