"""Starting, pausing, resuming, extending and stopping legal clocks: checked, one transaction, audited on the
record the clock runs on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import lists, rules
from chancery.casework.models import (
    ClockExtension,
    ClockPause,
    LegalClock,
    OpinionMode,
    OpinionRequest,
    OpinionStatus,
    SavedFilter,
)
from chancery.casework.workflow import Case, Effect
from chancery.core import access, audit, selectors
from chancery.core import services as core_services
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    AuditAction,
    NotificationKind,
    ProtectedRecord,
    SecrecyLevel,
    Unit,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc

C = TypeVar("C", bound=Case)


def _require_change(actor: Any, record: ProtectedRecord) -> None:
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))


def _locked(clock: LegalClock) -> LegalClock:
    return LegalClock.objects.select_for_update().get(pk=clock.pk)


def _locked_running(clock: LegalClock) -> LegalClock:
    """The clock, locked for the change, refused if it has already ended."""
    clock = _locked(clock)
    if clock.stopped_on is not None:
        raise ValidationError(_("This time limit has already ended."))
    return clock


# The audit trail is the Office's record and reads in Vietnamese whatever the language of the page or job
# that wrote it.
UNIT_WORDS = {"working": "ngày làm việc", "calendar": "ngày"}
MODE_WORDS = {"parallel": "cùng lúc", "sequential": "lần lượt"}


def _record_event(actor: Any, record: ProtectedRecord, clock: LegalClock, message: str) -> None:
    _refresh_due(clock)
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=record, message=f"{clock.label}: {message}")


def _refresh_due(clock: LegalClock) -> None:
    store_due_date(LegalClock.objects.prefetch_related("pauses", "extensions").get(pk=clock.pk))


def store_due_date(clock: LegalClock) -> bool:
    """Keep the stored due date in step with the clock's facts; True if it moved."""
    due = read(clock).due_date
    if due == clock.due_on:
        return False
    LegalClock.objects.filter(pk=clock.pk).update(due_on=due)
    clock.due_on = due
    return True


def read(clock: LegalClock, today: date | None = None) -> rules.ClockReading:
    """The clock's state, due date and days left on `today` (default: today in the office's time zone)."""
    today = today or timezone.localdate()
    facts = clock.facts()
    calendar = selectors.office_calendar(facts.started_on.year, max(today, facts.started_on).year + 2)
    return rules.read_clock(calendar, facts, today)


def clocks_of(
    records: list[Any], today: date | None = None
) -> dict[int, list[tuple[LegalClock, rules.ClockReading]]]:
    """Each record's clocks with their reading today (records of one model)."""
    today = today or timezone.localdate()
    found: dict[int, list[tuple[LegalClock, rules.ClockReading]]] = {r.pk: [] for r in records}
    if not records:
        return found
    clocks = (
        LegalClock.objects.filter(object_type=audit.object_type_of(records[0]), object_id__in=list(found))
        .prefetch_related("pauses", "extensions")
        .order_by("started_on", "id")
    )
    for clock in clocks:
        found[clock.object_id].append((clock, read(clock, today)))
    return found


@transaction.atomic
def start_clock(
    *,
    actor: Any,
    record: ProtectedRecord,
    kind: str,
    label: str,
    days: int,
    unit: str,
    started_on: date,
    system: bool = False,
) -> LegalClock:
    """Start a time limit on a record: the only way a `LegalClock` comes to be (chancery/casework owns the
    model; every module's time limit is decided in its rules.py and started here).

    A person starting a clock must be allowed to change the record. A clock the law starts by itself when a
    record is registered (the public online form, an exchange message, an import, the clerk's registration)
    is started with `system=True` and `actor=None`: no person decides it, so none is checked, and the audit
    event names no one. `system=True` with a person is refused, so a person's action can never take the
    unchecked path under their name."""
    if system:
        if actor is not None:
            raise ValueError("a clock the system starts has no actor")
    else:
        _require_change(actor, record)
    clock = LegalClock(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        kind=kind,
        label=nfc(label),
        unit=rules.ClockUnit(unit),
        days=days,
        started_on=started_on,
    )
    clock.full_clean()
    clock.save()
    store_due_date(clock)
    length = f"{days} {UNIT_WORDS.get(str(unit), str(unit))}"
    started = f"bắt đầu {started_on:%d/%m/%Y}, {length}"
    _record_event(actor, record, clock, f"{started} (tự động khi vào sổ)" if system else started)
    return clock


