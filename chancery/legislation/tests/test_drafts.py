"""Drafts of laws sent for the office's comments: the due date the request gives, moved off a weekend or Tết,
the comments sent in time or late, bad input refused, and another department sees nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.casework.models import LegalClock
from chancery.casework.rules import ClockState
from chancery.core.tests.factories import signed_in
from chancery.legislation import selectors, services
from chancery.legislation.models import DraftLaw

pytestmark = pytest.mark.django_db


def _register(office, received, due, title="Dự án Luật Thủ đô (sửa đổi)"):
    return services.register_draft(
        actor=office.legal_specialist,
        title=title,
        sender_name="Bộ Tư pháp",
        received_on=received,
        comments_due_on=due,
    )


@pytest.mark.parametrize(
    ("received", "asked", "due"),
    [
        (date(2026, 3, 2), date(2026, 3, 12), date(2026, 3, 12)),  # a Thursday: as asked
        (date(2026, 3, 2), date(2026, 3, 14), date(2026, 3, 16)),  # a Saturday: the Monday after
        (date(2026, 2, 9), date(2026, 2, 17), date(2026, 2, 23)),  # in Tết 2026: the first working day after
    ],
)
def test_the_due_date_is_the_requests_moved_off_a_day_off(office, received, asked, due):
    with freeze_time(received):
        draft = _register(office, received, asked)
    rows = selectors.drafts_waiting(office.legal_specialist, today=received)
    assert rows[0].draft == draft and rows[0].due_date == due
    clock = LegalClock.objects.get(object_type="legislation.draftlaw", object_id=draft.pk)
    assert clock.due_on == due


def test_comments_sent_late_are_recorded_as_missed_and_leave_the_board(office):
    with freeze_time(date(2026, 3, 2)):
        draft = _register(office, date(2026, 3, 2), date(2026, 3, 12))
    with freeze_time(date(2026, 3, 13)):
        draft = services.send_comments(
            actor=office.legal_specialist,
            draft=draft,
            comments="Đề nghị làm rõ Điều 5.",
            reply_number="12/CV",
        )
        assert selectors.drafts_waiting(office.legal_specialist) == []
    clock = LegalClock.objects.get(object_type="legislation.draftlaw", object_id=draft.pk)
    assert draft.state == "answered" and draft.answered_on == date(2026, 3, 13)
    assert clock.stopped_on == date(2026, 3, 13)
    from chancery.casework import services as casework

    assert casework.read(clock, date(2026, 3, 20)).state == ClockState.MISSED


def test_an_answered_draft_shows_the_due_date_its_clock_kept_and_whether_it_was_late(office):
    """Found by the examiner of issue 26: the answered rows showed the date the drafting body asked for (a
    Saturday), the running rows the clock's (the Monday after): both show the clock's."""
    with freeze_time(date(2026, 3, 2)):
        in_time = _register(office, date(2026, 3, 2), date(2026, 3, 14), title="Dự án Luật A")  # a Saturday
        late = _register(office, date(2026, 3, 2), date(2026, 3, 12), title="Dự án Luật B")
    with freeze_time(date(2026, 3, 13)):
        for draft in (in_time, late):
            services.send_comments(actor=office.legal_specialist, draft=draft, comments="Đồng ý.")
    due = {d.title: d.due_on for d in selectors.drafts_answered(office.legal_specialist)}  # type: ignore[attr-defined]
    assert due == {"Dự án Luật A": date(2026, 3, 16), "Dự án Luật B": date(2026, 3, 12)}
    page = (
        signed_in(office.legal_specialist).get(reverse("legislation:board") + "?year=2026").content.decode()
    )
    assert "16/03/2026" in page and "14/03/2026" not in page
    assert page.count('data-testid="answered-late"') == 1


@pytest.mark.parametrize(
    ("received_delta", "due_delta", "field"),
    [
        (1, 10, "received_on"),  # received tomorrow
        (0, 0, "comments_due_on"),  # due the day it came
        (0, -3, "comments_due_on"),  # due before it came
        (0, 120, "comments_due_on"),  # a typo of a year
    ],
)
def test_bad_dates_are_refused_in_vietnamese(office, received_delta, due_delta, field):
    today = timezone.localdate()
    received = today + timedelta(days=received_delta)
    with pytest.raises(ValidationError) as refused:
        _register(office, received, received + timedelta(days=due_delta))
    assert field in refused.value.message_dict
    assert DraftLaw.objects.count() == 0


def test_empty_comments_are_refused_and_nothing_changes(office):
    today = timezone.localdate()
    draft = _register(office, today, today + timedelta(days=7))
    with pytest.raises(ValidationError):
        services.send_comments(actor=office.legal_specialist, draft=draft, comments="  ")
    draft.refresh_from_db()
    assert draft.state == "received" and draft.answered_on is None


def test_pages_and_api_of_drafts_and_who_must_not_see_them(office):
    today = timezone.localdate()
    client = signed_in(office.legal_specialist)
    response = client.post(
        reverse("legislation:draft_new"),
        {
            "title": "Dự án Luật Đất đai (sửa đổi)",
            "sender_name": "Bộ Tài nguyên và Môi trường",
            "received_on": today.isoformat(),
            "comments_due_on": (today + timedelta(days=10)).isoformat(),
        },
    )
    draft = DraftLaw.objects.get()
    assert response.url == reverse("legislation:draft", args=[draft.pk])
    board = client.get(reverse("legislation:board")).content.decode()
    assert "Dự án Luật Đất đai (sửa đổi)" in board and 'data-testid="draft-days-left"' in board
    client.post(
        reverse("legislation:draft_action", args=[draft.pk, "comments"]),
        {"comments": "Nhất trí, đề nghị bổ sung Điều 12.", "on": today.isoformat()},
    )
    draft.refresh_from_db()
    assert draft.state == "answered"
    other = signed_in(office.specialist)
    assert other.get(reverse("legislation:draft", args=[draft.pk])).status_code == 404
    assert "Dự án Luật Đất đai" not in other.get(reverse("legislation:board")).content.decode()

    api = APIClient()
    api.force_authenticate(office.legal_specialist)
    created = api.post(
        "/api/v1/draft-laws/",
        {
            "title": "Dự án Luật Thủ đô",
            "sender_name": "Bộ Tư pháp",
            "received_on": today.isoformat(),
            "comments_due_on": (today - timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 400 and "Hạn gửi ý kiến" in str(created.json())
    created = api.post(
        "/api/v1/draft-laws/",
        {
            "title": "Dự án Luật Thủ đô",
            "sender_name": "Bộ Tư pháp",
            "received_on": today.isoformat(),
            "comments_due_on": (today + timedelta(days=5)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert [d["id"] for d in api.get("/api/v1/draft-laws/?state=received").json()["results"]] == [pk]
    answered = api.post(f"/api/v1/draft-laws/{pk}/comments/", {"comments": "Nhất trí."}, format="json")
    assert answered.json()["state"] == "answered"
    outsider = APIClient()
    outsider.force_authenticate(office.specialist)
    assert outsider.get("/api/v1/draft-laws/").json()["results"] == []
    assert (
        outsider.post(f"/api/v1/draft-laws/{pk}/comments/", {"comments": "x"}, format="json").status_code
        == 404
    )
