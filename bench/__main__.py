"""`make bench` / `python -m bench [--scale N] [--only NAME]`: seed data at a scale, print each figure with
its baseline and the ratio, all measured in the same run on the same database.

The database is var/bench/ (SQLite) unless DATABASE_URL names another; seeded data is kept between runs, so
a second run at the same scale skips the seeding.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000, help="rows to seed (default 1,000,000)")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per figure (default 40)")
    parser.add_argument("--only", action="append", help="run only these benchmarks")
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    os.environ.setdefault("CHANCERY_VAR_DIR", str(root / "var" / "bench"))
    os.environ.setdefault("CHANCERY_SECURE_COOKIES", "0")
    os.environ.setdefault("CHANCERY_AUDIT_KEY", "bench-audit-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    import chancery.wsgi  # noqa: F401  (loads the app as production does, including its gc.freeze())
    from bench import (
        amnesty,
        audit_trail,
        case_list,
        classify,
        duplicates,
        forecast,
        honours,
        petition_scanning,
        reports,
        scanning,
        search,
    )

    benchmarks: dict[str, Callable[..., None]] = {
        "audit_trail": audit_trail.run,
        "search": search.run,
        "case_list": case_list.run,
        "duplicates": duplicates.run,
        "classify": classify.run,
        "honours": honours.run,
        "amnesty": amnesty.run,
        "forecast": forecast.run,
        "reports": reports.run,
        "scanning": scanning.run,
        "petition_scanning": petition_scanning.run,
    }
    selected = args.only or list(benchmarks)
    missed = []
    for name in selected:
        started = time.perf_counter()
        print(f"== {name} (scale {args.scale:,})", flush=True)
        try:
            benchmarks[name](scale=args.scale, requests=args.requests)
        except duplicates.TargetMissed as failure:
            print(f"   FAIL: {failure}", flush=True)
            missed.append(name)
        print(f"   ({time.perf_counter() - started:.0f} s)")
    if missed:
        print(f"targets missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
