"""The demo's own actions in office hours: loaded at night or on a day off, what the demo does through the
services (their history, signatures and seals) is dated an hour before the close of the last office day (the
examiner of issue 26 found a seal reading "Thời gian ký 18:53")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from freezegun import freeze_time

from chancery.documents.demo import demo_clock, office_clock

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("now", "moment"),
    [
        (datetime(2026, 12, 7, 10, 15, tzinfo=HANOI), None),  # a Monday morning: now
        (datetime(2026, 12, 7, 18, 53, tzinfo=HANOI), datetime(2026, 12, 7, 16, 0, tzinfo=HANOI)),  # evening
        (datetime(2026, 12, 6, 11, 0, tzinfo=HANOI), datetime(2026, 12, 4, 16, 0, tzinfo=HANOI)),  # a Sunday
        (
            datetime(2026, 12, 7, 6, 0, tzinfo=HANOI),
            datetime(2026, 12, 4, 16, 0, tzinfo=HANOI),
        ),  # before 07:30
        (
            datetime(2026, 9, 2, 15, 0, tzinfo=HANOI),
            datetime(2026, 8, 28, 16, 0, tzinfo=HANOI),
        ),  # National Day
    ],
)
def test_the_demo_acts_in_office_hours(now, moment) -> None:
    with freeze_time(now):
        assert office_clock() == moment
        with demo_clock(office_clock()):
            shown = timezone.localtime()
        assert timezone.now() == now  # the real clock is back
    assert abs((shown - (moment or now)).total_seconds()) < 5
