"""Electronic exchange (QCVN 102:2016 edXML): an exported package round-trips through import, bad packages
are refused with every reason and nothing stored, and status packages come back onto the dispatch."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chancery.core.models import SecrecyLevel
from chancery.documents import exchange, services, signing
from chancery.documents.models import IncomingDocument
from chancery.documents.tests.factories import PDF, Office, issued

pytestmark = [pytest.mark.django_db]

OFFICE_CODE = "000.00.00.A02"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CHANCERY_AGENCY_CODE = OFFICE_CODE


def known_to_the_ministry() -> None:
    """The ministry's system knows the Office by its agency code (a package from an unknown code is refused)."""
    from chancery.core import services as core_services

    core_services.create_agency(actor=None, name="Văn phòng Chủ tịch nước", code=OFFICE_CODE)


def package_from_ministry(**overrides: Any) -> bytes:
    values: dict[str, Any] = {
        "sender_code": "000.00.00.G09",
        "sender_name": "Bộ Nội vụ",
        "receivers": [(OFFICE_CODE, "Văn phòng Chủ tịch nước")],
        "number": 5123,
        "notation": "BNV-TĐKT",
        "number_text": "5123/BNV-TĐKT",
        "issued_on": date(2026, 11, 2),
        "type_name": "Tờ trình",
        "subject": "Tờ trình đề nghị tặng thưởng Huân chương Lao động",
        "urgency": 2,
        "signer_competence": "KT. BỘ TRƯỞNG",
        "signer_position": "THỨ TRƯỞNG",
        "signer_name": "Nguyễn Trọng Thừa",
        "pages": 12,
        "files": [exchange.FileData("5123-BNV.pdf", "application/pdf", signing.sign(PDF, reason="Ký"))],
    }
    values.update(overrides)
    return exchange.build_package(**values)


def test_an_exported_document_round_trips_through_import(office: Office, settings) -> None:
    document = issued(office)
    package = services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    assert document.dispatches.get().medium == "exchange"
    # the ministry's system receives it: as far as it is concerned, it is the addressee
    settings.CHANCERY_AGENCY_CODE = office.ministry.code
    known_to_the_ministry()
    received = services.import_exchange(actor=office.clerk, content=package)
    assert received.reference == document.number_text
    assert received.issued_on == document.issued_on
    assert received.summary == document.summary
    assert received.doc_type == document.doc_type
    assert received.medium == "exchange"
    from chancery.core.models import Attachment

    [file] = Attachment.objects.filter(object_type="documents.incomingdocument", object_id=received.pk)
    with document.versions.get(is_signed=True).file.open("rb") as original:
        assert file.file.read() == original.read()
    from chancery.documents.models import SignatureVerification

    checks = SignatureVerification.objects.filter(
        object_type="documents.incomingdocument", object_id=received.pk
    )
    assert [c.is_good for c in checks] == [True, True]  # the signer's and the Office's


def test_a_package_is_registered_with_its_sender_urgency_and_checked_signature(office: Office) -> None:
    from chancery.documents.models import SignatureVerification

    document = services.import_exchange(actor=office.clerk, content=package_from_ministry())
    assert (document.sender, document.reference, document.urgency, document.doc_type, document.pages) == (
        office.ministry,
        "5123/BNV-TĐKT",
        2,
        "to_trinh",
        12,
    )
    assert SignatureVerification.objects.get(object_id=document.pk).is_good


def test_the_same_package_is_registered_once(office: Office) -> None:
    package = package_from_ministry()
    services.import_exchange(actor=office.clerk, content=package)
    with pytest.raises(ValidationError, match=f"01/{timezone.localdate().year}"):
        services.import_exchange(actor=office.clerk, content=package)


def test_a_package_with_problems_is_refused_with_every_reason_and_nothing_stored(office: Office) -> None:
    package = package_from_ministry(
        sender_code="", receivers=[("000.00.00.H26", "UBND TP Hà Nội")], subject="", urgency=7
    )
    with pytest.raises(ValidationError) as error:
        services.import_exchange(actor=office.clerk, content=package)
    text = " ".join(error.value.messages)
    assert "From/OrganId" in text
    assert "Subject" in text
    assert "000.00.00.H26" in text
    assert "Priority" in text
    assert not IncomingDocument.objects.exists()