@transaction.atomic
def set_clock_length(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, days: int, label: str, reason: str
) -> LegalClock:
    """The law's length of a running time limit changed with the facts it depends on (a complaint found
    complex or in a remote area, a denunciation checked in several places): the clock keeps its start and
    takes the new length. Lengthening a time limit is decided as an extension is, by the head of the record's
    unit line or the leadership; shortening it by anyone who may change the record."""
    clock = _locked_running(clock)
    if days > clock.days:
        if not access.can_assign(actor, record):
            raise PermissionDenied(
                _("Only the head of the unit or the office's leadership may lengthen a time limit.")
            )
    else:
        _require_change(actor, record)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the change.")})
    before = (clock.days, clock.label)
    clock.days, clock.label = days, nfc(label) or clock.label
    clock.full_clean()
    clock.save(update_fields=["days", "label"])
    if (clock.days, clock.label) != before:
        length = f"{days} {UNIT_WORDS.get(str(clock.unit), str(clock.unit))}"
        _record_event(actor, record, clock, f"thời hạn {before[0]} → {length}: {nfc(reason)}")
    return clock


@dataclass(frozen=True)
class ClockRow:
    """A clock as a loader of demo or benchmark data writes it (already decided by a module's rules)."""

    object_type: str
    object_id: int
    kind: str
    label: str
    unit: str
    days: int
    started_on: date
    stopped_on: date | None = None
    outcome: str = ""
    due_on: date | None = None  # None: computed from the calendar


def load_clocks(rows: Sequence[ClockRow]) -> list[LegalClock]:
    """Write many clocks at once, for the demo office and the benchmarks only (no person, no audit event):
    every other clock is started by `start_clock`. A due date not given is computed from the office's
    calendar as `start_clock` would."""
    undated = [r.started_on for r in rows if r.due_on is None]
    calendar = selectors.office_calendar(min(undated).year, max(undated).year + 2) if undated else None
    clocks = []
    for row in rows:
        due = row.due_on
        if due is None:
            assert calendar is not None
            facts = rules.ClockFacts(row.started_on, row.days, rules.ClockUnit(row.unit))
            due = rules.due_date(calendar, facts)
        clocks.append(
            LegalClock(
                object_type=row.object_type,
                object_id=row.object_id,
                kind=row.kind,
                label=row.label,
                unit=rules.ClockUnit(row.unit),
                days=row.days,
                started_on=row.started_on,
                stopped_on=row.stopped_on,
                outcome=row.outcome,
                due_on=due,
            )
        )
    return LegalClock.objects.bulk_create(clocks)


@transaction.atomic
def pause_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, paused_on: date, reason: str
) -> LegalClock:
    _require_change(actor, record)
    clock = _locked_running(clock)
    if clock.pauses.filter(resumed_on__isnull=True).exists():
        raise ValidationError(_("This time limit is already paused."))
    if paused_on < clock.started_on or clock.pauses.filter(resumed_on__gt=paused_on).exists():
        raise ValidationError(
            {"paused_on": _("A pause cannot begin before the time limit or an earlier pause.")}
        )
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    ClockPause.objects.create(clock=clock, paused_on=paused_on, reason=nfc(reason))
    _record_event(actor, record, clock, f"tạm dừng từ {paused_on:%d/%m/%Y}: {nfc(reason)}")
    return clock


