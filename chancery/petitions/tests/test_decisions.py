"""Petitions services: the decision on a checked petition, its letters, the agency's answer and closing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from chancery.core import services as core_services
from chancery.core.models import AuditEvent
from chancery.documents import layout
from chancery.petitions import rules, selectors, services
from chancery.petitions.models import (
    Channel,
    Field,
    Forwarding,
    LetterKind,
    LinkVerdict,
    PetitionKind,
)
from chancery.petitions.tests.factories import LAND_TEXT, clocks, denunciation, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


# --- the decision, letters, answer, closure -----------------------------------------------------------------


@freeze_time("2026-11-05")
def test_forwarding_numbers_a_letter_sets_the_answer_date_and_the_answer_closes_the_clock(office):
    petition = register(
        office.clerk,
        kind=PetitionKind.RECOMMENDATION,
        summary="Kiến nghị về bồi thường",
    )
    petition, decision = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    assert decision.path == rules.Path.FORWARD and petition.state == "forwarded"
    letter = Forwarding.objects.get(petition=petition)
    assert letter.letter == LetterKind.FORWARD and letter.number == "1/VPCTN-TCD"
    # 10 working days from Thursday 5 November 2026: Thursday 19 November
    assert letter.answer_by == date(2026, 11, 19)
    assert letter.document.name.endswith(".docx") and "Nguyễn Văn An" in letter.body
    found = clocks(petition)
    assert found["recommendation_processing"].stopped_on == date(2026, 11, 5)
    assert found["agency_answer"].due_on == date(2026, 11, 19)

    reminder = services.send_reminder(actor=office.specialist, petition=petition)
    assert reminder.number == "2/VPCTN-TCD" and reminder.letter == LetterKind.REMINDER

    with pytest.raises(ValidationError):
        services.record_answer(
            actor=office.specialist, petition=petition, answered_on=date(2026, 11, 4), answer="x"
        )
    petition = services.record_answer(
        actor=office.specialist,
        petition=petition,
        answered_on=date(2026, 11, 5),
        answer="UBND TP đã giải quyết, giữ nguyên quyết định",
        reference="123/UBND-TCD",
    )
    assert petition.state == "answered" and clocks(petition)["agency_answer"].stopped_on == date(2026, 11, 5)
    petition = services.close_petition(
        actor=office.specialist, petition=petition, outcome="Đã có kết quả giải quyết"
    )
    assert petition.state == "closed" and petition.closed_on == date(2026, 11, 5)


@freeze_time("2026-11-05")
def test_the_guide_letter_addresses_ong_or_ba_names_the_chairman_and_closes_as_a_notice(office):
    """Issue 26: "Ông/Bà" when the clerk recorded which; a complaint is settled by the Chairman of the People's
    Committee (Luật Khiếu nại 2011, Art. 17-21), so the letter guides the citizen to the Chairman; a letter to
    a citizen informs, it does not "trân trọng đề nghị"."""
    from chancery.petitions import letters

    petition = register(
        office.clerk,
        petitioners=[services.PersonData(full_name="Trần Thị Bích", salutation="ba", province_code=1)],
    )
    services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.COMPLAINT), agency=office.agency),
    )
    said = letters.context(petition.forwardings.get())
    assert said["recipient"] == "Bà Trần Thị Bích"
    assert "Đề nghị Bà gửi đơn đến Chủ tịch Ủy ban nhân dân Thành phố Hà Nội" in said["body"]
    assert said["closing"] == "Văn phòng Chủ tịch nước thông báo để Bà biết và thực hiện."
    unknown = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    person = unknown.petitioners.get()
    assert person.addressed_as == "Ông/Bà"  # not recorded: both, as before
    # a body, not its head
    assert letters.guided_to(unknown, office.agency) == "Ủy ban nhân dân Thành phố Hà Nội"
    ministry = core_services.create_agency(actor=None, name="Bộ Tài chính", short_name="BTC")
    assert letters.guided_to(petition, ministry) == "Bộ trưởng Bộ Tài chính"  # Art. 20: the Minister decides


@freeze_time("2026-11-05")
def test_a_civil_dispute_is_guided_to_the_court_whatever_agency_was_chosen_or_none(office):
    """The examiner of issue 26: a civil dispute ticked at the decision was guided "đến Chủ tịch Ủy ban nhân
    dân"; without an agency it could not be decided at all."""
    from chancery.petitions import letters

    for agency in (office.agency, None):
        petition = register(office.clerk, kind=PetitionKind.DENUNCIATION, summary="Tranh chấp ranh giới đất")
        petition, _decision = services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.DENUNCIATION, civil_dispute=True), agency=agency
            ),
        )
        assert petition.state == "guided"
        body = letters.context(petition.forwardings.get())["body"]
        assert "gửi đơn đến Tòa án nhân dân có thẩm quyền để được xem xét" in body
        assert "Ủy ban nhân dân" not in body
        # the letter says why, by the article (a civil dispute is the courts' by BLTTDS 2015, Art. 26)
        assert rules.guide_ground(civil_dispute=True) in body
        assert "thuộc thẩm quyền giải quyết của Tòa án theo Điều 26 Bộ luật Tố tụng dân sự năm 2015" in body
        assert (
            "nhận được đơn (" not in body
        )  # "đơn khiếu nại", not "đơn (khiếu nại)" (the examiner of issue 26)


