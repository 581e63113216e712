"""Drafts of outgoing documents in the national format (chancery.documents.layout): the values a draft fills
into its template, and the template of each type, which the office may replace with its own edited DOCX."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.models import SecrecyLevel
from chancery.core.text import nfc
from chancery.documents import layout, rules
from chancery.documents.models import TYPE_CHOICES, OutgoingDocument, UrgencyLevel

# The marks printed under the number (Phụ lục I): secrecy (Luật Bảo vệ bí mật nhà nước) and urgency.
SECRECY_MARKS: dict[int, str] = {
    SecrecyLevel.CONFIDENTIAL: "MẬT",
    SecrecyLevel.SECRET: "TỐI MẬT",
    SecrecyLevel.TOP_SECRET: "TUYỆT MẬT",
}
URGENCY_MARKS: dict[int, str] = {
    UrgencyLevel.URGENT: "KHẨN",
    UrgencyLevel.VERY_URGENT: "THƯỢNG KHẨN",
    UrgencyLevel.FLASH: "HỎA TỐC",
}


def marks(document: OutgoingDocument) -> str:
    return " - ".join(
        m for m in (SECRECY_MARKS.get(document.secrecy, ""), URGENCY_MARKS.get(document.urgency, "")) if m
    )


def _subject(document: OutgoingDocument) -> str:
    """A letter's subject line is "V/v ..." under the number; other types carry their name as a title."""
    if rules.document_type(document.doc_type).abbreviation is None:  # "V/v" once, however typed
        summary = re.sub(
            r"^\s*(?:V\s*/\s*v\b\.?|về\s+việc\b:?)\s*", "", nfc(document.summary), flags=re.IGNORECASE
        )
        return f"V/v {summary}"
    return ""


def context(document: OutgoingDocument) -> dict[str, Any]:
    kind = rules.document_type(document.doc_type)
    number = document.number_text or f"      /{document.symbol}"
    body = document.body
    typed_title = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if kind.abbreviation is not None and nfc(typed_title).casefold() != kind.name.casefold():
        # the type's name and the summary as its title, unless the drafter typed the title into the text
        # already (it would show twice, the second "Về việc …" off centre: the examiner of issue 30)
        body = f"{kind.name.upper()}\n{document.summary}\n\n{body}".strip()
    return {
        "office": rules.ISSUER_NAME[rules.Issuer(document.issuer)],
        "number": f"Số: {number}",
        "subject": _subject(document),
        "marks": marks(document),
        "place_date": layout.vietnamese_date(document.issued_on)
        if document.issued_on
        else f"{layout.PLACE}, ngày      tháng      năm {timezone.localdate().year}",
        "recipient": document.addressee,
        "body": body,
        "closing": "",
        "copies": document.copies or rules.default_copies(document.doc_type, document.addressee),
        "signer_title": document.signer_title,
        "signer_name": document.signed_by_name or (document.signer.full_name if document.signer else ""),
    }


def template_path(doc_type: str) -> str:
    return f"document_templates/{doc_type}.docx"


def _check_type(doc_type: str) -> None:
    if doc_type not in {code for code, _name in TYPE_CHOICES}:
        raise ValidationError(_("Unknown type of document."))


def template_bytes(doc_type: str) -> bytes:
    return layout.template_bytes(template_path(doc_type))


def save_template(doc_type: str, content: bytes) -> None:
    _check_type(doc_type)
    layout.save_template(template_path(doc_type), content)


def reset_template(doc_type: str) -> None:
    _check_type(doc_type)
    layout.reset_template(template_path(doc_type))


def render_docx(document: OutgoingDocument) -> bytes:
    return layout.render_docx(template_bytes(document.doc_type), context(document))


@dataclass(frozen=True)
class AnnexSource:
    """How a module that draws up a document from its records (an honours batch's decision, an amnesty
    campaign's) gives its list to the document's PDF: `rows(document)`, how long the list is (None when the
    document is not the module's; read cheaply, to decide whether to print now or in a job), and
    `annex(document)`, the list itself."""

    rows: Callable[[OutgoingDocument], int | None]
    annex: Callable[[OutgoingDocument], layout.Annex | None]