@transaction.atomic
def resume_clock(*, actor: Any, record: ProtectedRecord, clock: LegalClock, resumed_on: date) -> LegalClock:
    _require_change(actor, record)
    clock = _locked(clock)
    pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if pause is None:
        raise ValidationError(_("This time limit is not paused."))
    if resumed_on < pause.paused_on:
        raise ValidationError({"resumed_on": _("A time limit cannot resume before it was paused.")})
    pause.resumed_on = resumed_on
    pause.save(update_fields=["resumed_on"])
    _record_event(actor, record, clock, f"tiếp tục từ {resumed_on:%d/%m/%Y}")
    return clock


@transaction.atomic
def extend_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, days: int, reason: str
) -> LegalClock:
    """Gia hạn: only the head of the record's unit line or leadership decides an extension."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(
            _("Only the head of the unit or the office's leadership may extend a time limit.")
        )
    clock = _locked_running(clock)
    if days < 1:
        raise ValidationError({"days": _("An extension is at least one day.")})
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    ClockExtension.objects.create(clock=clock, days=days, reason=nfc(reason), decided_by=actor)
    _record_event(actor, record, clock, f"gia hạn {days} ngày: {nfc(reason)}")
    return clock


@transaction.atomic
def stop_clock(
    *,
    actor: Any,
    record: ProtectedRecord,
    clock: LegalClock,
    stopped_on: date,
    outcome: str,
    answering: OpinionRequest | None = None,
) -> LegalClock:
    """End a running clock. `answering`: the clock of an opinion request, ended by its unit's answer (the
    unit reads the record and answers; `answer_opinion` has checked it may, and that is all it may end)."""
    if answering is None or answering.clock_id != clock.pk:
        _require_change(actor, record)
    clock = _locked_running(clock)
    if stopped_on < clock.started_on:
        raise ValidationError({"stopped_on": _("A time limit cannot end before it started.")})
    open_pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if open_pause is not None:  # an outcome reached during a pause ends the pause that day
        open_pause.resumed_on = max(stopped_on, open_pause.paused_on)
        open_pause.save(update_fields=["resumed_on"])
    clock.stopped_on, clock.outcome = stopped_on, nfc(outcome)
    clock.save(update_fields=["stopped_on", "outcome"])
    _record_event(actor, record, clock, f"kết thúc {stopped_on:%d/%m/%Y}: {clock.outcome}")
    return clock


@transaction.atomic
def transition(*, actor: Any, case: C, name: str, data: Mapping[str, Any] | None = None) -> C:
    """Move a case along its workflow: checked, then state, effects and audit event in one transaction."""
    data = dict(data or {})
    workflow = type(case).workflow
    step = workflow.get(name)
    if step is None:
        raise ValidationError(_("Unknown action: %(name)s.") % {"name": name})
    case = type(case)._default_manager.select_for_update().get(pk=case.pk)
    if case.state not in step.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": step.label, "state": case.state_label}
        )
    if not step.permission(actor, case):
        raise PermissionDenied(_("You may not do “%(action)s” on this case.") % {"action": step.label})
    missing = {
        key: _("This field is required.") for key in step.required if not str(data.get(key, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    if step.guard is not None and (refusal := step.guard(case, data)):
        raise ValidationError(str(refusal))
    before = case.state
    case.state = step.target
    case._transitioning = True
    try:
        case.save(update_fields=["state"])
    finally:
        case._transitioning = False
    audit.record(
        action=AuditAction.TRANSITION,
        actor=actor,
        subject=case,
        changes={"state": {"before": before, "after": step.target}},
        message=str(data.get("reason", ""))[:300],
    )
    for effect in step.effects:
        effect(actor, case, data)
    return case


def starts_clock(kind: str, label: str, days: int, unit: str) -> Effect:
    """A side effect: start the clock `kind` on the case, from the day of the transition."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        on = data.get("on") or timezone.localdate()
        start_clock(actor=actor, record=case, kind=kind, label=label, days=days, unit=unit, started_on=on)

    return effect


