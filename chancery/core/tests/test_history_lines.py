"""A record's history reads as staff read it: dates dd/mm/yyyy (moments in the Office's time), flags yes/no,
and a reviewer's decision named in Vietnamese with its status label, never "review 1.1: open → approved"."""

from __future__ import annotations

import pytest

from chancery.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _rows(changes: dict) -> list[dict]:
    return AuditEvent(object_type="documents.outgoingdocument", object_id=1, changes=changes).change_rows


def test_dates_and_moments_of_a_change_read_dd_mm_yyyy_in_the_office_s_time():
    rows = _rows(
        {
            "issued_on": {"before": "2026-12-04", "after": "2026-12-07"},
            "note": {"before": None, "after": "2026-12-04T01:30:00+00:00"},
            "summary": {"before": "Số 12-2026", "after": "V/v 2026-12"},
        }
    )
    shown = {str(r["field"]): (r["before"], r["after"]) for r in rows}
    assert ("04/12/2026", "07/12/2026") in shown.values()
    assert (None, "04/12/2026 08:30") in shown.values()  # Asia/Ho_Chi_Minh is UTC+7
    assert ("Số 12-2026", "V/v 2026-12") in shown.values()  # not a date: as written


def test_a_reviewers_decision_is_a_vietnamese_line_with_its_status_label(settings, tmp_path):
    from chancery.documents import services
    from chancery.documents.tests.factories import draft, make_office

    settings.MEDIA_ROOT = tmp_path
    office = make_office()
    document = draft(office)
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    services.decide_step(actor=office.head, document=document, approve=True)
    event = AuditEvent.objects.filter(object_id=document.pk, changes__isnull=False).order_by("-id")
    lines = [row for e in event for row in e.change_rows if "duyệt" in str(row["field"])]
    assert lines, "the reviewer's decision is in the history"
    field, before, after = str(lines[0]["field"]), lines[0]["before"], lines[0]["after"]
    assert str(office.head) in field and "review" not in field
    assert (before, after) == ("Chờ duyệt", "Đã duyệt")


def test_what_is_not_a_field_is_named_in_vietnamese_and_lists_read_as_lists():
    rows = _rows(
        {
            "sent_to": {"before": None, "after": ["Vụ Tổng hợp", "Vụ Pháp luật"]},
            "version": {"before": None, "after": 2},
            "terms": {"before": {"fraction": "1/3"}, "after": {"fraction": "2/5"}},
        }
    )
    shown = {str(r["field"]): r["after"] for r in rows}
    assert shown == {"Đã chuyển đến": "Vụ Tổng hợp, Vụ Pháp luật", "Phiên bản": 2}  # terms: in the message
    assert not any(key.isascii() for key in shown)  # no raw key such as sent_to or version


def test_every_key_a_change_is_written_with_has_a_label():
    """Each literal key of `changes=` in production code is a field of some model or in CHANGE_LABELS, so no
    history line shows a raw name such as lead_unit (the examiner of issue 30 saw "version", "sent_to")."""
    import re
    from pathlib import Path

    from django.apps import apps

    from chancery.core.models import CHANGE_LABELS

    fields: dict[str, set[str]] = {}  # by app: the key of a change is a field of a model of its own app
    for model in apps.get_models():
        fields.setdefault(model._meta.app_label, set()).update(f.name for f in model._meta.get_fields())
    root = Path(__file__).resolve().parents[3]  # the checkout: chancery/<app>/...
    unlabelled = set()
    for path in (root / "chancery").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r'changes=\{\s*"([a-z_]+)"|^\s+"([a-z_]+)": \{"before"', text, flags=re.M):
            name = next(k for k in key if k)
            app = path.relative_to(root).parts[1] if len(path.relative_to(root).parts) > 2 else "core"
            known = set().union(*fields.values()) if app == "casework" else fields.get(app, set())  # generic
            if name not in known and name not in CHANGE_LABELS:
                unlabelled.add(f"{path.relative_to(root)}: {name}")
    assert not unlabelled, sorted(unlabelled)


def test_a_change_of_choices_reads_by_label_and_counts_are_grouped_but_years_and_numbers_are_not():
    from chancery.amnesty.models import CouncilOpinion
    from chancery.core import audit

    rows = _rows(
        {
            "council": audit.choice_change(CouncilOpinion, "", CouncilOpinion.AGREE),
            "count": 1234,
            "year": 2026,
            "number": 10500,
        }
    )
    shown = {str(r["field"]): (r["before"], r["after"]) for r in rows}
    assert shown["Hội đồng"] == ("Chưa có ý kiến", "Đồng ý đề nghị")
    assert shown["Số trường hợp"] == (None, "1.234")
    assert (None, 2026) in shown.values() and (None, 10500) in shown.values()
    assert all("agree" not in str(value) for pair in shown.values() for value in pair)
