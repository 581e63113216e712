"""Electronic exchange of documents between agencies: the edXML package of QCVN 102:2016/BTTTT (the national
technical regulation on the structure of packages between document-management systems, namespace
http://www.mic.gov.vn/TBT/QCVN_102_2016), and its status messages.

A document package is an `edXMLEnvelope` (a header with the sender, the receivers, the document's identifier,
number and symbol, date and place, type, subject, signer, urgency, due date and the trace of the agencies it
passed; a body whose manifest names the files) followed by `AttachmentEncoded` with each file in base64; every
element of the package is in the edXML namespace. A status package reports what the receiver did with it, by
the status codes of STATUS_CODES.

Export builds the package of an issued document with its signed PDF; import checks a package and says every
problem in Vietnamese before anything is stored, then registers it through the same service as a clerk does.
Secret documents are never exported: a state secret does not travel on a system connected to the internet.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.models import Agency
from chancery.core.text import fold, nfc
from chancery.documents import exchange_business, rules
from chancery.documents.exchange_business import Business
from chancery.documents.models import DispatchStatus
from chancery.documents.rules import signer_info

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
ET.register_namespace("edXML", NS)
MAX_PACKAGE_BYTES = 60 * 1024 * 1024
MAX_PAGES = 9999  # a document's pages (OtherInfo/PageAmount), as the register keeps them
REFERENCE_LENGTH = 80  # the number and symbol as the register keeps them (IncomingDocument.reference)
SUMMARY_LENGTH = 500  # the summary as the register keeps it (IncomingDocument.summary)

# The status codes of the exchange and the dispatch status each one records. 01–06 are QCVN 102:2016's
# (01 đã đến: the receiving system has it, no clerk has registered it; 02 từ chối tiếp nhận; 03 đã tiếp nhận:
# registered; 04 phân công; 05 đang xử lý; 06 hoàn thành); 13, 15 and 16 are those the national document
# exchange platform added for taking a document back (13 yêu cầu lấy lại, 15 đồng ý lấy lại / cập nhật,
# 16 từ chối lấy lại / cập nhật). Any other code is refused.
STATUS_CODES = {
    "01": DispatchStatus.ARRIVED,
    "02": DispatchStatus.RETURNED,
    "03": DispatchStatus.RECEIVED,
    "04": DispatchStatus.ASSIGNED,
    "05": DispatchStatus.PROCESSING,
    "06": DispatchStatus.DONE,
    "13": DispatchStatus.RECALL_ASKED,
    "15": DispatchStatus.RECALLED,
    "16": DispatchStatus.NOT_RECALLED,
}
NEW_DOCUMENT = Business()
STATUS_OF_STATE = {"registered": "03", "routed": "04", "closed": "06", "returned": "02", "recalled": "15"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def office_code() -> str:
    """The Office's identifier in the national list of agency codes (settings.CHANCERY_AGENCY_CODE)."""
    return str(getattr(settings, "CHANCERY_AGENCY_CODE", ""))


def office_name() -> str:
    return "Văn phòng Chủ tịch nước"


def _text(parent: ET.Element, tag: str, value: Any) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    element.text = "" if value is None else str(value)
    return element


def _party(parent: ET.Element, tag: str, code: str, name: str, address: str = "") -> None:
    party = ET.SubElement(parent, _q(tag))
    _text(party, "OrganId", code)
    _text(party, "OrganizationInCharge", name)
    _text(party, "OrganName", name)
    _text(party, "OrganAdd", address)


def _date(day: date) -> str:
    return f"{day:%Y/%m/%d}"


def _stamp(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y/%m/%d %H:%M:%S}"


def document_id(code: str, issued_on: date, number_text: str) -> str:
    """The package's document identifier: "agency code,date,number/symbol"."""
    return f"{code},{_date(issued_on)},{number_text}"


@dataclass(frozen=True)
class FileData:
    name: str
    content_type: str
    content: bytes


