"""Coordination between units: assignment and reassignment, opinions asked of other units (in parallel or one
after another) with their own time limits, alarms before a limit and escalation once it has passed."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.casework import services, watch
from chancery.casework.models import LegalClock, OpinionRequest, OpinionStatus
from chancery.casework.rules import ClockState
from chancery.core import access
from chancery.core import services as core_services
from chancery.core.models import (
    Assignment,
    AuditEvent,
    CalendarDay,
    CalendarDayKind,
    Job,
    Notification,
    NotificationKind,
    RoleCode,
    SecrecyLevel,
)
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    home, legal, finance = UnitFactory.create(), UnitFactory.create(), UnitFactory.create()
    return {
        "home": home,
        "legal": legal,
        "finance": finance,
        "head": make_staff("truong", unit=home, roles=(RoleCode.HEAD_OF_UNIT,), email="truong@vp.vn"),
        "specialist": make_staff("cv", unit=home, roles=(RoleCode.SPECIALIST,), email="cv@vp.vn"),
        "other": make_staff("cv2", unit=home, roles=(RoleCode.SPECIALIST,)),
        "legal_head": make_staff("ts_head", unit=legal, roles=(RoleCode.HEAD_OF_UNIT,), email="pl@vp.vn"),
        "legal_cv": make_staff("ts_cv", unit=legal, roles=(RoleCode.SPECIALIST,)),
        "finance_head": make_staff("tc_head", unit=finance, roles=(RoleCode.HEAD_OF_UNIT,)),
        "case": Complaint.objects.create(title="Khiếu nại của bà Hoà", owning_unit=home),
    }


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- assignment ----------


def test_assigning_notifies_the_person_in_the_app_and_by_email_after_commit(
    office, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    assert _kinds(office["specialist"]) == [NotificationKind.ASSIGNED]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cv@vp.vn"]
    assert "Khiếu nại của bà Hoà" in mail.outbox[0].subject


def test_an_email_about_a_secret_record_carries_no_title(office, django_capture_on_commit_callbacks) -> None:
    secret = Complaint.objects.create(
        title="Hồ sơ mật XYZ", owning_unit=office["home"], secrecy=SecrecyLevel.SECRET
    )
    cleared = make_staff(
        "mat",
        unit=office["home"],
        roles=(RoleCode.SPECIALIST,),
        clearance=SecrecyLevel.SECRET,
        email="m@vp.vn",
    )
    boss = make_staff(
        "pho", unit=office["home"], roles=(RoleCode.HEAD_OF_UNIT,), clearance=SecrecyLevel.SECRET
    )
    with django_capture_on_commit_callbacks(execute=True):
        core_services.assign_record(actor=boss, record=secret, user=cleared)
    assert len(mail.outbox) == 1
    assert "XYZ" not in f"{mail.outbox[0].subject} {mail.outbox[0].body}"
    assert Notification.objects.get(recipient=cleared).title.endswith(
        "Hồ sơ mật XYZ"
    )  # in the app, behind login


def test_reassigning_ends_the_old_assignment_and_notifies_the_new_person(office) -> None:
    first = core_services.assign_record(
        actor=office["head"], record=office["case"], user=office["specialist"]
    )
    services.reassign(
        actor=office["head"],
        record=office["case"],
        assignment=first,
        user=office["other"],
        reason="Nghỉ phép",
    )
    active = Assignment.objects.filter(object_id=office["case"].pk, is_active=True)
    assert [a.user for a in active] == [office["other"]]
    assert _kinds(office["other"]) == [NotificationKind.ASSIGNED]
    with pytest.raises(ValidationError):
        services.reassign(
            actor=office["head"],
            record=office["case"],
            assignment=first,
            user=office["specialist"],
            reason="x",
        )
    with pytest.raises(ValidationError, match="lý do"):
        services.reassign(
            actor=office["head"],
            record=office["case"],
            assignment=active[0],
            user=office["specialist"],
            reason=" ",
        )


def test_a_specialist_may_not_reassign(office) -> None:
    first = core_services.assign_record(
        actor=office["head"], record=office["case"], user=office["specialist"]
    )
    with pytest.raises(PermissionDenied):
        services.reassign(
            actor=office["specialist"],
            record=office["case"],
            assignment=first,
            user=office["other"],
            reason="Tự chuyển",
        )


# --- opinions ----------


def test_parallel_opinions_open_every_request_with_its_own_clock(office) -> None:
    requests = services.request_opinions(
        actor=office["specialist"],
        record=office["case"],
        units=[office["legal"], office["finance"]],
        question="Đề nghị cho ý kiến về thẩm quyền giải quyết",
        days=5,
        on=date(2026, 4, 24),
    )
    assert [r.status for r in requests] == [OpinionStatus.OPEN, OpinionStatus.OPEN]
    clock = LegalClock.objects.get(pk=requests[0].clock_id or 0)
    # 5 working days from Friday 24/4/2026: Hùng Kings' day (Sunday 26/4) is taken on Monday 27/4; 28, 29
    # April; 30/4 and 1/5 are holidays; 4, 5 and 6 May.
    assert clock.due_on == date(2026, 5, 6)
    assert _kinds(office["legal_head"]) == [NotificationKind.OPINION_REQUESTED]
    assert _kinds(office["finance_head"]) == [NotificationKind.OPINION_REQUESTED]
    # the units asked may now read the case
    assert access.can_view(office["legal_cv"], office["case"])


def test_sequential_opinions_ask_the_next_unit_when_the_previous_one_answers(office) -> None:
    first, second = services.request_opinions(
        actor=office["specialist"],
        record=office["case"],
        units=[office["legal"], office["finance"]],
        question="Cho ý kiến lần lượt",
        days=3,
        mode="sequential",
        on=date(2026, 6, 1),
    )
    assert (first.status, second.status) == (OpinionStatus.OPEN, OpinionStatus.WAITING)
    assert second.clock is None and _kinds(office["finance_head"]) == []
    with pytest.raises(PermissionDenied, match="đơn vị được hỏi"):
        services.answer_opinion(actor=office["finance_head"], request=first, answer="Đồng ý")
    services.answer_opinion(
        actor=office["legal_cv"], request=first, answer="Đúng thẩm quyền", on=date(2026, 6, 2)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OpinionStatus.GIVEN and first.answered_by == office["legal_cv"]
    assert first.clock is not None and second.clock is not None
    assert services.read(first.clock, date(2026, 7, 1)).state == ClockState.MET
    assert second.status == OpinionStatus.OPEN and second.clock.started_on == date(2026, 6, 2)
    assert _kinds(office["specialist"]) == [NotificationKind.OPINION_GIVEN]
    assert _kinds(office["finance_head"]) == [NotificationKind.OPINION_REQUESTED]
    with pytest.raises(ValidationError, match="không còn chờ"):
        services.answer_opinion(actor=office["legal_cv"], request=first, answer="Lần hai")


def test_a_withdrawn_round_stops_its_clocks(office) -> None:
    requests = services.request_opinions(
        actor=office["specialist"],
        record=office["case"],
        units=[office["legal"], office["finance"]],
        question="Hỏi",
        days=5,
        mode="sequential",
        on=date(2026, 6, 1),
    )
    assert (
        services.withdraw_opinions(
            actor=office["specialist"], record=office["case"], round=1, on=date(2026, 6, 3)
        )
        == 2
    )
    statuses = set(
        OpinionRequest.objects.filter(pk__in=[r.pk for r in requests]).values_list("status", flat=True)
    )
    assert statuses == {OpinionStatus.WITHDRAWN}
    assert LegalClock.objects.get(pk=requests[0].clock_id or 0).stopped_on == date(2026, 6, 3)


@pytest.mark.parametrize(
    ("units", "question", "days", "message"),
    [
        ([], "Hỏi", 5, "ít nhất một đơn vị"),
        (["legal", "legal"], "Hỏi", 5, "hai lần"),
        (["home"], "Hỏi", 5, "không tự hỏi"),
        (["legal"], "  ", 5, "hỏi gì"),
        (["legal"], "Hỏi", 0, "từ 1 đến 90"),
        (["legal"], "Hỏi", 91, "từ 1 đến 90"),
    ],
)
def test_a_bad_request_for_opinions_is_refused_in_vietnamese(office, units, question, days, message) -> None:
    with pytest.raises(ValidationError, match=message):
        services.request_opinions(
            actor=office["specialist"],
            record=office["case"],
            units=[office[u] for u in units],
            question=question,
            days=days,
        )
    assert not OpinionRequest.objects.exists()


def test_someone_who_cannot_change_the_record_cannot_ask_opinions(office) -> None:
    with pytest.raises(PermissionDenied):
        services.request_opinions(
            actor=office["legal_cv"], record=office["case"], units=[office["finance"]], question="Hỏi", days=5
        )


# --- the watch: alarms and escalation ----------


def _clock(office, started_on: date, days: int = 10) -> LegalClock:
    return services.start_clock(
        actor=office["head"],
        record=office["case"],
        kind="handling",
        label="Thời hạn giải quyết",
        days=days,
        unit="working",
        started_on=started_on,
    )


def test_the_watch_alarms_before_the_due_date_once(office) -> None:
    core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    clock = _clock(office, date(2026, 6, 1))  # 10 working days: due Monday 15 June 2026
    assert clock.__class__.objects.get(pk=clock.pk).due_on == date(2026, 6, 15)
    assert watch.watch(date(2026, 6, 8)) == {"checked": 1, "notices": 0}  # 5 left: no alarm yet
    assert watch.watch(date(2026, 6, 10))["notices"] == 1  # 3 left: due soon
    assert watch.watch(date(2026, 6, 11))["notices"] == 0  # the same alarm is not sent twice
    assert _kinds(office["specialist"]) == [NotificationKind.ASSIGNED, NotificationKind.DUE_SOON]


def test_an_overdue_clock_escalates_to_the_head_of_unit(office) -> None:
    core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    _clock(office, date(2026, 6, 1))
    assert watch.watch(date(2026, 6, 16))["notices"] == 2
    assert NotificationKind.OVERDUE in _kinds(office["specialist"])
    assert _kinds(office["head"]) == [NotificationKind.ESCALATED]
    assert watch.watch(date(2026, 6, 17))["notices"] == 0


def test_an_extension_moves_the_due_date_and_alarms_again(office) -> None:
    core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    clock = _clock(office, date(2026, 6, 1))
    watch.watch(date(2026, 6, 12))
    services.extend_clock(
        actor=office["head"], record=office["case"], clock=clock, days=5, reason="Chờ xác minh"
    )
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 6, 22)
    watch.watch(date(2026, 6, 18))
    assert _kinds(office["specialist"]).count(NotificationKind.DUE_SOON) == 2


def test_a_paused_or_stopped_clock_does_not_alarm(office) -> None:
    clock = _clock(office, date(2026, 6, 1))
    services.pause_clock(
        actor=office["head"],
        record=office["case"],
        clock=clock,
        paused_on=date(2026, 6, 3),
        reason="Chờ bổ sung",
    )
    clock.refresh_from_db()
    assert clock.due_on is None
    assert watch.watch(date(2026, 7, 1)) == {"checked": 0, "notices": 0}
    services.resume_clock(
        actor=office["head"], record=office["case"], clock=clock, resumed_on=date(2026, 6, 5)
    )
    services.stop_clock(
        actor=office["head"], record=office["case"], clock=clock, stopped_on=date(2026, 6, 6), outcome="Xong"
    )
    assert watch.watch(date(2026, 7, 1)) == {"checked": 0, "notices": 0}


def test_an_unassigned_case_alarms_the_head_of_its_unit(office) -> None:
    _clock(office, date(2026, 6, 1))
    watch.watch(date(2026, 6, 12))
    assert _kinds(office["head"]) == [NotificationKind.DUE_SOON]


def test_an_overdue_opinion_escalates_to_the_head_of_the_unit_asked(office) -> None:
    services.request_opinions(
        actor=office["specialist"],
        record=office["case"],
        units=[office["legal"]],
        question="Hỏi",
        days=2,
        on=date(2026, 6, 1),
    )
    watch.watch(date(2026, 6, 10))
    assert NotificationKind.ESCALATED in _kinds(office["legal_head"])
    assert NotificationKind.ESCALATED not in _kinds(office["head"])


def test_a_day_off_decided_later_moves_running_due_dates(office, django_capture_on_commit_callbacks) -> None:
    clock = _clock(office, date(2026, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        core_services.set_calendar_day(
            actor=None,
            day=date(2026, 6, 10),
            kind=CalendarDayKind.DAY_OFF,
            name="Nghỉ bù",
            instrument_number="1/TB-BNV",
        )
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 6, 16)


def _decide_day_off(day: date, capture) -> None:
    with capture(execute=True):
        core_services.set_calendar_day(
            actor=None, day=day, kind=CalendarDayKind.DAY_OFF, name="Nghỉ", instrument_number="7/TB-BNV"
        )


def test_a_due_date_moved_by_the_calendar_is_told_to_the_handlers_once(
    office, django_capture_on_commit_callbacks
) -> None:
    core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    _clock(office, date(2026, 6, 1))  # due Monday 15 June 2026
    _decide_day_off(date(2026, 6, 10), django_capture_on_commit_callbacks)
    moved = Notification.objects.get(recipient=office["specialist"], kind=NotificationKind.DUE_DATE_MOVED)
    assert "từ 15/06/2026 sang 16/06/2026" in moved.title and "Thời hạn giải quyết" in moved.title
    assert not Notification.objects.filter(recipient=office["other"], kind=NotificationKind.DUE_DATE_MOVED)
    audited = AuditEvent.objects.filter(object_type="protected.complaint", object_id=office["case"].pk)
    assert audited.filter(message__contains="hạn chuyển từ 15/06/2026 sang 16/06/2026").count() == 1
    # the refresh run again (a retried job, `chancery clocks refresh`): nothing moves, nobody is told twice
    assert watch.refresh_due_dates() == {"changed": 0, "notices": 0}
    assert Notification.objects.filter(kind=NotificationKind.DUE_DATE_MOVED).count() == 1


def test_a_clock_assigned_to_nobody_tells_the_head_of_its_unit_when_it_moves(
    office, django_capture_on_commit_callbacks
) -> None:
    _clock(office, date(2026, 6, 1))
    _decide_day_off(date(2026, 6, 10), django_capture_on_commit_callbacks)
    assert _kinds(office["head"]) == [NotificationKind.DUE_DATE_MOVED]


def test_the_same_move_found_twice_at_once_is_told_once(office) -> None:
    core_services.assign_record(actor=office["head"], record=office["case"], user=office["specialist"])
    clock = _clock(office, date(2026, 6, 1))
    CalendarDay.objects.create(
        date=date(2026, 6, 10), kind=CalendarDayKind.DAY_OFF, name="Nghỉ", legal_basis="x"
    )
    stale = LegalClock.objects.get(pk=clock.pk)  # two refresh jobs read the clock before either moved it
    assert watch.follow_calendar(stale) == 1
    assert watch.follow_calendar(stale) == -1  # the lock makes the second one see the stored new due date
    assert Notification.objects.filter(kind=NotificationKind.DUE_DATE_MOVED).count() == 1


def test_a_migration_that_loads_calendar_decisions_queues_the_refresh(office) -> None:
    from django.apps import apps

    class LoadsDecisions:
        changes_calendar = True

    casework = apps.get_app_config("casework")
    _clock(office, date(2026, 6, 1))
    watch._calendar_loaded(sender=casework, plan=[(LoadsDecisions(), True)])  # unapplied: nothing
    watch._calendar_loaded(sender=apps.get_app_config("core"), plan=[(LoadsDecisions(), False)])  # once only
    assert not Job.objects.filter(kind="clock_refresh").exists()
    watch._calendar_loaded(sender=casework, plan=[(LoadsDecisions(), False)])
    assert Job.objects.filter(kind="clock_refresh").count() == 1