@freeze_time("2026-11-05")
def test_a_complaint_outside_competence_is_guided_and_a_late_one_is_stored(office):
    petition = register(office.clerk)
    petition, _decision = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.COMPLAINT), agency=office.agency),
    )
    assert petition.state == "guided" and petition.forwardings.get().letter == LetterKind.GUIDE
    # the page says the guide letter went to the petitioner, guiding them to the agency (it said "→ agency")
    from chancery.core.tests.factories import signed_in

    page = signed_in(office.specialist).get(petition.get_absolute_url()).content.decode()
    shown = page[page.index('data-testid="letter-addressee"') :].split("</span>")[0]
    assert f"→ người gửi đơn · hướng dẫn đến {office.agency.name}" in shown
    late = register(office.clerk)
    late, _decision = services.decide_petition(
        actor=office.specialist,
        petition=late,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.COMPLAINT, out_of_time=True)),
    )
    assert late.state == "stored" and late.grounds == ["out_of_time"]
    assert not late.forwardings.exists()


@freeze_time("2026-11-05")
def test_a_matter_already_forwarded_is_not_forwarded_again_but_stored(office):
    first = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    services.decide_petition(
        actor=office.specialist,
        petition=first,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    resend = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    services.decide_duplicate(
        actor=office.clerk, petition=resend, other=first, verdict=LinkVerdict.SAME_MATTER
    )
    # The check did not say it; the record does (Thông tư 05/2021/TT-TTCP, Art. 14: forwarded once).
    resend, decision = services.decide_petition(
        actor=office.specialist,
        petition=resend,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    assert resend.state == "stored" and decision.grounds == (rules.Ground.ALREADY_FORWARDED,)
    assert not resend.forwardings.exists()


@freeze_time("2026-11-05")
def test_a_forwarding_loop_is_detected(office):
    came = register(
        office.clerk,
        kind=PetitionKind.RECOMMENDATION,
        channel=Channel.FORWARDED,
        sent_by_agency=office.agency,
    )
    services.decide_petition(
        actor=office.specialist,
        petition=came,
        data=services.DecisionData(
            facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.other_agency
        ),
    )
    back = register(
        office.clerk,
        kind=PetitionKind.RECOMMENDATION,
        channel=Channel.FORWARDED,
        sent_by_agency=office.other_agency,
        received_on=date(2026, 11, 5),  # it came back after the Office had forwarded it
    )
    services.decide_duplicate(actor=office.clerk, petition=back, other=came, verdict=LinkVerdict.SAME_MATTER)
    back.refresh_from_db()
    chain = selectors.forwarding_chain(back)
    assert selectors.forwarding_loop(chain) is None  # A → Office → B → Office: not yet a loop
    loop = selectors.forwarding_loop(chain, next_agency=office.agency)
    assert loop is not None and loop[0] == loop[-1] == office.agency.name


@freeze_time("2026-11-05")
def test_a_denunciation_handled_by_the_office_may_be_extended_once_when_complex(office):
    petition = denunciation(office.clerk)
    petition, _ = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.DENUNCIATION, within_competence=True)),
    )
    assert petition.state == "handling" and clocks(petition)["denunciation_resolution"].days == 30
    with pytest.raises(ValidationError):
        services.extend_handling(actor=office.head, petition=petition, days=31, reason="Phức tạp")
    services.extend_handling(actor=office.head, petition=petition, days=30, reason="Vụ việc phức tạp")
    with pytest.raises(ValidationError):
        services.extend_handling(actor=office.head, petition=petition, days=10, reason="Lần hai")
    services.extend_handling(
        actor=office.head, petition=petition, days=10, reason="Đặc biệt phức tạp", especially_complex=True
    )
    assert clocks(petition)["denunciation_resolution"].extensions.count() == 2


