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


def _with_prior(**cells):
    return _row(prior_number="456/QĐ-TTg", prior_date="15/03/2019", **cells)


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2014-2018", [2014, 2018]),
        ("2014 – 2018", [2014, 2018]),
        ("2018", [2018, 2018]),
        (2018, [2018, 2018]),
    ],
)
def test_the_achievement_period_of_the_prior_award_is_read_as_years(written, period):
    row = parse_row(_with_prior(prior_period=written))
    assert row.facts["claimed_prior"]["period"] == period
    assert parse_row(_with_prior()).facts["claimed_prior"]["period"] is None


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({"prior_period": "2014-2016, 2018"}, "một khoảng năm liền nhau"),
        ({"prior_period": "2016-2020"}, "kết thúc sau năm của quyết định"),
        ({"prior_period": "mười năm"}, "Giai đoạn thành tích của khen thưởng trước"),
    ],
)
def test_a_prior_period_that_cannot_be_is_refused_naming_its_column(cells, words):
    with pytest.raises(ValidationError) as error:
        parse_row(_with_prior(**cells))
    assert words in " ".join(error.value.messages)


def test_a_prior_period_without_its_decision_is_refused():
    with pytest.raises(ValidationError, match="ghi cả số và ngày quyết định"):
        parse_row(_row(prior_period="2014-2018"))


@pytest.mark.parametrize(
    ("written", "force"),
    [
        ("Quân đội nhân dân", rules.ARMY),
        ("QĐND", rules.ARMY),
        ("quân đội", rules.ARMY),
        ("Công an nhân dân", rules.POLICE),
        ("CAND", rules.POLICE),
        ("Không", rules.NO_FORCE),
        ("", None),
    ],
)
def test_membership_of_the_armed_forces_is_read_from_its_column(written, force):
    assert parse_row(_row(force=written)).facts["force"] == force


def test_an_unknown_force_is_refused_naming_its_column():
    with pytest.raises(ValidationError, match="Lực lượng"):
        parse_row(_row(force="Hải quan"))


def test_a_date_of_birth_in_the_future_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as error:
        parse_row(_row(birth_year=date(2030, 1, 1)))
    assert "Năm sinh" in " ".join(error.value.messages) and "01/01/2030" in " ".join(error.value.messages)
    with pytest.raises(ValidationError, match="Năm sinh"):
        parse_row(_row(birth_year="01/01/2030"))
    with pytest.raises(ValidationError, match="Năm sinh"):
        parse_row(_row(birth_year=2030))
    assert parse_row(_row(birth_year=date(1975, 5, 1))).birth_year == 1975
