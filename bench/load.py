"""Load and soak: the office's staff at work (bench/locustfile.py) against the production shape on this
machine (PostgreSQL, gunicorn's app processes, RQ workers on Redis; chancery/ops/prodcheck.py), for a
bounded time, against localhost only.

`python -m bench.load [--users 50] [--minutes 10]` prints, per action: requests, requests per second, median
and 95th-percentile time, failures; the total; and the memory of the app processes and workers sampled
every 10 s (first, last, highest), to show it steady. The database `chancery_load` is seeded once with the
demo office at a year's volume (11,670 petitions, 76,520 honours nominees, 15,450 amnestied, a year's
registers) and kept between runs.

No baseline is run beside it: the figures are the shape's own, with the load generator on the same two
cores as the server and the database.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from chancery.ops.prodcheck import BIN, ROOT, Shape

DATABASE = "chancery_load"


def _memory(shape: Shape) -> int:
    total = 0
    for process in shape.processes:
        try:
            parent = psutil.Process(process.pid)
            total += sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
        except psutil.NoSuchProcess:
            continue
    return total


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--web-workers", type=int, default=5)
    args = parser.parse_args()

    shape = Shape(DATABASE, web_workers=args.web_workers, redis_db=12)
    seeded = shape.database_exists()
    if not seeded:
        print("seeding the demo office at a year's volume (kept for later runs) ...", flush=True)
        shape.fresh_database()
    started = time.perf_counter()
    shape.run("migrate", "--no-input")
    if not seeded:
        shape.run("demo")
    shape.run("collectstatic", "--no-input", "-v", "0")
    print(
        f"   prepared in {time.perf_counter() - started:.0f} s; {args.web_workers} app processes, "
        f"{shape.rq_workers} RQ workers",
        flush=True,
    )
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample() -> None:
        begun = time.monotonic()
        while not stop.wait(10):
            samples.append((time.monotonic() - begun, _memory(shape)))

    try:
        shape.start()
        samples.append((0.0, _memory(shape)))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        prefix = shape.work / "load"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "5",
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--host",
                shape.base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        stop.set()
        _report(prefix, samples, args, locust)
    finally:
        stop.set()
        shape.stop()
    return 0


def _report(prefix: Path, samples: list[tuple[float, int]], args: argparse.Namespace, locust: object) -> None:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        print(getattr(locust, "stderr", "")[-3000:])
        raise SystemExit("locust wrote no figures")
    rows = list(csv.DictReader(path.open()))
    print(f"   {args.users} users for {args.minutes:g} min on PostgreSQL")
    print(f"   {'action':<32}{'requests':>9}{'req/s':>8}{'median':>9}{'p95':>9}{'errors':>8}")
    for row in rows:
        name = "all actions" if row["Name"] == "Aggregated" else row["Name"]
        median, p95 = float(row["Median Response Time"]), float(row["95%"])
        print(
            f"   {name:<32}{int(row['Request Count']):>9,}{float(row['Requests/s']):>8.1f}"
            f"{median:>7.0f}ms{p95:>7.0f}ms{int(row['Failure Count']):>8}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:10]:
            print(f"   failure: {row}")
    if samples:
        memory = [m for _t, m in samples]
        half = len(memory) // 2
        growth = statistics.mean(memory[half:]) / statistics.mean(memory[:half] or memory)
        print(
            f"   memory of app processes and workers: start {memory[0] / 2**20:,.0f} MB, "
            f"end {memory[-1] / 2**20:,.0f} MB, highest {max(memory) / 2**20:,.0f} MB; "
            f"second half vs first half {growth:.2f}x "
            f"({len(memory)} samples)"
        )


if __name__ == "__main__":
    sys.exit(main())