def stops_clock(kind: str, outcome: str) -> Effect:
    """A side effect: stop the clock `kind` on the case with this outcome, if it is running."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        clock = LegalClock.objects.filter(
            object_type=audit.object_type_of(case), object_id=case.pk, kind=kind, stopped_on__isnull=True
        ).first()
        if clock is not None:
            on = data.get("on") or timezone.localdate()
            stop_clock(actor=actor, record=case, clock=clock, stopped_on=on, outcome=outcome)

    return effect


# --- assignment and reassignment ----------


@transaction.atomic
def reassign(
    *,
    actor: Any,
    record: ProtectedRecord,
    assignment: Assignment,
    user: User | None = None,
    unit: Unit | None = None,
    reason: str,
) -> Assignment:
    """Chuyển giao: end one assignment and give the record to another person or unit, in one step."""
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the reassignment.")})
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_active or assignment.object_id != record.pk:
        raise ValidationError(_("This assignment has already ended."))
    core_services.end_assignment(actor=actor, assignment=assignment, record=record)
    return core_services.assign_record(
        actor=actor, record=record, user=user, unit=unit, kind=assignment.kind, note=nfc(reason)
    )


# --- opinions from other units (coordination) ----------


def grant_unit_access(
    actor: Any,
    record: ProtectedRecord,
    unit: Unit,
    *,
    kind: str = AssignmentKind.COOPERATE,
    due_date: date | None = None,
    note: str = "",
) -> None:
    """Give a unit the record (asked for an opinion, routed a document, sent one): the unit's people may read
    it; a secret record only its heads cleared for it, by name (need to know, not membership)."""
    object_type = audit.object_type_of(record)
    existing = Assignment.objects.filter(object_type=object_type, object_id=record.pk, is_active=True)
    existing.filter(unit=unit, user__isnull=True).update(done_at=None)  # given again: work waiting again
    if not existing.filter(unit=unit).exists():
        Assignment.objects.create(
            object_type=object_type,
            object_id=record.pk,
            unit=unit,
            kind=kind,
            assigned_by=actor,
            due_date=due_date,
            note=note,
        )
    if record.secrecy > SecrecyLevel.NONE:
        for head in selectors.heads_of(unit.pk):
            existing.filter(user=head).update(done_at=None)
            if head.clearance >= record.secrecy and not existing.filter(user=head).exists():
                Assignment.objects.create(
                    object_type=object_type,
                    object_id=record.pk,
                    user=head,
                    kind=kind,
                    assigned_by=actor,
                    due_date=due_date,
                    note=note,
                )


def _open_request(
    actor: Any, record: ProtectedRecord, request: OpinionRequest, on: date, *, system: bool = False
) -> None:
    """Ask the unit now: its time limit starts. `system`: the next unit of a round asked in turn, opened by
    the answer before it as the asker decided, not by the person answering (who may not change the record)."""
    clock = start_clock(
        actor=None if system else actor,
        system=system,
        record=record,
        kind=f"opinion-{request.pk}",
        label=_("Opinion of %(unit)s") % {"unit": request.unit.name},  # its name, never its abbreviation
        days=request.days,
        unit=rules.ClockUnit.WORKING,
        started_on=on,
    )
    request.status, request.clock = OpinionStatus.OPEN, clock
    request.save(update_fields=["status", "clock"])
    notify(
        selectors.heads_of(request.unit_id),
        kind=NotificationKind.OPINION_REQUESTED,
        title=_("Your unit is asked for its opinion on: %(record)s") % {"record": record},
        subject=record,
        key=f"opinion:{request.pk}",
    )


@transaction.atomic
def request_opinions(
    *,
    actor: Any,
    record: ProtectedRecord,
    units: Sequence[Unit],
    question: str,
    days: int,
    mode: str = OpinionMode.PARALLEL,
    on: date | None = None,
) -> list[OpinionRequest]:
    """Ask other units for their opinion: all at once (parallel) or one after another (sequential), each
    with its own time limit in working days, starting the day a unit is asked."""
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    errors: dict[str, Any] = {}
    if not units:
        errors["units"] = _("Choose at least one unit to ask.")
    elif len({u.pk for u in units}) != len(units):
        errors["units"] = _("A unit is listed twice.")
    elif any(u.pk == record.owning_unit_id for u in units):
        errors["units"] = _("The unit handling the record does not ask itself for an opinion.")
    elif any(not u.is_active for u in units):
        errors["units"] = _("A unit that no longer exists cannot be asked.")
    if not nfc(question):
        errors["question"] = _("Say what the units are asked.")
    if not 1 <= days <= 90:
        errors["days"] = _("The time to answer is between 1 and 90 working days.")
    if mode not in OpinionMode.values:
        errors["mode"] = _("Choose whether the units answer at once or one after another.")
    if errors:
        raise ValidationError(errors)
    on = on or timezone.localdate()
    object_type = audit.object_type_of(record)
    last_round = (
        OpinionRequest.objects.filter(object_type=object_type, object_id=record.pk)
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
    )
    requests = []
    for position, unit in enumerate(units, start=1):
        request = OpinionRequest.objects.create(
            object_type=object_type,
            object_id=record.pk,
            round=(last_round or 0) + 1,
            position=position,
            mode=mode,
            unit=unit,
            question=nfc(question),
            days=days,
            requested_by=actor,
            status=OpinionStatus.WAITING,
        )
        grant_unit_access(actor, record, unit, kind=AssignmentKind.CONSULT, note=OPINION_NOTE)
        requests.append(request)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        message=f"Xin ý kiến {MODE_WORDS.get(mode, mode)} của " + ", ".join(str(u) for u in units),
    )
    for request in requests if mode == OpinionMode.PARALLEL else requests[:1]:
        _open_request(actor, record, request, on)
    return requests


def can_answer(user: Any, request: OpinionRequest, record: ProtectedRecord) -> bool:
    """Members of the asked unit with a working role, and the heads above it, answer for it."""
    viewer = access.viewer_for(user)
    in_unit = viewer.unit_id == request.unit_id or request.unit_id in viewer.headed_unit_ids
    return in_unit and viewer.has_working_role and access.can_view(user, record)


@transaction.atomic
def answer_opinion(
    *, actor: Any, request: OpinionRequest, answer: str, on: date | None = None
) -> OpinionRequest:
    record = selectors.record_for(request.object_type, request.object_id)
    request = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if record is None or not can_answer(actor, request, record):
        raise PermissionDenied(_("Only the unit asked may give this opinion."))
    if request.status == OpinionStatus.WAITING:
        raise ValidationError(_("The units before this one in the round have not answered yet."))
    if request.status != OpinionStatus.OPEN:
        raise ValidationError(_("This request is not awaiting an opinion."))
    if not nfc(answer):
        raise ValidationError({"answer": _("Write the opinion.")})
    on = on or timezone.localdate()
    request.status, request.answer = OpinionStatus.GIVEN, nfc(answer)
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if request.clock is not None:
        stop_clock(
            actor=actor,
            record=record,
            clock=request.clock,
            stopped_on=on,
            outcome=_("Opinion given"),
            answering=request,
        )
    notify(
        [request.requested_by],
        kind=NotificationKind.OPINION_GIVEN,
        title=_("%(unit)s gave its opinion on: %(record)s") % {"unit": request.unit, "record": record},
        subject=record,
        key=f"opinion-given:{request.pk}",
    )
    following = (
        OpinionRequest.objects.filter(
            object_type=request.object_type,
            object_id=request.object_id,
            round=request.round,
            status=OpinionStatus.WAITING,
        )
        .order_by("position")
        .first()
    )
    if request.mode == OpinionMode.SEQUENTIAL and following is not None:
        _open_request(None, record, following, on, system=True)
    _opinion_work_done(record, request)
    return request


# The note of the assignment an opinion request gives a unit that had no part in the record before: when
# the unit has answered every request on it, that work leaves its list ("Việc của tôi"), its access stays.
OPINION_NOTE = "Xin ý kiến"


def _opinion_work_done(record: ProtectedRecord, request: OpinionRequest) -> None:
    still_asked = OpinionRequest.objects.filter(
        object_type=request.object_type,
        object_id=request.object_id,
        unit=request.unit,
        status__in=[OpinionStatus.WAITING, OpinionStatus.OPEN],
    )
    if still_asked.exists():
        return
    heads = [head.pk for head in selectors.heads_of(request.unit_id)]
    Assignment.objects.filter(
        Q(unit=request.unit, user__isnull=True) | Q(user_id__in=heads),
        object_type=request.object_type,
        object_id=request.object_id,
        note=OPINION_NOTE,
        is_active=True,
        done_at__isnull=True,
    ).update(done_at=timezone.now())


@transaction.atomic
def withdraw_opinions(*, actor: Any, record: ProtectedRecord, round: int, on: date | None = None) -> int:
    """Withdraw what is still unanswered in a round (the question was settled otherwise): by the person who
    asked, or another who may change the record, never by a unit asked in that round (it answers; it does
    not call the question off)."""
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    on = on or timezone.localdate()
    pending = OpinionRequest.objects.select_for_update().filter(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        round=round,
        status__in=[OpinionStatus.WAITING, OpinionStatus.OPEN],
    )
    asked = OpinionRequest.objects.filter(
        object_type=audit.object_type_of(record), object_id=record.pk, round=round
    )
    viewer = access.viewer_for(actor)
    asked_of_mine = viewer.unit_id is not None and asked.filter(unit_id=viewer.unit_id).exists()
    if asked_of_mine and not asked.filter(requested_by=actor).exists():
        raise PermissionDenied(_("A unit asked for its opinion does not withdraw the request."))
    count = 0
    for request in pending:
        if request.clock is not None:
            stop_clock(actor=actor, record=record, clock=request.clock, stopped_on=on, outcome=_("Withdrawn"))
        request.status = OpinionStatus.WITHDRAWN
        request.save(update_fields=["status"])
        count += 1
    if count:
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=record,
            message=f"Rút {count} yêu cầu xin ý kiến chưa được trả lời",
        )
    return count


def opinions_on(record: ProtectedRecord) -> list[OpinionRequest]:
    return list(
        OpinionRequest.objects.filter(object_type=audit.object_type_of(record), object_id=record.pk)
        .select_related("unit", "requested_by", "answered_by", "clock")
        .order_by("round", "position")
    )


def notifies(kind: str, title: str, *, to: Callable[[Case], Iterable[User]]) -> Effect:
    """A side effect: notify the people `to(case)` returns (only those who may see the case)."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        notify(to(case), kind=kind, title=f"{title}: {case}", subject=case)

    return effect


