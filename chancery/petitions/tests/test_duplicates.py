"""The duplicate check on real letters, through registration, the petition's duplicates and the clerk's live
check; the clerk's form and the suggestions it applies."""

from __future__ import annotations

import pytest
from django.test import Client
from freezegun import freeze_time

from chancery.petitions import classify, corpus, matching, selectors, services
from chancery.petitions.models import Field, MatchKey, MatchText, Petition, PetitionKind
from chancery.petitions.tests import letters
from chancery.petitions.tests.factories import Office, make_office, petition_data

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def office(settings, tmp_path) -> Office:
    settings.MEDIA_ROOT = tmp_path
    classify.forget()
    corpus.forget()
    return make_office()


def _register(office: Office, letter: letters.Letter) -> Petition:
    return services.register_petition(
        actor=office.clerk,
        data=petition_data(
            summary=letter.summary,
            content=letter.content,
            kind=PetitionKind.RECOMMENDATION,
            field=Field.OTHER,
            petitioners=[
                services.PersonData(
                    letter.name,
                    province_code=letter.province,
                    ward_code=letter.ward,
                    id_number=letter.id_number,
                )
            ],
        ),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@freeze_time("2026-11-05")
def test_on_the_fixed_corpus_the_petitions_duplicates_are_its_matter_and_nothing_else(office):
    registered = {letter.key: _register(office, letter) for letter in letters.LETTERS}
    key_of = {p.pk: key for key, p in registered.items()}
    found = set()
    for key, petition in registered.items():
        for duplicate in selectors.duplicates_of(office.clerk, petition):
            found.add(tuple(sorted((key, key_of[duplicate.petition.pk]))))
    truth = {tuple(sorted(pair)) for pair in letters.same_matter_pairs()}
    recall = len(found & truth) / len(truth)
    precision = len(found & truth) / len(found)
    assert recall >= 0.95 and precision >= 0.95, (sorted(truth - found), sorted(found - truth))


@freeze_time("2026-11-05")
def test_a_resend_in_a_new_frame_finds_a_copy_signed_by_a_neighbour(office):
    by_key = {x.key: x for x in letters.LETTERS}
    copy = _register(office, by_key["land_cosigned"])
    resend = _register(office, by_key["land_resend"])
    found = selectors.duplicates_of(office.clerk, resend)
    assert [d.petition for d in found] == [copy] and not found[0].same_petitioner


@freeze_time("2026-11-05")
def test_two_prisoners_on_one_pre_printed_plea_are_not_one_matter(office):
    by_key = {x.key: x for x in letters.LETTERS}
    first = _register(office, by_key["clemency"])
    other = _register(office, by_key["clemency_other"])
    third = _register(office, by_key["clemency_third"])  # the same mother, for her nephew
    assert selectors.duplicates_of(office.clerk, other) == []
    assert first not in [d.petition for d in selectors.duplicates_of(office.clerk, third)]


@freeze_time("2026-11-05")
def test_a_parcel_on_the_land_form_is_not_the_neighbours_parcel_nor_the_writers_other_one(office):
    by_key = {x.key: x for x in letters.LETTERS}
    parcel = _register(office, by_key["land_form"])
    copy = _register(office, by_key["land_form_cosigned"])
    neighbour = _register(office, by_key["land_form_neighbour"])
    second = _register(office, by_key["land_form_second_parcel"])
    assert [d.petition for d in selectors.duplicates_of(office.clerk, copy)] == [parcel]
    assert selectors.duplicates_of(office.clerk, neighbour) == []
    assert parcel not in [d.petition for d in selectors.duplicates_of(office.clerk, second)]


@freeze_time("2026-11-05")
def test_registration_keeps_the_parse_and_the_keys_of_facts_and_of_a_name_one_letter_away(office):
    by_key = {x.key: x for x in letters.LETTERS}
    petition = _register(office, by_key["land"])
    stored = MatchText.objects.get(petition=petition)
    assert "1452/qd-ubnd" in stored.facts and "t:318/7" in stored.facts
    parsed = matching.Parsed.from_stored(stored.words, stored.shapes, stored.sizes, stored.facts)
    bands, fact_bands = matching.content_keys(parsed)
    keys = set(MatchKey.objects.filter(petition=petition).values_list("key", flat=True))
    assert set(bands) | set(fact_bands) <= keys and fact_bands
    typo = matching.fuzzy_lookup_keys(
        full_name="Nguyễn Thị Hườnh", province_code=1, ward_code=letters.PHU_XUYEN
    )
    assert keys & set(typo)


@freeze_time("2026-11-05")
def test_a_petition_registered_without_its_parse_is_still_compared(office):
    by_key = {x.key: x for x in letters.LETTERS}
    first = _register(office, by_key["official"])
    MatchText.objects.filter(petition=first).delete()  # e.g. written by an import before the parse existed
    resend = _register(office, by_key["official_resend"])
    assert [d.petition for d in selectors.duplicates_of(office.clerk, resend)] == [first]


# --- the clerk's live check --------------------------------------------------------------------------------------


def _check(client: Client, **values: str) -> str:
    return client.get("/petitions/new/check/", values).content.decode()


@freeze_time("2026-11-05")
def test_the_live_check_warns_of_the_same_petitioners_earlier_letter_in_other_words_with_a_name_typo(office):
    by_key = {x.key: x for x in letters.LETTERS}
    earlier = _register(office, by_key["pollution"])
    letter = by_key["pollution_paraphrase"]  # "Vũ Thị Thao" for "Vũ Thị Thoa", in her own words
    fragment = _check(
        _client(office.clerk),
        summary=letter.summary,
        content=letter.content,
        full_name="Vũ Thị Thao",
        province=str(letters.THANH_HOA),
        ward=str(letters.YEN_DINH),
    )
    assert 'data-testid="duplicate-warning"' in fragment and earlier.registry_number in fragment
    row = next(line for line in fragment.split("<li>") if earlier.registry_number in line)
    assert "cùng người gửi" in row


@freeze_time("2026-11-05")
def test_the_live_check_suggests_from_the_letters_own_words_and_carries_what_the_form_applies(office):
    fragment = _check(
        _client(office.clerk),
        summary="Kiến nghị về đường giao thông",
        content="Tôi kiến nghị Ủy ban nhân dân xã sửa con đường liên thôn đã xuống cấp, nhiều người bị ngã.",
        province="1",
    )
    assert 'data-testid="suggestion"' in fragment and 'data-kind="recommendation"' in fragment
    assert 'data-testid="suggestion-declared"' in fragment
    assert 'data-testid="undo-suggestion"' in fragment


# --- the clerk's form ----------------------------------------------------------------------------------------------


def test_the_clerks_form_starts_with_no_kind_and_no_field(office):
    page = _client(office.clerk).get("/petitions/new/").content.decode()
    for name in ("kind", "field"):
        select = page[page.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert '<option value="" selected>' in select
    assert "— Chọn loại đơn —" in page and "— Chọn lĩnh vực —" in page


@freeze_time("2026-11-05 09:00")
def test_the_clerks_form_refuses_to_register_without_a_kind_and_a_field(office):
    response = _client(office.clerk).post(
        "/petitions/new/",
        {
            "channel": "post",
            "received_on": "2026-11-05",
            "full_name": "Lê Thị Bích",
            "province": "1",
            "people_count": "1",
            "summary": "Kiến nghị về bồi thường đất",
            "content": letters.LAND_BODY,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Petition.objects.exists()
    assert "Hãy chọn loại đơn." in page and "Hãy chọn lĩnh vực của đơn." in page


# --- the suggestions ------------------------------------------------------------------------------------------------


def test_an_explicit_kien_nghi_outranks_the_models_guess(office, monkeypatch):
    model = classify.NaiveBayes().train(
        [("Tôi tố cáo cán bộ xã nhận tiền làm sổ đỏ", PetitionKind.DENUNCIATION)] * 5
        + [("Khiếu nại quyết định thu hồi đất", PetitionKind.COMPLAINT)] * 5
    )
    monkeypatch.setattr(
        classify._models,
        "learnt",
        classify.Learnt(model, classify.NaiveBayes().train([("a", "land"), ("b", "other")])),
    )
    monkeypatch.setattr(classify._models, "loaded_at", 10**12)
    text = "Tôi kiến nghị xem xét việc cán bộ xã chậm làm sổ đỏ, nhận hồ sơ rồi để đó hai năm."
    assert model.predict(text)[0] == PetitionKind.DENUNCIATION
    suggestion = classify.suggest(text)
    assert suggestion.kind == PetitionKind.RECOMMENDATION and suggestion.declared == "toi kien nghi"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ĐƠN KHIẾU NẠI Kính gửi Chủ tịch nước. Quyết định thu hồi đất của huyện là trái luật.", "complaint"),
        ("Chúng tôi xin phản ánh tình trạng xe quá tải phá hỏng đường liên xã.", "reflection"),
        ("Tôi làm đơn này tố cáo ông trưởng thôn thu tiền trái phép của dân.", "denunciation"),
        ("Gia đình tôi đã khiếu nại nhiều lần; nay tôi kiến nghị cấp sổ đỏ cho gia đình.", "recommendation"),
    ],
)
def test_the_kind_the_writer_declares_is_the_kind_suggested(office, text, kind):
    assert classify.suggest(text).kind == kind


def test_a_deposit_not_returned_is_a_civil_dispute_not_a_denunciation(office):
    by_key = {x.key: x for x in letters.LETTERS}
    text = "ĐƠN TỐ CÁO " + by_key["deposit"].content.replace("Tôi đề nghị", "Tôi tố cáo bà Hằng và đề nghị")
    suggestion = classify.suggest(text, province_code=1)
    assert suggestion.civil_dispute and suggestion.kind != PetitionKind.DENUNCIATION
    assert suggestion.field == Field.CIVIL and suggestion.agency_id is None
    # an official taking money is not a civil dispute, whatever the deposit
    official = classify.suggest("Tôi tố cáo Chủ tịch UBND xã nhận tiền đặt cọc của dân rồi chiếm đoạt.")
    assert not official.civil_dispute and official.kind == PetitionKind.DENUNCIATION


def test_pollution_is_suggested_in_the_environment_field(office):
    by_key = {x.key: x for x in letters.LETTERS}
    assert classify.suggest(by_key["pollution"].content).field == Field.ENVIRONMENT
    assert "environment" in Field.values and "civil" in Field.values
