"""The President's time limits on laws and ordinances, for any day a text may be passed (hypothesis): the
15 calendar days to promulgate and an ordinance's 10 days to ask for reconsideration end on a working day,
never before the law's day, and are moved only over days off (Tết and the other holidays included)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chancery.casework.rules import ClockFacts, due_date
from chancery.core import workdays
from chancery.legislation import rules

CALENDARS = {
    year: workdays.WorkingCalendar(
        days_off=frozenset(workdays.vietnam_defaults(year)[0] | workdays.vietnam_defaults(year + 1)[0]),
        weekend_working_days=workdays.vietnam_defaults(year)[1] | workdays.vietnam_defaults(year + 1)[1],
    )
    for year in range(2024, 2029)
}


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.sampled_from([rules.PROMULGATION_DAYS, rules.RECONSIDERATION_DAYS]),
)
def test_a_time_limit_ends_on_the_laws_day_or_the_next_working_day(passed: date, days: int) -> None:
    calendar = CALENDARS[passed.year]
    due = due_date(calendar, ClockFacts(started_on=passed, days=days, unit=rules.UNIT))
    assert due is not None
    by_law = passed + timedelta(days=days)  # day 1 is the day after the passing
    assert due >= by_law
    assert calendar.is_working_day(due)
    # moved only over days off: every day from the law's day to the one before the due date is a day off
    moved = [by_law + timedelta(days=n) for n in range((due - by_law).days)]
    assert all(not calendar.is_working_day(day) for day in moved)
    assert (due - by_law).days <= 10  # the longest run of days off (Tết) is shorter than this
