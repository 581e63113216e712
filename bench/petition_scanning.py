"""OCR of citizens' letters on paper (`chancery.petitions.scanning`, issue 29): how often the proposed
registration is exactly right, field by field, and the seconds per page.

Letters are generated as citizens type them (`petitions.scanning.generated`: the four kinds, titled or not,
the petitioner introduced in the ways letters do it or only at the signature, an address in the 2025 units
or in the old three-level form of a merged commune, identity card and phone numbers), drawn on an A4 page
at 300 and 200 dpi, then made to look scanned as the documents' bench does (`bench.scanning.scanned`: a skew
of up to ±1.5°, grain and specks). Each page is read by Tesseract ("vie") and the registration proposed.
Baseline: the same OCR text searched by the obvious regular expressions (`naive`: the text after "Tôi tên
là" or "Họ và tên" for the name, the digits after "CCCD" and "điện thoại"), nothing forgiven.

`python -m bench --only petition_scanning --scale N`: N letters (a scale above 1,000, as `make bench` gives,
runs 40). No target is set by the issue for letters; the figures are printed for the record.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from typing import Any

from bench.scanning import scanned
from chancery.core.text import fold
from chancery.documents.scanning import ocr
from chancery.petitions.scanning import generated, letter

DEFAULT_LETTERS = 40
RESOLUTIONS = (300, 200)
FIELDS = ("full_name", "province", "ward", "id_number", "phone", "kind", "summary (no diacritics)")


def score(spec: generated.LetterSpecimen, proposal: Any) -> dict[str, bool]:
    summary = proposal.value("summary") or ""
    return {
        "full_name": proposal.value("full_name") == spec.full_name,
        "province": proposal.value("province") == spec.province_code,
        "ward": proposal.value("ward") == spec.ward_code,
        "id_number": proposal.value("id_number") == spec.id_number,
        "phone": proposal.value("phone") == spec.phone,
        "kind": proposal.value("kind") == spec.kind,
        "summary (no diacritics)": " ".join(fold(summary).split()) == " ".join(fold(spec.summary).split()),
    }


_NAIVE_NAME = re.compile(r"(?:Tôi tên là|Họ và tên):?\s*(.+)")
_NAIVE_ID = re.compile(r"CCCD[^\d]*(\d{9,12})")
_NAIVE_PHONE = re.compile(r"điện thoại[^\d]*(\d{10,11})", re.IGNORECASE)


def score_naive(spec: generated.LetterSpecimen, text: str) -> dict[str, bool]:
    name, card, phone = _NAIVE_NAME.search(text), _NAIVE_ID.search(text), _NAIVE_PHONE.search(text)
    return {
        "full_name": bool(name) and name.group(1).strip() == spec.full_name,  # type: ignore[union-attr]
        "id_number": bool(card) and card.group(1) == spec.id_number,  # type: ignore[union-attr]
        "phone": bool(phone) and phone.group(1) == spec.phone,  # type: ignore[union-attr]
    }


def run(scale: int, requests: int) -> None:
    if not ocr.tesseract_available():
        print(
            "   skipped: tesseract and its Vietnamese model are not installed "
            "(tesseract-ocr tesseract-ocr-vie)"
        )
        return
    count = scale if scale <= 1000 else DEFAULT_LETTERS
    rng = random.Random(2029)
    specimens = [generated.random_letter(rng) for _ in range(count)]
    ours: dict[int, Counter[str]] = {dpi: Counter() for dpi in RESOLUTIONS}
    naive: dict[int, Counter[str]] = {dpi: Counter() for dpi in RESOLUTIONS}
    seconds: dict[int, float] = dict.fromkeys(RESOLUTIONS, 0.0)
    misses: dict[int, list[str]] = {dpi: [] for dpi in RESOLUTIONS}
    for spec in specimens:
        for dpi in RESOLUTIONS:
            image = scanned(generated.page_image(spec, dpi=dpi), random.Random(rng.random()))
            started = time.perf_counter()
            page = ocr.read_page(image, 1, dpi=dpi)
            proposal = letter.propose(page.lines)
            seconds[dpi] += time.perf_counter() - started
            got = score(spec, proposal)
            ours[dpi].update(name for name, ok in got.items() if ok)
            naive[dpi].update(name for name, ok in score_naive(spec, page.text).items() if ok)
            wrong = [name for name in ("full_name", "province", "ward") if not got[name]]
            if wrong and len(misses[dpi]) < 5:
                misses[dpi].append(
                    f"{spec.full_name} | {spec.address} -> "
                    + ", ".join(f"{name}={proposal.value(name)!r}" for name in wrong)
                )
    titled = sum(1 for spec in specimens if spec.titled)
    print(f"   {count} letters ({titled} titled), each at 300 and 200 dpi, skewed ±1.5°, grain and specks")
    print(f"   {'field':<26}{'300 dpi':>9}{'200 dpi':>9}{'naive 300':>11}{'naive 200':>11}")
    for name in FIELDS:
        cells = [f"{ours[dpi][name] / count:>9.3f}" for dpi in RESOLUTIONS]
        cells += [
            f"{naive[dpi][name] / count:>11.3f}"
            if name in ("full_name", "id_number", "phone")
            else f"{'-':>11}"
            for dpi in RESOLUTIONS
        ]
        print(f"   {name:<26}{''.join(cells)}")
    for dpi in RESOLUTIONS:
        print(f"   seconds per page at {dpi} dpi (OCR and reading): {seconds[dpi] / count:.2f}")
        for miss in misses[dpi]:
            print(f"     missed at {dpi} dpi: {miss}")
