"""The demo's letters read as citizens write them (issue 26, "what a Vietnamese office would send back"): every
date a letter states is before the letter was received, a percentage is written "%", the summary and the
letter say the kind the petition is registered as, and no sentence is filler stuck on any matter."""

from __future__ import annotations

import re
from datetime import date

import pytest

from chancery.core.models import Unit
from chancery.petitions import classify, demo
from chancery.petitions.models import PetitionKind

# what a summary of each kind begins with
LEADS = {
    PetitionKind.COMPLAINT: ("Khiếu nại",),
    PetitionKind.DENUNCIATION: ("Tố cáo",),
    PetitionKind.RECOMMENDATION: ("Kiến nghị", "Đề nghị", "Đơn xin"),
    PetitionKind.REFLECTION: ("Phản ánh",),
}
# the sentences the generator once added to any letter whatever its matter
FILLER = (
    "trang tài liệu",
    "đường dây nóng",
    "ở nhờ nhà người thân",
    "cùng thôn đã được giải quyết khác hẳn",
    "gây ảnh hưởng nghiêm trọng đến đời sống của",
)
DAY = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
YEAR = re.compile(r"\bnăm (\d{4})\b|/(\d{4})/")


@pytest.fixture(scope="module")
def letters() -> list[demo.Generated]:
    return list(
        demo.generate(400, year=2026, seed=2013, unit=Unit(), agencies={}, until=date(2026, 11, 20))
    ) + list(demo.generate(300, year=2013, seed=7, unit=Unit(), agencies={}, until=date(2013, 12, 31)))


def test_no_date_in_a_demo_letter_is_after_it_was_received(letters):
    for item in letters:
        petition = item.petition
        text = f"{petition.summary} {petition.content}"
        for day, month, year in DAY.findall(text):
            assert date(int(year), int(month), int(day)) <= petition.received_on, (petition.received_on, text)
        for found in YEAR.findall(text):
            assert int(found[0] or found[1]) <= petition.received_on.year, (petition.received_on, text)


def test_a_judgments_number_bears_the_year_of_its_date(letters):
    judgment = re.compile(r"Bản án số \d+/(\d{4})/[A-Z]+-[A-Z]+ ngày \d{2}/\d{2}/(\d{4})")
    found = [m for item in letters for m in judgment.findall(item.petition.content)]
    assert found and all(number_year == day_year for number_year, day_year in found)


def test_a_demo_letter_writes_percentages_with_the_sign_and_has_no_filler(letters):
    for item in letters:
        content = item.petition.content
        assert "phần trăm" not in content
        assert "{" not in content and "}" not in content
        assert not [sentence for sentence in FILLER if sentence in content], content
    assert any("%" in item.petition.content for item in letters)


def test_the_summary_and_the_letter_say_the_kind_the_petition_is(letters):
    kinds = {item.petition.kind for item in letters}
    assert kinds == set(PetitionKind.values)
    for item in letters:
        petition = item.petition
        assert petition.summary.startswith(LEADS[petition.kind]), (petition.kind, petition.summary)
        others = [lead for kind, leads in LEADS.items() if kind != petition.kind for lead in leads]
        assert not petition.summary.startswith(tuple(others))
        declared = classify.declared_kind(petition.content)
        if petition.kind == PetitionKind.RECOMMENDATION:
            assert declared is None or declared[0] == petition.kind, (declared, petition.content)
        else:  # a complaint, a denunciation, a reflection says so in the writer's words
            assert declared and declared[0] == petition.kind, (petition.kind, petition.content)


def test_a_man_written_of_as_ong_has_a_mans_name_and_a_mother_writes_as_a_woman(letters):
    for item in letters:
        content = item.petition.content
        for name in re.findall(r"\bông ((?:[A-ZĐ]\w* ){2}[A-ZĐ]\w*)", content):
            assert " Thị " not in f" {name} ", content
        if "Tôi là mẹ" in content and item.origin is None:
            assert " Thị " in item.people[0].full_name