def test_a_broken_attachment_is_named(office: Office) -> None:
    package = package_from_ministry().replace(
        base64.b64encode(signing.sign(PDF, reason="Ký"))[:20], b"!!!not-base64!!!!!!!"
    )
    with pytest.raises(ValidationError):
        services.import_exchange(actor=office.clerk, content=package)
    assert not IncomingDocument.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"not xml",
        b"<?xml version='1.0'?><other/>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    ],
)
def test_what_is_not_a_package_is_refused(office: Office, content: bytes) -> None:
    with pytest.raises(ValidationError):
        services.import_exchange(actor=office.clerk, content=content)


def test_a_secret_document_is_never_exported(office: Office) -> None:
    document = issued(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    with pytest.raises(ValidationError):
        services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])


def test_an_agency_without_a_code_cannot_receive_by_exchange(office: Office) -> None:
    from chancery.core import services as core_services

    nameless = core_services.create_agency(actor=None, name="Hội Nông dân xã")
    with pytest.raises(ValidationError, match="Hội Nông dân xã"):
        services.export_exchange(actor=office.clerk, document=issued(office), agencies=[nameless])


def test_a_status_comes_back_onto_the_dispatch(office: Office, settings) -> None:
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    assert document.issued_on is not None
    status = exchange.build_status(
        document_id_value=exchange.document_id(OFFICE_CODE, document.issued_on, document.number_text),
        sender_code=office.ministry.code,
        sender_name=office.ministry.name,
        code="04",
        description="Đã phân công Vụ Thi đua xử lý",
    )
    dispatch = services.record_exchange_status(actor=office.clerk, content=status)
    assert (dispatch.status, dispatch.status_note) == ("assigned", "Đã phân công Vụ Thi đua xử lý")
    from chancery.core.tests.factories import signed_in

    page = signed_in(office.clerk).get(document.get_absolute_url()).content.decode()
    assert "Đã phân công Vụ Thi đua xử lý" in page and "báo lúc" in page  # the status's note and time shown
    from chancery.core.models import AuditEvent

    event = AuditEvent.objects.filter(object_type="documents.outgoingdocument", object_id=document.pk).latest(
        "id"
    )
    (row,) = event.change_rows
    assert (
        row["after"] == f"{office.ministry.name}: {dispatch.get_status_display()}"
    )  # its label, not "assigned"


def test_a_status_finds_the_document_of_its_number_issued_on_its_date(office: Office, settings) -> None:
    """Numbers start again every year: 01/VPCTN-TH of last year and of this year are two documents. Found by
    the examiner of issue 30: the status went to the newest of that number, whatever the DocumentId's date."""
    import datetime as dt

    older = issued(office, on=dt.date(2025, 3, 2))
    newer = issued(office, on=dt.date(2026, 3, 2))
    for document in (older, newer):
        services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    assert older.number_text == newer.number_text
    status = exchange.build_status(
        document_id_value=exchange.document_id(OFFICE_CODE, dt.date(2025, 3, 2), older.number_text),
        sender_code=office.ministry.code,
        sender_name=office.ministry.name,
        code="04",
        description="Đã phân công",
    )
    dispatch = services.record_exchange_status(actor=office.clerk, content=status)
    assert dispatch.document_id == older.pk
    wrong_day = exchange.build_status(
        document_id_value=exchange.document_id(OFFICE_CODE, dt.date(2024, 3, 2), older.number_text),
        sender_code=office.ministry.code,
        sender_name=office.ministry.name,
        code="04",
        description="x",
    )
    with pytest.raises(ValidationError):
        services.record_exchange_status(actor=office.clerk, content=wrong_day)


