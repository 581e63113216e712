"""Numbering registers (sổ đăng ký): the next number of a register for a year, taken under the register's
lock, and the number formats an administrator may type."""

from __future__ import annotations

import re
import string
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chancery.core.models import NumberRegister


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
