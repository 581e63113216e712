"""Petitions from registration to closure, through the services every channel uses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from chancery.casework.models import LegalClock
from chancery.core import selectors as core_selectors
from chancery.core import services as core_services
from chancery.core.models import Attachment, AuditEvent, NumberRegister
from chancery.documents import layout
from chancery.petitions import rules, selectors, services
from chancery.petitions.models import (
    Channel,
    Field,
    Forwarding,
    LetterKind,
    LinkVerdict,
    Petition,
    PetitionKind,
)
from chancery.petitions.tests.factories import LAND_TEXT, Office, denunciation, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def clocks(petition: Petition) -> dict[str, LegalClock]:
    return {
        c.kind: c for c in LegalClock.objects.filter(object_type="petitions.petition", object_id=petition.pk)
    }


@freeze_time("2026-11-05")
def test_registration_numbers_from_the_register_and_starts_the_complaints_acceptance_clock(office):
    first = register(office.clerk)
    second = register(office.clerk, summary="Đơn khác", content="Nội dung khác hẳn về chế độ chính sách")
    assert (first.number, second.number) == (1, 2)
    assert first.registry_number == "1/ĐT" and first.year == 2026
    assert len(first.tracking_code) == 10 and first.tracking_code != second.tracking_code
    assert NumberRegister.objects.get(code="don-thu", year=2026).last_number == 2
    clock = clocks(first)["complaint_acceptance"]
    # 10 days from Monday 2 November 2026 (Luật Khiếu nại 2011, Art. 27): Thursday 12 November
    assert (clock.unit, clock.days, clock.due_on) == ("calendar", 10, date(2026, 11, 12))
    assert first.petitioner_name == "Nguyễn Văn An" and first.province_code == 1
    assert first.received_by == office.clerk


@freeze_time("2026-11-05")
def test_a_denunciation_gets_seven_working_days_and_reclassifying_changes_the_clock(office):
    petition = denunciation(office.clerk)
    assert clocks(petition)["denunciation_intake"].due_on == date(2026, 11, 11)
    petition = services.classify_petition(
        actor=office.specialist,
        petition=petition,
        kind=PetitionKind.REFLECTION,
        field=Field.LAND,
        competent_agency=office.agency,
    )
    found = clocks(petition)
    assert found["denunciation_intake"].stopped_on == date(2026, 11, 5)
    processing = found["recommendation_processing"]
    assert processing.due_on == date(2026, 11, 16) and processing.stopped_on is None


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_on": date(2026, 11, 6)}, "received_on"),
        ({"summary": "  "}, "summary"),
        ({"petitioners": []}, "petitioners"),
        ({"channel": Channel.FORWARDED}, "sent_by_agency"),
        ({"people_count": 0}, "people_count"),
        ({"decision_known_on": date(2026, 11, 3)}, "decision_known_on"),
        ({"kind": "gossip"}, "kind"),
    ],
)
def test_bad_registrations_are_refused_with_the_field_and_take_no_number(office, changes, field):
    if field == "people_count":
        changes = {"people_count": 0, "petitioners": [services.PersonData("A"), services.PersonData("B")]}
    with pytest.raises(ValidationError) as error:
        register(office.clerk, **changes)
    assert field in error.value.message_dict
    assert not Petition.objects.exists()
    assert not NumberRegister.objects.filter(last_number__gt=0).exists()


@freeze_time("2026-11-05")
def test_a_ward_outside_the_province_is_refused(office):
    person = services.PersonData(
        "Nguyễn Văn An", province_code=79, ward_code=70
    )  # Phường Hoàn Kiếm is in Hà Nội
    with pytest.raises(ValidationError) as error:
        register(office.clerk, petitioners=[person])
    assert "không thuộc" in str(error.value) or "not in" in str(error.value)


@freeze_time("2026-11-05")
def test_only_staff_with_a_working_role_register(office):
    with pytest.raises(PermissionDenied):
        register(office.admin)


@freeze_time("2026-11-05")
def test_the_public_form_registers_without_a_person(office):
    petition = register(None, channel=Channel.ONLINE)
    assert petition.received_by is None and petition.owning_unit == office.unit


@freeze_time("2026-11-05")
def test_a_group_petition_has_one_representative_and_counts_every_signatory(office):
    people = [services.PersonData(f"Hộ dân {n}", province_code=1) for n in range(3)]
    people[2].is_representative = True
    petition = register(office.clerk, petitioners=people, people_count=45)
    reps = [p for p in petition.petitioners.all() if p.is_representative]
    assert [p.full_name for p in reps] == ["Hộ dân 2"]
    assert petition.people_count == 45
    assert petition.petitioner_name.startswith("Hộ dân 2")  # the representative is named first


@freeze_time("2026-11-05")
def test_attachments_are_stored_with_their_checksum_and_not_twice(office):
    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4 scan of the letter", content_type="application/pdf")
    petition = services.register_petition(
        actor=office.clerk,
        data=__import__("chancery.petitions.tests.factories", fromlist=["x"]).petition_data(),
        attachments=[scan],
    )
    stored = Attachment.objects.get(object_id=petition.pk)
    assert stored.sha256 == __import__("hashlib").sha256(b"%PDF-1.4 scan of the letter").hexdigest()
    from chancery.core import services as core_services

    scan.seek(0)
    with pytest.raises(ValidationError):
        core_services.attach_file(actor=office.clerk, record=petition, upload=scan)
    with pytest.raises(ValidationError):
        core_services.attach_file(
            actor=office.clerk, record=petition, upload=SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
        )
    assert core_services.verify_attachment(stored)


# --- duplicates ---------------------------------------------------------------------------------------------


@freeze_time("2026-11-05")
def test_the_same_letter_from_another_petitioner_and_a_resend_are_found(office):
    original = register(office.clerk)
    resend = register(
        office.clerk,
        content="Kính gửi Chủ tịch nước. " + LAND_TEXT + " Tôi đã gửi đơn đến nhiều nơi.",
        petitioners=[services.PersonData("Lê Thị Bích", province_code=1)],
    )
    unrelated = register(
        office.clerk,
        summary="Kiến nghị chế độ thương binh",
        content="Đề nghị xem xét chế độ thương binh cho bố tôi đã tham gia kháng chiến chống Mỹ cứu nước.",
        kind=PetitionKind.RECOMMENDATION,
        field=Field.SOCIAL,
    )
    found = selectors.duplicates_of(office.clerk, resend)
    assert [d.petition for d in found] == [original]
    assert found[0].similarity >= 0.5 and not found[0].same_petitioner
    assert unrelated not in [d.petition for d in selectors.duplicates_of(office.clerk, original)]


@freeze_time("2026-11-05")
def test_the_same_petitioner_rewriting_the_matter_is_found_at_a_lower_similarity(office):
    original = register(office.clerk)
    rewritten = register(
        office.clerk,
        content=(
            "Tôi tiếp tục đề nghị xem xét lại. UBND huyện Phú Xuyên thu hồi 1.200 m2 đất nông nghiệp tại thôn "
            "Đông theo Quyết định số 318/QĐ-UBND ngày 12/3/2026 nhưng mức bồi thường chỉ bằng một nửa giá thị "
            "trường, đến nay vẫn chưa được trả lời."
        ),
    )
    found = selectors.duplicates_of(office.clerk, rewritten)
    assert [d.petition for d in found] == [original] and found[0].same_petitioner


@freeze_time("2026-11-05")
def test_not_a_duplicate_stops_showing_the_pair_and_linking_files_one_matter(office):
    original = register(office.clerk)
    resend = register(office.clerk)
    third = register(office.clerk)
    services.decide_duplicate(
        actor=office.clerk, petition=third, other=original, verdict=LinkVerdict.NOT_DUPLICATE
    )
    assert original not in [d.petition for d in selectors.duplicates_of(office.clerk, third)]
    services.decide_duplicate(
        actor=office.clerk, petition=resend, other=original, verdict=LinkVerdict.SAME_MATTER
    )
    resend.refresh_from_db()
    original.refresh_from_db()
    assert resend.matter_id == original.matter_id is not None


@freeze_time("2026-11-05")
def test_merging_moves_the_petitioners_so_each_keeps_the_right_to_an_answer(office):
    original = register(office.clerk)
    copy = register(office.clerk, petitioners=[services.PersonData("Lê Thị Bích", province_code=1)])
    services.decide_duplicate(actor=office.clerk, petition=copy, other=original, verdict=LinkVerdict.MERGED)
    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.state == "merged" and copy.merged_into == original
    names = sorted(p.full_name for p in original.petitioners.all())
    assert names == ["Lê Thị Bích", "Nguyễn Văn An"] and original.people_count == 2
    assert all(c.stopped_on for c in clocks(copy).values())
    with pytest.raises(ValidationError):
        services.decide_duplicate(
            actor=office.clerk, petition=copy, other=original, verdict=LinkVerdict.MERGED
        )


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


@freeze_time("2026-11-05")
def test_a_complaint_outside_competence_is_guided_and_a_late_one_is_stored(office):
    petition = register(office.clerk)
    petition, _decision = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.COMPLAINT), agency=office.agency),
    )
    assert petition.state == "guided" and petition.forwardings.get().letter == LetterKind.GUIDE
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


# --- every time limit from the rules, every path from the record (issue 24) ---------------------------------


def assert_started_as(clock: LegalClock, period: rules.Period, start: date) -> None:
    """What production started is what the rule says: kind, length, unit, first day, label and due date."""
    assert (clock.kind, clock.days, clock.unit, clock.started_on, clock.label) == (
        period.key,
        period.days,
        period.unit,
        start,
        period.label,
    )
    calendar = core_selectors.office_calendar(start.year, start.year + 2)
    assert clock.due_on == period.due(calendar, start)


def running(petition: Petition) -> dict[str, LegalClock]:
    return {kind: clock for kind, clock in clocks(petition).items() if clock.stopped_on is None}


def handle(office: Office, petition: Petition, on: date) -> Petition:
    petition, decision = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(checks={"within_competence": True}, on=on),
    )
    assert decision.path == rules.Path.HANDLE
    return petition


@freeze_time("2026-02-13")
def test_a_complaint_received_on_12_february_2026_is_accepted_by_23_february_then_resolved_in_30_days(office):
    petition = register(office.clerk, received_on=date(2026, 2, 12))
    (acceptance,) = running(petition).values()
    assert_started_as(acceptance, rules.COMPLAINT_ACCEPTANCE, date(2026, 2, 12))
    assert acceptance.due_on == date(2026, 2, 23)  # day 10 is Sunday 22/2, the end of Tết 2026
    petition = handle(office, petition, date(2026, 2, 13))
    found = clocks(petition)
    assert set(found) == {"complaint_acceptance", "complaint_resolution"}  # no second 10-day clock
    assert found["complaint_acceptance"].stopped_on == date(2026, 2, 13)
    period = rules.complaint_resolution(instance=1, complex_case=False, remote_area=False)
    assert_started_as(found["complaint_resolution"], period, date(2026, 2, 13))
    assert found["complaint_resolution"].due_on == date(2026, 3, 16)  # 30 days: Sunday 15/3, moved


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("kind", "named_agency"),
    [
        (PetitionKind.COMPLAINT, False),
        (PetitionKind.COMPLAINT, True),
        (PetitionKind.DENUNCIATION, False),
        (PetitionKind.DENUNCIATION, True),
        (PetitionKind.RECOMMENDATION, False),
        (PetitionKind.REFLECTION, True),
    ],
)
def test_registration_starts_the_time_limits_the_rules_give_the_kind(office, kind, named_agency):
    agency = office.agency if named_agency else None
    petition = register(office.clerk, kind=kind, competent_agency=agency, received_on=date(2026, 11, 3))
    expected = rules.intake_periods(rules.Kind(kind), competent_elsewhere=named_agency)
    found = running(petition)
    assert set(found) == {p.key for p in expected}
    for period in expected:
        assert_started_as(found[period.key], period, date(2026, 11, 3))


@freeze_time("2026-11-05")
def test_the_public_forms_registration_starts_its_clock_as_the_system(office):
    petition = register(None, kind=PetitionKind.DENUNCIATION)
    assert_started_as(running(petition)["denunciation_intake"], rules.DENUNCIATION_INTAKE, date(2026, 11, 2))
    events = AuditEvent.objects.filter(object_id=petition.pk, message__contains="tự động khi vào sổ")
    assert events.exists() and all(e.actor_id is None for e in events)


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("kind", "instance", "complex_case", "remote"),
    [
        (PetitionKind.COMPLAINT, 1, False, False),
        (PetitionKind.COMPLAINT, 1, True, False),
        (PetitionKind.COMPLAINT, 1, False, True),
        (PetitionKind.COMPLAINT, 2, True, True),
        (PetitionKind.COMPLAINT, None, False, False),
        (PetitionKind.DENUNCIATION, None, False, False),
        (PetitionKind.RECOMMENDATION, None, False, False),
    ],
)
def test_handling_starts_the_rules_resolution_time_from_acceptance(
    office, kind, instance, complex_case, remote
):
    petition = register(
        office.clerk,
        kind=kind,
        instance=instance,
        is_complex=complex_case,
        is_remote_area=remote,
        decision_known_on=date(2026, 10, 20) if kind == PetitionKind.COMPLAINT else None,
    )
    petition = handle(office, petition, date(2026, 11, 4))
    period = rules.handling_period(
        rules.Kind(kind), instance=instance or 1, complex_case=complex_case, remote_area=remote
    )
    (clock,) = running(petition).values()
    assert_started_as(clock, period, date(2026, 11, 4))


@freeze_time("2026-11-05")
def test_a_complex_complaint_in_a_remote_area_takes_the_longer_time_by_the_heads_decision(office):
    petition = handle(office, register(office.clerk), date(2026, 11, 3))
    with pytest.raises(PermissionDenied):  # 30 → 45 days lengthens the time limit: the head's decision
        services.set_case_facts(actor=office.specialist, petition=petition, facts={"is_complex": True})
    assert running(petition)["complaint_resolution"].days == 30
    services.set_case_facts(actor=office.head, petition=petition, facts={"is_complex": True})
    services.set_case_facts(actor=office.head, petition=petition, facts={"is_remote_area": True})
    petition.refresh_from_db()
    period = rules.complaint_resolution(instance=1, complex_case=True, remote_area=True)
    assert_started_as(running(petition)["complaint_resolution"], period, date(2026, 11, 3))
    assert period.days == 60 and petition.is_complex and petition.is_remote_area
    # not complex after all: shorter, which the specialist may record
    services.set_case_facts(actor=office.specialist, petition=petition, facts={"is_complex": False})
    assert running(petition)["complaint_resolution"].days == 45
    changes = " ".join(str(e.changes) for e in AuditEvent.objects.filter(object_id=petition.pk))
    assert "is_complex" in changes and "is_remote_area" in changes
    with pytest.raises(ValidationError):
        services.set_case_facts(actor=office.head, petition=petition, facts={"instance": 3})
    closed = services.close_petition(actor=office.specialist, petition=petition, outcome="Đã giải quyết")
    with pytest.raises(ValidationError):
        services.set_case_facts(actor=office.head, petition=closed, facts={"is_complex": True})


@freeze_time("2026-11-05")
def test_a_denunciation_checked_in_several_places_has_10_working_days_by_the_heads_decision(office):
    petition = denunciation(office.clerk)
    values: dict[str, Any] = {
        "kind": PetitionKind.DENUNCIATION,
        "field": Field.CORRUPTION,
        "competent_agency": None,
    }
    with pytest.raises(PermissionDenied):
        services.classify_petition(
            actor=office.specialist, petition=petition, facts={"checked_in_several_places": True}, **values
        )
    services.classify_petition(
        actor=office.head, petition=petition, facts={"checked_in_several_places": True}, **values
    )
    assert_started_as(
        running(petition)["denunciation_intake"], rules.DENUNCIATION_INTAKE_SEVERAL_PLACES, date(2026, 11, 2)
    )


@freeze_time("2026-11-05")
def test_a_denunciation_for_another_body_is_forwarded_within_5_working_days_of_receipt(office):
    named = denunciation(office.clerk, competent_agency=office.agency)
    assert_started_as(running(named)["denunciation_forward"], rules.DENUNCIATION_FORWARD, date(2026, 11, 2))
    named, _ = services.decide_petition(
        actor=office.specialist, petition=named, data=services.DecisionData(on=date(2026, 11, 5))
    )
    found = clocks(named)
    assert named.state == "forwarded" and found["denunciation_forward"].stopped_on == date(2026, 11, 5)
    letter = named.forwardings.get()
    calendar = core_selectors.office_calendar(2026, 2027)
    assert letter.answer_by == rules.agency_answer_by(calendar, rules.Kind.DENUNCIATION, date(2026, 11, 5))
    assert letter.answer_by is not None
    period = rules.agency_answer_period(office.agency.name, date(2026, 11, 5), letter.answer_by)
    assert_started_as(found["agency_answer"], period, date(2026, 11, 5))
    # Its agency chosen only when deciding: the 5 working days are recorded from receipt to the forwarding.
    later = denunciation(office.clerk)
    later, _ = services.decide_petition(
        actor=office.specialist,
        petition=later,
        data=services.DecisionData(agency=office.agency, on=date(2026, 11, 5)),
    )
    forward = clocks(later)["denunciation_forward"]
    assert (forward.started_on, forward.stopped_on, forward.days) == (date(2026, 11, 2), date(2026, 11, 5), 5)


@freeze_time("2026-11-05")
def test_only_a_denunciations_resolution_is_extended_every_other_time_limit_is_refused(office):
    complaint = handle(office, register(office.clerk), date(2026, 11, 3))
    with pytest.raises(PermissionDenied):
        services.extend_handling(actor=office.specialist, petition=complaint, days=10, reason="Phức tạp")
    with pytest.raises(ValidationError, match="Điều 28"):
        services.extend_handling(actor=office.head, petition=complaint, days=10, reason="Phức tạp")
    received = register(office.clerk)
    with pytest.raises(ValidationError, match="Điều 27"):
        services.extend_handling(actor=office.head, petition=received, days=5, reason="Chờ hồ sơ")
    forwarded, _ = services.decide_petition(
        actor=office.specialist,
        petition=register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị khác"),
        data=services.DecisionData(agency=office.agency),
    )
    with pytest.raises(ValidationError, match="đôn đốc"):
        services.extend_handling(actor=office.head, petition=forwarded, days=5, reason="Cơ quan xin thêm")
    assert not any(
        c.extensions.exists() for p in (complaint, received, forwarded) for c in clocks(p).values()
    )


@freeze_time("2026-11-05")
def test_the_record_decides_what_a_check_cannot_deny(office):
    anonymous = denunciation(office.clerk, petitioners=[], is_anonymous=True)
    with pytest.raises(ValidationError) as error:
        services.decide_petition(
            actor=office.specialist,
            petition=anonymous,
            data=services.DecisionData(checks={"anonymous": False}, agency=office.agency),
        )
    assert "anonymous" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.decide_petition(
            actor=office.specialist, petition=anonymous, data=services.DecisionData(checks={"path": True})
        )
    in_time = register(office.clerk, decision_known_on=date(2026, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.decide_petition(
            actor=office.specialist,
            petition=in_time,
            data=services.DecisionData(checks={"out_of_time": True}, agency=office.agency),
        )
    assert "out_of_time" in error.value.message_dict


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@freeze_time("2026-11-05")
def test_over_the_api_an_anonymous_denunciation_with_evidence_is_passed_on_for_inspection_not_forwarded(
    office,
):
    petition = denunciation(office.clerk, petitioners=[], is_anonymous=True, competent_agency=office.agency)
    api = _api(office.specialist)
    url = f"/api/v1/petitions/{petition.pk}/decide/"
    denied = api.post(url, {"anonymous": False, "concrete_evidence": True}, format="json")
    assert denied.status_code == 400 and Petition.objects.get(pk=petition.pk).state == "received"
    chose = api.post(url, {"concrete_evidence": True, "path": "forward"}, format="json")
    assert chose.status_code == 400  # the path is not the caller's to choose
    decided = api.post(
        url, {"concrete_evidence": True, "agency": office.other_agency.pk, "signed_by": "X"}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert (
        body["state"] == "stored" and body["grounds"] == ["anonymous"] and "Điều 25" in body["decision_note"]
    )
    (letter,) = Forwarding.objects.filter(petition=petition)
    assert letter.letter == LetterKind.TRANSFER and letter.agency == office.other_agency
    assert "khoản 2 Điều 25" in letter.body and "người tố cáo" in letter.body
    assert not Forwarding.objects.filter(petition=petition, letter=LetterKind.FORWARD).exists()
    assert Petition.objects.get(pk=petition.pk).has_evidence


@freeze_time("2026-11-05")
def test_art_25_needs_the_inspection_body_to_pass_the_information_to(office):
    petition = denunciation(office.clerk, petitioners=[], is_anonymous=True, has_evidence=True)
    with pytest.raises(ValidationError) as error:
        services.decide_petition(actor=office.specialist, petition=petition, data=services.DecisionData())
    assert "agency" in error.value.message_dict
    petition, decision = services.decide_petition(
        actor=office.specialist, petition=petition, data=services.DecisionData(agency=office.other_agency)
    )
    assert decision.transfer_for_inspection and petition.forwardings.get().letter == LetterKind.TRANSFER


@freeze_time("2026-11-05")
def test_over_the_api_a_complaint_261_days_late_is_stored_not_guided(office):
    received = date(2026, 11, 2)
    late = register(office.clerk, decision_known_on=received - timedelta(days=90 + 261))
    api = _api(office.specialist)
    url = f"/api/v1/petitions/{late.pk}/decide/"
    untick = api.post(url, {"out_of_time": False, "agency": office.agency.pk}, format="json")
    assert untick.status_code == 400
    decided = api.post(url, {"agency": office.agency.pk}, format="json")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "stored" and decided.json()["grounds"] == ["out_of_time"]
    assert not Forwarding.objects.filter(petition=late).exists()
    # A legitimate reason for the delay is a person's finding: recorded in the decision, then heard.
    excused = register(office.clerk, decision_known_on=received - timedelta(days=90 + 261))
    heard = api.post(
        f"/api/v1/petitions/{excused.pk}/decide/",
        {"agency": office.agency.pk, "late_excuse": "Điều trị tại bệnh viện từ 01/2026 đến 10/2026"},
        format="json",
    )
    assert heard.json()["state"] == "guided" and "bệnh viện" in heard.json()["decision_note"]


@freeze_time("2026-11-05")
def test_over_the_api_a_second_complaint_49_days_after_the_first_decision_is_stored(office):
    received = date(2026, 11, 2)
    second = register(office.clerk, instance=2, decision_known_on=received - timedelta(days=49))
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{second.pk}/decide/", {"agency": office.agency.pk}, format="json"
    )
    assert decided.json()["state"] == "stored" and decided.json()["grounds"] == ["out_of_time_second"]
    first = register(office.clerk, instance=1, decision_known_on=received - timedelta(days=49))
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{first.pk}/decide/", {"agency": office.agency.pk}, format="json"
    )
    assert decided.json()["state"] == "guided"  # a first complaint has its 90 days


@freeze_time("2026-11-05")
def test_over_the_api_a_civil_deposit_dispute_is_guided_to_the_court(office):
    court = core_services.create_agency(
        actor=None, name="Tòa án nhân dân Thành phố Hà Nội", short_name="TAND"
    )
    api = _api(office.clerk)
    created = api.post(
        "/api/v1/petitions/",
        {
            "channel": "post",
            "received_on": "2026-11-03",
            "summary": "Đề nghị đòi lại tiền đặt cọc mua nhà",
            "content": "Tôi đặt cọc 200 triệu đồng cho ông Lê Văn Tư để mua nhà, ông Tư không bán và không trả cọc.",
            "kind": "recommendation",
            "field": "civil",
            "is_civil_dispute": True,  # the case fact, as the clerk's suggestion sets it with the field
            "petitioners": [{"full_name": "Trần Thị Mai", "province_code": 1}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    forbidden = _api(office.specialist).post(
        f"/api/v1/petitions/{pk}/decide/", {"agency": court.pk, "civil_dispute": False}, format="json"
    )
    assert forbidden.status_code == 400  # the record says it is a civil dispute
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{pk}/decide/", {"agency": court.pk}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "guided" and "Tòa án" in decided.json()["decision_note"]
    letter = Forwarding.objects.get(petition_id=pk)
    assert letter.letter == LetterKind.GUIDE and letter.agency == court
    # Found a civil dispute only at the check: the record learns it, and it is guided all the same.
    found = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Tranh chấp tiền cọc")
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{found.pk}/decide/", {"agency": court.pk, "civil_dispute": True}, format="json"
    )
    assert decided.json()["state"] == "guided" and Petition.objects.get(pk=found.pk).is_civil_dispute
    # Filed under the field of civil disputes only: the same fact.
    filed = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Đòi nợ", field=Field.CIVIL)
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{filed.pk}/decide/", {"agency": court.pk}, format="json"
    )
    assert decided.json()["state"] == "guided"


@freeze_time("2026-11-05")
def test_the_decision_page_cannot_untick_the_record_and_hears_a_late_complaint_with_its_reason(office):
    from django.test import Client

    client = Client()
    client.force_login(office.specialist)
    late = register(office.clerk, decision_known_on=date(2026, 7, 1))
    client.post(f"/petitions/{late.pk}/decide/", {"agency": office.agency.pk, "on": "2026-11-05"})
    late.refresh_from_db()
    assert late.state == "stored" and late.grounds == ["out_of_time"]  # the unticked box is the record's
    excused = register(office.clerk, decision_known_on=date(2026, 7, 1))
    client.post(
        f"/petitions/{excused.pk}/decide/",
        {"agency": office.agency.pk, "on": "2026-11-05", "late_excuse": "Ốm nặng, nằm viện hai tháng"},
    )
    excused.refresh_from_db()
    assert excused.state == "guided" and "nằm viện" in excused.decision_note


@freeze_time("2026-11-05")
def test_the_rule_book_lists_every_time_limit_with_its_article_and_what_is_not_confirmed(office):
    from django.test import Client

    client = Client()
    client.force_login(office.clerk)
    page = client.get("/petitions/rules/").content.decode()
    for text in ("Điều 27", "Điều 28", "Điều 37", "Điều 33", "Điều 24", "Điều 30", "Thông tư 05/2021"):
        assert text in page
    assert page.count('data-testid="rule"') == len(rules.rule_book())
    assert page.count('data-testid="not-confirmed"') == len(
        [e for e in rules.rule_book() if not e.period.confirmed]
    )


@freeze_time("2026-11-05")
def test_a_letter_is_signed_under_the_block_given_else_the_standing_delegation(office):
    from docx import Document

    from chancery.petitions import letters

    def block_of(letter: Forwarding) -> str:
        printed = Document(letter.document.open("rb"))
        return "\n".join(cell.text for table in printed.tables for row in table.rows for cell in row.cells)

    def forward(signer_title: str) -> tuple[Petition, Forwarding]:
        petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị về đất đai")
        petition, _decision = services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.RECOMMENDATION),
                agency=office.agency,
                signed_by="Đỗ Văn Phó",
                signer_title=signer_title,
            ),
        )
        return petition, Forwarding.objects.filter(petition=petition).get()

    _petition, standing = forward("")
    assert "TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP" in block_of(standing)
    assert letters.context(standing)["signer_title"] == letters.SIGNATURE_BLOCK
    deputy = "TL. CHỦ NHIỆM\nKT. VỤ TRƯỞNG VỤ TƯ PHÁP\nPHÓ VỤ TRƯỞNG"
    petition, signed = forward(deputy)
    assert signed.signer_title == deputy and "PHÓ VỤ TRƯỞNG" in block_of(signed)
    reminder = services.send_reminder(actor=office.specialist, petition=petition)
    assert reminder.signer_title == deputy  # the follow-up goes out under the same block
    with pytest.raises(ValidationError) as refused:
        forward("TL. CHỦ NHIỆM\nKT. VỤ TRƯỞNG VỤ TƯ PHÁP\nCHUYÊN VIÊN")
    assert "cấp phó" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as markup:  # shown on pages and printed: markup is refused
        forward("TL. CHỦ NHIỆM\n<script>x</script>")
    assert "<, >" in " ".join(markup.value.messages)


def test_a_reminder_after_the_answer_date_has_passed_is_sent(office):
    """The second examiner of issue 30: "Đôn đốc" on an overdue forwarded petition failed (the reminder took
    the first letter's answer date, before its own date)."""
    with freeze_time("2026-11-05"):
        petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị quá hạn")
        petition, _decision = services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency
            ),
        )
    with freeze_time("2026-12-10"):  # the answer was awaited by 19 November
        reminder = services.send_reminder(actor=office.specialist, petition=petition)
    assert reminder.letter == LetterKind.REMINDER and reminder.sent_on == date(2026, 12, 10)
    assert reminder.answer_by is None