def test_the_office_reports_its_own_status_on_a_received_package(office: Office) -> None:
    document = services.import_exchange(actor=office.clerk, content=package_from_ministry())
    accepted = exchange.read_status(services.exchange_status(actor=office.clerk, document=document))
    assert accepted.code == "03"
    assert accepted.document_id.startswith("000.00.00.G09,2026/11/02,5123/BNV-TĐKT")
    services.route_incoming(
        actor=office.leader, document=document, routing=services.Routing(lead_unit=office.general)
    )
    assert exchange.read_status(services.exchange_status(actor=office.clerk, document=document)).code == "04"


def test_a_specialist_cannot_import_packages(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        services.import_exchange(actor=office.specialist, content=package_from_ministry())


def test_the_pages_import_a_package_and_show_every_problem(office: Office) -> None:

    from chancery.core.tests.factories import signed_in

    client = signed_in(office.clerk)
    bad = client.post(
        "/documents/incoming/import/",
        {"package": SimpleUploadedFile("x.edxml", package_from_ministry(subject="", sender_code=""))},
    )
    assert bad.status_code == 200
    assert b"From/OrganId" in bad.content
    assert b"Subject" in bad.content
    good = client.post(
        "/documents/incoming/import/", {"package": SimpleUploadedFile("x.edxml", package_from_ministry())}
    )
    document = IncomingDocument.objects.get()
    assert good.url == document.get_absolute_url()
    status = client.get(f"/documents/incoming/{document.pk}/status-package/")
    assert exchange.read_status(status.content).code == "03"


def test_the_api_exports_imports_and_records_statuses(office: Office, settings) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(office.clerk)
    document = issued(office)
    made = api.post(
        f"/api/v1/outgoing-documents/{document.pk}/exchange/",
        {"agencies": [office.ministry.pk]},
        format="json",
    )
    assert made.status_code == 200, made.content
    package = made.json()["package"]
    settings.CHANCERY_AGENCY_CODE = office.ministry.code
    known_to_the_ministry()
    imported = api.post(
        "/api/v1/incoming-documents/import-exchange/",
        {"package": {"name": "p.edxml", "content": package}},
        format="json",
    )
    assert imported.status_code == 201, imported.content
    assert imported.json()["reference"] == document.number_text
    # the ministry's system reports back (its own code is the sender's, as it was when it answered)
    reply = api.get(f"/api/v1/incoming-documents/{imported.json()['id']}/exchange-status/").json()["package"]
    settings.CHANCERY_AGENCY_CODE = OFFICE_CODE
    recorded = api.post(
        "/api/v1/outgoing-documents/exchange-status/",
        {"package": {"name": "s.edxml", "content": reply}},
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == "received"


# --- QCVN 102:2016 exactly (issue 30, item 4) --------------------------------------------------------------


def test_a_package_from_an_unknown_agency_is_refused_naming_the_code(office: Office) -> None:
    package = package_from_ministry(sender_code="000.00.00.Z99", sender_name="Cơ quan chưa có trong danh mục")
    with pytest.raises(ValidationError) as error:
        services.import_exchange(actor=office.clerk, content=package)
    [message] = error.value.messages
    assert "000.00.00.Z99" in message
    assert "không có trong danh mục cơ quan" in message
    assert not IncomingDocument.objects.exists()


def status_from_ministry(document: Any, office: Office, code: str) -> bytes:
    return (
        exchange.build_status(
            document_id_value=exchange.document_id(OFFICE_CODE, document.issued_on, document.number_text),
            sender_code=office.ministry.code,
            sender_name=office.ministry.name,
            code=code,
            description=f"Trạng thái {code}",
        )
        if code in exchange.STATUS_CODES
        else exchange.build_status(
            document_id_value=exchange.document_id(OFFICE_CODE, document.issued_on, document.number_text),
            sender_code=office.ministry.code,
            sender_name=office.ministry.name,
            code="01",
            description=f"Trạng thái {code}",
        ).replace(b">01<", f">{code}<".encode())
    )


def exported(office: Office, **overrides: Any) -> Any:
    from lxml import etree

    document = issued(office, **overrides)
    package = services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    return etree.fromstring(package)


def signer_of(root: Any) -> tuple[str, str, str]:
    signer = root.find(
        f"{{{exchange.NS}}}edXMLEnvelope/{{{exchange.NS}}}edXMLHeader/{{{exchange.NS}}}MessageHeader/{{{exchange.NS}}}SignerInfo"
    )
    return tuple(signer.findtext(f"{{{exchange.NS}}}{tag}") for tag in ("Competence", "Position", "FullName"))


def test_signer_info_holds_the_authority_the_title_and_the_name(office: Office) -> None:
    # signing in the leader's own name: a title, no authority
    assert signer_of(exported(office, signer_title="CHỦ NHIỆM")) == ("", "CHỦ NHIỆM", office.leader.full_name)
    # signing for the head: "KT." with the head's title is the authority, the deputy's title the position
    assert signer_of(exported(office, signer=office.deputy, signer_title="KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM")) == (
        "KT. CHỦ NHIỆM",
        "PHÓ CHỦ NHIỆM",
        office.deputy.full_name,
    )


@pytest.mark.parametrize(
    ("block", "position", "expected"),
    [
        ("CHỦ TỊCH NƯỚC", "", ("", "CHỦ TỊCH NƯỚC")),
        ("KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC", "", ("KT. CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC")),
        (
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "",
            ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        ("TL. CHỦ NHIỆM\nVỤ TRƯỞNG  VỤ TỔNG HỢP", "", ("TL. CHỦ NHIỆM", "VỤ TRƯỞNG VỤ TỔNG HỢP")),
        ("TUQ. CHỦ NHIỆM\nCHÁNH VĂN PHÒNG", "", ("TUQ. CHỦ NHIỆM", "CHÁNH VĂN PHÒNG")),
        ("Q. CHỦ NHIỆM", "Phó Chủ nhiệm", ("Q. CHỦ NHIỆM", "Phó Chủ nhiệm")),
        ("KT. CHỦ TỊCH NƯỚC PHÓ CHỦ TỊCH NƯỚC", "", ("KT. CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC")),
        ("", "Chủ nhiệm", ("", "Chủ nhiệm")),
    ],
)
def test_a_signature_block_splits_into_competence_and_position(
    block: str, position: str, expected: tuple[str, str]
) -> None:
    assert exchange.signer_info(block, position) == expected


def test_every_element_of_an_exported_package_is_in_the_edxml_namespace(office: Office) -> None:
    from lxml import etree

    root = exported(office)
    assert [etree.QName(e).namespace for e in root.iter() if etree.QName(e).namespace != exchange.NS] == []
    assert [etree.QName(e).localname for e in root] == ["edXMLEnvelope", "AttachmentEncoded"]
    ns = {"e": exchange.NS}
    [reference] = root.findall("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", ns)
    [attachment] = root.findall("e:AttachmentEncoded/e:Attachment", ns)
    assert [etree.QName(e).localname for e in attachment] == [
        "ContentId",
        "AttachmentName",
        "Description",
        "ContentType",
        "ContentTransferEncoded",
    ]
    # the manifest refers to the file as cid:<id>, the attachment carries <id>
    assert reference.findtext("e:ContentId", namespaces=ns) == "cid:" + attachment.findtext(
        "e:ContentId", namespaces=ns
    )
    assert attachment.findtext("e:ContentType", namespaces=ns) == "application/pdf"


def test_a_package_with_its_attachments_outside_the_namespace_is_still_read(office: Office) -> None:
    # as packages made before every element was in the edXML namespace had them
    from lxml import etree

    root = etree.fromstring(package_from_ministry())
    for element in root.find(f"{{{exchange.NS}}}AttachmentEncoded").iter():
        element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    document = services.import_exchange(
        actor=office.clerk, content=etree.tostring(root, xml_declaration=True, encoding="utf-8")
    )
    assert document.reference == "5123/BNV-TĐKT"


def test_the_outgoing_register_shows_the_recipients_and_the_day_sent(office: Office) -> None:
    from datetime import datetime

    from freezegun import freeze_time

    from chancery.documents.tests.test_registers import printed, rows

    with freeze_time("2026-11-16 09:00"):
        document = issued(office, copies_to="")
    with freeze_time("2026-11-18 15:30"):
        services.export_exchange(
            actor=office.clerk, document=document, agencies=[office.ministry, office.province]
        )
    with freeze_time("2026-11-20 10:00"):
        [line] = rows(printed(office.clerk, register="outgoing"))
    assert line[0] == document.number_text
    assert line[1] == datetime(2026, 11, 16)  # Ngày tháng văn bản
    assert line[4] == "Bộ Nội vụ; Ủy ban nhân dân tỉnh Ninh Bình"  # Nơi nhận văn bản
    assert line[7] == datetime(2026, 11, 18)  # Ngày chuyển


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE Status SYSTEM "http://example.com/evil.dtd">',
        '<!DOCTYPE Status [<!ENTITY lol "lol">]>',
    ],
)
def test_a_document_type_declaration_is_refused_in_vietnamese(declaration: str) -> None:
    content = f'<?xml version="1.0"?>{declaration}<Status/>'.encode()
    with pytest.raises(ValidationError) as refused:
        exchange.read_status(content)
    text = " ".join(refused.value.messages)
    assert "DTD" in text and "Forbidden" not in text and "system_id" not in text


def test_a_malformed_package_is_refused_in_vietnamese_with_where() -> None:
    with pytest.raises(ValidationError) as refused:
        exchange.read_status(b"<?xml version='1.0'?><Status><Header></Status>")
    text = " ".join(refused.value.messages)
    assert "dòng 1" in text and "mismatched" not in text


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"issued_on": date(2099, 1, 1)}, "sau ngày hôm nay"),  # never re-dated to today
        ({"files": []}, "AttachmentEncoded"),
        ({"number": int("9" * 300), "number_text": "9" * 300 + "/BNV-TĐKT"}, "quá dài"),  # never cut to fit
        ({"pages": 10**12}, "PageAmount"),
    ],
    ids=["dated-in-the-future", "no-file", "number-too-long", "pages-too-many"],
)
def test_a_package_the_register_could_not_keep_as_sent_is_refused(
    office: Office, overrides: dict[str, Any], says: str
) -> None:
    """The examiner of issue 30: such packages were registered re-dated, without a file, with a number cut to
    80 characters, or refused with a raw validator's message."""
    with pytest.raises(ValidationError) as refused:
        services.import_exchange(actor=office.clerk, content=package_from_ministry(**overrides))
    assert says in " ".join(refused.value.messages)
    assert not IncomingDocument.objects.exists()


