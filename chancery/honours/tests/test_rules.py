"""The criteria of honours at their boundaries: the year before and the year of, one title short, a prior
award revoked or later than the period, the law in force on the proposal's date."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chancery.appraisal.engine import Outcome
from chancery.honours import rules
from chancery.honours.rules import RULE_BOOK, TITLE_GRASSROOTS_FIGHTER, TITLE_MINISTRY_INITIATIVE


def _facts(**overrides):
    """A civil servant with the Prime Minister's certificate of merit in 2018, rated good or better every
    year 2019–2024 (2021 excellent), grassroots emulation fighter in 2020, 2022 and 2024, proposed in 2025."""
    facts = {
        "subject": rules.INDIVIDUAL,
        "proposed_on": date(2025, 3, 10),
        "ground": "achievement",
        "ratings": {2019: "good", 2020: "good", 2021: "excellent", 2022: "good", 2023: "good", 2024: "good"},
        "titles": [
            (2020, TITLE_GRASSROOTS_FIGHTER),
            (2022, TITLE_GRASSROOTS_FIGHTER),
            (2024, TITLE_GRASSROOTS_FIGHTER),
        ],
        "held": [
            {
                "award": "bk-ttg",
                "decision_number": "123/QĐ-TTg",
                "decided_on": date(2018, 6, 1),
                "revoked": False,
            }
        ],
        "claimed_prior": {"award": "bk-ttg", "decision_number": "123/QĐ-TTg", "decided_on": date(2018, 6, 1)},
        "discipline_years": [],
        "under_investigation": False,
        "other_proposals": [],
    }
    facts.update(overrides)
    return facts


def _verdict(facts, code="hcld-3/individual"):
    return RULE_BOOK.appraise(code, facts["proposed_on"], facts)


def _finding(verdict, code):
    return next(f for f in verdict.findings if f.code == code)


def test_labour_order_third_class_individual_passes_on_the_2022_ladder():
    verdict = _verdict(_facts())
    assert verdict.outcome is Outcome.PASS, verdict.reasons
    assert verdict.version == "2024"
    assert _finding(verdict, "years").facts["years"] == 6


def test_five_years_is_enough_and_four_is_one_short():
    five = _facts(ratings=dict.fromkeys(range(2020, 2025), "good") | {2021: "excellent"})
    assert _finding(_verdict(five), "years").outcome is Outcome.PASS
    four = _facts(
        held=[{"award": "bk-ttg", "decision_number": "1", "decided_on": date(2020, 6, 1), "revoked": False}],
        ratings=dict.fromkeys(range(2021, 2025), "good") | {2021: "excellent"},
    )
    finding = _finding(_verdict(four), "years")
    assert finding.outcome is Outcome.FAIL
    assert "Chỉ có 4 năm" in finding.reason


def test_the_years_count_only_after_the_year_of_the_prior_award():
    """Ratings of the award's own year belong to the achievement it rewarded."""
    facts = _facts(
        held=[
            {"award": "bk-ttg", "decision_number": "1", "decided_on": date(2019, 12, 30), "revoked": False}
        ],
        ratings=dict.fromkeys(range(2019, 2025), "excellent"),
    )
    finding = _finding(_verdict(facts), "years")
    assert finding.outcome is Outcome.PASS
    assert finding.facts["from"] == 2020 and finding.facts["years"] == 5


def test_a_gap_breaks_the_consecutive_years():
    ratings = {2019: "good", 2020: "good", 2021: "completed", 2022: "excellent", 2023: "good", 2024: "good"}
    finding = _finding(_verdict(_facts(ratings=ratings)), "years")
    assert finding.outcome is Outcome.FAIL
    assert finding.facts["years"] == 3


def test_without_a_year_rated_excellent_the_ladder_fails():
    finding = _finding(_verdict(_facts(ratings=dict.fromkeys(range(2019, 2025), "good"))), "years")
    assert finding.outcome is Outcome.FAIL
    assert "0 năm hoàn thành xuất sắc" in finding.reason


def test_results_must_reach_the_year_before_the_proposal():
    stale = _facts(ratings=dict.fromkeys(range(2017, 2024), "excellent"))  # nothing for 2024 or 2025
    assert _finding(_verdict(stale), "years").outcome is Outcome.FAIL
    current = _facts(ratings=dict.fromkeys(range(2020, 2026), "excellent"))
    assert _finding(_verdict(current), "years").outcome is Outcome.PASS


