"""The President's decision on an appraised list, one builder for every domain: the decision in the
national format (chancery.documents.layout, from the Office's template of a Quyết định) and its annex, one
numbered table per part (an award's group, a facility), numbered on from one part to the next. A domain says
only what its decision says: the title, its legal bases, the consideration, Điều 1 and Điều 3, the copies,
and the parts of its annex."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.utils import timezone
from docx import Document

from chancery.documents import layout
from chancery.documents import rules as document_rules

PRESIDENT = document_rules.ISSUER_NAME[document_rules.Issuer.PRESIDENT]
PRESIDENT_TITLE = "CHỦ TỊCH NƯỚC"


@dataclass(frozen=True)
class Decision:
    title: str  # "Về việc ..."
    bases: Sequence[str]  # the domain's "Căn cứ ..." lines, after the Constitution's
    consideration: str  # "Xét đề nghị ..."
    grants: str  # Điều 1
    executes: str  # Điều 3
    copies: Sequence[str]  # Nơi nhận
    annex_title: str  # "DANH SÁCH ..."
    columns: Sequence[str]  # the annex's columns after STT
    # the draft's summary in the outgoing register, naming the round (the campaign, the batch); the title
    # when empty
    summary: str = ""


@dataclass(frozen=True)
class Part:
    heading: str  # shown after its Roman numeral, in capitals
    rows: Sequence[Sequence[str]]


def values(decision: Decision, *, signer: Any = None) -> dict[str, Any]:
    """The template's values (documents.layout) of the President's decision; with `signer` (who signs it:
    documents.services.president_signature has checked them), their block and their name printed under
    the signature."""
    from chancery.documents import rules as document_rules

    body = "\n".join(
        [
            "QUYẾT ĐỊNH",
            decision.title,
            "",
            "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            *decision.bases,
            decision.consideration,
            "",
            "QUYẾT ĐỊNH:",
            f"Điều 1. {decision.grants}",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            f"Điều 3. {decision.executes}",
        ]
    )
    return {
        "office": PRESIDENT,
        "number": "Số:        /QĐ-CTN",
        "subject": "",
        "place_date": f"{layout.PLACE}, ngày      tháng      năm {timezone.localdate().year}",
        "recipient": "",
        "body": body,
        "closing": "",
        "copies": list(decision.copies),
        "signer_title": document_rules.president_signature_block(signer.position)
        if signer
        else PRESIDENT_TITLE,
        "signer_name": signer.full_name if signer else "",
        "title": decision.title,
    }


def submission(reference: str, on: date | None, *, by: str = "") -> str:
    """A Tờ trình as a decision's preamble cites it, by its number and its date: "Văn phòng Chủ tịch nước
    tại Tờ trình số 12/TTr-VPCTN ngày 10/09/2025" (with `by`, who submitted it)."""
    words = f"Tờ trình số {reference}"
    if on is not None:
        words += f" {layout.written_date(on)}"
    return f"{by} tại {words}" if by else words


class DraftFields(TypedDict):
    summary: str
    body: str
    copies_to: str


def draft_fields(decision: Decision, *, signer: Any = None) -> DraftFields:
    """What the draft in the Documents module holds of the decision (documents.services.DraftData): its
    summary naming the round, its whole text and its "Nơi nhận", the same as the DOCX it is drawn up as (the
    examiner of issue 26 found the draft's page with the summary alone)."""
    printed = values(decision, signer=signer)
    return {
        "summary": decision.summary or decision.title,
        "body": printed["body"],
        "copies_to": "\n".join(printed["copies"]),
    }


def printed_annex(decision: Decision, parts: Sequence[Part], document: Any) -> layout.Annex:
    """The decision's annex as the PDF of `document` (the issued decision) prints it: its title, the line
    tying it to the decision by number and date (blank before it is issued), one table per part."""
    if document.number_text and document.issued_on:
        cited = f"Quyết định số {document.number_text} {layout.written_date(document.issued_on)}"
    else:
        cited = f"Quyết định số        /{document.symbol} ngày      tháng      năm"
    return layout.Annex(
        heading=decision.annex_title,
        tie=f"(Kèm theo {cited} của Chủ tịch nước)",
        header=decision.columns,
        rows=(),
        parts=[(part.heading, part.rows) for part in parts],
    )


def docx(decision: Decision, parts: Sequence[Part], template: bytes, *, signer: Any = None) -> bytes:
    """The decision, then its annex: one table per part, the rows numbered on across the parts. A decision
    whose Điều 1 names "danh sách kèm theo" is never drawn up without that list."""
    if document_rules.refers_to_attached_list(decision.grants) and not any(part.rows for part in parts):
        raise ValueError("the decision names its attached list, and the list is empty")
    document = Document(io.BytesIO(layout.render_docx(template, values(decision, signer=signer))))
    layout.start_annex(document, decision.annex_title)
    number = 0
    for index, part in enumerate(parts, start=1):
        title = document.add_paragraph()
        title.add_run(f"{layout.roman(index)}. {part.heading}").bold = True
        rows = []
        for row in part.rows:
            number += 1
            rows.append((str(number), *row))
        layout.append_table(document, ("STT", *decision.columns), rows)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
