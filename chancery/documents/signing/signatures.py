"""Signing a document (the signer, then the Office's seal) and checking the signatures of a PDF received,
with what its pages show (number, date)."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chancery.documents.signing.certificates import (
    HOLDER_NAME,
    OFFICE,
    PRESIDENT,
    SignatureCheck,
    _reader,
    identity,
    trusted_roots,
)
from chancery.documents.signing.placement import (
    _page,
    seal_place,
    signature_fields,
    signature_page,
    signature_place,
)
from chancery.documents.signing.signers import RemoteSigner, SigningDeclined, _pyhanko_signer, signer_for
from chancery.documents.signing.stamps import _add_signature, _stamp, signing_time, specimen_place, time_text


def sign_as_signer(
    content: bytes,
    *,
    signer: RemoteSigner,
    name: str,
    title: str,
    reason: str,
    printed_name: str = "",
    specimen: bytes | None = None,
    location: str = "Hà Nội",
    at: dt.datetime | None = None,
) -> bytes:
    """The PDF with the signer's own PAdES signature, shown in the signature block of the last page (found
    by the name printed under it, `printed_name` or else `name`): the picture of their signature
    (`specimen`, chancery.documents.specimens) when one is registered, else their name, title and the signing
    time in words. Refused in Vietnamese when the signer declines."""
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    existing = len(_reader(content).embedded_signatures)
    at = signing_time(at)
    page = signature_page(content, printed_name or name)
    box = signature_place(content, printed_name or name, page)
    if specimen is not None:
        box = specimen_place(box, specimen)
    try:
        return _add_signature(
            content,
            signer=_pyhanko_signer(signer, reason),
            field=f"NguoiKy{existing + 1}",
            box=box,
            stamp=_stamp("signer", box, specimen),
            page=page,
            text={"who": name, "title": title, "when": time_text(at)},
            at=at,
            name=name,
            reason=reason,
            location=location,
        )
    except SigningDeclined as error:
        raise ValidationError(
            _("%(name)s did not approve the digital signature (%(reason)s): nothing was issued.")
            % {"name": name, "reason": str(error) or _("declined")}
        ) from error


def signature_count(content: bytes) -> int:
    """How many signatures the PDF carries (refused when it is not a readable PDF)."""
    return len(_reader(content).embedded_signatures)


# the seal's signature field by its holder; the signer's fields are the others
SEAL_FIELD = {OFFICE: "VPCTN", PRESIDENT: "DauCTN"}
# the holder's name as the words beside the seal show it, on two lines
_SEAL_WORDS = {
    OFFICE: "Văn phòng\nChủ tịch nước",
    PRESIDENT: "Chủ tịch nước Cộng hòa\nxã hội chủ nghĩa Việt Nam",
}


def sign(
    content: bytes,
    *,
    reason: str,
    holder: str = OFFICE,
    location: str = "Hà Nội",
    at: dt.datetime | None = None,
) -> bytes:
    """The PDF with the seal holder's PAdES signature added as an incremental update: signatures already in
    it (the signer's own) stay valid. The holder is the Office, or the State President for a document issued
    in the President's name (its seal and certificate, kept by the Office). The seal shows over the left
    third of the signer's signature on the last page (or where the signature block is, when the signer's
    signature does not show), with the holder's name and the signing time."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    seal = identity(holder)
    existing = len(_reader(content).embedded_signatures)
    # over the signer's signature, on its page (a decision's annex may follow it)
    shown = [
        (page, box)
        for field, page, box in signature_fields(content)
        if not field.startswith(tuple(SEAL_FIELD.values()))
    ]
    page, signed = shown[-1] if shown else (-1, signature_place(content))
    box, side = seal_place(signed, _page(content, page)[2])
    at = signing_time(at)
    when = time_text(at)
    return _add_signature(
        content,
        signer=signers.SimpleSigner(
            signing_cert=seal.certificate,
            signing_key=seal.key,
            cert_registry=SimpleCertificateStore.from_certs(list(seal.chain)),
        ),
        field=f"{SEAL_FIELD[holder]}{existing + 1}",
        box=box,
        stamp=_stamp(f"seal-{side}", box, holder=holder),
        page=page,
        text={"who": _SEAL_WORDS[holder], "date": when[:10], "time": when[11:]},
        at=at,
        name=HOLDER_NAME[holder],
        reason=reason,
        location=location,
    )


# What may follow a signature in later revisions without changing what was signed: more signatures and
# their validation data (pyhanko's difference analysis of the revisions after it).
_HARMLESS_LATER_CHANGES = {"NONE", "LTA_UPDATES", "FORM_FILLING"}


