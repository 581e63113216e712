"""Petitions from registration to closure, through the services every channel uses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from chancery.core import services as core_services
from chancery.core.models import Attachment, NumberRegister
from chancery.petitions import selectors, services
from chancery.petitions.models import (
    Channel,
    Field,
    LinkVerdict,
    Petition,
    PetitionKind,
)
from chancery.petitions.tests.factories import LAND_TEXT, clocks, denunciation, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


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


@pytest.mark.parametrize("anonymous", [False, True])
def test_registering_a_petition_saves_it_and_indexes_it_once(office, anonymous):
    """The petition's list fields are set before its first save, so registering writes the petition and its
    search entry once (it saved twice and re-indexed twice); the entry says who wrote, or that nobody did."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chancery.search.models import SearchEntry

    overrides = {"is_anonymous": True, "petitioners": []} if anonymous else {}
    with CaptureQueriesContext(connection) as queries:
        petition = register(office.clerk, **overrides)
    sql = [q["sql"].lower() for q in queries.captured_queries]
    assert len([q for q in sql if "update" in q.split("set")[0] and "petitions_petition" in q[:60]]) == 0
    assert (
        len([q for q in sql if "search_searchentry" in q and ("insert" in q[:20] or "update" in q[:20])]) == 1
    )
    entry = SearchEntry.objects.get(object_type="petitions.petition", object_id=petition.pk)
    petition.refresh_from_db()
    assert petition.petitioner_name == ("Nặc danh" if anonymous else "Nguyễn Văn An")
    assert petition.province_code == (None if anonymous else 1)
    assert ("Nguyễn Văn An" in entry.body) is (not anonymous)
