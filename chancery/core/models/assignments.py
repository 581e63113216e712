"""Assignments of records to people and units, and the numbering registers (sổ đăng ký)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import Unit, User


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
            # the access policy's "assigned to my unit" test, read from the index alone: a specialist's list
            # of a million records went from 250 to 12 ms for its first page (bench/case_list.py)
            models.Index(
                fields=["unit", "object_type", "object_id"],
                condition=Q(is_active=True),
                name="assignment_unit_record_idx",
            ),
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
