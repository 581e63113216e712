"""Write operations of treaties and foreign affairs: checked against the access policy, one transaction,
audited. The pages and the API call these and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import access, audit
from chancery.core import services as core_services
from chancery.core.models import AuditAction, NotificationKind, Unit, User
from chancery.core.notifications import notify
from chancery.core.text import fold, nfc

from . import rules
from .models import (
    ChecklistItem,
    Country,
    Event,
    FollowUp,
    Organisation,
    Participant,
    ProgrammeItem,
    Speech,
    Treaty,
    TreatyStep,
)

can_register = access.can_register_for_unit  # one rule, in the access policy


can_manage = access.can_manage_in_line


def _require_change(actor: Any, record: Any, what: str) -> None:
    if not can_manage(actor, record):
        raise PermissionDenied(f"Không có quyền {what}.")


def _not_future(on: date, field: str, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: f"{what} không thể sau hôm nay."})


# --- treaties ----------


@dataclass(frozen=True)
class TreatyData:
    title: str
    kind: str
    concluded_in_name_of: str
    ministry: str
    proposed_on: date
    countries: Iterable[Country] = ()
    organisations: Iterable[Organisation] = ()
    place: str = ""


def _treaty_folded(
    treaty: Treaty, countries: Iterable[Country], organisations: Iterable[Organisation]
) -> str:
    names = " ".join([c.name for c in countries] + [o.acronym for o in organisations])
    return fold(f"{treaty.title} {treaty.ministry} {names}")[:800]


@transaction.atomic
def register_treaty(*, actor: Any, data: TreatyData) -> Treaty:
    """A treaty proposed for negotiation (or, for accession, proposed to accede), with its parties."""
    if not can_register(actor):
        raise PermissionDenied("Không có quyền vào sổ điều ước quốc tế.")
    _not_future(data.proposed_on, "proposed_on", "Ngày đề xuất")
    countries, organisations = list(data.countries), list(data.organisations)
    if not countries and not organisations:
        raise ValidationError(
            {"countries": "Chọn ít nhất một bên ký kết nước ngoài (quốc gia hoặc tổ chức)."}
        )
    if data.kind == rules.BILATERAL and len(countries) + len(organisations) != 1:
        raise ValidationError({"countries": "Điều ước song phương có đúng một bên ký kết nước ngoài."})
    treaty = Treaty(
        owning_unit=actor.unit,
        title=nfc(data.title),
        kind=data.kind,
        concluded_in_name_of=data.concluded_in_name_of,
        ministry=nfc(data.ministry),
        place=nfc(data.place),
        proposed_on=data.proposed_on,
        created_by=actor,
    )
    treaty.folded = _treaty_folded(treaty, countries, organisations)
    treaty.full_clean(exclude=["owning_unit", "created_by", "countries", "organisations", "consent"])
    treaty.save()
    treaty.countries.set(countries)
    treaty.organisations.set(organisations)
    TreatyStep.objects.create(
        treaty=treaty, step="propose", state="proposed", on=data.proposed_on, recorded_by=actor
    )
    audit.record(action=AuditAction.CREATE, actor=actor, subject=treaty, message=f"Vào sổ: {treaty.title}")
    return treaty


@transaction.atomic
def record_step(
    *,
    actor: Any,
    treaty: Treaty,
    step: str,
    on: date,
    note: str = "",
    consent: str = "",
    due_on: date | None = None,
    files: Iterable[Any] = (),
) -> TreatyStep:
    """A step of the treaty's life on its date, with a note and its documents. Steps are dated in order;
    the decision names how Vietnam consents; a submission for ratification asks the bodies for opinions with
    their 15 days (Điều 30.3); `due_on` starts a clock to the next step the office must take."""
    _not_future(on, "on", "Ngày của bước")
    last = treaty.steps.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise ValidationError({"on": f"Ngày của bước không thể trước bước trước ({last.on:%d/%m/%Y})."})
    if step == "decide" and consent not in dict(rules.CONSENT_CHOICES):
        raise ValidationError({"consent": "Chọn hình thức: phê chuẩn, phê duyệt hoặc gia nhập."})
    if due_on is not None and due_on <= on:
        raise ValidationError({"due_on": "Hạn của bước tiếp theo phải sau ngày của bước này."})
    _require_change(actor, treaty, "ghi bước của điều ước")
    treaty = casework.transition(actor=actor, case=treaty, name=step, data={"on": on, "reason": nfc(note)})
    changes: dict[str, Any] = {}
    if step == "sign":
        changes["signed_on"] = on
    if step == "enter_into_force":
        changes["in_force_on"] = on
    if step == "decide":
        changes["consent"] = consent
    if step in ("submit", "submit_accession"):
        changes["consent"] = rules.ACCESSION if step == "submit_accession" else treaty.consent
    if changes:
        Treaty.objects.filter(pk=treaty.pk).update(**changes)
    for clock in LegalClock.objects.filter(
        object_type=audit.object_type_of(treaty), object_id=treaty.pk, stopped_on__isnull=True
    ):
        casework.stop_clock(
            actor=actor, record=treaty, clock=clock, stopped_on=on, outcome="Đã sang bước sau"
        )
    if step in ("submit", "submit_accession"):
        casework.start_clock(
            actor=actor,
            record=treaty,
            kind=rules.OPINIONS,
            label="Các cơ quan trả lời ý kiến về đề xuất (Điều 30.3)",
            days=rules.OPINION_DAYS,
            unit=rules.UNIT,
            started_on=on,
        )
    if due_on is not None:
        casework.start_clock(
            actor=actor,
            record=treaty,
            kind=rules.STEP_DUE,
            label="Hạn bước tiếp theo",
            days=(due_on - on).days,
            unit=rules.UNIT,
            started_on=on,
        )
    recorded = TreatyStep.objects.create(
        treaty=treaty, step=step, state=treaty.state, on=on, note=nfc(note), recorded_by=actor
    )
    core_services.attach_files(actor=actor, record=recorded, files=list(files))
    return recorded


# --- foreign-affairs events ----------


@dataclass(frozen=True)
class EventData:
    kind: str
    title: str
    starts_on: date
    ends_on: date
    leader: str = "president"
    country: Country | None = None
    organisation: Organisation | None = None
    guest: str = ""
    place: str = ""
    notes: str = ""


def _event_folded(event: Event) -> str:
    parts = [event.title, event.guest, event.place]
    if event.country is not None:
        parts += [event.country.name, event.country.name_en]
    if event.organisation is not None:
        parts += [event.organisation.acronym, event.organisation.name]
    return fold(" ".join(p for p in parts if p))[:600]


def _check_event(data: EventData) -> None:
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": "Ngày kết thúc không thể trước ngày bắt đầu."})
    if (data.ends_on - data.starts_on).days > 31:
        raise ValidationError({"ends_on": "Một hoạt động đối ngoại không kéo dài quá 31 ngày: kiểm tra lại."})
    if data.kind not in rules.EVENT_KIND_LABELS:
        raise ValidationError({"kind": "Chọn loại hoạt động."})
    if data.kind in (rules.VISIT_ABROAD, rules.STATE_VISIT, rules.CREDENTIALS) and data.country is None:
        raise ValidationError({"country": "Chọn quốc gia."})


@transaction.atomic
def create_event(*, actor: Any, data: EventData) -> Event:
    if not can_register(actor):
        raise PermissionDenied("Không có quyền tạo hoạt động đối ngoại.")
    _check_event(data)
    event = Event(owning_unit=actor.unit, created_by=actor, **data.__dict__)
    event.title, event.guest, event.place, event.notes = (
        nfc(event.title),
        nfc(event.guest),
        nfc(event.place),
        nfc(event.notes),
    )
    event.folded = _event_folded(event)
    event.full_clean(exclude=["owning_unit", "created_by"])
    event.save()
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=event,
        message=f"{event.kind_label}: {event.title}, {event.starts_on:%d/%m/%Y}–{event.ends_on:%d/%m/%Y}",
    )
    return event


@transaction.atomic
def update_event(*, actor: Any, event: Event, data: EventData) -> Event:
    _require_change(actor, event, "sửa hoạt động này")
    _check_event(data)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = audit.snapshot(event)
    for key, value in data.__dict__.items():
        setattr(event, key, nfc(value) if isinstance(value, str) else value)
    event.folded = _event_folded(event)
    event.full_clean(exclude=["owning_unit", "created_by"])
    event.save()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        changes=audit.diff(before, audit.snapshot(event)),
    )
    return event


@transaction.atomic
def cancel_event(*, actor: Any, event: Event, reason: str) -> Event:
    _require_change(actor, event, "hủy hoạt động này")
    if not nfc(reason):
        raise ValidationError({"reason": "Ghi lý do hủy."})
    Event.objects.filter(pk=event.pk).update(is_cancelled=True)
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=event, message=f"Hủy: {nfc(reason)}")
    event.refresh_from_db()
    return event


def _within_event(event: Event, moment: datetime) -> None:
    day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    if not event.starts_on - timedelta(days=1) <= day <= event.ends_on + timedelta(days=1):
        raise ValidationError(
            {
                "starts_at": f"Mục chương trình phải trong thời gian của hoạt động "
                f"({event.starts_on:%d/%m/%Y}–{event.ends_on:%d/%m/%Y})."
            }
        )


@transaction.atomic
def add_programme_item(
    *,
    actor: Any,
    event: Event,
    starts_at: datetime,
    title: str,
    ends_at: datetime | None = None,
    place: str = "",
    attire: str = "",
) -> ProgrammeItem:
    _require_change(actor, event, "sửa chương trình")
    _within_event(event, starts_at)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "Giờ kết thúc phải sau giờ bắt đầu."})
    item = ProgrammeItem.objects.create(
        event=event,
        starts_at=starts_at,
        ends_at=ends_at,
        title=nfc(title),
        place=nfc(place),
        attire=nfc(attire),
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        message=f"Chương trình: {timezone.localtime(starts_at):%d/%m %H:%M} {item.title}",
    )
    return item


@transaction.atomic
def add_participant(
    *, actor: Any, event: Event, name: str, position: str = "", side: str = "vietnam"
) -> Participant:
    _require_change(actor, event, "sửa thành phần")
    if side not in dict(Participant.SIDES):
        raise ValidationError({"side": "Chọn phía Việt Nam hoặc phía khách."})
    person = Participant.objects.create(event=event, name=nfc(name), position=nfc(position), side=side)
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=event, message=f"Thành phần: {person.name}")
    return person


def _tell_unit(event: Event, unit: Unit, what: str, due_on: date) -> None:
    """The people of a unit given work for an event hear of it once per event and kind of work (eight
    checklist items make one notice), on their notifications and their "My work" list."""
    notify(
        User.objects.filter(unit=unit, is_active=True),
        kind=NotificationKind.ASSIGNED,
        title=f"{what}: {event.title} (hạn {due_on:%d/%m/%Y})"[:250],
        subject=event,
        key=f"diplomacy-{event.pk}-{unit.pk}-{what}",
    )


def _unit_and_due(event: Event, unit: Unit, due_on: date) -> None:
    if not unit.is_active:
        raise ValidationError({"unit": "Đơn vị này không còn hoạt động."})
    if due_on > event.ends_on + timedelta(days=365):
        raise ValidationError({"due_on": "Hạn quá xa so với hoạt động: kiểm tra lại."})


@transaction.atomic
def assign_speech(
    *, actor: Any, event: Event, title: str, unit: Unit, due_on: date, drafter: Any = None
) -> Speech:
    """A speech to draft by a unit, due on a date (before the event); the unit is given the event to read."""
    _require_change(actor, event, "giao soạn bài phát biểu")
    _unit_and_due(event, unit, due_on)
    if due_on > event.starts_on:
        raise ValidationError({"due_on": "Bài phát biểu phải xong trước ngày bắt đầu hoạt động."})
    speech = Speech.objects.create(event=event, title=nfc(title), unit=unit, due_on=due_on, drafter=drafter)
    casework.grant_unit_access(actor, event, unit, due_date=due_on, note=f"Soạn: {speech.title}")
    _tell_unit(event, unit, "Soạn bài phát biểu", due_on)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        message=f"Giao {unit.name} soạn “{speech.title}”, hạn {due_on:%d/%m/%Y}",
    )
    return speech


@transaction.atomic
def set_speech_state(*, actor: Any, speech: Speech, state: str, on: date | None = None) -> Speech:
    event = speech.event
    if not _can_tick(actor, event, speech.unit_id):
        raise PermissionDenied("Không có quyền cập nhật bài phát biểu này.")
    if state not in dict(Speech.STATES):
        raise ValidationError({"state": "Trạng thái không hợp lệ."})
    if state == "approved" and not can_manage(actor, event):
        raise PermissionDenied("Chỉ đơn vị chủ trì hoạt động duyệt bài phát biểu.")
    on = on or timezone.localdate()
    _not_future(on, "on", "Ngày cập nhật")
    Speech.objects.filter(pk=speech.pk).update(state=state, done_on=on if state != "drafting" else None)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        message=f"Bài phát biểu “{speech.title}”: {dict(Speech.STATES)[state]}",
    )
    speech.refresh_from_db()
    return speech


@transaction.atomic
def add_checklist_item(
    *, actor: Any, event: Event, category: str, title: str, unit: Unit, due_on: date
) -> ChecklistItem:
    _require_change(actor, event, "sửa danh mục công việc")
    if category not in dict(rules.CHECKLIST_CATEGORIES):
        raise ValidationError({"category": "Chọn nhóm công việc."})
    _unit_and_due(event, unit, due_on)
    item = ChecklistItem.objects.create(
        event=event, category=category, title=nfc(title), unit=unit, due_on=due_on
    )
    casework.grant_unit_access(actor, event, unit, due_date=due_on, note=f"Công việc: {item.title}")
    _tell_unit(event, unit, "Công việc chuẩn bị", due_on)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        message=f"Giao {unit.name}: {item.title}, hạn {due_on:%d/%m/%Y}",
    )
    return item


@transaction.atomic
def add_standard_checklist(*, actor: Any, event: Event, unit: Unit) -> list[ChecklistItem]:
    """The usual protocol and logistics of a state visit received, each due a set number of days before the
    first day, all to one unit to start with (each can then be given to another)."""
    _require_change(actor, event, "sửa danh mục công việc")
    have = set(event.checklist.values_list("title", flat=True))
    items = [
        add_checklist_item(
            actor=actor,
            event=event,
            category=category,
            title=title,
            unit=unit,
            due_on=event.starts_on - timedelta(days=days_before),
        )
        for category, title, days_before in rules.STANDARD_CHECKLIST
        if title not in have
    ]
    return items


def _can_tick(actor: Any, event: Event, unit_id: int) -> bool:
    return can_manage(actor, event) or (
        access.can_work(actor)
        and getattr(actor, "unit_id", None) == unit_id
        and access.can_view(actor, event)
    )


@transaction.atomic
def tick(*, actor: Any, item: ChecklistItem, done: bool = True, on: date | None = None) -> ChecklistItem:
    """An item ticked off (or back on) by the unit it is assigned to or by the event's owners, done today
    or on the day given (not in the future)."""
    item = ChecklistItem.objects.select_for_update().select_related("event").get(pk=item.pk)
    if not _can_tick(actor, item.event, item.unit_id):
        raise PermissionDenied("Chỉ đơn vị được giao hoặc đơn vị chủ trì đánh dấu công việc này.")
    on = on or timezone.localdate()
    _not_future(on, "on", "Ngày hoàn thành")
    item.done_on = on if done else None
    item.done_by = actor if done else None
    item.save(update_fields=["done_on", "done_by"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=item.event,
        message=f"{'Xong' if done else 'Mở lại'}: {item.title}",
    )
    return item


@transaction.atomic
def add_follow_up(*, actor: Any, event: Event, commitment: str, unit: Unit, due_on: date) -> FollowUp:
    """A commitment made during the event, tracked as a task of the lead unit to its due date."""
    _require_change(actor, event, "ghi cam kết sau hoạt động")
    commitment = nfc(commitment)
    if len(commitment) < 5:
        raise ValidationError({"commitment": "Ghi nội dung cam kết."})
    _unit_and_due(event, unit, due_on)
    if due_on < event.starts_on:
        raise ValidationError({"due_on": "Hạn thực hiện không thể trước hoạt động."})
    follow_up = FollowUp.objects.create(
        event=event, commitment=commitment, unit=unit, due_on=due_on, created_by=actor
    )
    casework.grant_unit_access(actor, event, unit, due_date=due_on, note=f"Triển khai: {commitment[:200]}")
    _tell_unit(event, unit, "Triển khai cam kết", due_on)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=event,
        message=f"Cam kết giao {unit.name}, hạn {due_on:%d/%m/%Y}: {commitment}",
    )
    return follow_up


@transaction.atomic
def complete_follow_up(*, actor: Any, follow_up: FollowUp, outcome: str, on: date | None = None) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("event").get(pk=follow_up.pk)
    if not _can_tick(actor, follow_up.event, follow_up.unit_id):
        raise PermissionDenied("Chỉ đơn vị được giao hoặc đơn vị chủ trì cập nhật cam kết này.")
    on = on or timezone.localdate()
    _not_future(on, "on", "Ngày hoàn thành")
    if not nfc(outcome):
        raise ValidationError({"outcome": "Ghi kết quả thực hiện."})
    follow_up.done_on, follow_up.outcome = on, nfc(outcome)
    follow_up.save(update_fields=["done_on", "outcome"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=follow_up.event,
        message=f"Đã thực hiện cam kết: {follow_up.commitment[:120]} — {follow_up.outcome}",
    )
    return follow_up
