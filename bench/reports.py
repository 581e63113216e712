"""The monthly report and the yearly summary written from a year of records at ten times the 2013 volume, in
seconds, as `chancery report` writes them (the figures counted from every module, the narrative drafted,
the DOCX from the office's template, the PDF).

The records: 2013 at ten times the volumes the office reported (116,700 petitions, 765,200 honours
nominees, 154,500 prisoners amnestied, 120,000 incoming and 50,000 outgoing documents), each through the
demo's own loaders, dated in 2013; laws, treaties, foreign-affairs events and key tasks at the year's own
size (tens of rows each, counted by the same queries). 2012 at the 2013 volume, once: the yearly summary of
2013 compares itself with it.

Baseline, in the same run on the same database: the same reports for 2012, a year at 1x (the ratio shows how
the time grows with ten times the records), and the figures alone (the counting queries without the
narrative and the document), to show where the time goes.

`python -m bench --only reports` (the scale argument is not used: the volumes are the 2013 profile's). The
first run seeds the two years (about 20 min on SQLite), later runs reuse them.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from chancery.amnesty import demo as amnesty_demo
from chancery.amnesty.models import AmnestyRecord
from chancery.core import sqlite
from chancery.core.demo import load_demo
from chancery.diplomacy import demo as diplomacy_demo
from chancery.diplomacy.models import Event
from chancery.documents import demo as documents_demo
from chancery.documents.models import IncomingDocument
from chancery.honours import demo as honours_demo
from chancery.honours.models import Nomination
from chancery.legislation import demo as legislation_demo
from chancery.legislation.models import Statute
from chancery.petitions import demo as petitions_demo
from chancery.petitions.models import Petition
from chancery.programme import demo as programme_demo
from chancery.programme import figures
from chancery.programme.models import KeyTask

YEARS = {2012: 1, 2013: 10}
REPEATS = 3


def _seed_year(year: int, times: int) -> None:
    def need(have: int, volume: int) -> int:
        return max(0, volume * times - have)

    def timed(label: str, load: Callable[[], object]) -> None:
        started = time.perf_counter()
        load()
        print(f"   {year}: {label} in {time.perf_counter() - started:.0f} s", flush=True)

    petitions = need(Petition.objects.filter(received_on__year=year).count(), petitions_demo.YEAR_VOLUME)
    if petitions:
        timed(
            f"{petitions:,} petitions",
            lambda: petitions_demo.load(petitions, year=year, seed=year, searchable=False),
        )
    incoming = need(
        IncomingDocument.objects.filter(received_on__year=year).count(), documents_demo.INCOMING_PER_YEAR
    )
    if incoming:
        outgoing = incoming * documents_demo.OUTGOING_PER_YEAR // documents_demo.INCOMING_PER_YEAR
        timed(
            f"{incoming:,} incoming and {outgoing:,} outgoing documents",
            lambda: documents_demo.load(incoming, outgoing, year=year),
        )
    nominees = need(
        Nomination.objects.filter(batch__received_on__year=year).count(), honours_demo.YEAR_VOLUME
    )
    if nominees:
        timed(f"{nominees:,} honours nominees", lambda: honours_demo.load(nominees, year=year, seed=year))
    amnestied = need(AmnestyRecord.objects.filter(decided_on__year=year).count(), amnesty_demo.YEAR_VOLUME)
    if amnestied:
        timed(f"{amnestied:,} amnestied", lambda: amnesty_demo.load(amnestied, year=year, seed=year))
    if not Statute.objects.filter(passed_on__year=year).exists():
        timed(
            "laws and drafts",
            lambda: (
                legislation_demo.load(year=year, seed=year),
                legislation_demo.load_drafts(year=year, seed=year),
            ),
        )
    if not Event.objects.filter(starts_on__year=year).exists():
        timed("foreign-affairs events and treaties", lambda: diplomacy_demo.load(year=year, seed=year))
    if not KeyTask.objects.filter(due_on__year=year).exists():
        timed("work programmes and key tasks", lambda: programme_demo.load(year=year, seed=year))


def _seconds(call: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _report(kind: str, period: str, out: Path) -> Callable[[], object]:
    option = "--year" if kind == "yearly" else "--month"
    return lambda: call_command("report", kind, option, period, "--out", str(out), stdout=StringIO())


def run(scale: int, requests: int) -> None:
    load_demo()
    for year, times in YEARS.items():
        _seed_year(year, times)
    sqlite.refresh_statistics()
    for year, times in YEARS.items():
        print(
            f"   {year} ({times}x): {Petition.objects.filter(received_on__year=year).count():,} petitions, "
            f"{Nomination.objects.filter(batch__received_on__year=year).count():,} nominees, "
            f"{AmnestyRecord.objects.filter(decided_on__year=year).count():,} amnestied, "
            f"{IncomingDocument.objects.filter(received_on__year=year).count():,} incoming documents"
        )
    print(f"   {'':34}{'2012 (1x)':>12}{'2013 (10x)':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        rows: list[tuple[str, Callable[[int], Callable[[], object]]]] = [
            (
                "figures of the year only",
                lambda y: lambda: figures.collect(date(y, 1, 1), date(y, 12, 31)),
            ),
            ("yearly summary, DOCX", lambda y: _report("yearly", str(y), out / "y.docx")),
            ("yearly summary, PDF", lambda y: _report("yearly", str(y), out / "y.pdf")),
            ("monthly report (Sept.), DOCX", lambda y: _report("monthly", f"{y}-09", out / "m.docx")),
            ("monthly report (Sept.), PDF", lambda y: _report("monthly", f"{y}-09", out / "m.pdf")),
        ]
        for label, make in rows:
            small, large = (_seconds(make(year)) for year in YEARS)
            print(f"   {label:<34}{small:>10.2f} s{large:>10.2f} s{large / small:>7.1f}x", flush=True)
