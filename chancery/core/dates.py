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


def year_asked(text: str | None, *, default: int | None) -> tuple[int | None, str]:
    """A year a page is asked for in its address (?year=), from 2000 to 2100, else `default` with the
    reason the one asked for is not shown, in Vietnamese (never another year in silence, never a server
    error at a year with five digits)."""
    asked = (text or "").strip()
    if not asked:
        return default, ""
    if asked.isdigit() and len(asked) <= 4 and EARLIEST.year <= int(asked) <= 2100:
        return int(asked), ""
    if default is None:
        return None, _("“%(year)s” is not a year from 2000 to 2100: every year is shown.") % {
            "year": asked[:20]
        }
    return default, _("“%(year)s” is not a year from 2000 to 2100: the figures of %(this)s are shown.") % {
        "year": asked[:20],
        "this": default,
    }
