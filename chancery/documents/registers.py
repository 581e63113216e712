"""The registers printed for a period in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục IV, as a background
job (a year's register is thousands of lines): XLSX to work with, DOCX and PDF to print, sign and bind.

Sổ đăng ký văn bản đến: date received, arrival number, author (sender), number and symbol, date, type and
summary, unit or person it went to, signature of receipt, notes.
Sổ đăng ký văn bản đi: number and symbol, date, type and summary, signer, recipients, unit or person keeping
the filed copy, number of copies, date sent, signature of receipt, notes. The recipients and the date sent
are those of the document's dispatches (the agencies and units it was sent to, on paper, electronically or
by edXML exchange, and the day it was sent); a document not sent yet shows its "Nơi nhận" lines and no date.
A cancelled number is a line of the register with the reason in the notes: the register shows every number
it gave.

The clerk keeps the registers (NĐ 30/2020 Art. 16): a register a clerk (văn thư) prints holds every line of
that register for the period, whatever the documents' owning units; the secret register only for a clerk
cleared for secrets (Mật or above), and on a line above the clerk's own clearance the subject is withheld
("[Tối mật]" in its place): the number, dates, sender or signer and the secrecy stay, as on the envelope the
clerk registered it from (Luật Bảo vệ bí mật nhà nước: the content only to those allowed). Anyone else with a
working role (leadership, heads of unit, specialists) prints an extract: the lines of the documents they may
see, marked as an extract on the page. Every print is an export in the audit trail.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core import access, audit, spreadsheets
from chancery.core.jobs import JobContext, Param, flag, iso_date, job_kind, one_of
from chancery.core.models import Assignment, AssignmentKind, AuditAction, RoleCode, Unit
from chancery.core.text import grouped
from chancery.documents import layout, rules
from chancery.documents.models import (
    Dispatch,
    DispatchStatus,
    DocumentNumber,
    IncomingDocument,
    NumberStatus,
    OutgoingDocument,
)

FORMATS = ("xlsx", "docx", "pdf")
# The register is a Vietnamese book whatever the language of the person printing it.
URGENCY_NAMES = {1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc"}
SECRECY_NAMES = {1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
PRINT_MAX_ROWS = 20_000  # a DOCX or PDF register longer than this is a period to split, not a book to print

INCOMING_HEADERS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ký nhận",
    "Ghi chú",
)
OUTGOING_HEADERS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)


@dataclass(frozen=True)
class Request:
    register: str  # "incoming" or "outgoing"
    secret: bool
    start: date
    end: date
    format: str
    # Who the register is an extract for, when it is not the clerk's whole register (the lines they may see).
    extract_for: str = ""

    @property
    def title(self) -> str:
        kind = "ĐẾN" if self.register == "incoming" else "ĐI"
        secret = " MẬT" if self.secret else ""
        return f"SỔ ĐĂNG KÝ VĂN BẢN{secret} {kind}"

    @property
    def period(self) -> str:
        period = f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"
        if self.extract_for:
            return f"{period} — Bản trích: chỉ các văn bản {self.extract_for} được xem, không phải sổ đầy đủ"
        return period


# what a sender may ask of a document it sent by exchange, as the register's Ghi chú says it
ASKED_NAMES = {"recall": "lấy lại", "revoke": "thu hồi", "update": "cập nhật", "replace": "thay thế"}


def parse(params: Mapping[str, Any]) -> Request:
    errors = {}
    register = str(params.get("register", ""))
    if register not in {"incoming", "outgoing"}:
        errors["register"] = _("Choose the incoming or the outgoing register.")
    file_format = str(params.get("format", ""))
    if file_format not in FORMATS:
        errors["format"] = _("Choose XLSX, DOCX or PDF.")
    try:
        start, end = date.fromisoformat(str(params.get("start"))), date.fromisoformat(str(params.get("end")))
    except ValueError:
        errors["start"] = _("Give the first and last day of the period.")
        start = end = date.today()
    if start > end:
        errors["end"] = _("The period ends before it starts.")
    elif (end - start).days > 366 * 5:
        errors["end"] = _("A register is printed for five years at most.")
    if errors:
        raise ValidationError(errors)
    return Request(register, bool(params.get("secret")), start, end, file_format)


def _check(actor: Any, params: Mapping[str, Any]) -> None:
    request = parse(params)
    if request.secret and access.viewer_for(actor).clearance < 1:
        raise ValidationError(_("Your clearance does not allow the secret register."))


def _may_print(user: Any) -> bool:
    return access.viewer_for(user).has_working_role


def keeps_the_registers(user: Any) -> bool:
    """The clerk (văn thư) of the unit that keeps the registers (NĐ 30/2020 Art. 16; CHANCERY_CLERICAL_UNIT)
    prints them whole; a clerk of another unit (the petitions office's) is not the register's keeper (found
    by the examiner of issue 30: the petitions clerk printed every unit's outgoing register)."""
    viewer = access.viewer_for(user)
    if not (viewer.is_active and viewer.has_role(RoleCode.CLERK)) or viewer.unit_id is None:
        return False
    return Unit.objects.filter(pk=viewer.unit_id, code=settings.CHANCERY_CLERICAL_UNIT).exists()


def _within(user: Any, queryset: Any) -> Any:
    """The records a register prints from: every one for the clerk, else those the person may see."""
    return queryset if keeps_the_registers(user) else access.visible_records(user, queryset)


def _subject(user: Any, type_code: str, summary: str, secrecy: int) -> str:
    """Tên loại và trích yếu: the subject withheld on a line above the reader's clearance."""
    kind = rules.document_type(type_code).name
    if secrecy > access.viewer_for(user).clearance:
        return f"{kind}: [{SECRECY_NAMES[secrecy]}]"
    return f"{kind}: {summary}"


def _routed_to(documents: list[IncomingDocument]) -> dict[int, str]:
    """Each document's lead unit (or person) and cooperating units, in one query for the chunk."""
    assignments = (
        Assignment.objects.filter(
            object_type=audit.object_type_of(IncomingDocument),
            object_id__in=[d.pk for d in documents],
            is_active=True,
            kind__in=[AssignmentKind.LEAD, AssignmentKind.COOPERATE],
        )
        .select_related("unit", "user")
        .order_by("kind", "id")
    )
    names: dict[int, list[str]] = {}
    for assignment in sorted(assignments, key=lambda a: a.kind != AssignmentKind.LEAD):
        target = (
            assignment.unit.short_name or assignment.unit.name if assignment.unit else str(assignment.user)
        )
        names.setdefault(assignment.object_id, []).append(target)
    return {pk: ", ".join(dict.fromkeys(values)) for pk, values in names.items()}


def incoming_lines(user: Any, request: Request) -> Iterator[tuple[Any, ...]]:
    documents = _within(user, IncomingDocument.objects.all()).filter(
        received_on__gte=request.start, received_on__lte=request.end
    )
    documents = documents.filter(secrecy__gt=0) if request.secret else documents.filter(secrecy=0)
    chunk: list[IncomingDocument] = []

    def flush() -> Iterator[tuple[Any, ...]]:
        routed = _routed_to(chunk)
        for d in chunk:
            notes = [URGENCY_NAMES[d.urgency]] if d.urgency else []
            if d.secrecy:
                notes.append(SECRECY_NAMES[d.secrecy])
            if d.state == "returned":
                withheld = d.secrecy > access.viewer_for(user).clearance
                notes.append("Trả lại" if withheld else f"Trả lại: {d.outcome}")
            notes.extend(_exchange_notes(d))
            yield (
                d.received_on,
                f"{d.arrival_number:02d}",
                d.sender_name,
                d.reference,
                d.issued_on,
                _subject(user, d.doc_type, d.summary, d.secrecy),
                routed.get(d.pk, ""),
                "",
                "; ".join(str(n) for n in notes),
            )

    for document in documents.order_by("year", "arrival_number", "id").iterator(chunk_size=2000):
        chunk.append(document)
        if len(chunk) >= 2000:
            yield from flush()
            chunk.clear()
    yield from flush()


def _sent_to(document: OutgoingDocument) -> tuple[str, Any]:
    """Nơi nhận and Ngày chuyển of a document: the recipients of its dispatches (agency names, unit names) in
    the order sent, and the day it was sent (dd/mm/yyyy; the days, when it went out on several)."""
    dispatches = list(document.dispatches.all())  # prefetched, in the order sent
    if not dispatches:
        return "; ".join(line.rstrip(";,. ") for line in document.copies), ""  # "Như trên; Lưu: VT", once
    names = [
        d.agency.name if d.agency else (d.unit.short_name or d.unit.name) if d.unit else ""
        for d in dispatches
    ]
    days = list(dict.fromkeys(timezone.localdate(d.sent_at) for d in dispatches))
    sent_on: Any = days[0] if len(days) == 1 else ", ".join(f"{day:%d/%m/%Y}" for day in days)
    return "; ".join(dict.fromkeys(names)), sent_on


def outgoing_lines(user: Any, request: Request) -> Iterator[tuple[Any, ...]]:
    visible = _within(user, OutgoingDocument.objects.all()).values("pk")
    period = (request.start, request.end)
    numbers = (
        DocumentNumber.objects.filter(document__in=visible)
        .filter(
            Q(status=NumberStatus.ISSUED, document__issued_on__range=period)
            | Q(status=NumberStatus.CANCELLED, cancelled_at__date__range=period)
        )
        .filter(Q(secrecy__gt=0) if request.secret else Q(secrecy=0))
        .select_related("document", "document__owning_unit")
        .prefetch_related(
            Prefetch(
                "document__dispatches",
                queryset=Dispatch.objects.select_related("agency", "unit").order_by("sent_at", "id"),
            )
        )
        .order_by("series", "year", "number")
    )
    for line in numbers.iterator(chunk_size=2000):
        document = line.document
        issued_on = document.issued_on if line.status == NumberStatus.ISSUED else None
        cancelled = line.status == NumberStatus.CANCELLED
        recipients, sent_on = _sent_to(document) if not cancelled else ("", "")
        yield (
            line.text,
            issued_on,
            _subject(user, document.doc_type, document.summary, max(line.secrecy, document.secrecy)),
            document.signed_by_name if not cancelled else "",
            recipients,
            document.owning_unit.short_name or document.owning_unit.name,
            len(document.copies) or 1 if not cancelled else "",
            sent_on,
            "",
            f"Số đã hủy: {line.cancelled_reason}" if cancelled else _statuses(document),
        )


def _exchange_notes(document: IncomingDocument) -> list[str]:
    """What the exchange said of a document received: each request of the sender the Office answered, in
    order: it took the document back, revoked, updated or replaced it (15), or the Office refused (16)."""
    answered = [r for r in document.exchange_requests if r.get("answer")]
    if not answered and document.recall_answer:  # answered before the requests were listed
        answered = [{"kind": document.recall_kind, "answer": document.recall_answer}]
    notes = []
    for request in answered:
        kind = request.get("kind", "recall")
        asked = ASKED_NAMES.get(kind, "lấy lại")
        if request["answer"] == "refused":
            notes.append(f"Nơi gửi đề nghị {asked}, Văn phòng không đồng ý")
        elif kind == "update":
            notes.append("Đã cập nhật theo văn bản nơi gửi gửi lại")
        elif kind == "replace":
            notes.append(f"Nơi gửi đã thay thế: {document.outcome}")
        else:
            notes.append(f"Nơi gửi đã {asked}")
    return notes


def _statuses(document: OutgoingDocument) -> str:
    """The Ghi chú of a document sent on the exchange: the last status each agency reported ("Bộ Nội vụ: Đã
    tiếp nhận, vào sổ"), the taking back asked (13), agreed (15) or refused (16) among them, and the answers
    it gave before ("Bộ Ngoại giao: Hoàn thành (đã trả lời: Từ chối cập nhật)")."""
    with translation.override("vi"):
        lines = []
        for d in document.dispatches.all():  # prefetched, in the order sent
            if d.status == DispatchStatus.SENT:
                continue
            earlier = [str(DispatchStatus(a).label) for a in d.answers if a in DispatchStatus.values]
            if earlier and earlier[-1] == d.get_status_display():
                earlier.pop()  # the answer is the status shown
            given = f" (đã trả lời: {', '.join(earlier)})" if earlier else ""
            recipient = d.agency.name if d.agency else d.unit.name if d.unit else ""
            lines.append(f"{recipient}: {d.get_status_display()}{given}")
        return "; ".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def write_xlsx(request: Request, headers: tuple[str, ...], lines: list[tuple[Any, ...]]) -> bytes:
    workbook = spreadsheets.Book()
    sheet = workbook.sheet("So dang ky")
    sheet.set_widths([12, 10, 30, 18, 12, 60, 24, 12, 24, 12][: len(headers)])
    sheet.freeze("A4")
    sheet.append([request.title], bold=True, size=14)
    sheet.append([request.period])
    sheet.append(headers, bold=True, wrap=True)
    for line in lines:
        sheet.append(line)
    return workbook.to_bytes()


def write_docx(request: Request, headers: tuple[str, ...], lines: list[tuple[Any, ...]]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(11)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(request.title)
    run.bold, run.font.size = True, Pt(14)
    period = document.add_paragraph(request.period)
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        heading = cell.paragraphs[0].add_run(label)
        heading.bold = True
    for line in lines:
        cells = table.add_row().cells
        for cell, value in zip(cells, line, strict=True):
            cell.text = _cell(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_pdf(request: Request, headers: tuple[str, ...], lines: list[tuple[Any, ...]]) -> bytes:
    from fpdf.fonts import FontFace

    pdf = layout.vietnamese_pdf("L")
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font("Letter", "B", 13)
    pdf.cell(0, 8, request.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Letter", "", 10)
    pdf.cell(0, 6, request.period, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Letter", "", 7)
    widths = (
        (18, 12, 30, 24, 16, 70, 34, 16, 57)
        if len(headers) == 9
        else (24, 16, 64, 26, 40, 22, 12, 16, 16, 41)
    )
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=4) as table:
        table.row(list(headers))
        for line in lines:
            table.row([_cell(v) for v in line])
    return bytes(pdf.output())


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}


@job_kind(
    "document_register",
    gettext_lazy("Print a document register"),
    may_start=_may_print,
    check=_check,
    params={
        "register": Param(one_of("incoming", "outgoing")),
        "format": Param(one_of(*FORMATS)),
        "start": Param(iso_date),
        "end": Param(iso_date),
        "secret": Param(flag, required=False),
    },
)
def print_register(ctx: JobContext) -> dict[str, Any]:
    request = parse(ctx.params)
    user = ctx.job.started_by
    if user is None:
        raise ValidationError(_("A register is printed for a person."))
    if not keeps_the_registers(user):
        request = replace(request, extract_for=user.full_name or user.username)
    ctx.restart()
    source = incoming_lines if request.register == "incoming" else outgoing_lines
    headers = INCOMING_HEADERS if request.register == "incoming" else OUTGOING_HEADERS
    lines: list[tuple[Any, ...]] = []
    # nothing is written while the register's rows are read: on SQLite a write (the progress) from the
    # connection that holds the reading cursor open waits on the worker's heartbeat, which waits on it
    # ("database is locked", found by the examiner of issue 30 on a year's register of 2,000+ lines)
    for line in source(user, request):
        lines.append(line)
        if request.format != "xlsx" and len(lines) > PRINT_MAX_ROWS:
            raise ValidationError(
                _(
                    "The register has more than %(max)s lines for this period: "
                    "print a shorter period or use XLSX."
                )
                % {"max": grouped(PRINT_MAX_ROWS)}
            )
    content = WRITERS[request.format](request, headers, lines)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = (
        "so-van-ban-"
        + ("den" if request.register == "incoming" else "di")
        + ("-mat" if request.secret else "")
    )
    filename = f"{name}-{request.start:%Y%m%d}-{request.end:%Y%m%d}-{stamp}.{request.format}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(content)
        with path.open("rb") as handle:
            stored = default_storage.save(f"exports/job-{ctx.job.pk}-{filename}", File(handle))
    with transaction.atomic():
        audit.record(
            action=AuditAction.EXPORT,
            actor=user,
            message=f"Xuất sổ đăng ký văn bản{' mật' if request.secret else ''} "
            f"{'đến' if request.register == 'incoming' else 'đi'}, "
            f"{'bản trích' if request.extract_for else 'toàn bộ sổ'}, "
            f"từ ngày {request.start:%d/%m/%Y} đến ngày {request.end:%d/%m/%Y}: {grouped(len(lines))} dòng "
            f"(tác vụ #{ctx.job.pk})",
        )
    ctx.checkpoint(str(len(lines)), done=len(lines))
    return {"file": stored, "filename": filename, "rows": len(lines)}
