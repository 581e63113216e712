"""A report as DOCX (the office's template of a Báo cáo, editable in Documents like every type's template,
in the national administrative format) and as PDF: the narrative the leadership wrote, the figures of every
area written the Vietnamese way (15.450), with the previous year's beside them in the yearly summary, and the
next month's key tasks in the monthly report; the figures again as a table at the end."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from chancery.core.text import grouped
from chancery.documents.selectors import office_head

from . import rules, services
from .models import KeyTask, Report

if TYPE_CHECKING:
    from chancery.casework.lists import CaseList

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
UNFINISHED = ("open", "in_progress", "submitted")
LATE_SHOWN = 30  # the late tasks section III names; the rest are counted, and listed on the tasks' page


def change_text(value: int, before: int | None) -> str:
    """The change from last year's figure as the summary writes it ("+12,5%", "mới", "—")."""
    if before is None:
        return ""
    if before == 0:
        return "mới" if value else "—"
    percent = (value - before) * 100 / before
    sign = "+" if percent > 0 else ""
    return f"{sign}{percent:.1f}%".replace(".", ",")


def _figures(report: Report) -> list[dict[str, Any]]:
    return [figure for area in report.figures.get("areas", []) for figure in area["figures"]]


def figure_link(report: Report, figure: Mapping[str, Any]) -> str:
    """Where a report's figure opens (the page, the DOCX and the PDF): the report's own page of that figure
    (views.report_figure), which shows the list behind it beside the figure; "" for a figure without a list.
    A report written on the command line and not kept links to the list itself."""
    if not figure.get("url") or report.pk is None:
        return str(figure.get("url", ""))
    return reverse("programme:report_figure", args=[report.pk, figure["key"]])


def find_figure(report: Report, key: str) -> tuple[str, Mapping[str, Any]] | None:
    """A figure of the report by its key, with its area's name."""
    for area in report.figures.get("areas", []):
        for figure in area["figures"]:
            if figure["key"] == key:
                return area["name"], figure
    return None


@dataclass(frozen=True)
class Behind:
    """What stands behind a report's figure: its label with its area's, and either the case list with the
    figure's own filters (`listed`, `params`) or, for a figure counted on a module's own page, that page."""

    label: str
    figure: Mapping[str, Any]
    listed: CaseList | None
    params: QueryDict
    page: str


def behind(report: Report, key: str) -> Behind | None:
    """The records behind a report's figure, by the figure's definition now (`figures.figure_urls`: a report
    drafted before its figure had a list opens the list of now); None for a figure the report has not, or one
    without records to open."""
    from chancery.casework import lists

    from . import figures

    found = find_figure(report, key)
    if found is None or not found[1].get("url"):
        return None
    area, figure = found
    url = urlsplit(figures.figure_urls(report.starts_on, report.ends_on).get(key) or figure["url"])
    try:
        match = resolve(url.path)
    except Resolver404:
        return None
    listed = lists.get(match.kwargs.get("key", "")) if match.view_name == "casework:list" else None
    page = f"{url.path}?{url.query}" if url.query else url.path
    return Behind(f"{area}: {figure['label']}", figure, listed, QueryDict(url.query, mutable=True), page)


def figures_taken_at(report: Report) -> datetime:
    """When the figures were taken from the records (drafted, or taken again)."""
    taken = report.figures.get("taken_at")
    return datetime.fromisoformat(taken) if taken else report.updated_at


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
                    change_text(figure["value"], before),
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


def _breakdown(report: Report) -> dict[str, Any]:
    """The figures the annex adds (services.breakdown), as drafted; taken from the records now for a report
    drafted before they were kept."""
    kept: dict[str, Any] | None = report.figures.get("breakdown")
    return kept if kept else services.breakdown(report.kind, report.starts_on, report.ends_on)


