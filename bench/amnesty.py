"""Amnesty at scale: a campaign with 100,000 prisoners, their lists imported from Excel and appraised end to
end through the same jobs as the campaign's page (`amnesty_import`: read, validate each row, find or create
the prisoner, store the proposal; `amnesty_appraise`: read the amnesties on file and the other lists of the
campaign, apply the campaign's rule set, store every condition's finding), in rows per second.

Baselines, measured in the same run on the same database:
- PostgreSQL COPY of the same cells (as read from the same workbooks) into a bare table: the floor of writing
  these rows, with no validation, no matching of people and no appraisal (PostgreSQL only);
- a naive ORM loop: each row parsed, then its prisoner and proposal saved with one `save()` each, each in its
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
from bench.honours import Phases
from chancery.amnesty import demo, intake, rules, services
from chancery.amnesty.models import Prisoner, Proposal
from chancery.appraisal import sheets
from chancery.core import jobs
from chancery.core.demo import load_demo
from chancery.core.models import User
from chancery.core.text import fold

ROWS = 100_000
FACILITIES = 10
NAIVE_ROWS = 5_000
REFERENCE = date(2026, 8, 30)
HEADINGS = [
    "Họ và tên",
    "Ngày sinh",
    "Số định danh",
    "Nơi cư trú",
    "Điều luật",
    "Loại án",
    "Mức án",
    "Ngày bắt đầu chấp hành án",
    "Tạm giữ, tạm giam (ngày)",
    "Đã được giảm",
    "Ngày phạm tội",
    "Số quý xếp loại dưới khá",
    "Nghĩa vụ dân sự",
    "Có nơi cư trú rõ ràng",
    "Trường hợp đặc biệt",
    "Số tiền án",
]
CIVIL_WORDS = {
    rules.CIVIL_DONE: "Đã thi hành xong",
    rules.CIVIL_NONE: "Không có",
    rules.CIVIL_HARDSHIP: "Khó khăn",
    rules.CIVIL_NOT_DONE: "Chưa",
}
SPECIAL_WORDS = {
    "lap-cong": "Lập công",
    "thuong-binh": "Thương binh",
    "benh-hiem-ngheo": "Bệnh hiểm nghèo",
    "nuoi-con": "Nuôi con nhỏ",
}


def write_list(count: int, seed: int) -> bytes:
    """A facility's list as facilities send it: the demo's prisoners, nine in ten meeting the conditions."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(HEADINGS)
    for n in range(count):
        facts, prisoner = demo._row(rng, REFERENCE, meets=rng.random() < 0.9)
        months = facts["term_months"]
        sheet.append(
            [
                f"{prisoner.name} {seed}-{n}",
                date.fromisoformat(facts["birth"]).strftime("%d/%m/%Y"),
                prisoner.id_number,
                prisoner.home,
                ", ".join(facts["articles"]),
                "Chung thân đã giảm" if facts["kind"] == rules.LIFE_COMMUTED else "Có thời hạn",
                f"{months // 12} năm {months % 12} tháng" if months % 12 else f"{months // 12} năm",
                date.fromisoformat(facts["start"]).strftime("%d/%m/%Y"),
                facts["pretrial_days"],
                f"{facts['reduction_months']} tháng" if facts["reduction_months"] else "",
                date.fromisoformat(facts["offence_date"]).strftime("%d/%m/%Y"),
                facts["bad_quarters"],
                CIVIL_WORDS[facts["civil"]],
                "x",
                ", ".join(SPECIAL_WORDS[c] for c in facts["special"]),
                facts["prior_convictions"],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(scale: int, requests: int) -> None:
    load_demo()
    count = min(scale, ROWS)
    per_list = count // FACILITIES
    facilities = demo.ensure_facilities()[:FACILITIES]
    actor = User.objects.get(username="chuyenvien.dx")
    started = time.perf_counter()
    workbooks = [write_list(per_list, seed=i) for i in range(FACILITIES)]
    print(
        f"   {FACILITIES} lists of {per_list:,} prisoners written "
        f"({sum(len(w) for w in workbooks) / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s"
    )
    campaign = services.create_campaign(
        actor=actor, title="Benchmark", basis="Quyết định (benchmark)", reference_date=REFERENCE
    )
    imported = 0.0
    stored = skipped = 0
    mapping: dict[str, int] = {}
    campaign.get_absolute_url()  # the URLs loaded, as in a worker that has run a job before
    phases = Phases(services.appraisal).__enter__()
    for facility, content in zip(facilities, workbooks, strict=True):
        plist = services.open_list(actor=actor, campaign=campaign, facility=facility, received_on=REFERENCE)
        upload = jobs.receive_upload(
            actor=actor, kind="amnesty_import", upload=ContentFile(content, name=f"bench-{plist.pk}.xlsx")
        )
        with default_storage.open(upload.file, "rb") as handle:
            mapping = sheets.guess_mapping(sheets.read_headings(handle), intake.COLUMNS)
        started = time.perf_counter()
        job = services.start_import(actor=actor, plist=plist, upload=upload, mapping=mapping)
        jobs.run(job.pk)
        imported += time.perf_counter() - started
        job.refresh_from_db()
        stored += int(job.result["stored"])
        skipped += int(job.result["skipped"])
    started = time.perf_counter()
    jobs.run(services.start_appraisal(actor=actor, campaign=campaign).pk)
    appraised = time.perf_counter() - started
    phases.__exit__(None, None, None)
    total = imported + appraised
    print(f"   Chancery, {stored:,} stored ({skipped} rows refused); verdicts {services.counts_of(campaign)}")
    print(f"     import (jobs)             {timing.rate(stored, imported)}")
    print(f"     appraisal (job)           {timing.rate(stored, appraised)}")
    print(f"     end to end                {timing.rate(stored, total)}")
    phases.report(imported, appraised)

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        for index, content in enumerate(workbooks):
            file = Path(folder) / f"list-{index}.xlsx"
            file.write_bytes(content)
            rows.extend(values for _n, values in sheets.read_rows(str(file), mapping))
        reading = time.perf_counter() - started
    print(f"     (reading the workbooks alone: {timing.rate(len(rows), reading)})")
    copied = timing.copy_rate(rows, list(mapping))
    if copied is not None:
        print(f"     PostgreSQL COPY           {timing.rate(len(rows), copied)}")
        print(f"     ratio COPY / Chancery end to end: {(len(rows) / copied) / (stored / total):6.1f}x")
    else:
        print("     PostgreSQL COPY           (PostgreSQL only: run with DATABASE_URL=postgres://...)")

    first_list = campaign.lists.first()
    assert first_list is not None
    naive_rows = rows[:NAIVE_ROWS]
    started = time.perf_counter()
    for index, values in enumerate(naive_rows):
        row = intake.parse_row(values)
        prisoner = Prisoner(
            name=row.name,
            folded_name=fold(row.name),
            identity=f"naive:{time.perf_counter_ns()}",
            birth=row.birth,
        )
        prisoner.save()
        Proposal(
            campaign=campaign,
            plist=first_list,
            row=10_000_000 + index,
            prisoner=prisoner,
            kind=row.kind,
            term_months=row.term_months,
            articles=", ".join(row.articles),
            facts=row.facts,
        ).save()
    naive = time.perf_counter() - started
    print(f"     naive ORM save per row    {timing.rate(len(naive_rows), naive)}  (no appraisal)")
    print(f"     ratio Chancery end to end / naive ORM: {(stored / total) / (len(naive_rows) / naive):6.1f}x")