def test_three_grassroots_titles_pass_and_two_are_one_short():
    two = _facts(titles=[(2020, TITLE_GRASSROOTS_FIGHTER), (2022, TITLE_GRASSROOTS_FIGHTER)])
    finding = _finding(_verdict(two), "titles")
    assert finding.outcome is Outcome.FAIL
    assert "2/3" in finding.reason


def test_a_title_outside_the_counted_years_does_not_count():
    early = _facts(
        titles=[
            (2017, TITLE_GRASSROOTS_FIGHTER),
            (2020, TITLE_GRASSROOTS_FIGHTER),
            (2022, TITLE_GRASSROOTS_FIGHTER),
        ]
    )
    assert _finding(_verdict(early), "titles").outcome is Outcome.FAIL


def test_no_prior_award_fails_and_a_claimed_one_not_on_file_needs_review():
    none = _facts(held=[], claimed_prior=None)
    assert _finding(_verdict(none), "prior_award").outcome is Outcome.FAIL
    claimed = _facts(held=[])
    finding = _finding(_verdict(claimed), "prior_award")
    assert finding.outcome is Outcome.REVIEW
    assert "123/QĐ-TTg" in finding.reason


def test_a_revoked_prior_award_counts_for_nothing():
    revoked = _facts(
        held=[{"award": "bk-ttg", "decision_number": "1", "decided_on": date(2018, 6, 1), "revoked": True}],
        claimed_prior=None,
    )
    assert _finding(_verdict(revoked), "prior_award").outcome is Outcome.FAIL


def test_a_prior_award_dated_after_the_proposal_fails():
    late = _facts(
        held=[{"award": "bk-ttg", "decision_number": "9", "decided_on": date(2025, 4, 1), "revoked": False}]
    )
    assert _finding(_verdict(late), "prior_award").outcome is Outcome.FAIL


def test_the_same_or_a_higher_class_already_held_fails_a_lower_one_does_not():
    held = _facts()["held"]
    same = _facts(held=[*held, {"award": "hcld-3", "decision_number": "5", "decided_on": date(2015, 1, 1)}])
    assert _finding(_verdict(same), "not_held").outcome is Outcome.FAIL
    higher = _facts(held=[*held, {"award": "hcld-2", "decision_number": "6", "decided_on": date(2015, 1, 1)}])
    assert _finding(_verdict(higher), "not_held").outcome is Outcome.FAIL
    other_order = _facts(
        held=[*held, {"award": "hcbvtq-3", "decision_number": "7", "decided_on": date(2015, 1, 1)}]
    )
    assert _finding(_verdict(other_order), "not_held").outcome is Outcome.PASS
    revoked_same = _facts(
        held=[
            *held,
            {"award": "hcld-3", "decision_number": "5", "decided_on": date(2015, 1, 1), "revoked": True},
        ]
    )
    assert _finding(_verdict(revoked_same), "not_held").outcome is Outcome.PASS


def test_a_second_proposal_in_the_year_is_flagged():
    twice = _facts(other_proposals=[{"award": "hcld-3", "batch": "12/2025"}])
    verdict = _verdict(twice)
    assert verdict.outcome is Outcome.REVIEW
    assert "2 lần trong năm" in _finding(verdict, "proposed_once").reason


def test_discipline_or_investigation_in_the_period_fails():
    assert _verdict(_facts(discipline_years=[2023])).outcome is Outcome.FAIL
    assert _verdict(_facts(under_investigation=True)).outcome is Outcome.FAIL


def test_exceptional_and_contribution_grounds_go_to_a_person():
    for ground in ("exceptional", "contribution"):
        verdict = _verdict(_facts(ground=ground, held=[], claimed_prior=None, ratings={}, titles=[]))
        assert verdict.outcome is Outcome.REVIEW, verdict.reasons
        assert _finding(verdict, "prior_award").outcome is Outcome.PASS  # the ladder does not apply


def test_a_collective_is_not_judged_by_the_individual_rules():
    assert _finding(_verdict(_facts(subject=rules.COLLECTIVE)), "subject").outcome is Outcome.FAIL


