"""A row of a facility's list read into the facts of the conditions, and the Vietnamese error naming the
column when it is wrong."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chancery.amnesty import rules
from chancery.amnesty.intake import identity, parse_row, span


def _row(**cells):
    return {
        "name": "Nguyễn Văn Bình",
        "birth": "12/03/1985",
        "articles": "173",
        "term": "3 năm",
        "start": "10/01/2024",
        "civil": "Đã thi hành xong",
        **cells,
    }


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5 năm 6 tháng", (66, 0)),
        ("18 tháng", (18, 0)),
        ("3", (36, 0)),
        ("2 tháng 15 ngày", (2, 15)),
        ("", (0, 0)),
    ],
)
def test_lengths_of_time_as_the_lists_write_them(written, expected):
    assert span(written) == expected


def test_a_good_row_gives_every_fact_the_conditions_read():
    row = parse_row(
        _row(
            kind="Chung thân đã giảm",
            articles="Điều 251 khoản 4; 173",
            reduction="6 tháng",
            pretrial_days=45,
            special="Thương binh, bệnh hiểm nghèo",
            residence="x",
            prior_convictions=1,
        )
    )
    assert row.kind == rules.LIFE_COMMUTED and row.articles == ["251.4", "173"]
    assert row.facts["reduction_months"] == 6 and row.facts["pretrial_days"] == 45
    assert row.facts["special"] == ["benh-hiem-ngheo", "thuong-binh"]
    assert row.facts["residence"] is True and row.facts["civil"] == rules.CIVIL_DONE
    assert parse_row(_row()).facts["residence"] is None  # not said: a person checks


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({"name": ""}, "Thiếu “Họ và tên”"),
        ({"articles": "trộm cắp"}, "Cột “Điều luật”"),
        ({"term": "ba năm"}, "Cột “Mức án”"),
        ({"term": "45 ngày"}, "Cột “Mức án”"),
        ({"start": ""}, "Thiếu “Ngày bắt đầu chấp hành án”"),
        ({"start": "31/02/2024"}, "Cột “Ngày bắt đầu chấp hành án”"),
        ({"kind": "tử hình"}, "Cột “Loại án”"),
        ({"civil": "có lẽ"}, "Cột “Nghĩa vụ dân sự”"),
        ({"special": "đẹp trai"}, "Cột “Trường hợp đặc biệt”"),
        ({"offence_date": "01/01/1980"}, "trước ngày sinh"),
        ({"offence_date": "01/02/2024"}, "sau ngày bắt đầu"),
        ({"bad_quarters": "-1"}, "Cột “Số quý xếp loại dưới khá”"),
    ],
)
def test_a_bad_row_is_refused_naming_its_column(cells, words):
    with pytest.raises(ValidationError) as error:
        parse_row(_row(**cells))
    assert words in " ".join(error.value.messages)


def test_a_year_of_birth_alone_is_kept_and_marked():
    row = parse_row(_row(birth=1954))
    assert row.birth == date(1954, 1, 1) and row.facts["birth_year_only"] is True


def test_a_person_is_found_again_by_number_or_by_name_birth_and_home():
    assert identity("A", birth=None, id_number="001 085 012345", home="") == "id:001085012345"
    assert identity("Nguyễn Văn Đạt", birth=date(1985, 3, 12), id_number="", home="Hà Nội") == (
        "nguyen van dat|1985-03-12|ha noi"
    )


def test_a_date_of_birth_in_the_future_is_refused_in_vietnamese():
    """Issue 25: a full date of birth of 01/01/2030 was accepted (only a year alone was checked)."""
    with pytest.raises(ValidationError) as error:
        parse_row(_row(birth="01/01/2030"))
    message = " ".join(error.value.messages)
    assert "Cột “Ngày sinh”" in message and "01/01/2030 sau ngày hôm nay" in message
    with pytest.raises(ValidationError, match="Ngày sinh"):
        parse_row(_row(birth=date(2030, 1, 1)))
    with pytest.raises(ValidationError, match="Ngày sinh"):
        parse_row(_row(birth=2030))
    with pytest.raises(ValidationError, match="Ngày sinh sau ngày bắt đầu"):
        parse_row(_row(birth="11/01/2024"))


def test_the_quarters_up_to_the_councils_meeting_are_read_from_their_columns():
    row = parse_row(_row(good_quarters="8", rated_since="x"))
    assert row.facts["good_quarters"] == 8 and row.facts["rated_since"] is True
    blank = parse_row(_row())
    assert blank.facts["good_quarters"] is None and blank.facts["rated_since"] is None
    assert parse_row(_row(rated_since="không")).facts["rated_since"] is False
    with pytest.raises(ValidationError, match="Số quý liên tục"):
        parse_row(_row(good_quarters="tám"))


@pytest.mark.parametrize(
    ("written", "kind", "term"),
    [
        ("Hoãn chấp hành án", rules.POSTPONED, 36),
        ("Chung thân chưa giảm", rules.LIFE, 0),
        ("Chung thân đã giảm", rules.LIFE_COMMUTED, 36),
    ],
)
def test_a_postponed_sentence_and_a_life_sentence_not_commuted_are_read(written, kind, term):
    row = parse_row(_row(kind=written, term="Chung thân" if kind == rules.LIFE else "3 năm"))
    assert (row.kind, row.term_months) == (kind, term)


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({"term": "31 năm"}, "không quá 30 năm"),
        ({"term": "9999 năm"}, "không quá 30 năm"),
        ({"reduction": "99999999 ngày"}, "Cột “Đã được giảm”: thời gian được giảm không quá 30 năm"),
    ],
)
def test_lengths_no_sentence_can_have_are_refused(cells, words):
    with pytest.raises(ValidationError) as error:
        parse_row(_row(**cells))
    assert words in " ".join(error.value.messages)
