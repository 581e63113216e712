"""OCR of scanned incoming mail (`chancery.documents.scanning`, issue 29): how often the proposed register
line is exactly right, field by field, and the seconds per page.

Documents are generated in the national format with random agencies, numbers, dates, types, summaries,
signers and marks (`scanning.generated`), laid out by the office's own PDF layout (`documents.layout`),
rasterised with pypdfium2 at 200 and 300 dpi, then made to look scanned: a red round seal over the signature,
a skew of up to ±1.5°, grain and specks. Each page is read by Tesseract ("vie") and the register line
proposed. Baseline: the same OCR text searched by the obvious regular expressions (`naive`:
"Số: N/SYMBOL", "ngày D tháng M năm Y"), nothing forgiven.

`python -m bench --only scanning --scale N`: N documents (a scale above 1,000, as `make bench` gives, runs
100). Target: at 300 dpi, the number and symbol and the date exactly right on at least 95% of documents.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
import re
import time
from collections import Counter
from typing import Any

from bench.duplicates import TargetMissed
from chancery.core.text import fold
from chancery.documents import layout
from chancery.documents.scanning import generated, ocr, register_line
from chancery.documents.scanning.agencies import Candidate

TARGET = 0.95
DEFAULT_DOCUMENTS = 100
RESOLUTIONS = (300, 200)
FIELDS = (
    "reference",
    "number",
    "symbol",
    "issued_on",
    "sender",
    "doc_type",
    "urgency",
    "secrecy",
    "signer",
    "signer (no diacritics)",
    "summary",
    "summary (no diacritics)",
)


def stamp(image: Any, centre: tuple[float, float], radius: float, rng: random.Random) -> None:
    """A red round seal, its rings and star, and a few letters around it, partly transparent like ink."""
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    red = (200 + rng.randint(-20, 20), 30, 40, 170)
    x, y = centre
    width = max(2, int(radius / 18))
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=width)
    inner = radius * 0.72
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=red, width=max(1, width // 2))
    star = [
        (
            x + radius * 0.3 * math.cos(math.pi / 2 + k * 2 * math.pi / 5 * 2),
            y - radius * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5),
        )
        for k in range(5)
    ]
    draw.polygon(star, fill=red)
    for k in range(28):  # the agency's name around the ring, as strokes
        angle = 2 * math.pi * k / 28
        r1, r2 = inner + width, radius - width
        draw.line(
            (
                x + r1 * math.cos(angle),
                y + r1 * math.sin(angle),
                x + r2 * math.cos(angle + 0.05),
                y + r2 * math.sin(angle + 0.05),
            ),
            fill=red,
            width=max(1, width // 2),
        )
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


def scanned(image: Any, rng: random.Random) -> Any:
    """The page as a scanner gives it: skewed up to ±1.5°, with grain and specks."""
    import numpy as np
    from PIL import Image

    skewed = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor="white")
    pixels = np.asarray(skewed, dtype=np.int16)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 14, pixels.shape[:2])[..., None]
    pixels = pixels + noise.astype(np.int16)
    specks = np.random.default_rng(rng.randrange(2**32)).random(pixels.shape[:2]) < 0.0008
    pixels[specks] = 30
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def pages_of(spec: generated.Specimen, dpi: int, rng: random.Random) -> list[Any]:
    """The specimen laid out, rasterised at `dpi`, the seal over the signer's name, made to look scanned."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(layout.render_pdf(generated.layout_values(spec)))
    images = []
    try:
        scale = dpi / 72
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=scale).to_pil().convert("RGB")
            text = page.get_textpage()
            searcher = text.search(spec.signer)
            found = searcher.get_next()
            if found is not None:
                left, _bottom, _right, top = text.get_charbox(found[0])
                height = page.get_height()
                x, y = left * scale, (height - top) * scale
                # the seal over the left of the signature, its edge on the name (as a seal is put)
                stamp(image, (x + 8 * dpi / 25.4, y - 14 * dpi / 25.4), 16 * dpi / 25.4, rng)
            images.append(scanned(image, rng))
        return images
    finally:
        document.close()


def score(
    spec: generated.Specimen, proposal: register_line.Proposal, pk_of: dict[str, int]
) -> dict[str, bool]:
    summary, signer = proposal.value("summary") or "", proposal.value("signer") or ""
    return {
        "reference": proposal.value("reference") == spec.reference,
        "number": proposal.value("number") == spec.number,
        "symbol": proposal.value("symbol") == spec.symbol,
        "issued_on": proposal.value("issued_on") == spec.issued_on,
        "sender": proposal.value("sender") == pk_of[spec.agency],
        "doc_type": proposal.value("doc_type") == spec.doc_type,
        "urgency": proposal.value("urgency") == spec.urgency,
        "secrecy": proposal.value("secrecy") == spec.secrecy,
        "signer": signer == spec.signer,
        "signer (no diacritics)": fold(signer) == fold(spec.signer),
        "summary": summary == spec.summary,
        "summary (no diacritics)": fold(summary) == fold(spec.summary),
    }