@freeze_time("2026-11-05")
def test_a_split_letter_becomes_one_petition_per_content(office):
    letter = register(office.clerk)
    parts = services.split_petition(
        actor=office.specialist,
        petition=letter,
        parts=[
            services.PartData(PetitionKind.COMPLAINT, Field.LAND, "Khiếu nại thu hồi đất", LAND_TEXT),
            services.PartData(
                PetitionKind.DENUNCIATION,
                Field.CORRUPTION,
                "Tố cáo cán bộ địa chính",
                "Tố cáo cán bộ địa chính nhận tiền",
            ),
        ],
    )
    assert len(parts) == 1 and parts[0].parent == letter and parts[0].kind == PetitionKind.DENUNCIATION
    assert [p.full_name for p in parts[0].petitioners.all()] == ["Nguyễn Văn An"]
    assert "denunciation_intake" in clocks(parts[0])


@freeze_time("2026-11-05")
def test_audit_events_never_hold_a_denouncers_name(office):
    petition = denunciation(office.clerk)
    services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.DENUNCIATION), agency=office.agency),
    )
    text = " ".join(f"{e.object_repr} {e.changes} {e.message}" for e in AuditEvent.objects.all())
    assert "Tố Nga" not in text and "036190001122" not in text
    letter = petition.forwardings.get()
    assert "Tố Nga" not in letter.body


@freeze_time("2026-11-05")
def test_letters_render_as_docx_from_the_template_and_as_pdf_with_vietnamese_text(office):
    import io

    from docx import Document

    from chancery.petitions import letters

    petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    letter = petition.forwardings.get()
    document = Document(io.BytesIO(letters.render(letter)))
    text = "\n".join(p.text for p in document.paragraphs) + " ".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert "Kính gửi: Ủy ban nhân dân Thành phố Hà Nội" in text
    assert "Số: 1/VPCTN-TCD" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "{{" not in text
    assert layout.problems(letters.render(letter)) == []  # the national layout (Nghị định 30/2020, Phụ lục I)

    pdf = letters.render_pdf(letter)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    font = layout.font_files()
    assert font is not None
    values = letters.context(letter)
    assert all(layout.covers(face, " ".join(str(v) for v in values.values())) for face in font)


def test_the_standing_delegations_letter_names_the_director_above_the_petitions_unit(office):
    """Phụ lục I: the signer's name under the block. The block is "TL. CHỦ NHIỆM / VỤ TRƯỞNG VỤ TƯ PHÁP": the
    name is the department's head (Vụ trưởng before a Phó Vụ trưởng), not the petitions division's."""
    from chancery.core.models import RoleCode, Unit, UnitKind
    from chancery.core.tests.factories import make_staff

    department = Unit.objects.create(
        code="vu-tu-phap", name="Vụ Tư pháp", kind=UnitKind.DEPARTMENT, parent=office.unit.parent
    )
    Unit.objects.filter(pk=office.unit.pk).update(parent=department)
    make_staff(
        "phovu",
        unit=department,
        roles=(RoleCode.HEAD_OF_UNIT,),
        full_name="An Văn Phó",
        position="Phó Vụ trưởng",
    )
    make_staff(
        "vutruong",
        unit=department,
        roles=(RoleCode.HEAD_OF_UNIT,),
        full_name="Vũ Văn Trưởng",
        position="Vụ trưởng",
    )
    assert selectors.standing_signer() == "Vũ Văn Trưởng"
    petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    assert petition.forwardings.get().signed_by == "Vũ Văn Trưởng"


def test_an_edited_template_must_be_a_docx_using_only_the_letters_fields(settings, tmp_path):
    from chancery.petitions import letters

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        letters.save_template("forward", b"not a docx")
    import io

    from docx import Document

    edited = Document(io.BytesIO(letters.default_template()))
    edited.add_paragraph("{{ salary }}")
    out = io.BytesIO()
    edited.save(out)
    with pytest.raises(ValidationError, match="salary"):
        letters.save_template("forward", out.getvalue())
    own = letters.default_template()
    letters.save_template("forward", own)
    assert letters.template_bytes("forward") == own  # the office's template is used from now on


