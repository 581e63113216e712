"""The honours and amnesty benches time each phase by wrapping the functions that do it: a function moved or
renamed (as when services became packages) must fail here, not in the next bench run."""

from __future__ import annotations

import pytest

from bench.honours import Phases
from chancery.amnesty import services as amnesty_services
from chancery.honours import services as honours_services


@pytest.mark.parametrize("services", [honours_services.appraisal, amnesty_services.appraisal])
def test_every_phase_the_bench_times_is_a_function_the_jobs_call(services) -> None:
    phases = Phases(services).__enter__()
    try:
        assert len(phases._undo) == 7  # each wrapped where the jobs look it up
        for owner, name, original in phases._undo:
            assert getattr(owner, name) is not original
    finally:
        phases.__exit__(None, None, None)
    for owner, name, original in phases._undo:
        assert getattr(owner, name) is original