def build_package(
    *,
    sender_code: str,
    sender_name: str,
    receivers: Sequence[tuple[str, str]],
    number: int | str,
    notation: str,
    number_text: str,
    issued_on: date,
    type_name: str,
    subject: str,
    urgency: int,
    signer_competence: str,
    signer_position: str,
    signer_name: str,
    pages: int,
    files: Sequence[FileData],
    due_on: date | None = None,
    to_places: Sequence[str] = (),
    place: str = "Hà Nội",
    sent_at: datetime | None = None,
    business: Business = NEW_DOCUMENT,
) -> bytes:
    root = ET.Element(_q("edXML"))
    envelope = ET.SubElement(root, _q("edXMLEnvelope"))
    header = ET.SubElement(envelope, _q("edXMLHeader"))
    message = ET.SubElement(header, _q("MessageHeader"))
    _party(message, "From", sender_code, sender_name)
    for code, name in receivers:
        _party(message, "To", code, name)
    _text(message, "DocumentId", document_id(sender_code, issued_on, number_text))
    code_element = ET.SubElement(message, _q("Code"))
    _text(code_element, "CodeNumber", number)
    _text(code_element, "CodeNotation", notation)
    promulgation = ET.SubElement(message, _q("PromulgationInfo"))
    _text(promulgation, "Place", place)
    _text(promulgation, "PromulgationDate", _date(issued_on))
    kind = ET.SubElement(message, _q("DocumentType"))
    _text(kind, "Type", 1)
    _text(kind, "TypeName", type_name)
    _text(message, "Subject", subject)
    _text(message, "Content", subject)
    signer = ET.SubElement(message, _q("SignerInfo"))
    _text(signer, "Competence", signer_competence)
    _text(signer, "Position", signer_position)
    _text(signer, "FullName", signer_name)
    if due_on:
        _text(message, "DueDate", _date(due_on))
    other = ET.SubElement(message, _q("OtherInfo"))
    _text(other, "Priority", urgency)
    _text(other, "PageAmount", pages)
    _text(other, "PromulgationAmount", max(1, len(receivers)))
    if to_places:
        places = ET.SubElement(message, _q("ToPlaces"))
        for name in to_places:
            _text(places, "Place", name)
    traces = ET.SubElement(header, _q("TraceHeaderList"))
    trace = ET.SubElement(traces, _q("TraceHeader"))
    _text(trace, "OrganId", sender_code)
    _text(trace, "Timestamp", _stamp(sent_at or timezone.now()))
    exchange_business.write(traces, business, _q)
    body = ET.SubElement(envelope, _q("edXMLBody"))
    manifest = ET.SubElement(body, _q("edXMLManifest"), {"version": "1.0"})
    encoded = ET.SubElement(root, _q("AttachmentEncoded"))
    for position, item in enumerate(files, start=1):
        # The manifest refers to a file as "cid:<id>", the attachment carries the bare <id>.
        content_id = str(position)
        reference = ET.SubElement(manifest, _q("Reference"))
        _text(reference, "ContentId", f"cid:{content_id}")
        _text(reference, "ContentType", item.content_type)
        _text(reference, "Description", item.name)
        _text(reference, "AttachmentName", item.name)
        attachment = ET.SubElement(encoded, _q("Attachment"))
        _text(attachment, "ContentId", content_id)
        _text(attachment, "AttachmentName", item.name)
        _text(attachment, "Description", item.name)
        _text(attachment, "ContentType", item.content_type)
        _text(attachment, "ContentTransferEncoded", base64.b64encode(item.content).decode())
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def export_document(document: Any, agencies: Sequence[Agency], business: Business = NEW_DOCUMENT) -> bytes:
    """The package of an issued document for the agencies given, with its signed PDF; `business` when it
    revokes (the package then carries no file), updates or replaces a document sent before."""
    if not rules.may_exchange_electronically(document.secrecy):
        raise ValidationError(_("A secret document is never sent by electronic exchange."))
    if document.state != "issued" or document.issued_on is None:
        raise ValidationError(_("Only an issued document is exchanged."))
    if not office_code():
        raise ValidationError(_("The Office's agency code is not set (CHANCERY_AGENCY_CODE)."))
    missing = [a.name for a in agencies if not a.code]
    if missing:
        raise ValidationError(
            _("These agencies have no agency code for electronic exchange: %(names)s")
            % {"names": ", ".join(missing)}
        )
    signed = document.versions.filter(is_signed=True).order_by("-version").first()
    if signed is None:
        raise ValidationError(_("The document has no signed file to send."))
    with signed.file.open("rb") as handle:
        content = handle.read()
    name = f"{document.number_text.replace('/', '-')}.pdf"
    competence, position = signer_info(
        document.signer_title, document.signer.position if document.signer else ""
    )
    return build_package(
        sender_code=office_code(),
        sender_name=office_name(),
        receivers=[(a.code, a.name) for a in agencies],
        number=document.number_text.removesuffix(f"/{document.symbol}"),
        notation=document.symbol,
        number_text=document.number_text,
        issued_on=document.issued_on,
        type_name=rules.document_type(document.doc_type).name,
        subject=document.summary,
        urgency=document.urgency,
        signer_competence=competence,
        signer_position=position,
        signer_name=document.signed_by_name,
        pages=1,
        files=[]
        if business.kind == exchange_business.REVOKE
        else [FileData(name, "application/pdf", content)],
        to_places=document.copies,
        business=business,
    )