def test_before_2024_the_2017_decree_applies_initiatives_not_grassroots_titles():
    facts = _facts(
        proposed_on=date(2023, 12, 31),
        ratings=dict.fromkeys(range(2019, 2024), "excellent"),
        titles=[(2020, TITLE_MINISTRY_INITIATIVE), (2022, TITLE_MINISTRY_INITIATIVE)],
    )
    verdict = _verdict(facts)
    assert verdict.version == "2017"
    assert verdict.outcome is Outcome.PASS, verdict.reasons
    on_new_law = dict(facts, proposed_on=date(2024, 1, 1))
    assert _verdict(on_new_law).version == "2024"
    assert _finding(_verdict(on_new_law), "titles").outcome is Outcome.FAIL  # no grassroots titles
    good_only = dict(facts, ratings=dict.fromkeys(range(2019, 2024), "good"))
    assert _finding(_verdict(good_only), "years").outcome is Outcome.FAIL  # 2017: excellent every year


def test_before_the_2017_decree_no_rule_set_applies():
    verdict = _verdict(_facts(proposed_on=date(2017, 9, 30)))
    assert verdict.outcome is Outcome.REVIEW and verdict.version == ""


def test_collective_enterprise_with_tax_debt_fails():
    facts = _facts(subject=rules.COLLECTIVE, is_enterprise=True, tax_debt=True)
    finding = _finding(_verdict(facts, "hcld-3/collective"), "clean_record")
    assert finding.outcome is Outcome.FAIL and "thuế" in finding.reason
    insured = _facts(subject=rules.COLLECTIVE, is_enterprise=True, insurance_debt=True)
    assert "bảo hiểm" in _finding(_verdict(insured, "hcld-3/collective"), "clean_record").reason


def _second_class(**overrides):
    """Huân chương Lao động hạng Ba in 2018, then 2019–2024 rated good or better, 2021 and 2023 excellent,
    Chiến sĩ thi đua cấp bộ in 2022: Luật TĐKT 2022, Điều 43 khoản 1."""
    facts = {
        "held": [{"award": "hcld-3", "decision_number": "1/QĐ-CTN", "decided_on": date(2018, 6, 1)}],
        "claimed_prior": None,
        "ratings": dict.fromkeys(range(2019, 2025), "good") | {2021: "excellent", 2023: "excellent"},
        "titles": [(2022, rules.TITLE_MINISTRY_FIGHTER)],
    }
    return _facts(**(facts | overrides))


def test_labour_order_second_class_individual_at_its_boundaries():
    assert _verdict(_second_class(), "hcld-2/individual").outcome is Outcome.PASS
    one_excellent = _second_class(ratings=dict.fromkeys(range(2019, 2025), "good") | {2021: "excellent"})
    finding = _finding(_verdict(one_excellent, "hcld-2/individual"), "years")
    assert finding.outcome is Outcome.FAIL and "(cần 2)" in finding.reason
    four_years = _second_class(ratings=dict.fromkeys(range(2021, 2025), "excellent"))
    assert _finding(_verdict(four_years, "hcld-2/individual"), "years").outcome is Outcome.FAIL
    title_before = _second_class(titles=[(2018, rules.TITLE_MINISTRY_FIGHTER)])
    assert _finding(_verdict(title_before, "hcld-2/individual"), "titles").outcome is Outcome.FAIL
    grassroots_only = _second_class(titles=[(2022, TITLE_GRASSROOTS_FIGHTER)] * 3)
    assert _verdict(grassroots_only, "hcld-2/individual").outcome is Outcome.FAIL
    only_certificate = _second_class(held=_facts()["held"])  # Bằng khen, not the class below
    assert _finding(_verdict(only_certificate, "hcld-2/individual"), "prior_award").outcome is Outcome.FAIL


def test_the_first_class_never_passes_on_unverified_numbers():
    facts = _facts(
        held=[{"award": "hcld-2", "decision_number": "1", "decided_on": date(2018, 6, 1)}],
        ratings=dict.fromkeys(range(2019, 2025), "excellent"),
        titles=[(2020, rules.TITLE_NATIONAL_FIGHTER)],
    )
    verdict = _verdict(facts, "hcld-1/individual")
    assert verdict.outcome is Outcome.REVIEW
    assert all(f.outcome is Outcome.PASS for f in verdict.findings if f.code != "unverified")


def test_a_posthumous_award_counts_the_years_up_to_the_death():
    """Died in May 2023, proposed in March 2025: the results stop at 2023 and the ladder is read to there."""
    dead = _facts(
        posthumous=True,
        died_on=date(2023, 5, 1),
        ratings=dict.fromkeys(range(2019, 2024), "good") | {2021: "excellent"},
        titles=[
            (2020, TITLE_GRASSROOTS_FIGHTER),
            (2021, TITLE_GRASSROOTS_FIGHTER),
            (2023, TITLE_GRASSROOTS_FIGHTER),
        ],
    )
    verdict = _verdict(dead)
    assert verdict.outcome is Outcome.PASS, verdict.reasons
    assert _finding(verdict, "years").facts["to"] == 2023
    alive = dict(dead, posthumous=False, died_on=None)
    assert _finding(_verdict(alive), "years").outcome is Outcome.FAIL  # nothing rated in 2024 or 2025


