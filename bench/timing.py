"""Latency figures: time a set of requests and report p50 and p95 in milliseconds."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Latency:
    p50: float
    p95: float

    def __str__(self) -> str:
        return f"p50 {self.p50:8.1f} ms   p95 {self.p95:8.1f} ms"


def measure(call: Callable[[str], object], urls: Sequence[str], warmup: int = 3) -> Latency:
    for url in urls[:warmup]:
        call(url)
    samples = []
    for url in urls:
        started = time.perf_counter()
        call(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95_index = max(0, min(len(samples) - 1, round(0.95 * len(samples)) - 1))
    return Latency(p50=statistics.median(samples), p95=samples[p95_index])


def report(label: str, ours: Latency, baseline: Latency, baseline_name: str) -> None:
    ratio = baseline.p95 / ours.p95 if ours.p95 else float("inf")
    print(f"   {label}")
    print(f"     Chancery          {ours}")
    print(f"     {baseline_name:<17} {baseline}")
    print(f"     ratio (baseline p95 / Chancery p95): {ratio:6.1f}x")


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:10,.0f} rows/s  ({rows:,} rows in {seconds:6.1f} s)"


def copy_rate(rows: Sequence[dict[str, object]], fields: Sequence[str]) -> float | None:
    """Seconds for PostgreSQL COPY of the same cells into a bare unlogged table: the floor of what writing
    the rows can cost (no validation, no matching, no appraisal). None on another database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE UNLOGGED TABLE bench_copy (" + ", ".join(f"{f} text" for f in fields) + ")")
        started = time.perf_counter()
        with cursor.copy(f"COPY bench_copy ({', '.join(fields)}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row([None if values[f] is None else str(values[f]) for f in fields])
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return seconds
