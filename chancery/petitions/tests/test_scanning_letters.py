"""Reading a citizen's letter from its scan (issue 29): the petitioner, their address matched to today's
province and commune (an address with the units before July 2025 included), the identity card and phone,
the kind from the title or the words, the content; on made-up letters with the slips OCR makes. No OCR, no
database."""

from __future__ import annotations

import random

import pytest

from chancery.documents.scanning.words import lines_from_text
from chancery.petitions.scanning import generated, letter, places


def read(text: str) -> letter.LetterProposal:
    return letter.propose(lines_from_text(text))


NOISES = (
    generated.Noise(),
    generated.Noise(accents=True),
    generated.Noise(broken=True),
    generated.Noise(capitals=True),
    generated.Noise(accents=True, broken=True, capitals=True),
)


@pytest.mark.parametrize("noise", NOISES)
def test_generated_letters_are_read_field_by_field(noise: generated.Noise) -> None:
    rng = random.Random(29)
    wrong: dict[str, int] = {}
    for _ in range(40):
        spec = generated.random_letter(rng)
        proposal = read(generated.as_text(spec, noise))
        expected = {
            "full_name": spec.full_name,
            "province": spec.province_code,
            "ward": spec.ward_code,
            "id_number": spec.id_number,
            "phone": spec.phone,
            "kind": spec.kind if spec.titled else None,
        }
        for name, value in expected.items():
            if value is not None and proposal.value(name) != value:
                wrong[name] = wrong.get(name, 0) + 1
        assert proposal["content"].value and proposal["content"].value.startswith(
            generated.unaccented("Nay")[:2]
        )
    assert not wrong, wrong


def test_a_letter_is_read_with_its_boxes_and_confidences() -> None:
    spec = generated.random_letter(random.Random(1))
    proposal = read(generated.as_text(spec))
    for name in ("full_name", "address", "province", "ward", "kind", "content"):
        field = proposal[name]
        assert field.box is not None and field.box.page == 1, name
        assert 0.5 < field.confidence <= 1.0, name
    assert set(proposal.as_dict()) == set(letter.FIELDS)


LETTER = """        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Hà Nam, ngày 02 tháng 3 năm 2025
DON TO CAO
Kính gửi: Chủ tịch nước
Tôi tên là Trần Văn Bình, sinh năm 1970,
Trú tại: thôn Đông, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam
Nay tôi làm đơn tố cáo ông Nguyễn Văn X, cán bộ địa chính xã,
nhận tiền của người dân.
Tôi xin chân thành cảm ơn.
        NGƯỜI TỐ CÁO
        Trần Văn Bình"""


def test_an_old_address_maps_to_the_commune_it_went_to_in_2025() -> None:
    proposal = read(LETTER)
    assert proposal.value("full_name") == "Trần Văn Bình"
    assert proposal.value("address") == "thôn Đông, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam"
    assert proposal.value("province") == 37  # Hà Nam went into Ninh Bình
    assert proposal.value("ward") == 13402
    assert "trước 01/7/2025" in proposal["ward"].note
    assert proposal.value("kind") == "denunciation"  # "DON TO CAO", its diacritics lost
    assert proposal.value("content") == (
        "Nay tôi làm đơn tố cáo ông Nguyễn Văn X, cán bộ địa chính xã, nhận tiền của người dân."
    )


def test_a_new_address_and_a_merged_province_by_its_old_name() -> None:
    assert (places.match_place("Số 12, phường Ba Đình, Thành phố Hà Nội").province_code, 4) == (1, 4)
    assert places.match_place("xã Hưng Nguyen, tinh Nghe An").ward_code == 18001
    assert places.match_place("tỉnh Hà Nam").province_code == 37  # merged into Ninh Bình on 1 July 2025


def test_an_unknown_place_is_no_match_with_a_note() -> None:
    found = places.match_place("Khu 3, xã Không Có, tỉnh Atlantis")
    assert found.province_code is None and found.ward_code is None
    assert "không khớp" in found.note
    proposal = read(
        LETTER.replace("thôn Đông, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam", "Khu 3, tỉnh Atlantis")
    )
    assert proposal.value("address") == "Khu 3, tỉnh Atlantis"
    assert proposal.value("province") is None and "không khớp" in proposal["province"].note


def test_the_signature_gives_the_name_when_the_letter_does_not_introduce_its_writer() -> None:
    proposal = read(LETTER.replace("Tôi tên là Trần Văn Bình, sinh năm 1970,\n", ""))
    assert proposal.value("full_name") == "Trần Văn Bình"
    assert proposal["full_name"].note == "đọc từ chữ ký"
    assert proposal["full_name"].confidence < 0.9


def test_without_a_title_the_kind_comes_from_the_classifier_and_is_flagged() -> None:
    untitled = LETTER.replace("DON TO CAO\n", "")
    proposal = letter.propose(lines_from_text(untitled), classify_text=lambda text: "complaint")
    assert proposal.value("kind") == "complaint"
    assert proposal["kind"].confidence < 0.7  # highlighted for the clerk
    assert letter.propose(lines_from_text(untitled)).value("kind") == "denunciation"  # "làm đơn tố cáo"


def test_an_empty_scan_proposes_nothing() -> None:
    assert letter.propose([]).value("full_name") is None


@pytest.mark.skipif(not __import__("shutil").which("tesseract"), reason="tesseract-ocr is not installed")
def test_a_typed_letter_is_read_by_the_ocr() -> None:
    from chancery.documents.scanning import ocr

    spec = generated.random_letter(random.Random(7))
    page = ocr.read_page(generated.page_image(spec, dpi=200), 1, dpi=200)
    proposal = letter.propose(page.lines)
    assert proposal.value("full_name") == spec.full_name
    assert (proposal.value("province"), proposal.value("ward")) == (spec.province_code, spec.ward_code)
    assert proposal.value("kind") == spec.kind
    assert proposal.value("id_number") == spec.id_number