# --- saved filters of case lists ---------------------------------------------------------------------------

SAVED_FILTERS_PER_LIST = 50


@transaction.atomic
def save_filter(*, actor: Any, list_key: str, name: str, query: str) -> SavedFilter:
    """Keep the filters and sort of a case list under a name; the same name again replaces them."""
    case_list = lists.get(list_key)
    if case_list is None:
        raise ValidationError(_("There is no such list."))
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError(_("Give the filter a name."))
    if len(name) > 80:
        raise ValidationError(_("The name is too long (at most 80 characters)."))
    known, _data = lists.clean_query(case_list, query)
    saved = SavedFilter.objects.filter(user=actor, list_key=list_key, name=name).first()
    if saved is None:
        if SavedFilter.objects.filter(user=actor, list_key=list_key).count() >= SAVED_FILTERS_PER_LIST:
            raise ValidationError(
                _("You already keep %(count)s filters on this list: delete one first.")
                % {"count": SAVED_FILTERS_PER_LIST}
            )
        saved = SavedFilter(user=actor, list_key=list_key, name=name)
    saved.query = known.urlencode()
    saved.save()
    return saved


def delete_filter(*, actor: Any, saved: SavedFilter) -> None:
    if saved.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This filter is someone else's."))
    saved.delete()
