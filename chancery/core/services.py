"""Write operations on the organisation and on assignments: one transaction each, checked and audited.

Views, the API, the admin screens and commands call these; none of them saves a model directly.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from chancery.core import access, audit, selectors, storage, workdays
from chancery.core.models import (
    Agency,
    Assignment,
    AssignmentKind,
    Attachment,
    AuditAction,
    CalendarDay,
    CalendarDayKind,
    NotificationKind,
    NumberRegister,
    ProtectedRecord,
    Role,
    RoleCode,
    Unit,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import fold, nfc

UNIT_FIELDS = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active")
STAFF_FIELDS = ("full_name", "email", "unit", "position", "clearance", "phone", "is_active")


def _require_organisation_manager(actor: Any) -> None:
    """Administrators only; `None` is the system itself (set-up commands), never a request's user."""
    if actor is not None and not access.can_manage_organisation(actor):
        raise PermissionDenied(_("Only an administrator may change the organisation and accounts."))


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {k: nfc(v) if isinstance(v, str) else v for k, v in values.items()}


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    """A unit may not sit under itself or under one of its own sub-units."""
    if parent is None or unit.pk is None:
        return
    if parent.pk in access.units_below(unit.pk):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its own sub-units.")}
        )


def _full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


@transaction.atomic
def create_unit(
    *, actor: Any, code: str, name: str, kind: str, parent: Unit | None = None, **extra: Any
) -> Unit:
    _require_organisation_manager(actor)
    values = _clean_text({"code": code, "name": name, "kind": kind, "parent": parent, **extra})
    unit = Unit(**{k: v for k, v in values.items() if k in UNIT_FIELDS})
    _full_clean(unit)
    unit.save()
    audit.record(
        action=AuditAction.CREATE, actor=actor, subject=unit, changes=audit.diff({}, audit.snapshot(unit))
    )
    return unit


@transaction.atomic
def update_unit(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    _require_organisation_manager(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    for field, value in _clean_text(changes).items():
        if field not in UNIT_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(unit, field, value)
    _check_unit_parent(unit, unit.parent)
    _full_clean(unit)
    unit.save()
    if delta := audit.diff(before, audit.snapshot(unit)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=unit, changes=delta)
    return unit


def _roles(codes: Iterable[str]) -> list[Role]:
    wanted = set(codes)
    unknown = wanted - set(RoleCode.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}})
    return list(Role.objects.filter(code__in=wanted))


def _sync_derived_fields(user: User) -> None:
    """Django's admin flag follows the administrator role; the search key follows the name."""
    user.is_staff = RoleCode.ADMINISTRATOR in user.role_codes
    user.search_key = fold(f"{user.full_name} {user.username} {user.position} {user.email}")


@transaction.atomic
def create_staff(
    *,
    actor: Any,
    username: str,
    full_name: str,
    unit: Unit | None,
    password: str | None = None,
    roles: Iterable[str] = (),
    **extra: Any,
) -> User:
    """Open an account for a member of staff (actor None: set-up commands such as `chancery demo`)."""
    _require_organisation_manager(actor)
    values = _clean_text({"full_name": full_name, **extra})
    user = User(
        username=nfc(username).lower(), unit=unit, **{k: v for k, v in values.items() if k in STAFF_FIELDS}
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    _full_clean(user, exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("This user name is already taken.")}) from exc
    user.roles.set(_roles(roles))
    access.forget(user)
    _sync_derived_fields(user)
    user.save(update_fields=["is_staff", "search_key"])
    audit.record(
        action=AuditAction.CREATE, actor=actor, subject=user, changes=audit.diff({}, audit.snapshot(user))
    )
    return user


@transaction.atomic
def update_staff(*, actor: Any, staff: User, roles: Iterable[str] | None = None, **changes: Any) -> User:
    _require_organisation_manager(actor)
    staff = User.objects.select_for_update().get(pk=staff.pk)
    before = audit.snapshot(staff)
    for field, value in _clean_text(changes).items():
        if field not in STAFF_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(staff, field, value)
    if staff.pk == getattr(actor, "pk", None) and not staff.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    _full_clean(staff, exclude=["password"])
    staff.save()
    if roles is not None:
        if staff.pk == getattr(actor, "pk", None) and RoleCode.ADMINISTRATOR not in set(roles):
            raise ValidationError({"roles": _("You cannot remove your own administrator role.")})
        staff.roles.set(_roles(roles))
    access.forget(staff)
    _sync_derived_fields(staff)
    staff.save(update_fields=["is_staff", "search_key"])
    if delta := audit.diff(before, audit.snapshot(staff)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=staff, changes=delta)
    return staff


