"""Numbering registers: numbers from 1 each year, written in the register's format, never given twice, even
to clerks registering at the same moment."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from chancery.core import services
from chancery.core.models import NumberRegister


@pytest.mark.django_db
def test_numbers_run_from_one_each_year_in_the_registers_format() -> None:
    take = services.take_number
    assert take(
        code="don-den", on=date(2026, 12, 31), name="Sổ tiếp nhận đơn", pattern="{number:05d}/{year}-ĐTCD"
    ) == (
        1,
        "00001/2026-ĐTCD",
    )
    assert (
        take(code="don-den", on=date(2026, 12, 31))[1] == "00002/2026-ĐTCD"
    )  # the register keeps its format
    assert take(code="don-den", on=date(2027, 1, 1)) == (1, "1/2027")  # a new year opens a new register
    assert take(code="cv-di", on=date(2026, 6, 1), pattern="{number}/{code}") == (1, "1/cv-di")
    assert NumberRegister.objects.get(code="don-den", year=2026).last_number == 2


@pytest.mark.django_db
def test_a_number_taken_by_a_transaction_that_fails_is_given_again() -> None:
    services.take_number(code="don-den", on=date(2026, 3, 2))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.take_number(code="don-den", on=date(2026, 3, 2))
        raise RuntimeError("the registration failed: nothing of it is kept")
    assert services.take_number(code="don-den", on=date(2026, 3, 2))[0] == 2


@pytest.mark.parametrize(
    "pattern",
    ["{year}", "{number.__class__}", "{number[0]}", "{number!r}", "{other}", "{number:>{year}}", "{"],
)
def test_a_number_format_may_use_only_number_year_and_code(pattern) -> None:
    with pytest.raises(ValidationError):
        services.check_number_pattern(pattern)


@pytest.mark.django_db(transaction=True)
def test_clerks_registering_at_the_same_moment_get_different_numbers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; the row lock is PostgreSQL's to prove")
    taken: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def clerk() -> None:
        try:
            start.wait()
            for _ in range(5):
                taken.append(services.take_number(code="don-den", on=date(2026, 3, 2))[0])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == list(range(1, 41))