@pytest.mark.parametrize(
    ("overrides", "expected", "words"),
    [
        ({"died_on": date(2025, 3, 10)}, Outcome.PASS, "Truy tặng"),  # died on the day of the proposal
        ({"died_on": date(2025, 3, 11)}, Outcome.FAIL, "sau ngày đề nghị"),
        ({"died_on": None}, Outcome.REVIEW, "ngày mất"),
        ({"subject": rules.COLLECTIVE, "died_on": date(2020, 1, 1)}, Outcome.FAIL, "Tập thể"),
    ],
)
def test_posthumous_awards_are_for_people_who_died_before_the_proposal(overrides, expected, words):
    facts = _facts(posthumous=True, **overrides)
    finding = rules.POSTHUMOUS.apply(facts, {})
    assert finding.outcome is expected and words in finding.reason
    medal = RULE_BOOK.in_force("hcqkqt/individual", date(2025, 1, 1))
    assert medal is not None and "posthumous" in [c.code for c in medal.criteria]


def _contribution(post, years, proposed_on=date(2025, 7, 1)):
    return _facts(
        ground="contribution",
        post=post,
        post_years=years,
        proposed_on=proposed_on,
        held=[],
        titles=[],
        ratings={},
    )


@pytest.mark.parametrize(
    ("post", "years", "expected"),
    [
        (rules.POST_DIRECTOR, 5, Outcome.FAIL),  # a year short
        (rules.POST_DIRECTOR, 6, Outcome.PASS),
        (rules.POST_DIRECTOR, 9, Outcome.PASS),
        (rules.POST_DIRECTOR, 10, Outcome.REVIEW),  # the span of the higher class
        (rules.POST_GENERAL_DIRECTOR, 2, Outcome.FAIL),
        (rules.POST_GENERAL_DIRECTOR, 3, Outcome.PASS),
        (rules.POST_DEPUTY_GENERAL_DIRECTOR, 7, Outcome.PASS),
        (rules.POST_DEPUTY_GENERAL_DIRECTOR, 8, Outcome.REVIEW),
        (rules.POST_DEPUTY_DIRECTOR, 9, Outcome.FAIL),
        (rules.POST_DEPUTY_DIRECTOR, 14, Outcome.PASS),
        ("Giám đốc Sở Nội vụ", 8, Outcome.REVIEW),  # an equivalent post: for a person to place
    ],
)
def test_a_long_contribution_counts_the_post_and_its_years_from_july_2025(post, years, expected):
    verdict = _verdict(_contribution(post, years))
    assert verdict.version == "2025"
    assert verdict.outcome is expected, verdict.reasons
    assert all(_finding(verdict, c).outcome is Outcome.PASS for c in ("prior_award", "years", "titles"))


def test_before_the_2025_decree_a_long_contribution_goes_to_a_person():
    verdict = _verdict(_contribution(rules.POST_DIRECTOR, 7, proposed_on=date(2025, 6, 30)))
    assert verdict.version == "2024" and verdict.outcome is Outcome.REVIEW
    assert _finding(verdict, "ground").outcome is Outcome.REVIEW


def _mother(**m):
    return {"subject": rules.INDIVIDUAL, "proposed_on": date(2025, 1, 5), "martyrs": m, "held": []}


@pytest.mark.parametrize(
    ("martyrs", "expected"),
    [
        ({"children": 5, "children_martyrs": 2}, Outcome.PASS),  # 1. two or more
        ({"children": 5, "children_martyrs": 1}, Outcome.FAIL),  # one short
        ({"children": 2, "children_martyrs": 1, "children_invalid_81": 1}, Outcome.PASS),  # 2.
        (
            {"children": 3, "children_martyrs": 1, "children_invalid_81": 1},
            Outcome.FAIL,
        ),  # 2. only two children
        ({"children": 1, "children_martyrs": 1}, Outcome.PASS),  # 3. an only child
        ({"children": 4, "children_martyrs": 1, "husband_martyr": True}, Outcome.PASS),  # 4.
        ({"children": 4, "children_martyrs": 1, "self_martyr": True}, Outcome.PASS),  # 4.
        ({"children": 4, "children_martyrs": 1, "self_invalid_81": True}, Outcome.PASS),  # 5.
        ({"children": 4, "children_martyrs": 0, "husband_martyr": True}, Outcome.FAIL),
    ],
)
def test_heroic_mother_cases_of_the_2012_ordinance(martyrs, expected):
    verdict = RULE_BOOK.appraise("bmvnah/individual", date(2025, 1, 5), _mother(**martyrs))
    assert verdict.outcome is expected, verdict.reasons


