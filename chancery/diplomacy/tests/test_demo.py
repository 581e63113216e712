"""The demo year of foreign affairs is at the 2013 volumes the office reported: nine state visits and 43
delegations, counted by the same figures the reports use; every state visit has its programme and
checklist; treaties stand at every step."""

from datetime import date

import pytest

from chancery.core.demo import load_demo
from chancery.diplomacy import demo, selectors
from chancery.diplomacy.models import Event, Treaty
from chancery.legislation import demo as legislation_demo
from chancery.legislation.models import DraftLaw

pytestmark = pytest.mark.django_db


def test_a_demo_year_at_the_2013_volumes():
    people = load_demo()
    counts = demo.load(year=2025)
    assert counts["state_visit"] == demo.STATE_VISITS == 9
    assert counts["delegation"] == demo.DELEGATIONS == 43
    leader = next(p for p in people if p.username == "chunhiem")
    figures = selectors.figures(leader, 2025, today=date(2026, 1, 1))
    assert figures.events_by_kind["state_visit"] == 9 and figures.events_by_kind["delegation"] == 43
    for visit in Event.objects.filter(kind="state_visit"):
        assert visit.programme.count() == 6 and visit.checklist.count() == 8
        assert not visit.checklist.filter(done_on__isnull=True).exists()  # all before today
    states = set(Treaty.objects.values_list("state", flat=True))
    assert {"negotiating", "signed", "submitted", "decided", "notified", "in_force"} <= states
    assert legislation_demo.load_drafts(year=2025) == 24
    assert DraftLaw.objects.filter(state="answered").count() == 24
