"""Key tasks from assignment to review: who may assign, progress (the first update starts a task, a drop needs
a reason), the output submitted and reviewed by the assigning leader, sent back, carried over into the next
month's programme with its reason; a cooperating unit sees the task, another does not."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from chancery.core import access
from chancery.core.tests.factories import signed_in
from chancery.programme import rules, selectors, services
from chancery.programme.models import KeyTask, Programme

pytestmark = pytest.mark.django_db


def _task(office, **extra):
    data = {
        "title": "Chuẩn bị báo cáo công tác nhiệm kỳ của Chủ tịch nước",
        "lead_unit": office.general,
        "due_on": timezone.localdate() + timedelta(days=10),
        "owner": office.specialist,
        **extra,
    }
    return services.add_task(actor=office.leader, data=services.TaskData(**data))


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_a_months_bounds(year, month):
    first, last = rules.period_bounds(rules.MONTH, year, month)
    assert first.day == 1 and first.month == month
    assert (last + timedelta(days=1)).day == 1 and last.month == month


def test_quarter_and_leap_february():
    assert rules.period_bounds(rules.QUARTER, 2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert rules.period_bounds(rules.MONTH, 2024, 2)[1] == date(2024, 2, 29)
    assert rules.period_bounds(rules.MONTH, 2026, 12)[1] == date(2026, 12, 31)
    with pytest.raises(ValueError):
        rules.period_bounds(rules.QUARTER, 2026, 5)


def test_who_may_assign(office):
    with pytest.raises(PermissionDenied):
        services.add_task(
            actor=office.specialist,
            data=services.TaskData(
                title="Nhiệm vụ bất kỳ", lead_unit=office.general, due_on=timezone.localdate()
            ),
        )
    with pytest.raises(PermissionDenied, match="đơn vị mình"):
        services.add_task(
            actor=office.head,
            data=services.TaskData(
                title="Nhiệm vụ của Vụ khác", lead_unit=office.legal, due_on=timezone.localdate()
            ),
        )
    own = services.add_task(
        actor=office.head,
        data=services.TaskData(
            title="Nhiệm vụ của Vụ mình", lead_unit=office.general, due_on=timezone.localdate()
        ),
    )
    assert own.assigned_by == office.head
    with pytest.raises(ValidationError) as refused:
        _task(office, owner=office.legal_specialist, cooperating_units=[office.general])
    assert {"owner", "cooperating_units"} <= set(refused.value.message_dict)


def test_progress_review_and_rework(office):
    task = _task(office, cooperating_units=[office.legal])
    assert access.can_view(office.legal_specialist, task)
    assert not access.can_view(office.junior_clerk, task)
    task = services.update_progress(actor=office.specialist, task=task, percent=40, note="Đã có dàn ý")
    assert task.state == "in_progress" and task.progress == 40
    with pytest.raises(ValidationError, match="lý do"):
        services.update_progress(actor=office.specialist, task=task, percent=20)
    with pytest.raises(ValidationError):
        services.update_progress(actor=office.specialist, task=task, percent=120, note="x")
    task = services.submit_output(actor=office.specialist, task=task, note="Dự thảo báo cáo")
    assert task.state == "submitted" and task.progress == 100
    with pytest.raises(PermissionDenied):
        services.review(actor=office.specialist, task=task, rating="good")
    task = services.review(actor=office.leader, task=task, rating="poor", comment="Bổ sung số liệu năm 2024")
    assert task.state == "in_progress" and task.rating == "poor"
    task = services.submit_output(actor=office.specialist, task=task)
    task = services.review(actor=office.leader, task=task, rating="good", comment="Đạt")
    assert task.state == "done" and task.done_on == timezone.localdate() and task.rating == "good"
    with pytest.raises(ValidationError):
        services.update_progress(actor=office.specialist, task=task, percent=100)


def test_carry_over_into_the_next_months_programme(office):
    task = _task(office, due_on=date(2026, 10, 31), cooperating_units=[office.legal])
    services.update_progress(actor=office.specialist, task=task, percent=60, note="Chờ ý kiến các Vụ")
    with pytest.raises(ValidationError):
        services.carry_over(actor=office.specialist, task=task, reason="")
    new = services.carry_over(actor=office.specialist, task=task, reason="Chờ ý kiến của Bộ Ngoại giao")
    task.refresh_from_db()
    assert task.state == "carried_over" and task.carry_reason == "Chờ ý kiến của Bộ Ngoại giao"
    assert new.carried_from == task and new.progress == 60 and new.due_on == date(2026, 11, 30)
    assert new.state == "in_progress"  # carries on where it stopped
    assert new.programme == Programme.objects.get(kind="month", year=2026, number=11, unit=None)
    assert list(new.cooperating_units.all()) == [office.legal]
    assert selectors.board(office.specialist, unit=office.general) == [new]
    untouched = services.carry_over(
        actor=office.specialist, task=_task(office, due_on=date(2026, 10, 31)), reason="Chưa có số liệu"
    )
    assert untouched.state == "open" and untouched.progress == 0


def test_task_pages_and_who_must_not_see_them(office):
    task = _task(office)
    url = reverse("programme:task", args=[task.pk])
    client = signed_in(office.specialist)
    assert "Chuẩn bị báo cáo" in client.get(reverse("programme:board")).content.decode()
    client.post(
        reverse("programme:task_action", args=[task.pk, "progress"]), {"percent": "50", "note": "Xong phần I"}
    )
    task.refresh_from_db()
    assert task.progress == 50
    bad = client.post(
        reverse("programme:task_action", args=[task.pk, "progress"]), {"percent": "abc"}, follow=True
    )
    assert "Tiến độ" in bad.content.decode()
    assert signed_in(office.legal_specialist).get(url).status_code == 404
    assert signed_in(office.specialist).get(reverse("programme:task_new")).status_code == 403
    leader = signed_in(office.leader)
    response = leader.post(
        reverse("programme:task_new"),
        {
            "title": "Rà soát quy chế làm việc",
            "lead_unit": office.legal.pk,
            "due_on": "2026-12-15",
            "priority": "1",
            "source": "programme",
        },
    )
    created = KeyTask.objects.get(title="Rà soát quy chế làm việc")
    assert response.url == reverse("programme:task", args=[created.pk])
    assert "Vụ Pháp luật" in leader.get(reverse("programme:board")).content.decode()


@given(st.integers(min_value=2000, max_value=2100))
def test_the_months_and_the_quarters_of_a_year_cover_it_day_for_day(year: int) -> None:
    from chancery.programme import rules

    for kind, count in ((rules.MONTH, 12), (rules.QUARTER, 4)):
        bounds = [rules.period_bounds(kind, year, n) for n in range(1, count + 1)]
        assert bounds[0][0] == date(year, 1, 1) and bounds[-1][1] == date(year, 12, 31)
        for (_first, last), (following, _end) in itertools.pairwise(bounds):
            assert following == last + timedelta(days=1)  # no gap, no overlap
        assert all(first <= last for first, last in bounds)
    assert rules.period_bounds(rules.YEAR, year) == (date(year, 1, 1), date(year, 12, 31))