ANNEXES: list[AnnexSource] = []

# An annex longer than this is printed by a job (documents.printing): the amnesty's list of 15,450 people
# takes over a minute to lay out, longer than a page may wait.
PRINT_NOW_MAX_ROWS = 1_500


def register_annex(source: AnnexSource) -> None:
    if source not in ANNEXES:
        ANNEXES.append(source)


def annex_rows(document: OutgoingDocument) -> int:
    """How many rows the list printed with `document` (render_pdf) has: 0 when it has none."""
    if not rules.refers_to_attached_list(document.body):
        return 0
    return next((rows for source in ANNEXES if (rows := source.rows(document)) is not None), 0)


def render_pdf(document: OutgoingDocument) -> bytes:
    """The document printed in the national layout from its text; an act whose text names its attached list
    ("danh sách kèm theo") is printed with that list when a module keeps it (a decision issued without a
    file, as the demo's and those recorded from paper are: the examiner of issue 26 found them printed
    without their list)."""
    annex = None
    if rules.refers_to_attached_list(document.body):
        annex = next((found for source in ANNEXES if (found := source.annex(document)) is not None), None)
    return layout.render_pdf(context(document), annex=annex)


def office_suite() -> str | None:
    """LibreOffice's command on this server, if installed (Debian's libreoffice-writer)."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of_docx(content: bytes) -> bytes:
    """A DOCX printed to PDF by LibreOffice, as a reader's word processor shows it, in a folder of its own
    (and a profile of its own, so that two printings side by side do not share one)."""
    import subprocess
    import tempfile
    from pathlib import Path

    command = office_suite()
    if command is None:
        raise ValidationError(_("LibreOffice is not installed on the server: the DOCX cannot be printed."))
    with tempfile.TemporaryDirectory(prefix="chancery-print-") as folder:
        source = Path(folder) / "van-ban.docx"
        source.write_bytes(content)
        try:
            subprocess.run(  # noqa: S603 (LibreOffice found on the PATH; the arguments are ours)
                [
                    command,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise ValidationError(
                _("The DOCX could not be printed to PDF: %(error)s") % {"error": error}
            ) from error
        printed = source.with_suffix(".pdf")
        if not printed.exists():
            raise ValidationError(_("The DOCX could not be printed to PDF: %(error)s") % {"error": "—"})
        return printed.read_bytes()


def check_numbering(document: OutgoingDocument, number: str, on: Any) -> None:
    """Before a number is reserved for it: a document drawn up as a DOCX has its places for the number and
    the date, and writes no other number (layout.stamp_number_and_date without the date, which is known only
    on issue). Refused with what to do, so that no number is spent on a file that could not be issued."""
    latest = document.versions.filter(is_signed=False).order_by("-version").first()
    if latest is None or latest.from_template:
        return
    with latest.file.open("rb") as handle:
        content = handle.read()
    if content.startswith(b"%PDF-"):
        # a PDF cannot have its number and date written here, nor be replaced once it goes for signature: a
        # number reserved for it would be spent on a document that could not be issued (issue 30's examiner)
        raise ValidationError(
            {
                "file": _(
                    "The draft is a PDF file: the number and date of issue cannot be written on it. Upload "
                    "the draft as a DOCX (the number and date are written on issue) before it goes for "
                    "signature."
                )
            }
        )
    layout.stamp_number_and_date(content, number=number, on=on, dates=False)


def _docx_text_and_annex(content: bytes) -> tuple[str, bool]:
    """A DOCX's text, and whether it carries an annex: a heading in capitals ("DANH SÁCH ...", "PHỤ LỤC
    ...") followed by the list (a table, or lines other than its "(Kèm theo ...)" tie)."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    try:
        document = Document(io.BytesIO(content))
    except Exception:  # not a word-processing file: it carries nothing readable
        return "", False
    lines: list[str] = []
    headed = annexed = False
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            annexed = annexed or headed
            continue
        if element.tag != qn("w:p"):
            continue
        text = "".join(node.text or "" for node in element.iter(qn("w:t"))).strip()
        if not text:
            continue
        lines.append(text)
        if rules.is_annex_heading(text):
            headed = True
        elif headed and not text.startswith("("):
            annexed = True
    return "\n".join(lines), annexed


