"""Honours at scale: a list of 100,000 nominees imported from Excel and appraised end to end, through the
same jobs as the web page (`honours_import`: read, validate each row, find or create the honoree, store the
nomination; `honours_appraise`: read each nominee's history and other nominations of the year, apply the rule
set in force, store every criterion's finding), in rows per second.

Baselines, measured in the same run on the same database:
- PostgreSQL COPY of the same rows (the cells as read from the same workbook) into a bare table: the floor of
  what writing these rows can cost, with no validation, no honoree matching and no appraisal (PostgreSQL
  only);
- a naive ORM loop: each row parsed, then its honoree and nomination saved one `save()` at a time, each in its
  own transaction, no appraisal (timed on the first 5,000 rows: its rate is what is compared).
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import Workbook

from bench import timing
from chancery.appraisal import sheets
from chancery.core import jobs
from chancery.core.demo import load_demo
from chancery.core.models import Agency, User
from chancery.core.text import fold
from chancery.honours import demo, intake, rules, services
from chancery.honours.models import AwardRecord, Honoree, Nomination

ROWS = 100_000
NAIVE_ROWS = 5_000
HEADINGS = [
    "Họ và tên",
    "Cá nhân/Tập thể",
    "Năm sinh",
    "Đơn vị công tác",
    "Hình thức khen thưởng",
    "Số quyết định khen thưởng trước",
    "Ngày quyết định khen thưởng trước",
    "Năm hoàn thành xuất sắc nhiệm vụ",
    "Năm hoàn thành tốt nhiệm vụ",
    "Chiến sĩ thi đua cơ sở (năm)",
    "Số năm công tác liên tục",
    "Chiến sĩ thi đua cấp bộ, tỉnh (năm)",
    "Cờ thi đua cấp bộ, tỉnh (năm)",
    "Số con",
    "Số con liệt sĩ",
    "Chồng là liệt sĩ",
]


def _years(values: list[int]) -> str:
    return ", ".join(str(y) for y in values)


def write_list(count: int, seed: int = 11) -> bytes:
    """A proposing body's list as ministries send it: the demo's people and facts, in the list's columns."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(HEADINGS)
    year = 2026
    body = Agency(name="Ủy ban nhân dân tỉnh Nghệ An")  # the proposing body the list comes from
    mix = demo.awards_of(body)
    for n in range(count):
        award, subject, _w = rng.choices(mix, weights=[m[2] for m in mix])[0]
        who = demo._person(rng, award, subject, year, body)
        prior_year = rng.randint(year - 9, year - 6)
        facts = demo._facts(rng, award, subject, prior_year, year)
        excellent = [int(y) for y, r in facts["ratings"].items() if r == "excellent"]
        good = [int(y) for y, r in facts["ratings"].items() if r == "good"]
        grassroots = [y for y, code in facts["titles"] if code == rules.TITLE_GRASSROOTS_FIGHTER]
        sheet.append(
            [
                f"{who['name']} {n}",
                "Tập thể" if subject == rules.COLLECTIVE else "Cá nhân",
                who["birth_year"],
                who["organisation"],
                rules.award_name(award),
                f"{rng.randint(100, 2999)}/QĐ-TTg" if award in demo.PRIOR else "",
                date(prior_year, 6, 1).strftime("%d/%m/%Y") if award in demo.PRIOR else "",
                _years(excellent),
                _years(good),
                _years(grassroots),
                facts["service_years"],
                _years([y for y, code in facts["titles"] if code == rules.TITLE_MINISTRY_FIGHTER]),
                _years([y for y, code in facts["titles"] if code == rules.TITLE_MINISTRY_FLAG]),
                facts.get("martyrs", {}).get("children", ""),
                facts.get("martyrs", {}).get("children_martyrs", ""),
                "x" if facts.get("martyrs", {}).get("husband_martyr") else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_history(batch: Any) -> None:
    """The honours history on file: most declared prior awards are there (written before the timing)."""
    rng = random.Random(3)
    history = [
        AwardRecord(
            honoree_id=honoree_id,
            award=demo.PRIOR[award],
            decision_number=facts["claimed_prior"]["decision_number"],
            decided_on=date.fromisoformat(facts["claimed_prior"]["decided_on"]),
        )
        for honoree_id, award, facts in Nomination.objects.filter(batch=batch).values_list(
            "honoree_id", "award", "facts"
        )
        if facts.get("claimed_prior") and award in demo.PRIOR and rng.random() < 0.9
    ]
    AwardRecord.objects.bulk_create(history, batch_size=2000, ignore_conflicts=True)


_rate = timing.rate


class Phases:
    """Seconds spent in each phase of the import and appraisal jobs, each measured by a wrapper around the
    function that does it (the wrappers cost microseconds per chunk; `read_rows` is made a list once)."""

    def __init__(self, services_module: Any) -> None:
        self.services = services_module
        self.seconds: dict[str, float] = {}
        self.inside = ""
        self._undo: list[tuple[Any, str, Any]] = []

    def _wrap(self, owner: Any, name: str, label: str, *, listed: bool = False) -> None:
        original = getattr(owner, name)
        seconds = self.seconds

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            outer = self.inside
            self.inside = label
            try:
                result = original(*args, **kwargs)
                return iter(list(result)) if listed else result
            finally:
                self.inside = outer
                # the Split that parses the rows is part of the parse, not of the rules
                key = outer if label.startswith("apply the rules") and outer.startswith("parse") else label
                if key == label:
                    seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started

        self._undo.append((owner, name, original))
        setattr(owner, name, timed)

    def __enter__(self) -> Phases:
        from chancery.appraisal import importing, parallel

        self._wrap(sheets, "read_rows", "read the workbook (calamine, cells cleaned)", listed=True)
        self._wrap(importing, "parse_rows", "parse the rows")
        self._wrap(importing, "people_for", "find or add the people (COPY)")
        self._wrap(importing.ListRows, "store", "store: people and rows")
        self._wrap(self.services, "_facts", "read the facts (history, other proposals)")
        self._wrap(parallel.Split, "map", "apply the rules")
        self._wrap(self.services, "update_rows", "write the verdicts (COPY, one UPDATE)")
        return self

    def __exit__(self, *exc: Any) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)

    def report(self, imported: float, appraised: float) -> None:
        s = self.seconds
        people = s.get("find or add the people (COPY)", 0.0)
        parse = s.get("parse the rows", 0.0)
        rules_time = s.get("apply the rules", 0.0)
        read = s.get("read the workbook (calamine, cells cleaned)", 0.0)
        rows_written = s.get("store: people and rows", 0.0) - people
        lines = [
            ("import: read the workbook (calamine, cells cleaned)", read),
            ("import: parse the rows", parse),
            ("import: find or add the people (COPY)", people),
            ("import: write the rows (COPY)", rows_written),
            (
                "import: the rest (plan, checkpoints, statistics)",
                imported - read - parse - people - rows_written,
            ),
            ("appraisal: read the facts", s.get("read the facts (history, other proposals)", 0.0)),
            ("appraisal: apply the rules", rules_time),
            ("appraisal: write the verdicts", s.get("write the verdicts (COPY, one UPDATE)", 0.0)),
        ]
        known = sum(seconds for label, seconds in lines[5:])
        lines.append(("appraisal: the rest (chunks read, checkpoints)", appraised - known))
        for label, seconds in lines:
            print(f"       {label:<52} {seconds:6.2f} s")


def run(scale: int, requests: int) -> None:
    load_demo()
    count = min(scale, ROWS)
    body = demo.ensure_bodies()[0][0]
    actor = User.objects.get(username="chuyenvien.hc")
    started = time.perf_counter()
    content = write_list(count)
    print(
        f"   list of {count:,} nominees written ({len(content) / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.0f} s"
    )

    batch = services.create_batch(
        actor=actor,
        title="Benchmark",
        proposing_body=body,
        proposed_on=date(2026, 3, 1),
        received_on=date(2026, 3, 5),
    )
    upload = jobs.receive_upload(
        actor=actor, kind="honours_import", upload=ContentFile(content, name="bench-honours.xlsx")
    )
    with default_storage.open(upload.file, "rb") as handle:
        mapping = sheets.guess_mapping(sheets.read_headings(handle), intake.COLUMNS)
    batch.get_absolute_url()  # the URLs loaded, as in a worker that has run a job before (a job's page link)
    with Phases(services.appraisal) as phases:
        started = time.perf_counter()
        job = services.start_import(actor=actor, batch=batch, upload=upload, mapping=mapping)
        jobs.run(job.pk)
        imported = time.perf_counter() - started
        job.refresh_from_db()
        stored = int(job.result["stored"])
        write_history(batch)
        started = time.perf_counter()
        appraisal = services.start_appraisal(actor=actor, batch=batch)
        jobs.run(appraisal.pk)
        appraised = time.perf_counter() - started
    counts = services.counts_of(batch)
    total = imported + appraised
    print(
        f"   Chancery, {stored:,} stored of {count:,} ({job.result['skipped']} rows refused); "
        f"verdicts {counts}"
    )
    print(f"     import (job)              {_rate(stored, imported)}")
    print(f"     appraisal (job)           {_rate(stored, appraised)}")
    print(f"     end to end                {_rate(stored, total)}")
    phases.report(imported, appraised)

    # the same rows as read from the workbook: the input every method starts from
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "list.xlsx"
        file.write_bytes(content)
        started = time.perf_counter()
        rows = [values for _n, values in sheets.read_rows(str(file), mapping)]
        reading = time.perf_counter() - started
    print(f"     (reading the workbook alone: {_rate(len(rows), reading)})")

    copied = timing.copy_rate(rows, list(mapping))
    if copied is not None:
        print(f"     PostgreSQL COPY           {_rate(len(rows), copied)}")
        print(f"     ratio COPY / Chancery end to end: {(len(rows) / copied) / (stored / total):6.1f}x")
    else:
        print("     PostgreSQL COPY           (PostgreSQL only: run with DATABASE_URL=postgres://...)")

    naive_rows = rows[:NAIVE_ROWS]
    started = time.perf_counter()
    for index, values in enumerate(naive_rows):
        row = intake.parse_row(values)
        honoree = Honoree(
            kind=row.subject,
            name=row.name,
            folded_name=fold(row.name),
            identity=f"naive:{time.perf_counter_ns()}",
            birth_year=row.birth_year,
            organisation=row.organisation,
        )
        honoree.save()
        Nomination(
            batch_id=batch.pk,
            row=10_000_000 + index,
            honoree=honoree,
            award=row.award,
            subject=row.subject,
            facts=row.facts,
        ).save()
    naive = time.perf_counter() - started
    print(f"     naive ORM save per row    {_rate(len(naive_rows), naive)}  (no appraisal)")
    print(f"     ratio Chancery end to end / naive ORM: {(stored / total) / (len(naive_rows) / naive):6.1f}x")

    decision_figures(body, actor)


DECISION_ROWS = 20_000


def decision_figures(body: Any, actor: User) -> None:
    """A batch of 20,000 nominees, the size the Office plans for: appraised, settled, and made into the draft
    decision with its annex and the reply (`services.prepare_decision`, what the button does)."""
    from chancery.honours.models import HonoursBatch, Verdict

    batch = services.create_batch(
        actor=actor,
        title="Benchmark 20.000",
        proposing_body=body,
        proposed_on=date(2026, 3, 1),
        received_on=date(2026, 3, 5),
    )
    upload = jobs.receive_upload(
        actor=actor,
        kind="honours_import",
        upload=ContentFile(write_list(DECISION_ROWS, seed=12), name="bench-honours-20k.xlsx"),
    )
    with default_storage.open(upload.file, "rb") as handle:
        mapping = sheets.guess_mapping(sheets.read_headings(handle), intake.COLUMNS)
    started = time.perf_counter()
    jobs.run(services.start_import(actor=actor, batch=batch, upload=upload, mapping=mapping).pk)
    imported = time.perf_counter() - started
    write_history(batch)
    started = time.perf_counter()
    jobs.run(services.start_appraisal(actor=actor, batch=batch).pk)
    appraised = imported + time.perf_counter() - started
    # the specialists' review, settled in one statement for the measurement (each override is a page action)
    Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW).update(
        override=Verdict.FAIL, override_reason="Chưa đủ hồ sơ (benchmark)", outcome=Verdict.FAIL
    )
    from chancery.documents.selectors import office_signers, president_signers

    signer, reply_signer = president_signers(deputy=True).first(), office_signers().first()
    started = time.perf_counter()
    batch = services.prepare_decision(
        actor=actor, batch=HonoursBatch.objects.get(pk=batch.pk), signer=signer, reply_signer=reply_signer
    )
    prepared = time.perf_counter() - started
    counts = services.counts_of(batch)
    assert batch.decision_document is not None
    version = batch.decision_document.versions.order_by("-version").first()
    megabytes = version.size / 1e6 if version else 0.0
    print(f"   a batch of {DECISION_ROWS:,} nominees: imported and appraised in {appraised:.1f} s")
    print(
        f"     draft decision ({counts.get('pass', 0):,} in the annex) and reply "
        f"({counts.get('fail', 0):,} with reasons) prepared in {prepared:.1f} s; "
        f"decision DOCX {megabytes:.1f} MB"
    )