def test_heroic_mother_before_2013_needs_three_martyrs_or_all_children():
    two_of_five = _mother(children=5, children_martyrs=2)
    assert RULE_BOOK.appraise("bmvnah/individual", date(2012, 12, 31), two_of_five).outcome is Outcome.FAIL
    assert RULE_BOOK.appraise("bmvnah/individual", date(2013, 1, 1), two_of_five).outcome is Outcome.PASS


def test_friendship_order_is_for_foreigners_only():
    vietnamese = {
        "subject": rules.INDIVIDUAL,
        "proposed_on": date(2025, 1, 5),
        "nationality": "VN",
        "held": [],
    }
    assert RULE_BOOK.appraise("hchn/individual", date(2025, 1, 5), vietnamese).outcome is Outcome.FAIL
    foreigner = dict(vietnamese, nationality="FR")
    assert RULE_BOOK.appraise("hchn/individual", date(2025, 1, 5), foreigner).outcome is Outcome.REVIEW


@given(
    ratings=st.dictionaries(st.integers(2015, 2025), st.sampled_from(list(rules.RATINGS)), max_size=11),
    after=st.integers(2010, 2025),
)
def test_the_streak_is_consecutive_after_the_prior_year_and_never_below_the_floor(ratings, after):
    last = max(ratings, default=2025)
    years = rules.streak(ratings, after_year=after, last_year=last, floor="good")
    assert all(y > after for y in years)
    assert years == list(range(years[0], years[0] + len(years))) if years else True
    assert all(rules.RATINGS[ratings[y]] >= rules.RATINGS["good"] for y in years)
    if years:
        assert years[-1] == last


@pytest.mark.parametrize(
    ("years", "expected"), [(24, Outcome.FAIL), (25, Outcome.PASS), (None, Outcome.REVIEW)]
)
def test_the_victory_flag_medal_needs_25_years_of_continuous_service(years, expected):
    facts = {
        "subject": rules.INDIVIDUAL,
        "proposed_on": date(2025, 1, 5),
        "service_years": years,
        "force": "army",
        "held": [],
    }
    assert RULE_BOOK.appraise("hcqkqt/individual", date(2025, 1, 5), facts).outcome is expected


def test_medals_whose_years_are_not_verified_neither_pass_nor_fail_alone():
    facts = {
        "subject": rules.INDIVIDUAL,
        "proposed_on": date(2025, 1, 5),
        "service_years": 30,
        "force": "army",
        "held": [],
    }
    assert RULE_BOOK.appraise("hccsvv-1/individual", date(2025, 1, 5), facts).outcome is Outcome.REVIEW
    short = dict(facts, service_years=9)
    verdict = RULE_BOOK.appraise("hccsvv-3/individual", date(2025, 1, 5), short)
    assert verdict.outcome is Outcome.REVIEW  # short of an unchecked number: a person decides
    finding = _finding(verdict, "service_years")
    assert "Mới có 9 năm" in finding.reason and "chưa được đối chiếu văn bản" in finding.reason


@pytest.mark.parametrize(
    ("code", "prior"), [("hcdl-3", "hcld-1"), ("hcdl-1", "hcdl-2"), ("hchcm", "hcdl-1"), ("hcsv", "hchcm")]
)
def test_the_highest_orders_climb_the_ladder_and_go_to_a_person(code, prior):
    climbed = _facts(
        held=[{"award": prior, "decision_number": "9/QĐ-CTN", "decided_on": date(2018, 6, 1)}],
        ratings=dict.fromkeys(range(2019, 2025), "excellent"),
    )
    verdict = _verdict(climbed, f"{code}/individual")
    assert verdict.outcome is Outcome.REVIEW  # the periods are not yet checked against the text
    assert all(f.outcome is Outcome.PASS for f in verdict.findings if f.code != "unverified")
    skipped = _facts(held=[], claimed_prior=None)
    assert _verdict(skipped, f"{code}/individual").outcome is Outcome.FAIL


