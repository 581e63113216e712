"""The President's decision on an amnesty with its annex lists (one part per facility, in the facility's
list order), as DOCX in the national format (chancery.documents.layout), and the lists for submission as
XLSX, per facility and in total."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from chancery.appraisal import decision as president
from chancery.core.text import grouped
from chancery.documents import layout

from . import offences, rules
from .models import Campaign, Proposal

# the annex's columns: the offence by its name and article of the Criminal Code ("Trộm cắp tài sản (Điều 173
# BLHS)"), as the President's decisions list them
COLUMNS = ("STT", "Họ và tên", "Ngày sinh", "Nơi cư trú", "Tội danh", "Mức án")


@dataclass(frozen=True)
class AnnexPart:
    facility: str
    rows: list[tuple[str, str, str, str, str]]  # name, birth, home, offence, sentence


def sentence(proposal: Proposal) -> str:
    years, months = divmod(proposal.term_months, 12)
    term = " ".join(p for p in (f"{years} năm" if years else "", f"{months} tháng" if months else "") if p)
    if proposal.kind == rules.LIFE:
        return "Chung thân"
    return f"Chung thân, giảm còn {term}" if proposal.kind == rules.LIFE_COMMUTED else term


def _birth(proposal: Proposal) -> str:
    birth = proposal.prisoner.birth
    if birth is None:
        return ""
    return str(birth.year) if proposal.facts.get("birth_year_only") else f"{birth:%d/%m/%Y}"


def annex(proposals: Sequence[Proposal]) -> list[AnnexPart]:
    """The annex: one part per facility (by name), each in its list's order."""
    ordered = sorted(proposals, key=lambda p: (p.plist.facility.name, p.row))
    return [
        AnnexPart(
            facility,
            [
                (p.prisoner.name, _birth(p), p.prisoner.home, offences.label(p.articles), sentence(p))
                for p in members
            ],
        )
        for facility, members in groupby(ordered, key=lambda p: p.plist.facility.name)
    ]


def round_title(campaign: Campaign) -> str:
    """The decision's title naming its round, from the campaign's title: "Đặc xá năm 2025 (đợt 2/9)" gives
    "Về việc đặc xá năm 2025 (đợt 2/9)"; a title without the year or the round gets them ("Đặc xá năm 2025"
    gives "Về việc đặc xá năm 2025 (đợt 1)", the campaign's number in the year's register): two amnesties of
    one year are never two decisions of the same title (the examiner of issue 26)."""
    from chancery.core.text import fold, nfc

    year = campaign.reference_date.year
    title = " ".join(nfc(campaign.title).split()).rstrip(".")
    if fold(title).startswith("dac xa"):
        words = title[:1].lower() + title[1:]
        if str(year) not in words:
            words += f" năm {year}"
    else:
        words = f"đặc xá năm {year} ({title})" if title else f"đặc xá năm {year}"
    if "dot" not in re.findall(r"\w+", fold(words)):  # "đợt", the round, not named yet
        round_number = f"đợt {campaign.number}"
        words = f"{words[:-1]}, {round_number})" if words.endswith(")") else f"{words} ({round_number})"
    return f"Về việc {words}"


Cited = tuple[str, date | None]  # a Tờ trình by its number and date


def consideration_of(*, government: Cited | None = None, submission: Cited | None = None) -> str:
    """The preamble's "Xét đề nghị ...": the Prime Minister's, at the Government's Tờ trình when it is known
    (Luật Đặc xá 2018 Art. 21: the Government submits the lists to the President), the amnesty advisory
    council's, and the Office's Tờ trình when there is one."""
    prime_minister = "Thủ tướng Chính phủ"
    if government is not None:
        prime_minister = president.submission(government[0], government[1], by=prime_minister)
    if submission is None:
        return f"Xét đề nghị của {prime_minister} và Hội đồng tư vấn đặc xá,"
    cited = president.submission(submission[0], submission[1], by="Văn phòng Chủ tịch nước")
    return f"Xét đề nghị của {prime_minister}, Hội đồng tư vấn đặc xá và {cited},"


