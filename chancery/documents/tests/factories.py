"""Builders for document tests: the Office's clerical unit, two departments and the leadership, their people
with their clearances, and documents made through the services, as in production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chancery.core import services as core_services
from chancery.core.models import Agency, RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import make_staff
from chancery.documents import rules as document_rules
from chancery.documents import services
from chancery.documents.models import IncomingDocument, OutgoingDocument


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


PDF = _pdf("Signed by the signer")


def dated_pdf(number: str, on: date | None = None) -> bytes:
    """A document as its signer signs it outside Chancery: its number line and its place and date (today
    unless `on`) written in the national layout."""
    from django.utils import timezone

    from chancery.documents import layout

    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 13)
    pdf.cell(60, 8, f"Số: {number}")
    pdf.ln()
    pdf.cell(0, 8, layout.vietnamese_date(on or timezone.localdate()))
    return bytes(pdf.output())


def numbered_pdf(document: Any) -> bytes:
    """A PDF showing the number reserved for `document` (after send_for_signature), standing in for the copy
    its signer brings to be signed here: an unsigned PDF without its number is refused on issue."""
    from chancery.documents import layout

    document.refresh_from_db()
    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 13)
    pdf.cell(0, 10, f"Số: {document.number_text}")
    return bytes(pdf.output())


@dataclass
class Office:
    clerical: Unit
    general: Unit
    legal: Unit
    leaders: Unit
    clerk: User  # văn thư, cleared for Tối mật
    junior_clerk: User  # văn thư without clearance
    leader: User  # Chủ nhiệm, Tuyệt mật
    deputy: User  # Phó Chủ nhiệm: signs "KT. CHỦ NHIỆM"
    president: User  # Chủ tịch nước: signs what is issued in the President's name
    vice_president: User  # Phó Chủ tịch nước: signs for the President ("KT.") what he may
    head: User  # Vụ trưởng Vụ Tổng hợp, Mật
    specialist: User  # chuyên viên Vụ Tổng hợp, no clearance
    legal_head: User  # Vụ trưởng Vụ Pháp luật, Mật
    legal_specialist: User
    admin: User
    ministry: Agency
    province: Agency


def make_office() -> Office:
    office = Unit.objects.create(code="vpctn", name="Văn phòng Chủ tịch nước", kind=UnitKind.OFFICE)
    leaders = Unit.objects.create(
        code="lanh-dao", name="Lãnh đạo Văn phòng", short_name="LĐVP", kind=UnitKind.LEADERSHIP, parent=office
    )
    general = Unit.objects.create(
        code="vu-tong-hop", name="Vụ Tổng hợp", short_name="TH", kind=UnitKind.DEPARTMENT, parent=office
    )
    legal = Unit.objects.create(
        code="vu-phap-luat", name="Vụ Pháp luật", short_name="PL", kind=UnitKind.DEPARTMENT, parent=office
    )
    clerical = Unit.objects.create(
        code="phong-van-thu",
        name="Phòng Văn thư - Lưu trữ",
        short_name="VT",
        kind=UnitKind.DIVISION,
        parent=office,
    )
    return Office(
        clerical=clerical,
        general=general,
        legal=legal,
        leaders=leaders,
        clerk=make_staff(
            "vanthu",
            unit=clerical,
            roles=(RoleCode.CLERK,),
            clearance=SecrecyLevel.SECRET,
            full_name="Lương Thị Hạnh",
        ),
        junior_clerk=make_staff("vanthu2", unit=clerical, roles=(RoleCode.CLERK,), full_name="Ngô Thị Hồng"),
        leader=make_staff(
            "chunhiem",
            unit=leaders,
            roles=(RoleCode.LEADERSHIP,),
            clearance=SecrecyLevel.TOP_SECRET,
            full_name="Lê Khánh Hải",
            position="Chủ nhiệm Văn phòng",
        ),
        deputy=make_staff(
            "phochunhiem",
            unit=leaders,
            roles=(RoleCode.LEADERSHIP,),
            clearance=SecrecyLevel.CONFIDENTIAL,
            full_name="Phạm Thanh Hà",
            position="Phó Chủ nhiệm Văn phòng",
        ),
        president=make_staff(
            "chutich",
            unit=leaders,
            roles=(RoleCode.LEADERSHIP,),
            clearance=SecrecyLevel.TOP_SECRET,
            full_name="Nguyễn Quốc Trung",
            position="Chủ tịch nước",
        ),
        vice_president=make_staff(
            "phochutich",
            unit=leaders,
            roles=(RoleCode.LEADERSHIP,),
            clearance=SecrecyLevel.TOP_SECRET,
            full_name="Trần Thị Mai Anh",
            position="Phó Chủ tịch nước",
        ),
        head=make_staff(
            "vutruong.th",
            unit=general,
            roles=(RoleCode.HEAD_OF_UNIT,),
            clearance=SecrecyLevel.CONFIDENTIAL,
            full_name="Nguyễn Văn Thắng",
        ),
        specialist=make_staff(
            "chuyenvien.th", unit=general, roles=(RoleCode.SPECIALIST,), full_name="Trần Thị Thu Trang"
        ),
        legal_head=make_staff(
            "vutruong.pl",
            unit=legal,
            roles=(RoleCode.HEAD_OF_UNIT,),
            clearance=SecrecyLevel.CONFIDENTIAL,
            full_name="Đỗ Minh Tuấn",
        ),
        legal_specialist=make_staff(
            "chuyenvien.pl", unit=legal, roles=(RoleCode.SPECIALIST,), full_name="Vũ Hoàng Nam"
        ),
        admin=make_staff(
            "quantri", unit=office, roles=(RoleCode.ADMINISTRATOR,), clearance=SecrecyLevel.TOP_SECRET
        ),
        ministry=core_services.create_agency(
            actor=None, name="Bộ Nội vụ", short_name="BNV", code="000.00.00.G09"
        ),
        province=core_services.create_agency(
            actor=None,
            name="Ủy ban nhân dân tỉnh Ninh Bình",
            short_name="UBND Ninh Bình",
            code="000.00.00.H42",
        ),
    )


def incoming_data(office: Office, **overrides: Any) -> services.IncomingData:
    values: dict[str, Any] = {
        "received_on": date(2026, 11, 2),
        "sender": office.ministry,
        "sender_name": "Bộ Nội vụ",
        "reference": "5123/BNV-TĐKT",
        "issued_on": date(2026, 10, 28),
        "doc_type": "cong_van",
        "summary": "Đề nghị khen thưởng Huân chương Lao động cho các tập thể, cá nhân",
        "signer": "Nguyễn Trọng Thừa",
        "pages": 3,
    }
    values.update(overrides)
    return services.IncomingData(**values)


def receive(office: Office, **overrides: Any) -> IncomingDocument:
    return services.register_incoming(actor=office.clerk, data=incoming_data(office, **overrides))


def draft_data(office: Office, **overrides: Any) -> services.DraftData:
    values: dict[str, Any] = {
        "issuer": "office",
        "doc_type": "cong_van",
        "summary": "Trả lời đề nghị khen thưởng của Bộ Nội vụ",
        "addressee": "Bộ Nội vụ",
        "body": "Văn phòng Chủ tịch nước nhận được Công văn số 5123/BNV-TĐKT ...",
        "copies_to": "Như trên;\nLưu: VT, TH.",
        "signer": office.leader,
        "signer_title": "CHỦ NHIỆM",
    }
    if overrides.get("issuer") == "president":  # signed by the President (rules.signs_for_president)
        values.update(signer=office.president, signer_title="CHỦ TỊCH NƯỚC")
    kind = overrides.get("doc_type", "cong_van")
    if kind in document_rules.WITHOUT_ADDRESSEE_TYPES:  # a decision or an order: no "Kính gửi"
        values.update(addressee="", copies_to="\n".join(document_rules.default_copies(kind, "")))
    values.update(overrides)
    return services.DraftData(**values)


def draft(office: Office, actor: User | None = None, **overrides: Any) -> OutgoingDocument:
    return services.create_draft(actor=actor or office.specialist, data=draft_data(office, **overrides))


def approved(office: Office, actor: User | None = None, **overrides: Any) -> OutgoingDocument:
    """A draft approved by the head of its unit and then its signer (a secret one drafted by the head)."""
    actor = actor or (office.head if overrides.get("secrecy") else office.specialist)
    document = draft(office, actor=actor, **overrides)
    head = office.legal_head if actor.unit_id == office.legal.pk else office.head  # of the drafting unit
    reviewers = [] if actor == head else [head]
    services.submit_for_approval(actor=actor, document=document, reviewers=reviewers)
    if reviewers:
        services.decide_step(actor=head, document=document, approve=True)
    return services.decide_step(actor=document.signer or office.leader, document=document, approve=True)


def issued(office: Office, on: date | None = None, **overrides: Any) -> OutgoingDocument:
    document = approved(office, **overrides)
    services.send_for_signature(actor=document.drafted_by, document=document, on=on)
    return services.issue_document(actor=document.signer or office.leader, document=document, on=on)
