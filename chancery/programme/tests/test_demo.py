"""The demo year of the work programme: twelve monthly programmes, a review meeting a month whose
instructions became tasks, tasks done in time, late, carried over, and their figures in the year's report."""

import pytest
from django.utils import timezone

from chancery.core.demo import load_demo
from chancery.programme import demo, figures, services
from chancery.programme.models import KeyTask, Meeting, Programme, Report

pytestmark = pytest.mark.django_db


def test_a_demo_year_of_the_programme():
    load_demo()
    added = demo.load(year=2025)
    assert added == 72
    assert Programme.objects.filter(year=2025, kind="month").count() >= 12
    assert Meeting.objects.count() == 12
    assert KeyTask.objects.exclude(instruction=None).filter(carried_from=None).count() == 48
    # each task made from an instruction says what the instruction said
    for task in (
        KeyTask.objects.exclude(instruction=None).filter(carried_from=None).select_related("instruction")
    ):
        instruction = task.instruction
        assert instruction is not None and task.title.startswith(instruction.text), task.title
    # nothing worked on reads "not started"; a task carried into a month gone by was finished there
    assert not KeyTask.objects.filter(state="open", progress__gt=0).exists()
    carried = KeyTask.objects.exclude(carried_from=None)
    assert carried.exists() and set(
        carried.filter(due_on__lt=timezone.localdate()).values_list("state", flat=True)
    ) <= {"done"}
    states = set(KeyTask.objects.values_list("state", flat=True))
    assert {"done", "carried_over"} <= states
    values = figures.values_of(services.new_report(Report.YEARLY, 2025)["figures"]["areas"])
    assert (
        values["tasks_on_time"] + values["tasks_late"]
        == KeyTask.objects.filter(state="done", due_on__year=2025).count()
    )
    assert (
        values["tasks_carried"] == KeyTask.objects.filter(state="carried_over", due_on__year=2025).count() > 0
    )