def decision_of(
    campaign: Campaign,
    parts: Sequence[AnnexPart],
    *,
    submission: Cited | None = None,
    government: Cited | None = None,
) -> president.Decision:
    """What the President's decision on an amnesty says (appraisal.decision builds it); `submission` is the
    Office's Tờ trình it rests on, `government` the Government's (each its number and date), cited in the
    preamble when there is one."""
    total = sum(len(part.rows) for part in parts)
    consideration = consideration_of(government=government, submission=submission)
    title = round_title(campaign)
    return president.Decision(
        title=title,
        summary=title,
        bases=["Căn cứ Luật Đặc xá ngày 19 tháng 11 năm 2018;", f"Căn cứ {campaign.basis};"],
        consideration=consideration,
        grants=(
            f"Đặc xá tha tù trước thời hạn cho {grouped(total)} người đang chấp hành án phạt tù có tên "
            f"trong danh sách kèm theo, tại {grouped(len(parts))} trại giam, trại tạm giam."
        ),
        executes=(
            "Thủ tướng Chính phủ, Chủ tịch Hội đồng tư vấn đặc xá, Bộ trưởng Bộ Công an, Bộ trưởng "
            "Bộ Quốc phòng, Chủ nhiệm Văn phòng Chủ tịch nước và những người có tên trong danh sách chịu "
            "trách nhiệm thi hành Quyết định này."
        ),
        # the drafting unit by its abbreviation (Phụ lục I: "Lưu: VT, tên viết tắt của đơn vị soạn thảo")
        copies=["Như Điều 3;", f"Lưu: VT, {campaign.owning_unit.short_name or campaign.owning_unit.name}."],
        annex_title="DANH SÁCH NGƯỜI ĐƯỢC ĐẶC XÁ",
        columns=COLUMNS[1:],
    )


def decision_values(
    campaign: Campaign,
    parts: Sequence[AnnexPart],
    *,
    submission: Cited | None = None,
    government: Cited | None = None,
) -> dict[str, Any]:
    return president.values(decision_of(campaign, parts, submission=submission, government=government))


def decision_docx(
    campaign: Campaign,
    parts: Sequence[AnnexPart],
    template: bytes,
    *,
    signer: Any = None,
    submission: Cited | None = None,
    government: Cited | None = None,
) -> bytes:
    """The decision from the Office's template of a Quyết định, then its annex: one table per facility."""
    return president.docx(
        decision_of(campaign, parts, submission=submission, government=government),
        _parts(parts),
        template,
        signer=signer,
    )


def _parts(parts: Sequence[AnnexPart]) -> list[president.Part]:
    return [
        president.Part(f"{part.facility.upper()} ({grouped(len(part.rows))} người)", part.rows)
        for part in parts
    ]


def printed_rows(document: Any) -> int | None:
    from chancery.amnesty.services.appraisal import submission_of

    campaign = Campaign.objects.filter(decision_document=document).first()
    return None if campaign is None else submission_of(campaign).count()


def printed_annex(document: Any) -> layout.Annex | None:
    """The list of the campaign whose decision `document` is, as its PDF prints it (documents.drafting
    registers it): those submitted, by facility. None when no campaign has this decision."""
    from chancery.amnesty.services.appraisal import submission_of

    campaign = Campaign.objects.filter(decision_document=document).first()
    if campaign is None:
        return None
    parts = annex(list(submission_of(campaign)))
    return president.printed_annex(decision_of(campaign, parts), _parts(parts), document)


def submission_xlsx(proposals: Sequence[Proposal]) -> bytes:
    """The list for submission, one sheet per facility and a total sheet first."""
    from chancery.core import spreadsheets

    book = spreadsheets.Book()
    header = [*COLUMNS[:4], "Điều luật", *COLUMNS[4:], "Trại", "Trường hợp đặc biệt", "Ý kiến Hội đồng"]

    def line(number: int, p: Proposal) -> list[Any]:
        return [
            number,
            p.prisoner.name,
            _birth(p),
            p.prisoner.home,
            p.articles,
            offences.label(p.articles),
            sentence(p),
            p.plist.facility.name,
            ", ".join(rules.SPECIAL_CASES.get(c, c) for c in p.facts.get("special", [])),
            p.get_council_display() if p.council else "",
        ]

    ordered = sorted(proposals, key=lambda p: (p.plist.facility.name, p.row))
    total = book.sheet("Tổng hợp")
    total.append(header, bold=True)
    for number, p in enumerate(ordered, start=1):
        total.append(line(number, p))
    for facility, members in groupby(ordered, key=lambda p: p.plist.facility.name):
        sheet = book.sheet(facility)
        sheet.append(header, bold=True)
        for number, p in enumerate(members, start=1):
            sheet.append(line(number, p))
    return book.to_bytes()