# --- reading a package -----------------------------------------------------------------------------------


@dataclass
class Package:
    """What a package says, once checked."""

    document_id: str
    sender_code: str
    sender_name: str
    receivers: list[str]
    number: str
    notation: str
    issued_on: date
    type_name: str
    subject: str
    urgency: int
    signer: str
    pages: int
    due_on: date | None
    files: list[FileData] = field(default_factory=list)
    business: Business = NEW_DOCUMENT

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.notation}" if self.notation else self.number

    @property
    def doc_type(self) -> str:
        wanted = fold(self.type_name)
        return next((t.code for t in rules.TYPES.values() if fold(t.name) == wanted), "cong_van")


def _parse_xml(content: bytes) -> Any:
    """The package's XML, refusing what the standard does not use and an attacker would: a document type
    declaration of any kind (internal entities, an external DTD), and entities; said in Vietnamese, never
    with the parser's internals."""
    if len(content) > MAX_PACKAGE_BYTES:
        raise ValidationError(_("The package is larger than 60 MB."))
    if b"<!DOCTYPE" in content.upper() or b"<!ENTITY" in content.upper():
        raise ValidationError(_("The package declares a document type or entities (DTD): it is refused."))
    try:
        return SafeET.fromstring(content, forbid_dtd=True)
    except ET.ParseError as error:  # said where, never in the parser's English
        line, column = getattr(error, "position", (0, 0))
        raise ValidationError(
            _("The file is not a valid XML package (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from error
    except Exception as error:  # defusedxml's own refusals (DTD, entities, external references)
        raise ValidationError(
            _("The package declares a document type or entities (DTD): it is refused.")
        ) from error


def _find(element: Any, path: str) -> Any:
    return element.find("/".join(_q(p) for p in path.split("/")))


def _value(element: Any, path: str) -> str:
    found = _find(element, path)
    return nfc((found.text or "").strip()) if found is not None else ""


def _child(element: Any, tag: str) -> Any:
    """A child in the edXML namespace, or without a namespace as packages made before this rule had it."""
    found = element.find(_q(tag))
    return found if found is not None else element.find(tag)


def _children(element: Any, tag: str) -> list[Any]:
    return list(element.findall(_q(tag))) + list(element.findall(tag))


def _child_text(element: Any, tag: str) -> str:
    found = _child(element, tag)
    return (found.text or "").strip() if found is not None else ""


def _content_key(content_id: str) -> str:
    return content_id.strip().removeprefix("cid:")


def _parse_date(text: str) -> date | None:
    for pattern in ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def is_document_package(content: bytes) -> bool:
    """Whether the file is a document package (an `edXML` root), not a status message."""
    return str(_parse_xml(content).tag).rpartition("}")[2] == "edXML"


def read_package(content: bytes) -> Package:
    """Check a document package; every problem found is reported at once, in Vietnamese."""
    root = _parse_xml(content)
    if root.tag != _q("edXML"):
        raise ValidationError(_("The file is not an edXML document package (QCVN 102:2016)."))
    header = _find(root, "edXMLEnvelope/edXMLHeader/MessageHeader")
    if header is None:
        raise ValidationError(_("The package has no message header."))
    problems: list[str] = []
    required = {
        "From/OrganId": _("the sender's agency code"),
        "From/OrganName": _("the sender's name"),
        "Code/CodeNumber": _("the document's number"),
        "PromulgationInfo/PromulgationDate": _("the date of the document"),
        "Subject": _("the summary"),
    }
    for path, label in required.items():
        if not _value(header, path):
            problems.append(_("Missing: %(what)s (%(path)s).") % {"what": label, "path": path})
    sender_code = _value(header, "From/OrganId")
    if sender_code and not Agency.objects.filter(code=sender_code).exists():
        problems.append(
            _(
                "The sender's agency code %(code)s (From/OrganId) is not in the list of agencies: "
                "add the agency with this code, then import the package again."
            )
            % {"code": sender_code}
        )
    receivers = [nfc((e.text or "").strip()) for e in header.findall(f"{_q('To')}/{_q('OrganId')}")]
    if not receivers:
        problems.append(_("Missing: the receiving agencies (To)."))
    elif office_code() and office_code() not in receivers:
        problems.append(
            _("The package is not addressed to this Office (%(code)s): it was sent to %(codes)s.")
            % {"code": office_code(), "codes": ", ".join(receivers)}
        )
    issued = _parse_date(_value(header, "PromulgationInfo/PromulgationDate"))
    if _value(header, "PromulgationInfo/PromulgationDate") and issued is None:
        problems.append(_("The date of the document is not a date (YYYY/MM/DD)."))
    elif issued is not None and issued > timezone.localdate():
        # never re-dated to today: a document dated in the future is the sender's mistake, sent back
        problems.append(
            _("The date of the document (%(date)s) is after today.") % {"date": issued.strftime("%d/%m/%Y")}
        )
    if len(_value(header, "Subject")) > SUMMARY_LENGTH:  # registered whole or not at all, as the number
        problems.append(
            _("The summary (Subject) is too long (%(length)s characters, at most %(most)s).")
            % {"length": len(_value(header, "Subject")), "most": SUMMARY_LENGTH}
        )
    number, notation = _value(header, "Code/CodeNumber"), _value(header, "Code/CodeNotation")
    if len(number) > 11 or len(f"{number}/{notation}") > REFERENCE_LENGTH:
        # registered whole or not at all: a number cut to fit is another document's number
        problems.append(
            _("The document's number and symbol are too long (%(length)s characters, at most %(most)s).")
            % {"length": len(f"{number}/{notation}"), "most": REFERENCE_LENGTH}
        )
    due_text = _value(header, "DueDate")
    due = _parse_date(due_text) if due_text else None
    if due_text and due is None:
        problems.append(_("The due date is not a date (YYYY/MM/DD)."))
    priority_text = _value(header, "OtherInfo/Priority") or "0"
    urgency = int(priority_text) if priority_text.isdigit() else -1
    if urgency < 0 or urgency > 4:
        problems.append(_("The urgency (Priority) must be 0 to 4."))
    pages_text = _value(header, "OtherInfo/PageAmount") or "1"
    if not (pages_text.isdigit() and 0 < int(pages_text) <= MAX_PAGES):
        problems.append(
            _("The number of pages (PageAmount) must be a whole number from 1 to %(most)s.")
            % {"most": MAX_PAGES}
        )
    files = []
    manifest = _find(root, "edXMLEnvelope/edXMLBody/edXMLManifest")
    named = {
        _content_key(nfc(r.findtext(_q("ContentId")) or ""))
        for r in (manifest.findall(_q("Reference")) if manifest is not None else [])
    }
    encoded = _child(root, "AttachmentEncoded")
    attachments = _children(encoded, "Attachment") if encoded is not None else []
    identifier = _value(header, "DocumentId")
    business, found = exchange_business.read(_find(root, "edXMLEnvelope/edXMLHeader"), identifier)
    problems += found
    if not attachments and business.kind != exchange_business.REVOKE:
        # a document is registered with its file, or not at all; a revocation names it and carries none
        problems.append(_("The package carries no file of the document (AttachmentEncoded)."))
    for attachment in attachments:
        content_id = _content_key(_child_text(attachment, "ContentId"))
        name = nfc(_child_text(attachment, "AttachmentName")) or content_id
        data = _child(attachment, "ContentTransferEncoded")
        try:
            raw = base64.b64decode((data.text or "") if data is not None else "", validate=True)
        except (binascii.Error, ValueError):
            problems.append(_("The file %(name)s is not valid base64.") % {"name": name})
            continue
        if not raw:
            problems.append(_("The file %(name)s is empty.") % {"name": name})
            continue
        if content_id not in named:
            problems.append(_("The file %(name)s is not listed in the manifest.") % {"name": name})
        files.append(FileData(name, _child_text(attachment, "ContentType"), raw))
    if problems:
        raise ValidationError(problems)
    assert issued is not None
    return Package(
        document_id=identifier
        or document_id(_value(header, "From/OrganId"), issued, _value(header, "Code/CodeNumber")),
        sender_code=_value(header, "From/OrganId"),
        sender_name=_value(header, "From/OrganName"),
        receivers=receivers,
        number=_value(header, "Code/CodeNumber"),
        notation=_value(header, "Code/CodeNotation"),
        issued_on=issued,
        type_name=_value(header, "DocumentType/TypeName"),
        subject=_value(header, "Subject"),
        urgency=min(urgency, 3),  # "hỏa tốc hẹn giờ" (4) is registered as Hỏa tốc
        signer=_value(header, "SignerInfo/FullName"),
        pages=int(pages_text),
        due_on=due,
        files=files,
        business=business,
    )


def package_files(package: Package) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f.name, f.content, content_type=f.content_type) for f in package.files]


