"""Foreign-affairs events: checked input, the calendar's month, week and agenda, the ICS feed and who it shows
events to, the programme, checklist items assigned to units and ticked off by them (and by nobody else),
speeches, follow-up commitments, the figures for the reports (cancelled events not counted)."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from rest_framework.test import APIClient

from chancery.core import access
from chancery.core.models import Notification
from chancery.core.tests.factories import signed_in
from chancery.diplomacy import ics, selectors, services
from chancery.diplomacy.models import ChecklistItem, Event

from .factories import country, make_event, make_foreign_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def fo():
    return make_foreign_office()


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": date(2026, 3, 9)}, "ends_on"),  # ends before it starts
        ({"ends_on": date(2026, 5, 1)}, "ends_on"),  # longer than a month
        ({"country": None}, "country"),  # a state visit without its country
        ({"kind": "picnic"}, "kind"),
    ],
)
def test_bad_events_are_refused_in_vietnamese(fo, changes, field):
    data: dict[str, Any] = {
        "kind": "state_visit",
        "title": "Thăm cấp Nhà nước",
        "starts_on": date(2026, 3, 10),
    }
    data["ends_on"] = date(2026, 3, 12)
    data["country"] = country("FR")
    data.update(changes)
    with pytest.raises(ValidationError) as refused:
        services.create_event(actor=fo.foreign_specialist, data=services.EventData(**data))
    assert field in refused.value.message_dict
    assert Event.objects.count() == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    month=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 1)).map(lambda d: d.replace(day=1)),
    offset=st.integers(-10, 40),
    length=st.integers(0, 9),
)
def test_the_month_grid_shows_every_day_once_and_an_event_on_each_of_its_days(fo, month, offset, length):
    """Whatever the month and however an event straddles its edges: weeks Monday to Sunday, each day of the
    month once and in order, and the event on exactly the days it spans (the days of the next or last month
    in the grid included)."""
    starts = month + timedelta(days=offset)
    event = make_event(fo.foreign_specialist, starts=starts, ends=starts + timedelta(days=length))
    try:
        grid = selectors.month_grid(fo.foreign_specialist, month.year, month.month)
        cells = [cell for week in grid for cell in week]
        assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in grid)
        assert [c.day - cells[0].day for c in cells] == [timedelta(days=i) for i in range(len(cells))]
        assert [c.day for c in cells if c.in_month] == [
            d for d in (month + timedelta(days=i) for i in range(31)) if d.month == month.month
        ]
        for cell in cells:
            assert (event in cell.events) == (event.starts_on <= cell.day <= event.ends_on), cell.day
    finally:
        event.delete()


def test_the_calendar_month_week_and_agenda(fo):
    actor = fo.foreign_specialist
    visit = make_event(actor, starts=date(2026, 3, 30), ends=date(2026, 4, 2))
    credentials = make_event(
        actor,
        kind="credentials",
        starts=date(2026, 3, 31),
        title="Đại sứ Nhật Bản trình quốc thư",
        country=country("JP"),
    )
    grid = selectors.month_grid(actor, 2026, 3)
    days = {cell.day: cell.events for week in grid for cell in week}
    assert days[date(2026, 3, 30)] == [visit]
    assert days[date(2026, 3, 31)] == [visit, credentials]
    assert days[date(2026, 4, 2)] == [visit]  # the grid's last week runs into April
    assert grid[0][0].day == date(2026, 2, 23)  # weeks start on Monday
    week = selectors.week_days(actor, date(2026, 3, 30))
    assert [len(d.events) for d in week] == [1, 2, 1, 1, 0, 0, 0]
    assert selectors.agenda(actor, date(2026, 3, 1), 60, kind="credentials") == [credentials]
    client = signed_in(actor)
    for view in ("month", "week", "agenda"):
        page = client.get(
            reverse("diplomacy:calendar"),
            {"view": view, "month": "2026-03", "week": "2026-03-30", "from": "2026-03-01"},
        )
        assert page.status_code == 200
        assert "Tổng thống Pháp thăm cấp Nhà nước Việt Nam" in page.content.decode()
    # a day or a month that is not one is said so, and the page shows today's (never a server error at
    # the last date there is)
    for params in (
        {"month": "2026-13"},
        {"view": "week", "week": "31/02/2026"},
        {"view": "agenda", "from": "9999-12-31"},
        {"month": "9999-12"},
    ):
        page = client.get(reverse("diplomacy:calendar"), params)
        assert page.status_code == 200
        assert "không phải là" in page.content.decode(), params
    assert (
        "không phải là"
        not in client.get(
            reverse("diplomacy:calendar"), {"week": "30/03/2026", "view": "week"}
        ).content.decode()
    )
    # another department sees none of it
    assert selectors.month_grid(fo.office.specialist, 2026, 3)[5][0].events == []


def test_the_ics_feed_shows_what_the_person_may_see_until_the_password_changes(fo):
    actor = fo.foreign_specialist
    today = timezone.localdate()
    event = make_event(
        actor, starts=today + timedelta(days=3), ends=today + timedelta(days=5), place="Phủ Chủ tịch"
    )
    services.cancel_event(
        actor=actor,
        event=make_event(actor, starts=today + timedelta(days=10), title="Chuyến thăm hoãn"),
        reason="Phía bạn đề nghị hoãn",
    )
    client = signed_in(actor)
    page = client.get(reverse("diplomacy:calendar")).content.decode()
    assert 'data-testid="feed-url"' in page
    feed = client.get(reverse("diplomacy:feed"), {"token": ics.token_for(actor)})
    assert feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    items = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
    visit = next(c for s, c in items.items() if "Tổng thống Pháp" in s)
    assert visit.decoded("dtstart") == event.starts_on
    assert visit.decoded("dtend") == event.ends_on + timedelta(days=1)
    assert str(visit["location"]) == "Phủ Chủ tịch"
    assert next(c for s, c in items.items() if "hoãn" in s)["status"] == "CANCELLED"
    # another department's feed is empty; a forged token and an old one after a password change are refused
    outsider_feed = client.get(reverse("diplomacy:feed"), {"token": ics.token_for(fo.office.specialist)})
    assert Calendar.from_ical(outsider_feed.content).walk("VEVENT") == []
    assert client.get(reverse("diplomacy:feed"), {"token": "x" + ics.token_for(actor)}).status_code == 403
    single = client.get(reverse("diplomacy:event_ics", args=[event.pk]))
    assert single.status_code == 200 and b"BEGIN:VEVENT" in single.content
    old = ics.token_for(actor)
    actor.set_password("Mật-khẩu-mới-2026!")
    actor.save()
    assert client.get(reverse("diplomacy:feed"), {"token": old}).status_code == 403


def test_a_state_visit_with_its_programme_checklist_speech_and_follow_up(fo):
    actor = fo.foreign_specialist
    today = timezone.localdate()
    event = make_event(actor, starts=today + timedelta(days=10), ends=today + timedelta(days=12))
    services.add_programme_item(
        actor=actor, event=event, starts_at=_at(event.starts_on, 9), title="Lễ đón chính thức"
    )
    with pytest.raises(ValidationError, match="trong thời gian"):
        services.add_programme_item(
            actor=actor,
            event=event,
            starts_at=_at(event.starts_on + timedelta(days=9), 9),
            title="Ngoài lịch",
        )
    with pytest.raises(ValidationError, match="sau giờ bắt đầu"):
        services.add_programme_item(
            actor=actor,
            event=event,
            starts_at=_at(event.starts_on, 10),
            ends_at=_at(event.starts_on, 9),
            title="X",
        )
    services.add_participant(
        actor=actor, event=event, name="Emmanuel Macron", position="Tổng thống", side="guest"
    )
    items = services.add_standard_checklist(actor=actor, event=event, unit=fo.protocol)
    assert len(items) == 8 and all(i.due_on < event.starts_on for i in items)
    assert services.add_standard_checklist(actor=actor, event=event, unit=fo.protocol) == []  # not twice
    # the protocol division now sees the event (one notice for the eight items) and ticks its own items;
    # another department may not
    assert access.can_view(fo.protocol_specialist, event)
    notices = Notification.objects.filter(recipient=fo.protocol_specialist)
    assert notices.count() == 1 and "Công việc chuẩn bị" in notices.get().title
    assert not Notification.objects.filter(recipient=fo.office.specialist).exists()
    item = items[0]
    services.tick(actor=fo.protocol_specialist, item=item)
    assert ChecklistItem.objects.get(pk=item.pk).done_by == fo.protocol_specialist
    with pytest.raises(PermissionDenied):
        services.tick(actor=fo.office.specialist, item=items[1])
    services.tick(actor=actor, item=item, done=False)
    assert ChecklistItem.objects.get(pk=item.pk).done_on is None
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        services.assign_speech(
            actor=actor, event=event, title="Phát biểu tại chiêu đãi", unit=fo.foreign, due_on=event.ends_on
        )
    speech = services.assign_speech(
        actor=actor,
        event=event,
        title="Phát biểu tại chiêu đãi",
        unit=fo.office.general,
        due_on=event.starts_on - timedelta(days=2),
    )
    services.set_speech_state(actor=fo.office.specialist, speech=speech, state="submitted")
    with pytest.raises(PermissionDenied):
        services.set_speech_state(actor=fo.office.specialist, speech=speech, state="approved")
    follow_up = services.add_follow_up(
        actor=actor,
        event=event,
        commitment="Triển khai Hiệp định dẫn độ",
        unit=fo.office.legal,
        due_on=event.ends_on + timedelta(days=60),
    )
    tasks = selectors.unit_tasks(fo.office.legal_specialist)
    assert tasks["follow_ups"] == [follow_up]
    with pytest.raises(ValidationError):
        services.complete_follow_up(actor=fo.office.legal_specialist, follow_up=follow_up, outcome=" ")
    services.complete_follow_up(
        actor=fo.office.legal_specialist, follow_up=follow_up, outcome="Đã trình Chính phủ"
    )
    assert selectors.unit_tasks(fo.office.legal_specialist)["follow_ups"] == []


def test_event_pages_with_the_checklist_ticked_off(fo):
    client = signed_in(fo.foreign_specialist)
    today = timezone.localdate()
    start = today + timedelta(days=7)
    response = client.post(
        reverse("diplomacy:event_new"),
        {
            "kind": "state_visit",
            "title": "Tổng thống Chile thăm cấp Nhà nước",
            "leader": "president",
            "country": country("CL").pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=2)).isoformat(),
        },
    )
    event = Event.objects.get()
    url = reverse("diplomacy:event", args=[event.pk])
    assert response.url == url
    client.post(
        reverse("diplomacy:event_action", args=[event.pk, "programme"]),
        {"starts_at": f"{start.isoformat()}T09:00", "title": "Hội đàm"},
    )
    client.post(
        reverse("diplomacy:event_action", args=[event.pk, "checklist"]),
        {
            "category": "gifts",
            "title": "Quà tặng",
            "unit": fo.protocol.pk,
            "due_on": (start - timedelta(days=1)).isoformat(),
        },
    )
    bad = client.post(
        reverse("diplomacy:event_action", args=[event.pk, "checklist"]), {"title": ""}, follow=True
    )
    assert "Ghi" in bad.content.decode() or "Give" in bad.content.decode()
    item = ChecklistItem.objects.get()
    protocol = signed_in(fo.protocol_specialist)
    protocol.post(reverse("diplomacy:event_action", args=[event.pk, "tick"]), {"item": item.pk})
    item.refresh_from_db()
    assert item.done_on == today
    page = client.get(url).content.decode()
    assert "Hội đàm" in page and "Quà tặng" in page and 'data-testid="checklist-progress"' in page
    assert signed_in(fo.office.specialist).get(url).status_code == 404
    assert (
        signed_in(fo.office.specialist)
        .post(reverse("diplomacy:event_action", args=[event.pk, "tick"]), {"item": item.pk})
        .status_code
        == 404
    )
    for name in ("tasks", "figures", "countries", "treaties"):
        assert client.get(reverse(f"diplomacy:{name}")).status_code == 200


def test_figures_count_events_by_kind_without_the_cancelled(fo):
    actor = fo.foreign_specialist
    for i in range(9):
        make_event(actor, starts=date(2025, 1 + i, 10), title=f"Thăm cấp Nhà nước {i}")
    for i in range(3):
        make_event(
            actor, kind="delegation", starts=date(2025, 3, 1 + i), title=f"Tiếp đoàn {i}", country=None
        )
    cancelled = make_event(actor, starts=date(2025, 11, 5), title="Hoãn")
    services.cancel_event(actor=actor, event=cancelled, reason="Hoãn")
    make_event(actor, starts=date(2024, 5, 5), title="Năm trước")
    figures = selectors.figures(actor, 2025)
    assert figures.events_by_kind["state_visit"] == 9
    assert figures.events_by_kind["delegation"] == 3
    assert selectors.figures(fo.office.specialist, 2025).events_by_kind["state_visit"] == 0


def test_events_over_the_api(fo):
    api = APIClient()
    api.force_authenticate(fo.foreign_specialist)
    start = timezone.localdate() + timedelta(days=5)
    created = api.post(
        "/api/v1/foreign-events/",
        {
            "kind": "state_visit",
            "title": "Thăm cấp Nhà nước",
            "country": "FR",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = api.post(
        "/api/v1/foreign-events/",
        {"kind": "state_visit", "title": "X", "starts_on": start.isoformat(), "ends_on": start.isoformat()},
        format="json",
    )
    assert bad.status_code == 400 and "Chọn quốc gia" in str(bad.json())
    detail = api.post(
        f"/api/v1/foreign-events/{pk}/checklist/",
        {
            "category": "security",
            "title": "Phương án an ninh",
            "unit": fo.protocol.pk,
            "due_on": start.isoformat(),
        },
        format="json",
    ).json()
    item = detail["checklist"][0]["id"]
    protocol = APIClient()
    protocol.force_authenticate(fo.protocol_specialist)
    ticked = protocol.post(f"/api/v1/foreign-events/{pk}/checklist/{item}/tick/", {}, format="json")
    assert ticked.json()["checklist"][0]["done_on"] is not None
    moved = api.patch(f"/api/v1/foreign-events/{pk}/", {"place": "Phủ Chủ tịch"}, format="json")
    assert moved.json()["place"] == "Phủ Chủ tịch"
    listed = api.get("/api/v1/foreign-events/", {"kind": "state_visit"}).json()
    assert [e["id"] for e in listed["results"]] == [pk]
    figures = api.get("/api/v1/foreign-events/figures/", {"year": start.year}).json()
    assert figures["events_by_kind"]["state_visit"] == 1
    outsider = APIClient()
    outsider.force_authenticate(fo.office.specialist)
    assert outsider.get(f"/api/v1/foreign-events/{pk}/").status_code == 404
    assert (
        outsider.post(f"/api/v1/foreign-events/{pk}/checklist/{item}/tick/", {}, format="json").status_code
        == 404
    )


def test_a_visit_that_has_ended_leaves_the_units_work_list(fo) -> None:
    """The examiner of issue 30: events that had ended stayed on "Việc của tôi" (they have no workflow)."""
    from chancery.core import selectors as core_selectors

    today = timezone.localdate()
    ended = make_event(
        fo.foreign_specialist, starts=today - timedelta(days=20), ends=today - timedelta(days=18)
    )
    coming = make_event(
        fo.foreign_specialist, starts=today + timedelta(days=20), title="Thủ tướng Nhật Bản thăm"
    )
    for event in (ended, coming):
        services.add_checklist_item(
            actor=fo.foreign_specialist,
            event=event,
            category="reception",
            title="Đón tiếp",
            unit=fo.protocol,
            due_on=event.starts_on,
        )
    listed = {a.object_id for a in core_selectors.my_unit_assignments(fo.protocol_specialist)}
    assert coming.pk in listed and ended.pk not in listed