def _collective(**overrides):
    """A school with the Prime Minister's certificate in 2018, excellent every year 2019–2024, a ministry's
    emulation flag in 2022."""
    facts = {
        "subject": rules.COLLECTIVE,
        "ratings": dict.fromkeys(range(2019, 2025), "excellent"),
        "titles": [(2022, rules.TITLE_MINISTRY_FLAG)],
    }
    return _facts(**(facts | overrides))


def test_labour_order_third_class_collective_at_its_boundaries():
    """The counts are the Office's reading pending the published text: a collective that meets them, or
    misses them, goes to a person with the unchecked number named; what no count decides still fails."""
    meets = _verdict(_collective(), "hcld-3/collective")
    assert meets.outcome is Outcome.REVIEW
    assert all(f.outcome is Outcome.PASS for f in meets.findings if f.code != "unverified")
    one_good_year = _collective(ratings=dict.fromkeys(range(2019, 2025), "excellent") | {2022: "good"})
    years = _finding(_verdict(one_good_year, "hcld-3/collective"), "years")
    assert years.outcome is Outcome.REVIEW and "chưa được đối chiếu văn bản" in years.reason
    no_flag = _collective(titles=[(2022, rules.TITLE_MINISTRY_MERIT)])
    assert _finding(_verdict(no_flag, "hcld-3/collective"), "titles").outcome is Outcome.REVIEW
    two_merits = _collective(titles=[(2020, rules.TITLE_MINISTRY_MERIT), (2023, rules.TITLE_MINISTRY_MERIT)])
    assert _finding(_verdict(two_merits, "hcld-3/collective"), "titles").outcome is Outcome.PASS
    flag_before = _collective(titles=[(2018, rules.TITLE_MINISTRY_FLAG)])
    assert _finding(_verdict(flag_before, "hcld-3/collective"), "titles").outcome is Outcome.REVIEW
    contribution = _collective(ground="contribution")
    assert _finding(_verdict(contribution, "hcld-3/collective"), "ground").outcome is Outcome.FAIL
    no_certificate = _collective(held=[], claimed_prior=None)
    assert _verdict(no_certificate, "hcld-3/collective").outcome is Outcome.FAIL


def test_a_collective_with_five_good_years_is_not_failed_on_an_unchecked_floor():
    """Issue 25: five years "hoàn thành tốt" failed a collective on the unchecked reading that every year must
    be "xuất sắc"; the verdict goes to a person, the floor named."""
    good = _collective(
        ratings=dict.fromkeys(range(2020, 2025), "good"), titles=[(2022, rules.TITLE_MINISTRY_FLAG)]
    )
    verdict = _verdict(good, "hcld-3/collective")
    assert verdict.outcome is Outcome.REVIEW, verdict.reasons
    finding = _finding(verdict, "years")
    assert finding.outcome is Outcome.REVIEW
    assert "Xếp loại tối thiểu mỗi năm" in finding.reason and "cần người xem xét" in finding.reason
    assert "floor" in finding.facts["unverified"]


def test_a_first_class_nominee_with_four_years_is_not_failed_on_unchecked_counts():
    """Issue 25: Huân chương Lao động hạng Nhất, 4 years after hạng Nhì: the count of 5 is not checked."""
    four = _facts(
        held=[{"award": "hcld-2", "decision_number": "1", "decided_on": date(2020, 6, 1)}],
        ratings=dict.fromkeys(range(2021, 2025), "excellent"),
        titles=[(2022, rules.TITLE_NATIONAL_FIGHTER)],
    )
    verdict = _verdict(four, "hcld-1/individual")
    assert verdict.outcome is Outcome.REVIEW, verdict.reasons
    finding = _finding(verdict, "years")
    assert finding.outcome is Outcome.REVIEW
    assert "Chỉ có 4 năm" in finding.reason and "(5) chưa được đối chiếu văn bản" in finding.reason
    without_prior = _facts(held=[], claimed_prior=None, ratings=dict.fromkeys(range(2019, 2025), "excellent"))
    assert _verdict(without_prior, "hcld-1/individual").outcome is Outcome.FAIL  # no count decides that


def test_a_verified_threshold_still_fails_the_second_class_a_year_short():
    four_years = _second_class(ratings=dict.fromkeys(range(2021, 2025), "excellent"))
    verdict = _verdict(four_years, "hcld-2/individual")
    assert verdict.outcome is Outcome.FAIL and _finding(verdict, "years").outcome is Outcome.FAIL
