"""The business of an edXML document package (part of chancery.documents.exchange): a package carries a new
document, or it revokes, updates or replaces one sent before. The national exchange's clients write it in
the header's trace list as `Bussiness` (spelled so; `Business` is read too):

    <TraceHeaderList><TraceHeader>…</TraceHeader>
      <Bussiness>
        <BussinessDocType>2</BussinessDocType>          0 new, 1 revoked (thu hồi), 2 updated (cập nhật),
                                                        3 replaced (thay thế)
        <BussinessDocReason>Sửa ngày hiệu lực</BussinessDocReason>
        <DocumentId>000.00.00.A02,2026/11/02,15/QĐ-CTN</DocumentId>   the document revoked or updated
        <BussinessDocumentInfo><DocumentInfo>1</DocumentInfo><DocumentReceiver>0</DocumentReceiver>
        </BussinessDocumentInfo>                         an update: its details changed, not its receivers
        <ReplacementInfoList><ReplacementInfo>           a replacement: the document it replaces, and the
          <DocumentId>…</DocumentId><OrganIdList><OrganId>…</OrganId></OrganIdList>   agencies whose copy
        </ReplacementInfo></ReplacementInfoList>
        <Paper>0</Paper>
      </Bussiness></TraceHeaderList>

The receiver answers a revocation, an update or a replacement as it answers a request to take a document
back: status 15 (agreed) or 16 (refused), as the platform's clients read those codes ("Đồng ý lấy lại, cập
nhật văn bản"). The codes and the elements were read from public exchange clients and SDKs (the Bkav eDoc
SDK among them), not from the text of QCVN 102:2016, which we did not have."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from chancery.core.text import nfc

NEW, REVOKE, UPDATE, REPLACE = 0, 1, 2, 3
# what each business asks of the receiver, as the Office's records name it (IncomingDocument.recall_kind)
KINDS = {REVOKE: "revoke", UPDATE: "update", REPLACE: "replace"}
TYPE_OF_KIND = {kind: code for code, kind in KINDS.items()}
SPELLINGS = ("Bussiness", "Business")


@dataclass(frozen=True)
class Business:
    """What a package does: `kind` one of NEW, REVOKE, UPDATE, REPLACE; `target` the identifier of the
    document it revokes, updates or replaces; `organs` the agencies whose copy a replacement replaces."""

    kind: int = NEW
    reason: str = ""
    target: str = ""
    organs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return KINDS.get(self.kind, "new")


def write(parent: ET.Element, business: Business, q: Any) -> None:
    """The `Bussiness` element of a package's trace list (`q` names an element in the edXML namespace)."""

    def text(element: ET.Element, tag: str, value: Any) -> ET.Element:
        child = ET.SubElement(element, q(tag))
        child.text = str(value)
        return child

    element = ET.SubElement(parent, q("Bussiness"))
    text(element, "BussinessDocType", business.kind)
    if business.reason:
        text(element, "BussinessDocReason", business.reason)
    if business.kind in (REVOKE, UPDATE):
        text(element, "DocumentId", business.target)
    if business.kind == UPDATE:
        info = ET.SubElement(element, q("BussinessDocumentInfo"))
        text(info, "DocumentInfo", 1)
        text(info, "DocumentReceiver", 0)
    if business.kind == REPLACE:
        item = ET.SubElement(ET.SubElement(element, q("ReplacementInfoList")), q("ReplacementInfo"))
        text(item, "DocumentId", business.target)
        organs = ET.SubElement(item, q("OrganIdList"))
        for code in business.organs:
            text(organs, "OrganId", code)
    text(element, "Paper", 0)


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if _local(child) in names]


def _text_of(element: Any, name: str) -> str:
    found = _children(element, name)
    return nfc((found[0].text or "").strip()) if found else ""


def read(header: Any, document_id: str) -> tuple[Business, list[str]]:
    """The business of a package whose header (`edXMLHeader`) is given, with the problems found, in
    Vietnamese. No `Bussiness` element: a new document. An update or revocation that does not name the
    document is about the package's own document (`document_id`)."""
    element = next((e for e in header.iter() if _local(e) in SPELLINGS), None)
    if element is None:
        return Business(), []
    kind_text = _text_of(element, "BussinessDocType") or _text_of(element, "BusinessDocType")
    if kind_text not in {"0", "1", "2", "3"}:  # said, never taken for a new document
        return Business(), [
            _(
                "The package's business (BussinessDocType) must be 0 (new), 1 (revoked), 2 (updated) or 3 "
                "(replaced), not %(value)s."
            )
            % {"value": kind_text or "—"}
        ]
    kind = int(kind_text)
    reason = (_text_of(element, "BussinessDocReason") or _text_of(element, "BusinessDocReason"))[:300]
    if kind == NEW:
        return Business(NEW, reason), []
    if kind == REPLACE:
        items = [
            i for lst in _children(element, "ReplacementInfoList") for i in _children(lst, "ReplacementInfo")
        ]
        target = _text_of(items[0], "DocumentId") if items else ""
        if not target:
            return Business(), [_("Missing: the document it replaces (ReplacementInfo/DocumentId).")]
        organs = tuple(
            nfc((o.text or "").strip()) for lst in _children(items[0], "OrganIdList") for o in lst if o.text
        )
        return Business(REPLACE, reason, target, organs), []
    return Business(kind, reason, _text_of(element, "DocumentId") or document_id), []
