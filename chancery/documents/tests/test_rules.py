"""The clerical rules of NĐ 30/2020/NĐ-CP as pure functions: symbols, numbers, series, time limits, circuits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chancery.core.workdays import WorkingCalendar
from chancery.documents import rules
from chancery.documents.rules import CircuitMode, Issuer, StepStatus, Urgency

# 2026: 30 April and 1 May (Thursday, Friday) are public holidays.
CALENDAR = WorkingCalendar(days_off=frozenset({date(2026, 4, 30), date(2026, 5, 1)}))


def test_a_decision_of_the_president_is_qd_ctn() -> None:
    assert rules.symbol("quyet_dinh", Issuer.PRESIDENT) == "QĐ-CTN"


def test_a_notice_of_the_office_is_tb_vpctn() -> None:
    assert rules.symbol("thong_bao", Issuer.OFFICE, "TH") == "TB-VPCTN"


def test_a_letter_has_no_type_abbreviation_but_the_drafting_unit() -> None:
    assert rules.symbol("cong_van", Issuer.OFFICE, "TH") == "VPCTN-TH"
    assert rules.symbol("cong_van", Issuer.OFFICE) == "VPCTN"


def test_every_type_of_appendix_iii_has_its_abbreviation() -> None:
    expected = {"to_trinh": "TTr", "quy_dinh": "QyĐ", "giay_moi": "GM", "ke_hoach": "KH", "bao_cao": "BC"}
    for code, abbreviation in expected.items():
        assert rules.TYPES[code].abbreviation == abbreviation


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document type"):
        rules.symbol("sac_lenh", Issuer.OFFICE)


@pytest.mark.parametrize(
    ("number", "written"), [(1, "01/QĐ-CTN"), (9, "09/QĐ-CTN"), (10, "10/QĐ-CTN"), (1234, "1234/QĐ-CTN")]
)
def test_numbers_below_ten_take_a_leading_zero(number: int, written: str) -> None:
    assert rules.number_text(number, 2026, "QĐ-CTN", normative=False) == written


def test_a_normative_document_carries_its_year() -> None:
    assert rules.number_text(5, 2026, "L-CTN", normative=True) == "05/2026/L-CTN"


def test_there_is_no_number_zero() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        rules.number_text(0, 2026, "QĐ-CTN", normative=False)


def test_an_order_is_always_normative_and_numbered_in_its_own_series() -> None:
    order = rules.outgoing_series("lenh", Issuer.PRESIDENT, 0, normative=False)
    decision = rules.outgoing_series("quyet_dinh", Issuer.PRESIDENT, 0, normative=False)
    normative_decision = rules.outgoing_series("quyet_dinh", Issuer.PRESIDENT, 0, normative=True)
    assert len({order.code, decision.code, normative_decision.code}) == 3
    assert rules.is_normative("lenh", False)


def test_administrative_documents_of_an_issuer_share_one_series() -> None:
    notice = rules.outgoing_series("thong_bao", Issuer.OFFICE, 0, normative=False)
    letter = rules.outgoing_series("cong_van", Issuer.OFFICE, 0, normative=False)
    president = rules.outgoing_series("quyet_dinh", Issuer.PRESIDENT, 0, normative=False)
    assert notice == letter
    assert notice != president


@pytest.mark.parametrize("secrecy", [1, 2, 3])
def test_secret_documents_have_their_own_series(secrecy: int) -> None:
    secret = rules.outgoing_series("cong_van", Issuer.OFFICE, secrecy, normative=False)
    assert secret != rules.outgoing_series("cong_van", Issuer.OFFICE, 0, normative=False)
    assert rules.incoming_series(secrecy) != rules.incoming_series(0)


def test_urgency_shortens_the_time_to_handle() -> None:
    days = [rules.handling_days(u) for u in Urgency]
    assert days == sorted(days, reverse=True)
    assert rules.handling_days(Urgency.FLASH) == 1


def test_the_office_may_set_its_own_handling_times() -> None:
    assert rules.handling_days(Urgency.NORMAL, {0: 7}) == 7
    with pytest.raises(ValueError, match="at least one"):
        rules.handling_days(Urgency.URGENT, {1: 0})


def test_handling_time_skips_the_weekend_and_holidays() -> None:
    # Routed on Wednesday 29 April 2026: 30 April, 1 May are holidays, 2–3 May the weekend.
    assert rules.handling_due(CALENDAR, date(2026, 4, 29), Urgency.FLASH) == date(2026, 5, 4)
    assert rules.handling_due(CALENDAR, date(2026, 4, 29), Urgency.NORMAL, days=2) == date(2026, 5, 5)


def test_a_document_received_on_friday_is_presented_by_monday_unless_urgent() -> None:
    friday = date(2026, 11, 20)
    assert rules.latest_same_or_next_working_day(CALENDAR, friday, Urgency.NORMAL) == date(2026, 11, 23)
    assert rules.latest_same_or_next_working_day(CALENDAR, friday, Urgency.URGENT) == friday


def test_secret_documents_are_never_exchanged_electronically() -> None:
    assert rules.may_exchange_electronically(0)
    assert not any(rules.may_exchange_electronically(level) for level in (1, 2, 3))


def test_a_sequential_circuit_opens_one_reviewer_after_another() -> None:
    start = rules.advance(CircuitMode.SEQUENTIAL, [(1, StepStatus.WAITING), (2, StepStatus.WAITING)])
    assert start.to_open == (1,)
    first_approved = rules.advance(
        CircuitMode.SEQUENTIAL, [(1, StepStatus.APPROVED), (2, StepStatus.WAITING)]
    )
    assert first_approved.to_open == (2,)
    assert not first_approved.complete
    done = rules.advance(CircuitMode.SEQUENTIAL, [(1, StepStatus.APPROVED), (2, StepStatus.APPROVED)])
    assert done.complete


def test_a_parallel_circuit_opens_everyone_at_once() -> None:
    start = rules.advance(CircuitMode.PARALLEL, [(1, StepStatus.WAITING), (2, StepStatus.WAITING)])
    assert start.to_open == (1, 2)


def test_a_return_ends_the_circuit_and_cancels_the_rest() -> None:
    outcome = rules.advance(
        CircuitMode.PARALLEL, [(1, StepStatus.RETURNED), (2, StepStatus.OPEN), (3, StepStatus.APPROVED)]
    )
    assert outcome.returned
    assert not outcome.complete
    assert outcome.to_cancel == (2,)


statuses = st.sampled_from([StepStatus.WAITING, StepStatus.OPEN, StepStatus.APPROVED, StepStatus.RETURNED])


@given(mode=st.sampled_from(list(CircuitMode)), steps=st.lists(statuses, min_size=1, max_size=6))
def test_a_circuit_is_complete_only_when_everyone_approved(
    mode: CircuitMode, steps: list[StepStatus]
) -> None:
    outcome = rules.advance(mode, list(enumerate(steps, start=1)))
    assert outcome.complete == all(s == StepStatus.APPROVED for s in steps)
    assert not (outcome.complete and outcome.returned)
    opened = set(outcome.to_open)
    assert all(steps[p - 1] == StepStatus.WAITING for p in opened)
    if mode == CircuitMode.SEQUENTIAL:
        assert len(opened) <= 1
        if StepStatus.OPEN in steps:
            assert not opened


def test_a_deputy_head_of_department_block_splits_at_the_deputy_title() -> None:
    """ "KT. VỤ TRƯỞNG PHÓ VỤ TRƯỞNG" was split before the first "TRƯỞNG"; the deputy's title begins at PHÓ."""
    assert rules.printed_block("KT. VỤ TRƯỞNG PHÓ VỤ TRƯỞNG") == "KT. VỤ TRƯỞNG\nPHÓ VỤ TRƯỞNG"
