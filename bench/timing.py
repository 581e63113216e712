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
