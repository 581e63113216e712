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
from chancery.appraisal.engine import sentences
from chancery.core.text import grouped
from chancery.documents import layout
from chancery.documents import rules as document_rules

from . import rules
from .models import HonoursBatch, Nomination, Verdict

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


# How a decision confers each kind of award (Luật Thi đua, khen thưởng 2022): an order, a medal or a merit
# is "tặng thưởng", an honorary title is "phong tặng danh hiệu", a prize is "tặng"; with more than two forms
# of one kind the title names the kind ("Huân chương"), not thirteen forms one after another.
_VERBS = (("tặng thưởng", ("order", "medal", "merit")), ("phong tặng", ("title",)), ("tặng", ("prize",)))
_KINDS = {"order": "Huân chương", "medal": "Huy chương", "merit": "Bằng khen", "prize": "Giải thưởng"}


def _conferred(forms: Sequence[str]) -> str:
    """What the decision does, in its title's words: "tặng thưởng Huân chương Lao động hạng Ba và phong
    tặng danh hiệu Nhà giáo Ưu tú"; with several kinds under a verb and another verb after, the kinds are
    listed with commas and "và" joins the verbs ("tặng thưởng Huân chương, Huy chương và phong tặng danh
    hiệu vinh dự Nhà nước", never "Huân chương và Huy chương và phong tặng")."""
    clauses: list[tuple[str, list[str]]] = []
    for verb, kinds in _VERBS:
        chosen = [code for code in forms if (a := rules.AWARDS.get(code)) is not None and a.kind in kinds]
        if verb == "tặng thưởng":  # a form the rules do not know is conferred as an order is
            chosen += [code for code in forms if code not in rules.AWARDS]
        if not chosen:
            continue
        if verb == "phong tặng":
            names = (
                ["danh hiệu vinh dự Nhà nước"]
                if len(chosen) > 2
                else [f"danh hiệu {rules.award_name(code)}" for code in chosen]
            )
        elif len(chosen) > 2:
            names = list(
                dict.fromkeys(_KINDS.get(rules.AWARDS[c].kind, "") for c in chosen if c in rules.AWARDS)
            )
            names = [n for n in names if n] or [rules.award_name(chosen[0])]
        else:
            names = [rules.award_name(code) for code in chosen]
        clauses.append((verb, names))
    if len(clauses) == 1:
        verb, names = clauses[0]
        return f"{verb} {_joined(names)}"
    return " và ".join(f"{verb} {', '.join(names)}" for verb, names in clauses) or "tặng thưởng"


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


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
    conferred = _conferred(forms)
    title = f"Về việc {conferred}"
    counted = " và ".join(
        part
        for part in (
            f"{grouped(collectives)} tập thể" if collectives else "",
            f"{grouped(individuals)} cá nhân" if individuals else "",
        )
        if part
    )
    return president.Decision(
        title=title,
        summary=round_summary(batch, title),
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        consideration=_considered(batch, submission),
        grants=(
            f"{conferred[:1].upper()}{conferred[1:]} cho {counted} có tên trong danh sách kèm theo"
            + ("" if all(rules.award_name(f) in conferred for f in forms) else f" ({_awards_phrase(groups)})")
            + ", "
            "đã có thành tích xuất sắc trong công tác, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội "
            "và bảo vệ Tổ quốc."
        ),
        executes=(
            "Thủ tướng Chính phủ, Chủ nhiệm Văn phòng Chủ tịch nước, người đứng đầu "
            f"{batch.proposing_body.name} và các tập thể, cá nhân có tên trong danh sách chịu trách nhiệm "
            "thi hành Quyết định này."
        ),
        copies=["Như Điều 3;", "Lưu: VT, Vụ TĐKT."],
        annex_title=f"DANH SÁCH\nCÁC TẬP THỂ, CÁ NHÂN ĐƯỢC {conferred.upper()}",
        columns=("Họ và tên, chức vụ, đơn vị",),
    )


def decision_values(
    batch: HonoursBatch,
    groups: Sequence[AnnexGroup],
    *,
    submission: tuple[str, date | None] | None = None,
) -> dict[str, Any]:
    return president.values(decision_of(batch, groups, submission=submission))


def _parts(groups: Sequence[AnnexGroup]) -> list[president.Part]:
    return [
        president.Part(
            group.heading.upper(),
            # the workplace once: a collective's name may end with it ("Phòng 7, Cục Cảnh sát giao thông, Bộ
            # Công an" of Bộ Công an, found by the examiner of issue 26 printed twice)
            [
                (f"{name}{', ' + where if where and not name.endswith(where) else ''}",)
                for name, where in group.rows
            ],
        )
        for group in groups
    ]


def decision_docx(
    batch: HonoursBatch,
    groups: Sequence[AnnexGroup],
    template: bytes,
    *,
    signer: Any = None,
    submission: tuple[str, date | None] | None = None,
) -> bytes:
    """The decision from the Office's template of a Quyết định, then its annex: one table per group."""
    decided = decision_of(batch, groups, submission=submission)
    return president.docx(decided, _parts(groups), template, signer=signer)


def _listed(document: Any) -> tuple[HonoursBatch | None, Any]:
    batch = HonoursBatch.objects.filter(decision_document=document).first()
    if batch is None:
        return None, Nomination.objects.none()
    return batch, Nomination.objects.filter(batch=batch, outcome=Verdict.PASS)


def printed_rows(document: Any) -> int | None:
    batch, listed = _listed(document)
    return None if batch is None else listed.count()


def printed_annex(document: Any) -> layout.Annex | None:
    """The list of the batch whose decision `document` is, as its PDF prints it (documents.drafting
    registers it): those who passed, by award. None when no batch has this decision."""
    batch, listed = _listed(document)
    if batch is None:
        return None
    groups = annex(listed.select_related("honoree").order_by("row"))
    return president.printed_annex(decision_of(batch, groups), _parts(groups), document)


def refusal_reason(nomination: Nomination) -> str:
    """Why a nomination is refused, as the letter to the proposing body says it: the specialist's reason when
    they decided it, else the criteria it failed with the article of each; never the appraisal's own notes
    (a figure not yet checked against its text, a fact to look up: the examiner of issue 26 found them in the
    letter)."""
    if nomination.override_reason:
        return nomination.override_reason
    failed = [f for f in nomination.findings or [] if isinstance(f, dict) and f.get("outcome") == "fail"]
    if not failed:
        return layout.written_citations(nomination.summary)
    return layout.written_citations(
        sentences(
            [
                f"{f['title']}: {f['reason']}" + (f" ({f['article']})" if f.get("article") else "")
                for f in failed
            ]
        )
    )


def reply_values(batch: HonoursBatch, refused: Sequence[Nomination]) -> dict[str, Any]:
    """The Office's letter to the proposing body: who does not meet the criteria, and why."""
    lines = [
        f"Văn phòng Chủ tịch nước nhận được đề nghị khen thưởng của {batch.proposing_body.name}"
        + (
            f" (Tờ trình số {batch.submission_reference} {layout.written_date(batch.proposed_on)})"
            if batch.submission_reference
            else ""
        )
        + ". Qua thẩm định, các trường hợp sau chưa đủ tiêu chuẩn theo quy định:",
    ]
    for number, n in enumerate(refused, start=1):
        lines.append(f"{number}. {n.honoree.name} — {rules.award_name(n.award)}: {refusal_reason(n)}")
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
        pdf.cell(0, 8, f"Quyết định số {number} {layout.written_date(decided_on)}", align="C")
    return bytes(pdf.output())
