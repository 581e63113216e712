"""A long list's pure work (parsing its rows, applying the rules to each row's facts) shared between this
process and one helper process forked from it, so that both cores of a small server work on it: the helper
takes the second half of each batch of items while this process does the first half, and the two halves
come back in order.

Only pure functions run in the helper: it never touches the database (its connection, inherited by the fork,
is never used there), and what it returns is the same as this process would have computed (the tests compare
the two on varied lists). The function is inherited by the fork, never pickled (a rule set's criteria are
closures); the items and the results are pickled. A short list, a machine with one core or a platform
without `fork` does everything in this process.

The helper is off unless the setting CHANCERY_LIST_HELPER is on (from the environment): on this project's
shared 2-core machine, with other processes on both cores, it lost (bench/README.md; a list of 20,000
nominees, twice: 18.6 and 14.8 s without it, 24.4 and 18.5 s with it). It is kept for a server whose second
core is free (not measured here)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

# The fewest items in a batch worth sending half of to the helper (pickling both ways costs a little).
MIN_SPLIT = 2000
# The fewest items of a whole job for which a helper is started at all (forking costs some milliseconds).
MIN_JOB = 4000

_work: Callable[[Any], Any] | None = None  # the function the helper applies, set before it is forked


def _apply_all(items: Sequence[Any]) -> list[Any]:
    assert _work is not None
    return [_work(item) for item in items]


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


class Split:
    """`with Split(function, size=n) as split: split.map(items)`: `function` applied to each item, in
    order, half of each batch in a forked helper when the job has `size` items or more."""

    def __init__(self, function: Callable[[Any], Any], *, size: int) -> None:
        self.function = function
        from django.conf import settings

        self.enabled = settings.CHANCERY_LIST_HELPER and size >= MIN_JOB and _can_fork()
        self.pool: Any = None

    def __enter__(self) -> Split:
        global _work
        if self.enabled:
            _work = self.function
            self.pool = multiprocessing.get_context("fork").Pool(1)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        global _work
        if self.pool is not None:
            if error is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
            self.pool = None
        _work = None

    def map(self, items: Sequence[Any]) -> list[Any]:
        if self.pool is None or len(items) < MIN_SPLIT:
            return [self.function(item) for item in items]
        half = len(items) // 2
        later = self.pool.apply_async(_apply_all, (items[half:],))
        first = [self.function(item) for item in items[:half]]
        return first + later.get()