def message_id(package: Package) -> str:
    """The key a package is registered once by: its document identifier and the checksum of its files."""
    digest = hashlib.sha256(b"".join(f.content for f in package.files)).hexdigest()[:16]
    return f"{package.document_id}#{digest}"[:100]


# --- status messages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    document_id: str
    sender_code: str
    code: str
    description: str
    at: datetime | None


def build_status(
    *,
    document_id_value: str,
    sender_code: str,
    sender_name: str,
    code: str,
    description: str,
    staff: str = "",
    at: datetime | None = None,
) -> bytes:
    if code not in STATUS_CODES:
        raise ValidationError(_("Unknown status."))
    root = ET.Element(_q("Status"))
    header = ET.SubElement(root, _q("Header"))
    response = ET.SubElement(header, _q("ResponseFor"))
    owner, _sep, rest = document_id_value.partition(",")
    issued, _sep, number = rest.partition(",")
    _text(response, "OrganId", owner)
    _text(response, "Code", number)
    _text(response, "PromulgationDate", issued)
    _text(response, "DocumentId", document_id_value)
    _party(header, "From", sender_code, sender_name)
    _text(header, "StatusCode", code)
    _text(header, "Description", description)
    _text(header, "Timestamp", _stamp(at or timezone.now()))
    staff_info = ET.SubElement(header, _q("StaffInfo"))
    _text(staff_info, "Staff", staff)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _status_element(root: Any) -> Any:
    """The Status message: the root itself, or one carried inside another envelope (a platform that wraps
    the messages it relays, e.g. in an edXMLEnvelope or a SOAP body), with the edXML namespace or none."""
    if _local(root) == "Status":
        return root
    return next((element for element in root.iter() if _local(element) == "Status"), None)