def _annex(report: Report) -> tuple[str, str, list[str], list[list[str]], int]:
    """The figures' annex: its heading, its tie to the report (filled with the number and date when the
    report is issued), its columns and rows, the same in the DOCX and the PDF, and the column of the
    period's figure (each opens the list behind it). It adds what the text does not say, rather than
    the text's figures again: the yearly summary's quarter by quarter, the monthly report's since the
    start of the year and in the same month of last year."""
    year = report.ends_on.year
    extra = _breakdown(report)
    compared = previous_year(report)
    table_rows: list[list[str]] = []
    if report.kind == Report.YEARLY:
        header = ["Chỉ tiêu", "Quý I", "Quý II", "Quý III", "Quý IV", f"Năm {year}"]
        if compared is not None:
            header.append(f"So với năm {year - 1}")
        quarters = extra.get("quarters", [{}] * 4)
        for area in report.figures.get("areas", []):
            for figure in area["figures"]:
                key, value = figure["key"], figure["value"]
                line = [f"{area['name']}: {figure['label']}"]
                line += [grouped(q[key]) if key in q else "" for q in quarters]
                line.append(grouped(value))
                if compared is not None:
                    line.append(change_text(value, compared.get(key)))
                table_rows.append(line)
        column = 5
    else:
        month = report.ends_on.month
        header = [
            "Chỉ tiêu",
            f"Tháng {month}/{year}",
            f"Lũy kế từ đầu năm {year}",
            f"Tháng {month}/{year - 1}",
        ]
        to_date, last_year = extra.get("to_date", {}), extra.get("last_year", {})
        for area in report.figures.get("areas", []):
            for figure in area["figures"]:
                key = figure["key"]
                table_rows.append(
                    [
                        f"{area['name']}: {figure['label']}",
                        grouped(figure["value"]),
                        grouped(to_date[key]) if key in to_date else "",
                        grouped(last_year[key]) if key in last_year else "",
                    ]
                )
        column = 1
    tie = f"(Kèm theo Báo cáo số        /BC-VPCTN ngày      tháng      năm {year})"
    return "PHỤ LỤC SỐ LIỆU", tie, header, table_rows, column


def late_tasks(report: Report, reader: Any = None) -> list[str]:
    """Section III's list: each key task of the period that fell behind its due date, by name, its lead
    unit and how late: done late (by how many days), carried over to the next period, or not done by the
    end of the period (overdue by how many days then); the latest first. None above the reader's clearance
    (the command line: unclassified ones only). The examiner of issue 26 found only their count."""
    from django.db.models import F

    from chancery.core import access

    as_of = min(report.ends_on, timezone.localdate())
    tasks = access.within_clearance(reader, KeyTask.objects.select_related("owning_unit")).filter(
        due_on__gte=report.starts_on, due_on__lte=report.ends_on
    )
    behind = tasks.filter(
        Q(state="done", done_on__gt=F("due_on"))
        | Q(state="carried_over")
        | Q(state__in=UNFINISHED, due_on__lt=as_of)
    )
    lines: list[tuple[int, str]] = []
    for task in behind.order_by("due_on", "id"):
        where = f"{task.title}; đơn vị chủ trì: {task.owning_unit.name}; thời hạn: {task.due_on:%d/%m/%Y}"
        if task.state == "done" and task.done_on is not None:
            late = (task.done_on - task.due_on).days
            lines.append((late, f"{where}; hoàn thành ngày {task.done_on:%d/%m/%Y}, chậm {late} ngày"))
        elif task.state == "carried_over":
            late = (as_of - task.due_on).days
            lines.append((late, f"{where}; chưa hoàn thành, chuyển sang kỳ sau"))
        else:
            late = (as_of - task.due_on).days
            lines.append((late, f"{where}; chưa hoàn thành, quá hạn {late} ngày (đến ngày {as_of:%d/%m/%Y})"))
    lines.sort(key=lambda line: -line[0])
    return [text for _late, text in lines]


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
    lines += ["", f"III. {sections['shortcomings'].upper()}", narrative.get("shortcomings") or ""]
    behind = late_tasks(report, reader)
    if behind:
        shown = behind[:LATE_SHOWN]
        lines.append("Các nhiệm vụ trọng tâm chậm so với thời hạn:")
        for position, text in enumerate(shown, 1):
            lines.append(f"- {text}" + ("." if position == len(shown) else ";"))
        if len(behind) > len(shown):
            lines.append(
                f"Còn {len(behind) - len(shown)} nhiệm vụ chậm khác (danh sách nhiệm vụ trọng tâm của kỳ)."
            )
    lines.append("")
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
    title, tie, header, table_rows, column = _annex(report)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    tied = document.add_paragraph()
    tied.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tied.add_run(tie).italic = True
    layout.append_table(document, header, table_rows)
    # each figure opens the list behind it, as on the report's page
    site = settings.SITE_URL
    links = [figure_link(report, f) for f in _figures(report)]
    layout.link_column(document, column, [site + link if link else "" for link in links])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(report: Report, reader: Any = None) -> bytes:
    from chancery.documents import layout

    title, tie, header, table_rows, _column = _annex(report)
    return layout.render_pdf(values(report, reader), annex=layout.Annex(title, tie, header, table_rows))