def missing_annex(document: OutgoingDocument) -> bool:
    """Whether an act (a decision, an order, ...) says its list is attached ("có tên trong danh sách kèm
    theo") but carries no list: its latest file has no annex after it (a PDF: no "DANH SÁCH" or "PHỤ LỤC"
    page), or it was typed in the form, whose template has no place for one. Such an act is not signed: the
    examiner of issue 26 found the President's decisions on lists issued without them."""
    if document.doc_type not in rules.WITHOUT_ADDRESSEE_TYPES:
        return False
    latest = document.versions.filter(is_signed=False).order_by("-version").first()
    if latest is None or latest.from_template:
        return rules.refers_to_attached_list(document.body)
    with latest.file.open("rb") as handle:
        content = handle.read()
    if content.startswith(b"%PDF-"):
        from chancery.documents import signing

        shown = signing.shown_text(content)
        return rules.refers_to_attached_list(document.body) and not any(
            "".join(heading.split()) in shown for heading in rules.ANNEX_HEADINGS
        )
    text, annexed = _docx_text_and_annex(content)
    return not annexed and rules.refers_to_attached_list(f"{document.body}\n{text}")


def with_annex(
    document: OutgoingDocument, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> bytes:
    """The draft printed from its template (render_docx) with its list after the signature, on a page of its
    own headed by `title` and tied to the decision ("Kèm theo Quyết định số ... ngày ..."): the DOCX its
    drafter uploads (services.upload_version) when the text names "danh sách kèm theo"."""
    import io

    from docx import Document

    word = Document(io.BytesIO(render_docx(document)))
    layout.start_annex(word, title)
    layout.append_table(word, header, rows)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def check_annex(document: OutgoingDocument) -> None:
    """Refused, with what to do, before a number is reserved for an act that names a list it does not
    carry (missing_annex)."""
    if missing_annex(document):
        raise ValidationError(
            {
                "file": _(
                    "The text says a list is attached (“danh sách kèm theo”) but the draft carries no list. "
                    "Upload the draft as a DOCX with the list after the signature, on a page headed by its "
                    "title (DANH SÁCH …), before it goes for signature."
                )
            }
        )


def printed_for_issue(document: OutgoingDocument) -> bytes:
    """What is signed when no signed file is uploaded: a document made from a file (a decision and its annex
    drawn up by a module, an uploaded draft) is that file: its latest version, printed by LibreOffice when it
    is a DOCX; a document typed in the form is printed from its template unless a person uploaded an edited
    file after it (that file is then what they approved, and is issued). Refused, with what to do, when a
    file-made document cannot be printed here: it is never issued as the empty template (the examiner of
    issue 30 found a President's decision issued with its title alone)."""
    latest = document.versions.filter(is_signed=False).order_by("-version").first()
    if latest is None or latest.from_template:  # typed in the form, never replaced by an edited file
        return render_pdf(document)
    with latest.file.open("rb") as handle:
        content = handle.read()
    if content.startswith(b"%PDF-"):
        from chancery.documents import signing

        if document.issued_on and document.number_text:
            dated = "".join(layout.vietnamese_date(document.issued_on).partition(", ")[2].split())
            if not (
                signing.shows_number(content, document.number_text) and dated in signing.shown_text(content)
            ):
                raise ValidationError(
                    {
                        "file": _(
                            "The draft is a PDF without this document's number %(number)s or its date of "
                            "issue (%(date)s): a PDF cannot be numbered here. Upload the DOCX (the number "
                            "and date are written on issue) or the PDF with both."
                        )
                        % {"number": document.number_text, "date": document.issued_on.strftime("%d/%m/%Y")}
                    }
                )
        return content
    if document.issued_on and document.number_text:  # issued: the register's number and date on the page
        content = layout.stamp_number_and_date(content, number=document.number_text, on=document.issued_on)
    if office_suite() is None:
        raise ValidationError(
            {
                "file": _(
                    "This document was drawn up as a file (%(name)s) and LibreOffice is not installed to "
                    "print it: upload its PDF to sign and issue it."
                )
                % {"name": latest.name}
            }
        )
    return pdf_of_docx(content)
