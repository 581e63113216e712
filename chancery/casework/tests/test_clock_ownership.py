"""Casework owns the legal clock: every time limit of every module starts through `services.start_clock` (the
system's own start on registration explicit and unable to carry a person's name), and a clock's length changes
only as the law's facts change, lengthened by the head as an extension is."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.casework import services
from chancery.casework.models import LegalClock
from chancery.core.models import AuditEvent, RoleCode
from chancery.core.tests.factories import MemoFactory, UnitFactory, make_staff

ROOT = Path(__file__).resolve().parents[3]
CASEWORK = ROOT / "chancery" / "casework"
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _direct_clock_writes(path: Path) -> list[str]:
    """`LegalClock(...)` and `LegalClock.objects.<write>(...)` in one module, with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "LegalClock":
            found.append(f"{path}:{node.lineno} LegalClock(...)")
        if (
            isinstance(func, ast.Attribute)
            and func.attr in WRITES
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "LegalClock"
        ):
            found.append(f"{path}:{node.lineno} LegalClock.objects.{func.attr}(...)")
    return found


def test_no_module_outside_casework_creates_a_legal_clock_directly() -> None:
    """ARCHITECTURE.md: a time limit is decided in a rules.py and started through casework; nowhere else.
    Tests may build clocks as fixtures; the code that runs the office (every app, the demo, the benchmarks,
    the browser tests' seed) may not."""
    modules = [
        path
        for folder in ("chancery", "bench", "e2e")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if CASEWORK not in path.parents and "tests" not in path.relative_to(ROOT).parts
    ]
    assert len(modules) > 100  # the scan sees the project
    offenders = [line for path in modules for line in _direct_clock_writes(path)]
    assert offenders == []


def test_the_scan_finds_a_direct_clock_creation(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from chancery.casework.models import LegalClock\n"
        "LegalClock.objects.create(kind='x')\n"
        "LegalClock.objects.bulk_create([LegalClock(kind='y')])\n",
        encoding="utf-8",
    )
    assert len(_direct_clock_writes(sample)) == 3


@pytest.fixture
def world(db):
    unit = UnitFactory.create()
    return {
        "memo": MemoFactory.create(owning_unit=unit),
        "specialist": make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,)),
        "head": make_staff("tp", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,)),
        "outsider": make_staff("ngoai", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,)),
    }


CLOCK: dict[str, Any] = {
    "kind": "intake",
    "label": "Thời hạn",
    "days": 10,
    "unit": "working",
    "started_on": date(2026, 3, 2),
}


def test_the_system_starts_a_registration_clock_with_no_person(world) -> None:
    clock = services.start_clock(actor=None, record=world["memo"], system=True, **CLOCK)
    assert clock.due_on == date(2026, 3, 16)  # the returned clock carries its due date
    event = AuditEvent.objects.filter(object_id=world["memo"].pk).latest("pk")
    assert event.actor_id is None and "tự động khi vào sổ" in event.message


def test_no_one_starts_a_clock_without_the_right_to_change_the_record(world) -> None:
    with pytest.raises(PermissionDenied):
        services.start_clock(actor=None, record=world["memo"], **CLOCK)  # anonymous, not the system
    with pytest.raises(PermissionDenied):
        services.start_clock(actor=world["outsider"], record=world["memo"], **CLOCK)
    assert not LegalClock.objects.exists()


def test_a_person_cannot_take_the_systems_unchecked_start(world) -> None:
    with pytest.raises(ValueError, match="no actor"):
        services.start_clock(actor=world["outsider"], record=world["memo"], system=True, **CLOCK)
    assert not LegalClock.objects.exists()


def test_a_longer_time_limit_is_the_heads_decision_a_shorter_anyone_who_may_change(world) -> None:
    memo = world["memo"]
    clock = services.start_clock(actor=world["specialist"], record=memo, **CLOCK)
    with pytest.raises(PermissionDenied):
        services.set_clock_length(
            actor=world["specialist"], record=memo, clock=clock, days=15, label="", reason="Phức tạp"
        )
    with pytest.raises(ValidationError):
        services.set_clock_length(
            actor=world["head"], record=memo, clock=clock, days=15, label="", reason=" "
        )
    services.set_clock_length(
        actor=world["head"], record=memo, clock=clock, days=15, label="Thời hạn (phức tạp)", reason="Phức tạp"
    )
    clock.refresh_from_db()
    assert (clock.days, clock.label, clock.due_on) == (15, "Thời hạn (phức tạp)", date(2026, 3, 23))
    services.set_clock_length(
        actor=world["specialist"],
        record=memo,
        clock=clock,
        days=10,
        label="Thời hạn",
        reason="Không phức tạp",
    )
    clock.refresh_from_db()
    assert (clock.days, clock.due_on) == (10, date(2026, 3, 16))
    with pytest.raises(PermissionDenied):
        services.set_clock_length(
            actor=world["outsider"], record=memo, clock=clock, days=5, label="", reason="x"
        )


def test_an_ended_clock_keeps_its_length(world) -> None:
    memo = world["memo"]
    clock = services.start_clock(actor=world["specialist"], record=memo, **CLOCK)
    services.stop_clock(
        actor=world["specialist"], record=memo, clock=clock, stopped_on=date(2026, 3, 5), outcome="Xong"
    )
    with pytest.raises(ValidationError):
        services.set_clock_length(
            actor=world["head"], record=memo, clock=clock, days=15, label="", reason="x"
        )


def test_loaded_clocks_take_their_due_date_from_the_calendar(world) -> None:
    rows = [
        services.ClockRow("protected.memo", world["memo"].pk, "a", "A", "working", 10, date(2026, 3, 2)),
        services.ClockRow(
            "protected.memo",
            world["memo"].pk,
            "b",
            "B",
            "calendar",
            30,
            date(2026, 3, 2),
            due_on=date(2026, 5, 1),
        ),
    ]
    loaded = {c.kind: c.due_on for c in services.load_clocks(rows)}
    assert loaded == {"a": date(2026, 3, 16), "b": date(2026, 5, 1)}
