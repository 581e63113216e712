"""The working-day calendar's decisions: a day off or a make-up working day, with its instrument."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import User


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