@transaction.atomic
def set_staff_password(*, actor: Any, staff: User, password: str) -> None:
    """An administrator resets a password, or a person changes their own."""
    if getattr(actor, "pk", None) != staff.pk:
        _require_organisation_manager(actor)
    validate_password(password, staff)
    staff.set_password(password)
    staff.save(update_fields=["password"])
    audit.record(action=AuditAction.SECURITY, actor=actor, subject=staff, message="password set")


@transaction.atomic
def assign_record(
    *,
    actor: Any,
    record: ProtectedRecord,
    user: User | None = None,
    unit: Unit | None = None,
    kind: str = AssignmentKind.HANDLE,
    due_date: date | None = None,
    note: str = "",
) -> Assignment:
    """Give a record to a person or a unit (giao việc); only the head of its unit line or leadership may."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    if user is None and unit is None:
        raise ValidationError(_("Choose a person or a unit to assign the record to."))
    if user is not None and record.secrecy > user.clearance:
        raise ValidationError(
            {
                "user": _("%(name)s does not have the clearance for a record at this secrecy level.")
                % {"name": user}
            }
        )
    assignment = Assignment.objects.create(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        user=user,
        unit=unit,
        kind=AssignmentKind(kind),
        assigned_by=actor,
        due_date=due_date,
        note=nfc(note),
    )
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={
            "assigned_to": {"before": None, "after": str(user or unit)},
            "kind": {"before": None, "after": kind},
        },
    )
    notify(
        [user] if user is not None else selectors.heads_of(unit.pk if unit else None),
        kind=NotificationKind.ASSIGNED,
        title=_("Assigned to you: %(record)s") % {"record": record}
        if user is not None
        else _("Assigned to your unit: %(record)s") % {"record": record},
        subject=record,
    )
    return assignment


@transaction.atomic
def end_assignment(*, actor: Any, assignment: Assignment, record: ProtectedRecord) -> None:
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    Assignment.objects.filter(pk=assignment.pk).update(is_active=False)
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={"assigned_to": {"before": str(assignment.user or assignment.unit), "after": None}},
    )


def record_view(*, actor: Any, record: models.Model) -> None:
    """Note that a person opened a protected record: every access to a secret is to be traceable."""
    audit.record(action=AuditAction.VIEW, actor=actor, subject=record)


@transaction.atomic
def set_calendar_day(*, actor: Any, day: date, kind: str, name: str, legal_basis: str = "") -> CalendarDay:
    """Record the Government's decision on one date (a day off, or a make-up working day)."""
    _require_organisation_manager(actor)
    if kind == CalendarDayKind.WORKING_DAY and day.weekday() < 5 and not _is_default_day_off(day):
        raise ValidationError({"date": _("This date is a working day already.")})
    if kind == CalendarDayKind.DAY_OFF and day.weekday() >= 5 and not _is_default_weekend_work(day):
        raise ValidationError({"date": _("This date is a weekly rest day already.")})
    existing = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = audit.snapshot(existing) if existing else {}
    decided = existing or CalendarDay(date=day)
    decided.kind, decided.name, decided.legal_basis = CalendarDayKind(kind), nfc(name), nfc(legal_basis)
    _full_clean(decided, exclude=["date"] if existing else [])
    decided.save()
    action = AuditAction.UPDATE if existing else AuditAction.CREATE
    if delta := audit.diff(before, audit.snapshot(decided)):
        audit.record(action=action, actor=actor, subject=decided, changes=delta)
    return decided


@transaction.atomic
def remove_calendar_day(*, actor: Any, decided: CalendarDay) -> None:
    """Withdraw a decision: the date falls back to the holiday library's default."""
    _require_organisation_manager(actor)
    audit.record(
        action=AuditAction.DELETE,
        actor=actor,
        subject=decided,
        changes=audit.diff(audit.snapshot(decided), {}),
    )
    decided.delete()


