"""Petitions from registration to closure, through the services every channel uses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from chancery.casework.models import LegalClock
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
from chancery.petitions.tests.factories import LAND_TEXT, Office, denunciation, make_office, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office() -> Office:
    return make_office()


def clocks(petition: Petition) -> dict[str, LegalClock]:
    return {
        c.kind: c for c in LegalClock.objects.filter(object_type="petitions.petition", object_id=petition.pk)
    }


@freeze_time("2026-11-05")
def test_registration_numbers_from_the_register_and_starts_the_processing_clock(office):
    first = register(office.clerk)
    second = register(office.clerk, summary="Đơn khác", content="Nội dung khác hẳn về chế độ chính sách")
    assert (first.number, second.number) == (1, 2)
    assert first.registry_number == "1/ĐT" and first.year == 2026
    assert len(first.tracking_code) == 10 and first.tracking_code != second.tracking_code
    assert NumberRegister.objects.get(code="don-thu", year=2026).last_number == 2
    clock = clocks(first)["processing"]
    # 10 working days from Monday 2 November 2026: Monday 16 November
    assert (clock.unit, clock.days, clock.due_on) == ("working", 10, date(2026, 11, 16))
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
    assert found["processing"].due_on == date(2026, 11, 16) and found["processing"].stopped_on is None


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
    assert found["processing"].stopped_on == date(2026, 11, 5)
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
def test_a_matter_already_forwarded_is_not_forwarded_again(office):
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
    with pytest.raises(ValidationError, match=r"một lần|once"):
        services.decide_petition(
            actor=office.specialist,
            petition=resend,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency
            ),
        )
    resend, decision = services.decide_petition(
        actor=office.specialist,
        petition=resend,
        data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.RECOMMENDATION, already_forwarded=True)),
    )
    assert resend.state == "stored" and decision.grounds == (rules.Ground.ALREADY_FORWARDED,)


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
    pdf = letters.render_pdf(letter)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    font = layout.font_files()
    assert font is not None
    values = letters.context(letter)
    assert all(layout.covers(face, " ".join(str(v) for v in values.values())) for face in font)


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
