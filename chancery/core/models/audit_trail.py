"""The audit trail: its events, the labels and values its history shows, and the chain head."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import SecrecyLevel, Unit, User


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
        field: Any = None
        for name, pair in sorted((self.changes or {}).items()):
            field = None
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
            if _is_figure(name, field):  # 1234 trường hợp → 1.234
                before, after = (_grouped(v) for v in (before, after))
            rows.append({"field": label, "before": before, "after": after})
        return rows


# What a change names that is not a field of its record (a version uploaded, the units a document went to):
# the label its line of history shows. A field of the record is labelled by its verbose name.
CHANGE_LABELS: dict[str, Any] = {
    "assigned_to": _("Assigned to"),
    "attachment": _("Attachment"),
    "clock": _("Time limit"),
    "cooperating_units": _("Cooperating units"),
    "count": _("Number of cases"),
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


# whole numbers that name something (a year, a document's number, a version) rather than count it
_NOT_FIGURES = {"year", "number", "version", "seq", "order", "position", "round"}


def _is_figure(name: str, field: Any) -> bool:
    """Whether a whole number of a change is a figure, written grouped the Vietnamese way: not a year,
    a number or a position, nor a reference to another record (stored by its id)."""
    if name in _NOT_FIGURES or name.endswith(("_id", "_year", "_number")):
        return False
    return not (field is not None and getattr(field, "is_relation", False))


def _grouped(value: Any) -> Any:
    from chancery.core.text import grouped

    return grouped(value) if isinstance(value, int) and not isinstance(value, bool) else value


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
