"""One row of a proposing body's list read into the facts the criteria use: posthumous awards and long
contributions, and the Vietnamese error that names the column when a row is wrong."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chancery.honours import rules
from chancery.honours.intake import parse_row, post_code


def _row(**cells):
    return {"name": "Nguyễn Văn An", "award": "Huân chương Lao động hạng Ba", **cells}


def test_a_date_of_death_makes_the_award_posthumous():
    row = parse_row(_row(died_on="05/03/2023"))
    assert row.posthumous and row.facts["died_on"] == "2023-03-05"
    assert not parse_row(_row()).posthumous


def test_a_collective_has_no_date_of_death():
    with pytest.raises(ValidationError, match="tập thể không có ngày mất"):
        parse_row(_row(subject="Tập thể", died_on=date(2020, 1, 1)))


def test_a_bad_date_of_death_names_its_column():
    with pytest.raises(ValidationError, match="Ngày mất"):
        parse_row(_row(died_on="31/02/2023"))


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Vụ trưởng Vụ Tổ chức cán bộ", rules.POST_DIRECTOR),
        ("Phó Vụ trưởng", rules.POST_DEPUTY_DIRECTOR),
        ("Cục trưởng Cục Quản trị", rules.POST_DIRECTOR),
        ("PHÓ CỤC TRƯỞNG", rules.POST_DEPUTY_DIRECTOR),
        ("Tổng cục trưởng", rules.POST_GENERAL_DIRECTOR),
        ("Phó Tổng cục trưởng Tổng cục Thuế", rules.POST_DEPUTY_GENERAL_DIRECTOR),
        ("Giám đốc Sở Nội vụ", "Giám đốc Sở Nội vụ"),
    ],
)
def test_the_post_of_a_long_contribution_is_read_from_the_bodys_words(words, code):
    assert post_code(words) == code


def test_a_long_contribution_needs_its_post_and_years():
    row = parse_row(_row(ground="Cống hiến", post="Vụ trưởng", post_years="7"))
    assert (row.ground, row.facts["post"], row.facts["post_years"]) == (
        "contribution",
        rules.POST_DIRECTOR,
        7,
    )
    with pytest.raises(ValidationError, match="Số năm giữ chức vụ"):
        parse_row(_row(ground="Cống hiến", post="Vụ trưởng"))
    with pytest.raises(ValidationError, match="Số năm giữ chức vụ"):
        parse_row(_row(ground="Cống hiến", post="Vụ trưởng", post_years="bảy"))