def _covers_what_is_shown(status: Any) -> bool:
    """Whether the signature vouches for the file as a reader sees it: it covers the whole file, or its
    revision and only further signatures came after (an incremental update that draws on a page after
    signing, as a forger adds an amount, is not)."""
    coverage = getattr(status.coverage, "name", "")
    if coverage == "ENTIRE_FILE":
        return True
    level = getattr(getattr(status, "modification_level", None), "name", "")
    return (
        coverage == "ENTIRE_REVISION" and level in _HARMLESS_LATER_CHANGES and status.docmdp_ok is not False
    )


def check(content: bytes) -> list[SignatureCheck]:
    """Every signature in the PDF, checked offline against the trusted roots; empty when it has none."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = _reader(content)
    context = ValidationContext(trust_roots=trusted_roots(), allow_fetching=False)
    found = []
    for embedded in reader.embedded_signatures:
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception as error:  # a damaged signature raises many kinds of errors: it is not valid
            found.append(
                SignatureCheck(
                    signer=embedded.field_name or "",
                    signed_at=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    whole_file=False,
                    summary=str(error)[:300],
                )
            )
            continue
        signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
        fingerprint = status.signing_cert.sha256.hex() if status.signing_cert else ""
        found.append(
            SignatureCheck(
                signer=str(signer),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=_covers_what_is_shown(status),
                summary=str(status.summary())[:300],
                certificate_sha256=fingerprint,
            )
        )
    return found


def signed_elsewhere_problem(content: bytes, *, signer: Any, number: str) -> str:
    """Why a PDF the clerk brings as signed by the document's signer outside Chancery cannot be issued as
    this document, or "": every signature in it must be intact, valid, trusted and vouch for the file as
    shown; one must be made with the signer's own certificate (`signer_for`); and its text must carry this
    document's number, so that another document the same person signed is not issued under this number."""
    checks = check(content)
    if not all(found.is_good for found in checks):
        return _("A signature in the file is not valid, not trusted, or the file was changed after signing.")
    own = signer_for(signer).certificate().sha256.hex()
    if not any(found.certificate_sha256 == own for found in checks):
        return _("The file is not signed with %(name)s's own certificate.") % {"name": signer.get_full_name()}
    if not shows_number(content, number):
        return _("The signed file does not carry this document's number %(number)s.") % {"number": number}
    return ""


def shown_text(content: bytes) -> str:
    """A PDF's text, every page, without spaces or line breaks (as pypdf extracts them, irregularly)."""
    return "".join("".join((page.extract_text() or "") for page in _reader_pages(content)).split())


def _page_text(content: bytes) -> str:
    """A PDF's text as extracted, every page, NFC, without the invisible format characters (a zero-width
    space typed into "Số:" hides nothing from the reader and must hide nothing from the check)."""
    raw = "\n".join((page.extract_text() or "") for page in _reader_pages(content))
    return "".join(ch for ch in unicodedata.normalize("NFC", raw) if unicodedata.category(ch) != "Cf")


def shows_number(content: bytes, number: str) -> bool:
    """Whether a PDF's number line ("Số: 12/QĐ-CTN", the colon full-width or not) carries the document's
    number (spaces inside it ignored, as text extraction splits it), and not as a part of another ("Số:
    212/QĐ-CTN", "12/QĐ-CTNX"): the number written elsewhere in the text (a decision citing another) does not
    count (the examiner of issue 30). The words around it are kept apart as the page shows them (a correct
    "Số: 1125/QĐ-CTN" was refused once when the spaces before "Độc lập" were taken out)."""
    wanted = r"\s*".join(re.escape(ch) for ch in "".join(number.split()))
    pattern = (
        rf"(?<!\w)(?:Số|SỐ|So|SO)\s*[:：]\s*{wanted}(?![\w-])"  # "số 12/QĐ-CTN" in a sentence is a citation
    )
    return re.search(pattern, _page_text(content)) is not None


_SHOWN_DATE = re.compile(
    r",\s*ngày\s*(?P<day>\d{1,2})\s*(?:tháng\s*(?P<month>\d{1,2})\s*năm|/\s*(?P<fmonth>\d{1,2})\s*/)\s*"
    r"(?P<year>\d{4})",
    re.IGNORECASE,
)


def shown_date(content: bytes) -> dt.date | None:
    """The date a PDF shows on its place-and-date line ("Hà Nội, ngày 06 tháng 12 năm 2026", or in figures),
    the first such line; None when none is written or it is no date."""
    found = _SHOWN_DATE.search(_page_text(content))
    if found is None:
        return None
    try:
        return dt.date(int(found["year"]), int(found["month"] or found["fmonth"]), int(found["day"]))
    except ValueError:
        return None


def _reader_pages(content: bytes) -> list[Any]:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(content)).pages)