def _any_value(element: Any, path: str) -> str:
    """A value at `path` in the edXML namespace, or without one (as some platforms relay packages)."""
    found = _find(element, path)
    if found is None:
        found = element.find(path)
    return nfc((found.text or "").strip()) if found is not None else ""


def _status_time(stamp: str) -> datetime | None:
    """The status's time: "yyyy/MM/dd HH:mm:ss" (QCVN 102:2016) or ISO 8601 with or without its offset."""
    for parse in (lambda text: datetime.strptime(text, "%Y/%m/%d %H:%M:%S"), datetime.fromisoformat):
        try:
            moment = parse(stamp)
        except ValueError:
            continue
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    return None


def read_status(content: bytes) -> Status:
    root = _status_element(_parse_xml(content))
    if root is None:
        raise ValidationError(_("The file is not an edXML status package (QCVN 102:2016)."))
    header = _child(root, "Header")
    if header is None:
        raise ValidationError(_("The status package has no header."))
    code = _any_value(header, "StatusCode")
    problems = []
    if code not in STATUS_CODES:
        problems.append(
            _("Unknown status code: %(code)s. The exchange defines the codes %(codes)s.")
            % {"code": code or "—", "codes": ", ".join(STATUS_CODES)}
        )
    if not _any_value(header, "ResponseFor/DocumentId"):
        problems.append(_("Missing: the document the status is about (ResponseFor/DocumentId)."))
    if not _any_value(header, "From/OrganId"):
        problems.append(_("Missing: the sender's agency code (From/OrganId)."))
    if problems:
        raise ValidationError(problems)
    stamp = _any_value(header, "Timestamp")
    if not stamp:  # the order of a dispatch's statuses depends on it: never the time it happened to arrive
        raise ValidationError(_("The status has no time (Timestamp)."))
    at = _status_time(stamp)
    if at is None:  # never replaced by the time it arrived: the order of statuses depends on it
        raise ValidationError(
            _("The status's time cannot be read: %(stamp)s (yyyy/MM/dd HH:mm:ss or ISO 8601).")
            % {"stamp": stamp}
        )
    return Status(
        document_id=_any_value(header, "ResponseFor/DocumentId"),
        sender_code=_any_value(header, "From/OrganId"),
        code=code,
        description=_any_value(header, "Description"),
        at=at,
    )
