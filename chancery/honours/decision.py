"""The President's decision on a batch and the Office's reply to the proposing body, as DOCX in the national
format (chancery.documents.layout), and the certificates of the awards as one PDF.

The decision's annex lists the nominees who meet the criteria, grouped by award in the order the law lists the
forms (rules.ANNEX_ORDER: orders, then medals, titles, prizes; the higher class first), collectives before
individuals within each award, and in the order of the proposing body's list within each group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.utils import timezone

from chancery.appraisal import decision as president
from chancery.documents import layout
from chancery.documents import rules as document_rules

from . import rules
from .models import HonoursBatch, Nomination

OFFICE = document_rules.ISSUER_NAME[document_rules.Issuer.OFFICE]


@dataclass(frozen=True)
class AnnexGroup:
    award: str
    subject: str
    rows: list[tuple[str, str]]  # (name, position and workplace)

    @property
    def heading(self) -> str:
        who = "tập thể" if self.subject == rules.COLLECTIVE else "cá nhân"
        return f"{rules.award_name(self.award)} — {len(self.rows)} {who}"


def _order(nomination: Nomination) -> tuple[int, int, int]:
    return (
        rules.ANNEX_ORDER.get(nomination.award, 999),
        0 if nomination.subject == rules.COLLECTIVE else 1,
        nomination.row,
    )


def annex(nominations: Iterable[Nomination]) -> list[AnnexGroup]:
    ordered = sorted(nominations, key=_order)
    groups = []
    for (award, subject), members in groupby(ordered, key=lambda n: (n.award, n.subject)):
        rows = []
        for n in members:
            where = ", ".join(p for p in (n.honoree.position, n.honoree.organisation) if p)
            name = f"{'Truy tặng ' if n.posthumous else ''}{n.honoree.name}"
            rows.append((name, where))
        groups.append(AnnexGroup(award, subject, rows))
    return groups


def _awards_phrase(groups: Sequence[AnnexGroup]) -> str:
    return "; ".join(g.heading for g in groups)


def _considered(batch: HonoursBatch, submission: tuple[str, date | None] | None) -> str:
    """The preamble's "Xét đề nghị ...": the Prime Minister's, on the proposing body's Tờ trình (its number
    and date), and the Office's Tờ trình to the President (`submission`, its number and date) when there is
    one."""
    proposed = f"đề nghị của {batch.proposing_body.name}"
    if batch.submission_reference:
        proposed += " tại " + president.submission(batch.submission_reference, batch.proposed_on)
    words = f"Xét đề nghị của Thủ tướng Chính phủ ({proposed})"
    if submission is not None:
        words += " và " + president.submission(submission[0], submission[1], by="Văn phòng Chủ tịch nước")
    return words + ","


def round_summary(batch: HonoursBatch, title: str) -> str:
    """The draft's summary in the outgoing register: the decision's title and the batch it decides ("đợt
    12/2025, Bộ Nội vụ"), so that two decisions awarding the same order are told apart."""
    return f"{title} (đợt {batch.code}, {batch.proposing_body.name})"


def decision_of(
    batch: HonoursBatch,
    groups: Sequence[AnnexGroup],
    *,
    submission: tuple[str, date | None] | None = None,
) -> president.Decision:
    """What the President's decision on a batch says (appraisal.decision builds it); `submission` is the
    Office's Tờ trình it rests on (its number and date), cited in the preamble when there is one."""
    collectives = sum(len(g.rows) for g in groups if g.subject == rules.COLLECTIVE)
    individuals = sum(len(g.rows) for g in groups if g.subject == rules.INDIVIDUAL)
    forms = sorted({g.award for g in groups}, key=lambda a: rules.ANNEX_ORDER.get(a, 999))
    title = "Về việc tặng thưởng " + ", ".join(rules.award_name(a) for a in forms)
    counted = " và ".join(
        part
        for part in (
            f"{collectives} tập thể" if collectives else "",
            f"{individuals} cá nhân" if individuals else "",
        )
        if part
    )
    return president.Decision(
        title=title,
        summary=round_summary(batch, title),
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        consideration=_considered(batch, submission),
        grants=(
            f"Tặng thưởng cho {counted} có tên trong danh sách kèm theo ({_awards_phrase(groups)}), "
            "đã có thành tích xuất sắc trong công tác, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội "
            "và bảo vệ Tổ quốc."
        ),
        executes=(
            "Thủ tướng Chính phủ, Chủ nhiệm Văn phòng Chủ tịch nước, người đứng đầu "
            f"{batch.proposing_body.name} và các tập thể, cá nhân có tên trong danh sách chịu trách nhiệm "
            "thi hành Quyết định này."
        ),
        copies=["Như Điều 3;", "Lưu: VT, Vụ TĐKT."],
        annex_title=f"DANH SÁCH\n{title.replace('Về việc tặng thưởng', 'ĐƯỢC TẶNG THƯỞNG').upper()}",
        columns=("Họ và tên, chức vụ, đơn vị",),
    )


def decision_values(
    batch: HonoursBatch,
    groups: Sequence[AnnexGroup],
    *,
    submission: tuple[str, date | None] | None = None,
) -> dict[str, Any]:
    return president.values(decision_of(batch, groups, submission=submission))


def decision_docx(
    batch: HonoursBatch,
    groups: Sequence[AnnexGroup],
    template: bytes,
    *,
    signer: Any = None,
    submission: tuple[str, date | None] | None = None,
) -> bytes:
    """The decision from the Office's template of a Quyết định, then its annex: one table per group."""
    parts = [
        president.Part(
            group.heading.upper(),
            [(f"{name}{', ' + where if where else ''}",) for name, where in group.rows],
        )
        for group in groups
    ]
    return president.docx(decision_of(batch, groups, submission=submission), parts, template, signer=signer)


def reply_values(batch: HonoursBatch, refused: Sequence[Nomination]) -> dict[str, Any]:
    """The Office's letter to the proposing body: who does not meet the criteria, and why."""
    lines = [
        f"Văn phòng Chủ tịch nước nhận được đề nghị khen thưởng của {batch.proposing_body.name}"
        + (
            f" (Tờ trình số {batch.submission_reference} ngày {batch.proposed_on:%d/%m/%Y})"
            if batch.submission_reference
            else ""
        )
        + ". Qua thẩm định, các trường hợp sau chưa đủ tiêu chuẩn theo quy định:",
    ]
    for number, n in enumerate(refused, start=1):
        lines.append(
            f"{number}. {n.honoree.name} — {rules.award_name(n.award)}: {n.override_reason or n.summary}"
        )
    lines.append(f"Đề nghị {batch.proposing_body.name} xem xét, hoàn thiện hồ sơ theo quy định.")
    return {
        "office": OFFICE,
        "number": "Số:        /VPCTN-TĐKT",
        "subject": "V/v kết quả thẩm định hồ sơ đề nghị khen thưởng",
        "place_date": f"{layout.PLACE}, ngày      tháng      năm {timezone.localdate().year}",
        "recipient": batch.proposing_body.name,
        "body": "\n".join(lines),
        "closing": "",
        "copies": ["Như trên;", "Lưu: VT, Vụ TĐKT."],
        "signer_title": "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM",
        "signer_name": "",
    }


def certificates_pdf(awards: Sequence[tuple[str, str, str, str, date]]) -> bytes:
    """One A4 landscape page per award: (name, where, award, decision number, decision date)."""
    pdf = layout.vietnamese_pdf("L")
    pdf.set_auto_page_break(False)
    for name, where, award, number, decided_on in awards:
        pdf.add_page()
        pdf.set_draw_color(160, 20, 20)
        pdf.set_line_width(1.5)
        pdf.rect(10, 10, 277, 190)
        pdf.set_y(25)
        pdf.set_font("Letter", "B", 16)
        pdf.cell(0, 10, "CHỦ TỊCH NƯỚC", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 10, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font("Letter", "", 15)
        pdf.cell(0, 10, "TẶNG", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Letter", "B", 22)
        pdf.set_text_color(160, 20, 20)
        pdf.cell(0, 14, award.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
        pdf.set_font("Letter", "B", 18)
        pdf.cell(0, 12, name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Letter", "", 13)
        if where:
            pdf.multi_cell(0, 8, where, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Letter", "I", 13)
        pdf.multi_cell(
            0,
            8,
            "Đã có thành tích xuất sắc, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc",
            align="C",
        )
        pdf.set_y(170)
        pdf.set_font("Letter", "", 12)
        pdf.cell(0, 8, f"Quyết định số {number} ngày {decided_on:%d/%m/%Y}", align="C")
    return bytes(pdf.output())
