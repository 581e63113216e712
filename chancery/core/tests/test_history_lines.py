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
