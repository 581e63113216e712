"""A report as DOCX (the office's template of a Báo cáo, editable in Documents like every type's template,
in the national administrative format) and as PDF: the narrative the leadership wrote, the figures of every
area written the Vietnamese way (15.450), with the previous year's beside them in the yearly summary, and the
next month's key tasks in the monthly report; the figures again as a table at the end."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from chancery.core.text import grouped
from chancery.documents.selectors import office_head

from . import rules, services
from .models import KeyTask, Report

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
UNFINISHED = ("open", "in_progress", "submitted")


def _change(value: int, before: int | None) -> str:
    if before is None:
        return ""
    if before == 0:
        return "mới" if value else "—"
    percent = (value - before) * 100 / before
    sign = "+" if percent > 0 else ""
    return f"{sign}{percent:.1f}%".replace(".", ",")


def _figures(report: Report) -> list[dict[str, Any]]:
    return [figure for area in report.figures.get("areas", []) for figure in area["figures"]]


def rows(report: Report) -> list[tuple[str, str, str, str]]:
    """(figure, this period, previous year, change) for every figure, area by area."""
    previous = previous_year(report) or {}
    out = []
    for area in report.figures.get("areas", []):
        for figure in area["figures"]:
            before = previous.get(figure["key"]) if previous else None
            out.append(
                (
                    f"{area['name']}: {figure['label']}",
                    grouped(figure["value"]),
                    grouped(before) if before is not None else "",
                    _change(figure["value"], before),
                )
            )
    return out


def next_tasks(report: Report, reader: Any = None) -> list[KeyTask]:
    """The key tasks ahead, of every unit (the report is the office's) but none above the reader's clearance
    (without a reader, the command line: unclassified ones only): after a monthly report, those due in the
    next month and not closed; after a yearly summary ("Phương hướng, nhiệm vụ năm tới"), those due next
    year and this year's still unfinished, which go on into it."""
    from chancery.core import access

    tasks = access.within_clearance(reader, KeyTask.objects.select_related("owning_unit"))
    if report.kind == Report.YEARLY:
        start, end = rules.period_bounds(rules.YEAR, report.ends_on.year + 1)
        this_year = date(report.ends_on.year, 1, 1)
        ahead = Q(due_on__gte=start) | Q(due_on__gte=this_year, state__in=UNFINISHED)
        return list(tasks.filter(ahead, due_on__lte=end).order_by("due_on", "priority", "id")[:60])
    year, month = rules.next_month(report.ends_on.year, report.ends_on.month)
    start, end = rules.period_bounds(rules.MONTH, year, month)
    return list(
        tasks.filter(due_on__gte=start, due_on__lte=end)
        .exclude(state__in=("cancelled", "carried_over"))
        .order_by("priority", "due_on", "id")[:60]
    )


def previous_year(report: Report) -> Mapping[str, int] | None:
    """Last year's figures beside a yearly summary's, or None when the records hold nothing of that year
    (a system started this year): then there is nothing to compare, rather than "0, mới" on every line."""
    previous: dict[str, int] = report.figures.get("previous", {})
    if report.kind != Report.YEARLY or not any(previous.values()):
        return None
    return previous


def subject_line(title: str) -> str:
    """The line under "BÁO CÁO": the report's subject without the type again ("Báo cáo kết quả công tác tháng
    11/2026" -> "Kết quả công tác tháng 11/2026")."""
    words = title.strip()
    if words.casefold().startswith("báo cáo "):
        words = words[len("báo cáo ") :]
    return words[:1].upper() + words[1:]


def _annex(report: Report) -> tuple[str, str, list[str], list[list[str]]]:
    """The figures' annex: its heading, its tie to the report (filled with the number and date when the
    report is issued), its columns and rows, the same in the DOCX and the PDF."""
    header = ["Chỉ tiêu", "Kỳ báo cáo"]
    if report.kind == Report.YEARLY:
        header += ["Năm trước", "So sánh"]
        table_rows: list[list[str]] = [list(r) for r in rows(report)]
    else:
        table_rows = [[r[0], r[1]] for r in rows(report)]
    year = report.ends_on.year
    tie = f"(Kèm theo Báo cáo số        /BC-VPCTN ngày      tháng      năm {year})"
    return "PHỤ LỤC SỐ LIỆU", tie, header, table_rows


def body(report: Report, reader: Any = None) -> str:
    sections = dict(services.SECTIONS[report.kind])
    narrative = report.narrative
    period = "năm" if report.kind == Report.YEARLY else "tháng"
    lines = ["BÁO CÁO", subject_line(report.title), ""]
    lines += [f"I. {sections['overview'].upper()}", narrative.get("overview") or "", ""]
    lines += [f"II. KẾT QUẢ CÔNG TÁC TRÊN CÁC LĨNH VỰC TRONG {period.upper()}"]
    if narrative.get("results"):
        lines.append(narrative["results"])
    compared = previous_year(report)
    year = report.ends_on.year
    if report.kind == Report.YEARLY and compared is None:
        lines.append(
            f"Năm {year - 1} chưa có số liệu trên hệ thống nên các số liệu dưới đây chưa so sánh với "
            "năm trước."
        )
    for index, area in enumerate(report.figures.get("areas", []), 1):
        lines.append(f"{index}. {area['name']}")
        if compared is not None:  # a yearly summary: the area assessed against last year, then the figures
            labelled = [(figure["label"], figure["value"]) for figure in area["figures"]]
            before = (
                {f["label"]: compared[f["key"]] for f in area["figures"] if f["key"] in compared}
                if compared is not None
                else None
            )
            lines.append(rules.area_assessment(labelled, before, year))
        for position, figure in enumerate(area["figures"], 1):
            text = f"- {figure['label']}: {grouped(figure['value'])}"
            if compared is not None and figure["key"] in compared:
                text += f" (năm {year - 1}: {grouped(compared[figure['key']])})"
            # the items of a list end with ";", the last with "." (the examiner of issue 26)
            lines.append(text + ("." if position == len(area["figures"]) else ";"))
    lines += ["", f"III. {sections['shortcomings'].upper()}", narrative.get("shortcomings") or "", ""]
    lines += [f"IV. {sections['next'].upper()}", narrative.get("next") or ""]
    ahead = next_tasks(report, reader)
    if report.kind == Report.YEARLY and ahead:
        lines.append(f"Các nhiệm vụ trọng tâm năm {year + 1} đã giao và nhiệm vụ năm {year} chưa hoàn thành:")
    if ahead:
        for number, task in enumerate(ahead, 1):
            lines.append(
                # one pair of brackets at most: a title often carries its month, "(tháng 12/2026)"
                f"{number}. {task.title}; đơn vị chủ trì: {task.owning_unit.name}; thời hạn: "
                f"{task.due_on:%d/%m/%Y}."
            )
    lines += ["", "Trên đây là báo cáo của Văn phòng Chủ tịch nước./."]
    return "\n".join(lines)


def values(report: Report, reader: Any = None) -> dict[str, Any]:
    from chancery.documents import layout
    from chancery.documents import rules as document_rules

    today: date = timezone.localdate()
    return {
        "office": document_rules.ISSUER_NAME[document_rules.Issuer.OFFICE],
        "number": "Số:        /BC-VPCTN",
        "subject": "",
        "marks": "",
        "place_date": layout.vietnamese_date(today),
        "recipient": "Chủ tịch nước",
        "body": body(report, reader),
        "closing": "",
        "copies": ["Như trên;", "Phó Chủ tịch nước;", "Lãnh đạo Văn phòng;", "Lưu: VT, TH."],
        "signer_title": "CHỦ NHIỆM",
        # Phụ lục I: the signer's full name under the signature ("" when none is recorded: the layout check
        # then says so)
        "signer_name": head.full_name if (head := office_head()) is not None else "",
    }


def docx(report: Report, reader: Any = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from chancery.documents import drafting, layout

    template = layout.template_bytes(drafting.template_path("bao_cao"))
    rendered = layout.render_docx(template, values(report, reader))
    document = Document(io.BytesIO(rendered))
    document.add_page_break()
    title, tie, header, table_rows = _annex(report)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    tied = document.add_paragraph()
    tied.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tied.add_run(tie).italic = True
    layout.append_table(document, header, table_rows)
    # each figure opens the list behind it, as on the report's page
    site = settings.SITE_URL
    layout.link_column(document, 1, [site + f["url"] if f.get("url") else "" for f in _figures(report)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(report: Report, reader: Any = None) -> bytes:
    from chancery.documents import layout

    title, tie, header, table_rows = _annex(report)
    return layout.render_pdf(values(report, reader), annex=layout.Annex(title, tie, header, table_rows))