_NAIVE_NUMBER = re.compile(r"Số:\s*(\d+)/([\w-]+)")
_NAIVE_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def naive(text: str) -> dict[str, Any]:
    """The baseline a bench compares with: the raw OCR text searched by the obvious regular expressions
    ("Số: N/SYMBOL", "ngày D tháng M năm Y"), nothing forgiven."""
    found: dict[str, Any] = {"number": None, "symbol": None, "issued_on": None}
    number = _NAIVE_NUMBER.search(text)
    if number:
        found["number"], found["symbol"] = number.group(1), number.group(2)
    date = _NAIVE_DATE.search(text)
    if date:
        with contextlib.suppress(ValueError):
            found["issued_on"] = dt.date(int(date.group(3)), int(date.group(2)), int(date.group(1)))
    return found


def score_naive(spec: generated.Specimen, text: str) -> dict[str, bool]:
    found = naive(text)
    return {
        "reference": found["number"] == spec.number and found["symbol"] == spec.symbol,
        "number": found["number"] == spec.number,
        "symbol": found["symbol"] == spec.symbol,
        "issued_on": found["issued_on"] == spec.issued_on,
    }


def run(scale: int, requests: int) -> None:
    if not ocr.tesseract_available():
        print(
            "   skipped: tesseract and its Vietnamese model are not installed "
            "(tesseract-ocr tesseract-ocr-vie)"
        )
        return
    count = scale if scale <= 1000 else DEFAULT_DOCUMENTS
    rng = random.Random(29)
    candidates = [Candidate(pk, name, short) for pk, (name, short) in enumerate(generated.AGENCIES, start=1)]
    pk_of = {name: pk for pk, (name, _short) in enumerate(generated.AGENCIES, start=1)}
    specimens = [generated.random_specimen(rng) for _ in range(count)]
    ours: dict[int, Counter[str]] = {dpi: Counter() for dpi in RESOLUTIONS}
    naive: dict[int, Counter[str]] = {dpi: Counter() for dpi in RESOLUTIONS}
    seconds: dict[int, float] = dict.fromkeys(RESOLUTIONS, 0.0)
    pages: Counter[int] = Counter()
    misses: dict[int, list[str]] = {dpi: [] for dpi in RESOLUTIONS}
    for spec in specimens:
        for dpi in RESOLUTIONS:
            images = pages_of(spec, dpi, random.Random(rng.random()))
            started = time.perf_counter()
            read = [ocr.read_page(image, number, dpi=dpi) for number, image in enumerate(images, start=1)]
            proposal = register_line.propose([line for page in read for line in page.lines], candidates)
            seconds[dpi] += time.perf_counter() - started
            pages[dpi] += len(read)
            got = score(spec, proposal, pk_of)
            ours[dpi].update(name for name, ok in got.items() if ok)
            naive[dpi].update(
                name for name, ok in score_naive(spec, "\n".join(p.text for p in read)).items() if ok
            )
            if not (got["reference"] and got["issued_on"]) and len(misses[dpi]) < 5:
                read_as = f"{proposal.value('reference')} {proposal.value('issued_on')}"
                misses[dpi].append(f"{spec.reference} {spec.issued_on} -> {read_as}")
    print(
        f"   {count} documents ({pages[300]} pages), each at 300 and 200 dpi, skewed ±1.5°, grain, red seal"
    )
    print(f"   {'field':<26}{'300 dpi':>9}{'200 dpi':>9}{'naive 300':>11}{'naive 200':>11}")
    for name in FIELDS:
        cells = [f"{ours[dpi][name] / count:>9.3f}" for dpi in RESOLUTIONS]
        cells += [
            f"{naive[dpi][name] / count:>11.3f}"
            if name in ("reference", "number", "symbol", "issued_on")
            else f"{'-':>11}"
            for dpi in RESOLUTIONS
        ]
        print(f"   {name:<26}{''.join(cells)}")
    for dpi in RESOLUTIONS:
        print(f"   seconds per page at {dpi} dpi (OCR and reading): {seconds[dpi] / max(1, pages[dpi]):.2f}")
        for miss in misses[dpi]:
            print(f"     missed at {dpi} dpi: {miss}")
    reference, dated = ours[300]["reference"] / count, ours[300]["issued_on"] / count
    verdict = "PASS" if reference >= TARGET and dated >= TARGET else "FAIL"
    print(f"   target at 300 dpi: number/symbol {reference:.3f}, date {dated:.3f} (>= {TARGET}): {verdict}")
    if verdict == "FAIL":
        raise TargetMissed(f"number/symbol {reference:.3f}, date {dated:.3f} at 300 dpi, under {TARGET}")
