"""A 20,000-nominee batch from its Excel list to the signed decision in the history, through the web pages in
a real browser (Debian's chromium driven by Playwright), against a real server and background worker on
SQLite, as `make run` starts them: the seconds each step takes a member of staff, from the click to the page
that shows it done.

    .venv/bin/python -m bench.honours_ui [--rows 20000]

Not part of `python -m bench` (it starts its own server and browser, and its figures are wall-clock time of
the whole journey, not a comparison with a baseline): the server-side rates of the same import and
appraisal, with their baselines, are in bench/honours.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MINUTES = 60_000
HISTORY = (
    "from bench.honours import write_history; from chancery.honours.models import HonoursBatch; "
    "write_history(HonoursBatch.objects.latest('pk'))"
)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.honours_ui", description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000, help="nominees in the list (default 20,000)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="chancery-honours-ui-"))
    os.environ.setdefault("CHANCERY_VAR_DIR", str(workdir / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "e2e.settings"

    import django

    django.setup()
    from playwright.sync_api import expect, sync_playwright

    from bench.honours import write_list
    from e2e import journeys
    from e2e.server import CHROMIUM, CHROMIUM_ARGS, chancery_server, environment

    workbook = workdir / "danh-sach.xlsx"
    workbook.write_bytes(write_list(args.rows, seed=20))
    print(f"list: {args.rows:,} nominees, {workbook.stat().st_size / 1e6:.1f} MB", flush=True)
    timings: list[tuple[str, float]] = []

    def step(name: str, action: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = action()
        timings.append((name, time.perf_counter() - started))
        print(f"  {name:<44} {timings[-1][1]:8.1f} s", flush=True)
        return result

    errors: list[str] = []
    with (
        chancery_server(
            ["--scale", "300", "--documents", "0", "--honours", "0", "--amnesty", "0"], workdir / "server"
        ) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = journeys.desk(browser, server, "chuyenvien.hc", cleared=False, errors=errors)
        head = journeys.desk(browser, server, "vutruong.kt", cleared=True, errors=errors)
        leader = journeys.desk(browser, server, "phochutich", cleared=False, errors=errors)
        page.set_default_timeout(10 * MINUTES)
        for other in (head, leader):
            other.set_default_timeout(10 * MINUTES)
        step(
            "open the batch",
            lambda: journeys.open_batch(
                page,
                title=f"Đề nghị khen thưởng {args.rows} quân nhân",
                body="Bộ Quốc phòng",
                dated="2026-11-02",
            ),
        )
        step(
            "upload, map and import the list",
            lambda: journeys.import_list(page, workbook, timeout=30 * MINUTES),
        )
        # The history the office already holds: most prior awards the list declares are on file (not timed).
        subprocess.run(
            [sys.executable, "-m", "chancery", "shell", "-c", HISTORY],
            env=environment(workdir / "server"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        step("appraise (progress bar to 100%)", lambda: journeys.appraise(page, timeout=30 * MINUTES))
        tabs = page.get_by_test_id("outcome-tabs").inner_text().replace("\n", " ")
        step(
            "settle those to review at once",
            lambda: journeys.settle_reviews(
                page, outcome="pass", reason="Bộ Quốc phòng xác nhận hồ sơ của các trường hợp cần xem xét"
            ),
        )
        step(
            "prepare the decision and the reply",
            lambda: journeys.prepare_decision(page, signer="Trần Thị Mai Anh", reply_signer="Phạm Thanh Hà"),
        )
        number = step(
            "approve, number, sign and issue",
            lambda: journeys.sign_and_issue(page, head, leader, reviewer="Trịnh Xuân Trường"),
        )
        step("record the decision in the history", lambda: journeys.record_decision(page))
        expect(page.get_by_test_id("decision-number")).to_contain_text(number.split()[-1])
        browser.close()
    total = sum(seconds for _name, seconds in timings)
    print(f"  {'total':<44} {total:8.1f} s")
    print(f"outcomes after appraisal: {tabs}")
    print(f"decision: {number}; console errors: {len(errors)}")
    for error in errors[:10]:
        print(f"  {error}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
