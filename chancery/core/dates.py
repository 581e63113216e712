"""The dates a person types, bounded the same way everywhere: none of the Office's records is dated before
2000, and none a year ahead. A date outside is a typing error (1926 for 2026, 2062 for 2026, a date of birth
in the wrong column), which would also number a record in the register of a wrong year."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
AHEAD = timedelta(days=366)


def date_problem(value: date, *, label: str, today: date, ahead: timedelta | None = AHEAD) -> str:
    """Why `value` (the field `label`, as the form names it) cannot be right, or "": before EARLIEST, or more
    than `ahead` after `today` (None: a caller that refuses the future itself checks only the start)."""
    if value < EARLIEST:
        return _("%(label)s %(date)s is before %(earliest)s: check the year.") % {
            "label": label,
            "date": value.strftime("%d/%m/%Y"),
            "earliest": EARLIEST.strftime("%d/%m/%Y"),
        }
    if ahead is not None and value > today + ahead:
        return _("%(label)s %(date)s is more than a year after today: check the year.") % {
            "label": label,
            "date": value.strftime("%d/%m/%Y"),
        }
    return ""
