"""A report as DOCX (the office's template of a Báo cáo, editable in Documents like every type's template,
in the national administrative format) and as PDF: the narrative the leadership wrote, the figures of every
area written the Vietnamese way (15.450), with the previous year's beside them in the yearly summary, and the
next month's key tasks in the monthly report; the figures again as a table at the end."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from chancery.core.text import grouped

from . import services
from .models import KeyTask, Report

ROMAN = ["I", "II", "III", "IV", "V", "VI"]


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
    previous: dict[str, int] = report.figures.get("previous", {})
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
    """The key tasks due in the month after a monthly report, not closed, of every unit (the report is the
    office's) but none above the reader's clearance; without a reader (the command line), unclassified ones
    only."""
    from chancery.core import access
    from chancery.core.models import SecrecyLevel
    from chancery.programme import rules

    year, month = rules.next_month(report.ends_on.year, report.ends_on.month)
    start, end = rules.period_bounds(rules.MONTH, year, month)
    clearance = access.viewer_for(reader).clearance if reader is not None else SecrecyLevel.NONE
    return list(
        KeyTask.objects.filter(due_on__gte=start, due_on__lte=end, secrecy__lte=clearance)
        .exclude(state__in=("cancelled", "carried_over"))
        .select_related("owning_unit")
        .order_by("priority", "due_on", "id")[:60]
    )


def body(report: Report, reader: Any = None) -> str:
    sections = dict(services.SECTIONS[report.kind])
    narrative = report.narrative
    previous: dict[str, int] = report.figures.get("previous", {})
    period = "năm" if report.kind == Report.YEARLY else "tháng"
    lines = ["BÁO CÁO", report.title, ""]
    lines += [f"I. {sections['overview'].upper()}", narrative.get("overview") or "", ""]
    lines += [f"II. KẾT QUẢ CÔNG TÁC TRÊN CÁC LĨNH VỰC TRONG {period.upper()}"]
    if narrative.get("results"):
        lines.append(narrative["results"])
    for index, area in enumerate(report.figures.get("areas", []), 1):
        lines.append(f"{index}. {area['name']}")
        for figure in area["figures"]:
            text = f"- {figure['label']}: {grouped(figure['value'])}"
            if previous and figure["key"] in previous:
                before = previous[figure["key"]]
                text += f" (năm trước: {grouped(before)}, {_change(figure['value'], before)})"
            lines.append(text + ";")
    lines += ["", f"III. {sections['shortcomings'].upper()}", narrative.get("shortcomings") or "", ""]
    lines += [f"IV. {sections['next'].upper()}", narrative.get("next") or ""]
    if report.kind == Report.MONTHLY:
        for number, task in enumerate(next_tasks(report, reader), 1):
            lines.append(
                f"{number}. {task.title} ({task.owning_unit.name} chủ trì; hạn {task.due_on:%d/%m/%Y})."
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
        "signer_name": "",
    }


def docx(report: Report, reader: Any = None) -> bytes:
    from docx import Document

    from chancery.documents import drafting, layout

    template = layout.template_bytes(drafting.template_path("bao_cao"))
    rendered = layout.render_docx(template, values(report, reader))
    document = Document(io.BytesIO(rendered))
    document.add_page_break()
    heading = document.add_paragraph()
    heading.add_run(f"PHỤ LỤC SỐ LIỆU — {report.title.upper()}").bold = True
    header = ["Chỉ tiêu", "Kỳ báo cáo"]
    if report.kind == Report.YEARLY:
        header += ["Năm trước", "So sánh"]
        table_rows: list[list[str]] = [list(r) for r in rows(report)]
    else:
        table_rows = [[r[0], r[1]] for r in rows(report)]
    layout.append_table(document, header, table_rows)
    # each figure opens the list behind it, as on the report's page
    site = settings.SITE_URL
    layout.link_column(document, 1, [site + f["url"] if f.get("url") else "" for f in _figures(report)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(report: Report, reader: Any = None) -> bytes:
    from chancery.documents import layout

    return layout.render_pdf(values(report, reader))
