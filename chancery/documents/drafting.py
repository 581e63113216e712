"""Drafts of outgoing documents in the national format (chancery.documents.layout): the values a draft fills
into its template, and the template of each type, which the office may replace with its own edited DOCX."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.models import SecrecyLevel
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
    if rules.document_type(document.doc_type).abbreviation is None:
        return f"V/v {document.summary}"
    return ""


def context(document: OutgoingDocument) -> dict[str, Any]:
    kind = rules.document_type(document.doc_type)
    number = document.number_text or f"      /{document.symbol}"
    body = document.body
    if kind.abbreviation is not None:
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
        "copies": document.copies or ["Như trên;", "Lưu: VT."],
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


def render_pdf(document: OutgoingDocument) -> bytes:
    return layout.render_pdf(context(document))