def _is_default_day_off(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[0]


def _is_default_weekend_work(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[1]


# --- agencies the office corresponds with ------------------------------------------------------------------


@transaction.atomic
def create_agency(
    *,
    actor: Any,
    name: str,
    short_name: str = "",
    code: str = "",
    address: str = "",
    province_code: int | None = None,
) -> Agency:
    """Add a body to the office's list of agencies (petitions forwarded, documents received and sent)."""
    if actor is not None and not access.viewer_for(actor).has_working_role:
        raise PermissionDenied(_("You may not add agencies."))
    name, code = nfc(name), nfc(code).strip()
    if not name:
        raise ValidationError({"name": _("Give the agency's name.")})
    if Agency.objects.filter(folded=fold(name)).exists():
        raise ValidationError({"name": _("This agency is already on the list.")})
    if code and Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another agency already has this code.")})
    agency = Agency.objects.create(
        name=name,
        short_name=nfc(short_name),
        code=code,
        address=nfc(address),
        province_code=province_code,
        folded=fold(name),
    )
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=agency,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(agency).items()},
    )
    return agency


# --- numbering registers ---------------------------------------------------------------------------------


def check_number_pattern(pattern: str) -> None:
    """A register's number format must contain {number}, and may use only {number} (with a width such as
    {number:05d}), {year} and {code}: no attribute or index lookups in a format an administrator types."""
    names = []
    try:
        for _text, name, spec, conversion in string.Formatter().parse(pattern):
            if name is None:
                continue
            if (
                name not in {"number", "year", "code"}
                or conversion
                or (spec and not re.fullmatch(r"0?\d{0,2}d", spec))
            ):
                raise ValueError(name)
            names.append(name)
    except ValueError as error:
        raise ValidationError(
            _("The number format may use only {number}, {year} and {code}: %(error)s") % {"error": error}
        ) from error
    if "number" not in names:
        raise ValidationError(_("The number format must contain {number}."))


@transaction.atomic
def take_number(*, code: str, on: date, name: str = "", pattern: str = "{number}/{year}") -> tuple[int, str]:
    """The next number of a register for the year of `on`, and how it is written. Two clerks registering at
    the same moment get different numbers: the register's row is locked until the transaction that takes the
    number commits (on SQLite the write lock is taken at BEGIN), and the number is rolled back with it."""
    register = NumberRegister.objects.select_for_update().filter(code=code, year=on.year).first()
    if register is None:
        check_number_pattern(pattern)
        try:
            with transaction.atomic():
                NumberRegister.objects.create(code=code, year=on.year, name=name or code, pattern=pattern)
        except IntegrityError:
            pass  # another transaction opened the year's register first: take the number from it
        register = NumberRegister.objects.select_for_update().get(code=code, year=on.year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number, register.format(register.last_number)


# --- attachments ------------------------------------------------------------------------------------------

ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024
# What a petition or a document comes with: scans, photos, PDF and office documents. The type is read from the
# file's first bytes, not from its name.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument"),
)


def _sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)


@transaction.atomic
def attach_file(*, actor: Any, record: models.Model, upload: Any) -> Attachment:
    """Store a file on a record with its SHA-256 checksum. Refused: an empty or too large file, a type that is
    not a scan, photo, PDF or office document, and the same file twice on one record."""
    if isinstance(record, ProtectedRecord) and actor is not None and not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    name = nfc(getattr(upload, "name", "") or "tep-dinh-kem")[-255:]
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError({"file": _("The file %(name)s is empty.") % {"name": name}})
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file %(name)s is larger than 25 MB.") % {"name": name}})
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if not head:
            head = chunk[:16]
        digest.update(chunk)
    content_type = _sniff(head)
    if content_type is None:
        raise ValidationError(
            {"file": _("%(name)s is not a PDF, JPEG, PNG, TIFF or office document.") % {"name": name}}
        )
    checksum = digest.hexdigest()
    object_type = audit.object_type_of(record)
    if Attachment.objects.filter(object_type=object_type, object_id=record.pk, sha256=checksum).exists():
        raise ValidationError({"file": _("This file is already attached (%(name)s).") % {"name": name}})
    upload.seek(0)
    attachment = Attachment(
        object_type=object_type,
        object_id=record.pk,
        name=name,
        content_type=content_type,
        size=size,
        sha256=checksum,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        attachment.file.save(f"{checksum[:16]}{_extension(name)}", upload, save=False)
    except OSError as error:
        if not storage.is_storage_full(error):
            raise
        raise ValidationError(
            {
                "file": _(
                    "The server's file storage is full: %(name)s was not saved. "
                    "Please tell the administrator."
                )
                % {"name": name}
            }
        ) from error
    attachment.save()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        changes={"attachment": {"before": None, "after": f"sha256:{checksum}"}},
        message=f"attachment {attachment.pk}, {size} bytes",
    )
    return attachment


def _extension(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,5}$", name)
    return match.group(0).lower() if match else ""


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum it was stored with."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256