def test_the_senders_due_date_is_kept_and_shown(office: Office) -> None:
    from chancery.core.tests.factories import signed_in

    # the package is received today (the clock's local date), so every date here is counted from it
    today = timezone.localdate()
    reply_by = today + timedelta(days=13)
    document = services.import_exchange(actor=office.clerk, content=package_from_ministry(due_on=reply_by))
    assert document.received_on == today and document.reply_by == reply_by
    routed = services.route_incoming(
        actor=office.leader,
        document=document,
        routing=services.Routing(lead_unit=office.general, days=30),
        on=today,
    )
    assert routed.due_on == reply_by  # sooner than the 30 working days given
    page = signed_in(office.clerk).get(document.get_absolute_url()).content.decode()
    assert reply_by.strftime("%d/%m/%Y") in page and "Hạn trả lời" in page


def test_an_exchange_form_sent_empty_names_the_box_to_fill(office: Office) -> None:
    """The panel's form is not shown again after a POST: the message names the field (examiners 61, 62)."""
    from chancery.core.tests.factories import signed_in

    document = issued(office)
    client = signed_in(office.clerk)
    page = client.post(f"/documents/outgoing/{document.pk}/exchange/", {}, follow=True).content.decode()
    assert "Cơ quan nhận (có mã định danh): " in page