@freeze_time("2026-11-05")
def test_an_address_written_before_the_2025_reform_gives_todays_commune_and_the_old_name_finds_it(
    office, django_capture_on_commit_callbacks
):
    from chancery.search.selectors import SearchFilter, search

    old = services.PersonData(
        "Trần Văn Hậu", address="Thôn Yên Lạc, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam"
    )
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(office.clerk, petitioners=[old])
        today = register(
            office.clerk,
            summary="Kiến nghị sửa đường liên thôn",
            content="Đường liên thôn xuống cấp nghiêm trọng, đề nghị sửa chữa trước mùa mưa năm sau.",
            kind=PetitionKind.RECOMMENDATION,
            field=Field.OTHER,
            petitioners=[services.PersonData("Lê Thị Mơ", province_code=37, ward_code=13402)],
        )
        hidden = denunciation(
            office.clerk,
            petitioners=[services.PersonData("Vũ Văn Kiên", province_code=37, ward_code=13402)],
        )
    person = petition.petitioners.get()
    assert (person.province_code, person.ward_code) == (37, 13402)  # Phường Kim Thanh, Ninh Bình
    assert person.address == old.address  # kept as written
    assert petition.province_code == 37

    def found(q: str) -> set[int]:
        return {hit.entry.object_id for hit in search(office.head, SearchFilter(q=q)).hits}

    # A petition filed under today's commune is found by an old commune merged into it (Hoàng Tây).
    assert today.pk in found("hoang tay")
    assert petition.pk in found("Nhật Tân Kim Bảng")  # the address as written
    assert selectors.visible_petitions(office.head).filter(pk=hidden.pk).exists()
    assert hidden.pk in found("hợp thức hóa đất lấn chiếm")
    assert hidden.pk not in found("hoang tay")  # but a denouncer's commune is kept out of the index
    # A province chosen by the clerk that disagrees with the old address wins; the commune stays empty.
    other = register(
        office.clerk, petitioners=[services.PersonData("Đỗ Văn Tư", address=old.address, province_code=1)]
    )
    assert (other.petitioners.get().province_code, other.petitioners.get().ward_code) == (1, None)


@freeze_time("2026-11-05")
def test_a_letter_is_signed_digitally_by_the_person_named_under_it_and_sealed_by_the_office(office, client):
    """Nghị định 30/2020, Art. 8: an electronic letter carries its signer's digital signature and the Office's;
    only the person named under the signature signs, once; the signed file is kept as signed."""
    from django.core.exceptions import PermissionDenied

    from chancery.core.models import RoleCode, Unit, UnitKind
    from chancery.core.tests.factories import make_staff
    from chancery.documents import signing

    department = Unit.objects.create(
        code="vu-tu-phap", name="Vụ Tư pháp", kind=UnitKind.DEPARTMENT, parent=office.unit.parent
    )
    Unit.objects.filter(pk=office.unit.pk).update(parent=department)
    director = make_staff(
        "vutruong",
        unit=department,
        roles=(RoleCode.HEAD_OF_UNIT,),
        full_name="Vũ Văn Trưởng",
        position="Vụ trưởng",
    )
    petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency),
    )
    letter = petition.forwardings.get()
    page = f"/petitions/{petition.pk}/"
    client.force_login(office.specialist)
    assert 'data-testid="letter-sign"' not in client.get(page).content.decode()  # not theirs to sign
    with pytest.raises(PermissionDenied, match="Vũ Văn Trưởng"):
        services.sign_letter(actor=office.specialist, forwarding=letter)
    with pytest.raises(PermissionDenied):
        services.sign_letter(actor=office.outsider, forwarding=letter)

    client.force_login(director)
    with freeze_time("2026-11-06"):  # the letter bears 05/11: signed that day or kept on paper
        assert 'data-testid="letter-sign"' not in client.get(page).content.decode()
        with pytest.raises(ValidationError, match="đề ngày 05/11/2026"):
            services.sign_letter(actor=director, forwarding=letter)
    client.force_login(director)
    assert 'data-testid="letter-sign"' in client.get(page).content.decode()
    from chancery.casework import queues

    def to_sign(user):
        return {w.queue.key: w.count for w in queues.waiting_for(user)}.get("petitions-letters-to-sign", 0)

    assert (to_sign(director), to_sign(office.specialist)) == (1, 0)  # in the signer's "Việc của tôi"
    client.post(f"/petitions/{petition.pk}/letters/{letter.pk}/sign/")
    assert to_sign(director) == 0
    letter.refresh_from_db()
    assert letter.digital_signer == director and letter.signed_at is not None
    signed = letter.signed_file.read()
    checks = signing.check(signed)
    assert len(checks) == 2 and all(c.valid and c.intact and c.whole_file for c in checks)
    assert "Vũ Văn Trưởng" in checks[0].signer and "Văn phòng Chủ tịch nước" in checks[1].signer
    response = client.get(f"/petitions/{petition.pk}/letters/{letter.pk}/signed/")
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == signed
    with pytest.raises(ValidationError, match="đã được ký số"):
        services.sign_letter(actor=director, forwarding=letter)
    assert AuditEvent.objects.filter(message__startswith="Ký số công văn").exists()
    assert 'data-testid="letter-signed"' in client.get(page).content.decode()
