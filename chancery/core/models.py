"""Organisation, people, access facts and the audit trail: what every module of Chancery stands on."""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecrecyLevel(models.IntegerChoices):
    """Độ mật — the three secrecy levels of state secrets: Tuyệt mật, Tối mật, Mật (Luật Bảo vệ bí mật nhà
    nước 117/2025/QH15, in force from 1 March 2026, replacing Luật 29/2018/QH14, which had the same levels).

    The same scale measures a record's level and a person's clearance: a person may see a record only when
    the clearance is at least the record's level.
    """

    NONE = 0, _("Not secret")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Office")
    LEADERSHIP = "leadership", _("Office leadership")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")


class Unit(models.Model):
    """A unit of the office: the office itself, its departments (Vụ, Cục) and their divisions (Phòng)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    audit_fields: ClassVar[tuple[str, ...]] = ("code", "name", "short_name", "kind", "parent", "is_active")
    detail_url_name: ClassVar[str] = "core:unit_detail"

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_among_siblings"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.pk, SecrecyLevel.NONE


class RoleCode(models.TextChoices):
    """The roles a member of staff may hold; one person may hold several."""

    CLERK = "clerk", _("Clerk")
    SPECIALIST = "specialist", _("Specialist")
    HEAD_OF_UNIT = "head_of_unit", _("Head of unit")
    LEADERSHIP = "leadership", _("Office leadership")
    ADMINISTRATOR = "administrator", _("Administrator")


class Role(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class StaffManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """A member of the office's staff (cán bộ, công chức): a unit, a position, roles and a clearance."""

    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("secrecy clearance"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    search_key = models.CharField(max_length=400, blank=True, editable=False)
    # Whether the password in force was chosen by someone other than the person (an administrator opening the
    # account or resetting it): such a password does not survive a grant of protected access, which would
    # let that administrator log in as the person (chancery.core.services.confirm_access_proposal).
    password_set_by_other = models.BooleanField(default=False, editable=False)

    objects = StaffManager()  # type: ignore[misc]

    audit_fields: ClassVar[tuple[str, ...]] = (
        "username",
        "full_name",
        "email",
        "unit",
        "position",
        "clearance",
        "phone",
        "is_active",
        "roles",
    )
    detail_url_name: ClassVar[str] = "core:staff_detail"

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(clearance__gte=0, clearance__lte=3), name="user_clearance_range"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.username])[-1]

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.unit_id, SecrecyLevel.NONE

    @property
    def role_codes(self) -> frozenset[str]:
        """The codes of the roles held, loaded once per user object."""
        cached = self.__dict__.get("_role_codes")
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            self.__dict__["_role_codes"] = cached
        return cached


class ProtectedRecord(models.Model):
    """What a record needs for the access policy: an owning unit and a secrecy level.

    Every domain record (a petition, a document, a nomination...) inherits it; `chancery.core.access` decides
    who may see and do what with it, together with the record's assignments.
    """

    owning_unit = models.ForeignKey(
        Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+"
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy level"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE, db_index=True
    )
    owning_unit_id: int

    class Meta:
        abstract = True

    def audit_scope(self) -> tuple[int | None, int]:
        return self.owning_unit_id, self.secrecy


