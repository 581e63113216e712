"""The President's decision on an appraised list, one builder for every domain: the decision in the
national format (chancery.documents.layout, from the Office's template of a Quyết định) and its annex, one
numbered table per part (an award's group, a facility), numbered on from one part to the next. A domain says
only what its decision says: the title, its legal bases, the consideration, Điều 1 and Điều 3, the copies,
and the parts of its annex."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def docx(decision: Decision, parts: Sequence[Part], template: bytes, *, signer: Any = None) -> bytes:
    """The decision, then its annex: one table per part, the rows numbered on across the parts."""
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