class Agency(models.Model):
    """A body outside the Office that it corresponds with: petitions are forwarded to it or come from it,
    official documents are received from it and sent to it. `code` is the agency's identifier in the national
    list of agency codes, by which electronic documents are addressed between agencies."""

    name = models.CharField(_("name"), max_length=250, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("agency code"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)
    folded = models.CharField(max_length=250, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "short_name",
        "code",
        "address",
        "province_code",
        "is_active",
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="agency_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


class CalendarDayOrigin(models.TextChoices):
    SHIPPED = "shipped", _("Government decision shipped with Chancery")
    ADMINISTRATOR = "administrator", _("Recorded by an administrator")


class CalendarDay(models.Model):
    """One date decided by the Government for civil servants in a given year, overriding the holiday
    library's default: an extra or moved day off, or a make-up working day on a weekend (ngày làm bù).

    Its source is the instrument (as cited, its number and date). A row is either shipped with Chancery (the
    published decisions in core/calendar_decisions.py, loaded by a migration) or recorded by an administrator;
    a later load never overwrites the administrator's row. Withdrawing a shipped decision keeps the row,
    marked withdrawn, so that the load does not bring it back; the date then follows the library's default."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    instrument_number = models.CharField(_("instrument number"), max_length=100, blank=True)
    instrument_date = models.DateField(_("instrument date"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=CalendarDayOrigin.choices, default=CalendarDayOrigin.ADMINISTRATOR
    )
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    is_withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("The decision was withdrawn: the date follows the holiday library's default."),
    )

    audit_fields: ClassVar[tuple[str, ...]] = (
        "date",
        "kind",
        "name",
        "legal_basis",
        "instrument_number",
        "instrument_date",
        "origin",
        "is_withdrawn",
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    @property
    def instrument_text(self) -> str:
        """The instrument as staff read it: "Công văn của Văn phòng Chính phủ số 12729/VPCP-KGVX ngày
        25/12/2025"; empty when none was recorded."""
        parts = [self.legal_basis] if self.legal_basis else []
        if self.instrument_number:
            parts.append(f"số {self.instrument_number}")
        if self.instrument_date:
            parts.append(f"ngày {self.instrument_date:%d/%m/%Y}")
        return " ".join(parts)


class AssignmentKind(models.TextChoices):
    LEAD = "lead", _("Lead")
    COOPERATE = "cooperate", _("Cooperating")
    HANDLE = "handle", _("Handling officer")
    CONSULT = "consult", _("Asked for an opinion")  # reads the record and answers; never changes it


class Assignment(models.Model):
    """A record assigned to a person or a unit (giao việc): the basis of access by assignment."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AssignmentKind.choices, default=AssignmentKind.HANDLE
    )
    assigned_by = models.ForeignKey(
        User, verbose_name=_("assigned by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The person's or unit's part done (a reviewer decided, a unit reported its handling done): the access the
    # assignment gives stays, it is no longer work waiting on their list. Given the record again, it is.
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(unit__isnull=False), name="assignment_has_user_or_unit"
            ),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="assignment_record_idx"),
            models.Index(fields=["user", "is_active"], name="assignment_user_idx"),
            models.Index(fields=["unit", "is_active"], name="assignment_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id} → {self.user or self.unit}"

    def subject_url(self) -> str | None:
        from chancery.core.audit import subject_url

        return subject_url(self.object_type, self.object_id)


class NumberRegister(models.Model):
    """Sổ đăng ký — a register that numbers what the office receives or sends (petitions received, incoming
    and outgoing documents), from 1 each calendar year. A number once taken is never given again, even if the
    record that took it is later withdrawn: the register's gaps are the trace of that."""

    code = models.SlugField(_("register"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    # How a number is written: {number} (with a format, e.g. {number:05d}), {year}, {code}.
    pattern = models.CharField(_("number format"), max_length=60, default="{number}/{year}")
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    audit_fields: ClassVar[tuple[str, ...]] = ("code", "year", "name", "pattern")

    class Meta:
        verbose_name = _("numbering register")
        verbose_name_plural = _("numbering registers")
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="one_register_per_year")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def format(self, number: int) -> str:
        return self.pattern.format(number=number, year=self.year, code=self.code)


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("State changed")
    REVIEW = "review", _("Reviewed")
    ASSIGN = "assign", _("Assigned")
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    SECURITY = "security", _("Security setting changed")


class AuditEvent(models.Model):
    """One append-only event of the audit trail (nhật ký): who did what to which record, when, before/after.

    Events are written unsealed (`seq` empty) inside the transaction that makes the change, and sealed into a
    hash chain right after it commits (`chancery.core.audit.seal_pending`): each sealed event's `hash` covers
    its content, its `seq` and the previous event's hash, so a changed or deleted event breaks the chain.
    Database triggers refuse DELETE and any UPDATE other than sealing (migration 0002).

    The application authenticates each event when it writes it: `mac` is an HMAC, under a key the database
    does not hold, of the content and a random `nonce`. A row written into the table by anyone else has no
    valid MAC: sealing refuses it and `chancery audit verify` names it; a copy of a genuine row repeats its
    MAC, which must be unique (migration 0015, which also refuses an INSERT without a MAC and any change of
    `nonce` or `mac`).
    """

    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy level"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    message = models.CharField(_("note"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    seq = models.BigIntegerField(_("chain position"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    nonce = models.CharField(max_length=32, blank=True)
    mac = models.CharField(_("authentication code"), max_length=64, blank=True)
    # set for a reader by audit.mark_doubtful (not stored): why this row must not be taken as Chancery's
    doubt: str = ""

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-id"], name="audit_record_idx"),
            models.Index(fields=["actor", "-id"], name="audit_actor_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
            models.Index(fields=["id"], name="audit_unsealed_idx", condition=Q(seq__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seq__isnull=True) | (Q(seq__gte=1) & ~Q(hash="")), name="audit_sealed_has_hash"
            ),
            models.UniqueConstraint(fields=["mac"], condition=~Q(mac=""), name="audit_mac_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}#{self.object_id}"

    def subject_url(self) -> str | None:
        from chancery.core.audit import subject_url

        return subject_url(self.object_type, self.object_id)

    @property
    def action_text(self) -> str:
        """The action as a line of a history reads it: a change of state names the state reached ("Chuyển
        sang: Đã ban hành"), not only that the state changed."""
        if self.action == AuditAction.TRANSITION and set(self.changes or {}) == {"state"}:
            reached = self.change_rows[0]["after"]  # the state's label (audit.change_rows)
            if reached not in (None, ""):
                return str(_("Moved to: %(state)s") % {"state": reached})
        return str(self.get_action_display())

    @property
    def change_rows(self) -> list[dict[str, Any]]:
        """The change as rows (field label, before, after) for display, choices shown by their label."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        try:
            model = apps.get_model(self.object_type) if self.object_type else None
        except (LookupError, ValueError):
            model = None
        rows = []
        for name, pair in sorted((self.changes or {}).items()):
            before, after = (
                (pair.get("before"), pair.get("after")) if isinstance(pair, dict) else (None, pair)
            )
            if any(isinstance(v, dict) and not all(str(k).isdigit() for k in v) for v in (before, after)):
                continue  # a set of terms keyed by their codes: the event's message describes them in words
            label: Any = CHANGE_LABELS.get(name, name)
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.auto_created and not field.concrete:  # a reverse relation
                    label = field.related_model._meta.verbose_name  # ("signature specimen": its model's name)
                elif field is not None:
                    label = getattr(field, "verbose_name", name)
                    choices = dict(getattr(field, "flatchoices", None) or [])
                    workflow = getattr(model, "workflow", None)
                    if not choices and name == "state" and workflow is not None:
                        choices = dict(workflow.states)  # a case's states are its workflow's
                    if choices:
                        before, after = (
                            choices.get(v, v) if isinstance(v, str | int) else v for v in (before, after)
                        )
            if name in _PLACE_FIELDS:
                before, after = (_place_name(name, v) for v in (before, after))
            before, after = (_shown_value(v) for v in (before, after))
            rows.append({"field": label, "before": before, "after": after})
        return rows


# What a change names that is not a field of its record (a version uploaded, the units a document went to):
# the label its line of history shows. A field of the record is labelled by its verbose name.
CHANGE_LABELS: dict[str, Any] = {
    "assigned_to": _("Assigned to"),
    "attachment": _("Attachment"),
    "clock": _("Time limit"),
    "cooperating_units": _("Cooperating units"),
    "council": _("Council"),
    "dispatch_status": _("Dispatch status"),
    "duplicate_of": _("Duplicate of"),
    "kind": _("Kind"),
    "lead_unit": _("Lead unit"),
    "letter": _("Letter"),
    "linked": _("Linked records"),
    "number": _("Number"),
    "outcome": _("Outcome"),
    "parts": _("Split into"),
    "progress": _("Progress"),
    "sent_to": _("Sent to"),
    "signature_specimen": _("Signature specimen"),
    "terms": _("Terms"),
    "version": _("Version"),
    "visit": _("Citizens' visit"),
}

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?)?"
)


def _shown_value(value: Any) -> Any:
    """A value of a change as staff read it: yes or no for a flag, never Python's True and False; a date
    (stored in JSON as ISO 8601) as dd/mm/yyyy, a moment in the Office's time as dd/mm/yyyy HH:MM."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(_shown_value(item)) for item in value)
    if isinstance(value, dict):  # a value per year: "2024: Hoàn thành tốt nhiệm vụ; 2025: …"
        return "; ".join(f"{key}: {_shown_value(item)}" for key, item in value.items()) or "—"
    if isinstance(value, str) and (found := _ISO_DATE.fullmatch(value.strip())):
        year, month, day = found.groups()
        if len(value.strip()) == 10:
            return f"{day}/{month}/{year}"
        try:
            moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return f"{moment:%d/%m/%Y %H:%M}"
    if isinstance(value, str) and "sha256:" in value:  # a file's checksum: the trail keeps it, staff need not
        return _CHECKSUM.sub("", value).strip() or value
    return value


_CHECKSUM = re.compile(r"\s*sha256:[0-9a-f]{8,}")

# A change of a place stored by its code (the 2025 administrative units), shown by its name.
_PLACE_FIELDS = {"province_code": "province", "ward_code": "ward"}


def _place_name(field: str, code: Any) -> Any:
    from chancery.core.provinces import province_name, ward_name

    if not isinstance(code, int):
        return code
    return (province_name(code) if _PLACE_FIELDS[field] == "province" else ward_name(code)) or code


class AuditChainHead(models.Model):
    """The last sealed position of the audit chain: one row, locked while events are sealed and while a
    checkpoint of it is written outside the database (`chancery.core.audit.write_checkpoint`).

    `mac_from_seq` is the first position sealed with the event MAC (events sealed before it existed are
    checked by their seal alone); `checkpoints` is how many checkpoints have been written, so that a
    checkpoint file cut short is noticed. Someone who can write to the database can change both, which only
    makes `chancery audit verify` report problems: neither relaxes what sealing accepts."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    mac_from_seq = models.BigIntegerField(default=1)
    checkpoints = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"audit chain at {self.seq}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    DUE_SOON = "due_soon", _("Time limit due soon")
    OVERDUE = "overdue", _("Time limit overdue")
    ESCALATED = "escalated", _("Overdue in your unit")
    OPINION_REQUESTED = "opinion_requested", _("Opinion requested")
    OPINION_GIVEN = "opinion_given", _("Opinion given")
    JOB_ENDED = "job_ended", _("Background job ended")
    REPORT_DRAFTED = "report_drafted", _("Report drafted")
    ACCESS_PROPOSED = "access_proposed", _("Access change to confirm")
    ACCESS_DECIDED = "access_decided", _("Access change decided")
    SECURITY_ALERT = "security_alert", _("Security alert")
    DUE_DATE_MOVED = "due_date_moved", _("Time limit moved with the calendar")


class Notification(models.Model):
    """One notice to one person, shown in the app and sent by email. `key` makes a notice idempotent: the
    same alarm for the same due date is never sent twice, however often the watch runs."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE
    )
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"], name="notification_unread_idx", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    """A piece of long work (an import, a batch appraisal, a report, the clock watch) as the office sees it:
    who started it, how far it has got, why it failed. The work itself runs as a Django task
    (`chancery.core.jobs`); `cursor` is the last item it finished, so a retry carries on after it."""

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("job"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    started_by = models.ForeignKey(
        User, verbose_name=_("started by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("items"), null=True, blank=True)
    done = models.PositiveIntegerField(_("items done"), default=0)
    cursor = models.CharField(max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, encoder=DjangoJSONEncoder)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set by the worker while the job runs: a running job whose heartbeat stops lost its worker
    # (`jobs.recover_stale` queues it again; it carries on from its cursor).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["started_by", "-id"], name="job_owner_idx"),
            models.Index(fields=["kind", "status"], name="job_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=F("total")), name="job_done_le_total"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, self.done * 100 // self.total)

    @property
    def is_active(self) -> bool:
        return self.status in {JobStatus.QUEUED, JobStatus.RUNNING}


class JobUpload(models.Model):
    """A file a person uploaded as the input of one job (an Excel list to import).

    A job never reads a file named by its parameters: it reads the upload bound to it, which the same person
    sent for that kind of job. The stored name is made by the server (no part of it comes from the client);
    the file is removed once the job has read it through, and the row stays with its checksum."""

    owner = models.ForeignKey(User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of job"), max_length=60)
    job = models.OneToOneField(
        Job, verbose_name=_("job"), on_delete=models.CASCADE, null=True, blank=True, related_name="upload"
    )
    file = models.CharField(_("stored file"), max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        indexes = [models.Index(fields=["owner", "kind", "-id"], name="jobupload_owner_idx")]

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file attached to any record (a scan of a letter, a photo, a PDF), with its SHA-256 checksum so that
    a changed or damaged file is detected and the same file attached twice is recognised."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("attached by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "sha256"], name="attachment_once_per_record"
            ),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return self.name


class RecordLink(models.Model):
    """Two records about the same business across modules (liên kết hồ sơ): the incoming document a petition
    came with, the outgoing document that answers it, the honours batch a submission started. Stored once;
    each side's page shows the other."""

    from_type = models.CharField(_("record type"), max_length=100)
    from_id = models.BigIntegerField(_("record id"))
    to_type = models.CharField(_("linked record type"), max_length=100)
    to_id = models.BigIntegerField(_("linked record id"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between records")
        verbose_name_plural = _("links between records")
        constraints = [
            models.UniqueConstraint(
                fields=["from_type", "from_id", "to_type", "to_id"], name="record_link_once"
            ),
            models.CheckConstraint(
                condition=~(Q(from_type=F("to_type")) & Q(from_id=F("to_id"))), name="record_link_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["from_type", "from_id"], name="record_link_from_idx"),
            models.Index(fields=["to_type", "to_id"], name="record_link_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_type}#{self.from_id} ↔ {self.to_type}#{self.to_id}"


class ApiToken(models.Model):
    """Mã truy cập API — a token a program presents for a person (`Authorization: Token <key>`).

    Only the SHA-256 digest of the key is stored; the key itself is shown once, when it is issued. A token
    ends at `expires_at`, after a period without use (CHANCERY_API_TOKEN_IDLE_DAYS), when it is revoked, and
    as soon as the person's password, roles, clearance or unit change (`bound_to` no longer matches: see
    `chancery.core.tokens`). A token of a person who must use two-step login is issued only from a session
    verified by the second factor, lives a few hours and only reads (`second_factor`)."""

    user = models.ForeignKey(User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token begins with"), max_length=16)
    bound_to = models.CharField(max_length=64)
    second_factor = models.BooleanField(_("issued after two-step login"), default=False)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="apitoken_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessProposal(models.Model):
    """Đề xuất cấp quyền — the four-eyes rule on access to state secrets: an administrator proposes to grant
    a person the office leadership role or any clearance (Mật and above); it takes effect only when a member
    of the leadership holding that clearance, another person than the proposer and the person concerned,
    confirms it (Luật Bảo vệ bí mật nhà nước 117/2025/QH15: access to a state secret is decided by the head
    of the agency, never by the one who keeps the accounts). Both steps are in the audit trail.

    The same rule covers resetting the password or the second factor of a protected account (the leadership,
    or any clearance), which would otherwise let one administrator log in as the person: `reset_password`,
    `reset_second_factor`; and any change of such an account's roles, clearance, unit, active status or
    e-mail address, lowering included: `changes`, each field's value before and after, as the confirmer is
    shown it (`grant_leadership` and `clearance` repeat what it grants, for lists and the API)."""

    staff = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="access_proposals"
    )
    grant_leadership = models.BooleanField(_("grant the office leadership role"), default=False)
    clearance = models.PositiveSmallIntegerField(
        _("proposed clearance"), choices=SecrecyLevel.choices, null=True, blank=True
    )
    reset_password = models.BooleanField(_("reset the password"), default=False)
    reset_second_factor = models.BooleanField(_("reset two-step login"), default=False)
    # {field: {"before": value, "after": value}} for the fields of access.FOUR_EYES_FIELDS that change:
    # roles as a sorted list of codes, clearance as its level, unit as its id, is_active, email.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "staff",
        "grant_leadership",
        "clearance",
        "reset_password",
        "reset_second_factor",
        "changes",
        "reason",
        "proposed_by",
        "status",
        "decided_by",
        "decision_reason",
    )
    detail_url_name: ClassVar[str] = "core:proposal_detail"
    # The one-time link a confirmed reset issued, on the object `confirm_access_proposal` returns and nowhere
    # else (never stored: chancery.core.password_links).
    password_link: Any = None

    class Meta:
        verbose_name = _("access proposal")
        verbose_name_plural = _("access proposals")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(status="pending"), name="one_pending_proposal_per_person"
            ),
            models.CheckConstraint(
                condition=Q(grant_leadership=True)
                | Q(clearance__isnull=False)
                | Q(reset_password=True)
                | Q(reset_second_factor=True)
                | ~Q(changes={}),
                name="proposal_does_something",
            ),
            models.CheckConstraint(condition=~Q(proposed_by=F("staff")), name="proposal_not_for_oneself"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("proposed_by")) & ~Q(decided_by=F("staff"))),
                name="proposal_decided_by_a_second_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "-id"], name="proposal_status_idx")]

    def __str__(self) -> str:
        return _("Access proposal #%(id)s for %(staff)s") % {"id": self.pk, "staff": self.staff}

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.staff.unit_id, SecrecyLevel.NONE

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    @property
    def is_reset(self) -> bool:
        return self.reset_password or self.reset_second_factor


class PasswordSetLink(models.Model):
    """Liên kết đặt mật khẩu — a one-time link with which a person sets their own password after a confirmed
    reset of a protected account (chancery.core.password_links). The key is shown once, to the member of the
    leadership who confirmed the reset, to hand over to the person; only its SHA-256 digest is stored. It
    works once, until `expires_at` (CHANCERY_PASSWORD_LINK_HOURS), while the account is active and has no
    usable password, and not after a newer link of the same person."""

    user = models.ForeignKey(User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    proposal = models.ForeignKey(
        AccessProposal, verbose_name=_("proposal"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    handed_to = models.ForeignKey(
        User, verbose_name=_("handed to"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time password link")
        verbose_name_plural = _("one-time password links")
        indexes = [models.Index(fields=["user", "used_at", "revoked_at"], name="passwordlink_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="passwordlink_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
