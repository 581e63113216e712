"""Demo data of the work programme: the year's monthly programmes of the office, each month's review meeting
with the leaders' instructions (as in the seed's October meeting), the key tasks they became, with progress,
reviews, a few late and a few carried over; the months still to come planned."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from chancery.core.models import RoleCode, Unit, User

from . import rules, services
from .models import KeyTask, ProgressUpdate

INSTRUCTIONS = [
    ("Chuẩn bị tốt nội dung phục vụ Chủ tịch nước dự Hội nghị Trung ương", "vu-tong-hop"),
    ("Hoàn thiện Báo cáo công tác nhiệm kỳ của Chủ tịch nước trình Quốc hội", "vu-tong-hop"),
    ("Phục vụ Phó Chủ tịch nước trên cương vị Phó Chủ tịch Hội đồng bầu cử quốc gia", "vu-tong-hop"),
    ("Chuẩn bị chu đáo các hoạt động đối ngoại quan trọng trong tháng", "vu-doi-ngoai"),
    ("Nâng cao chất lượng tham mưu trên lĩnh vực lập pháp, tư pháp", "vu-phap-luat"),
    ("Đẩy nhanh thẩm định hồ sơ khen thưởng tồn đọng", "vu-khen-thuong"),
    ("Giải quyết dứt điểm các vụ việc khiếu nại kéo dài", "phong-don-thu"),
    ("Ứng dụng công nghệ thông tin, chuyển đổi số trong công tác văn phòng", "vu-to-chuc-hanh-chinh"),
]


@transaction.atomic
def load(*, year: int | None = None, seed: int = 2013) -> int:
    """A year of monthly programmes, review meetings and key tasks; returns the tasks added."""
    today = timezone.localdate()
    year = year or today.year
    rng = random.Random(seed)
    leader = User.objects.filter(roles__code=RoleCode.LEADERSHIP, is_active=True).order_by("pk").first()
    if leader is None:
        return 0
    units = {u.code: u for u in Unit.objects.filter(is_active=True)}
    from chancery.core import selectors as core_selectors
    from chancery.documents.demo import is_office_day

    calendar = core_selectors.office_calendar(year - 1, year + 1)
    added = 0
    for month in range(1, 13):
        first, last = rules.period_bounds(rules.MONTH, year, month)
        if first > today + timedelta(days=31):
            break
        programme = services.month_programme(leader, year, month)
        # the month's review meeting on its first office days (never a Sunday or the May holiday: the
        # examiner of issue 26)
        held = first + timedelta(days=1)
        while not is_office_day(calendar, held):
            held += timedelta(days=1)
        meeting = None
        given = rng.sample(INSTRUCTIONS, 4)
        if held <= today:
            meeting = services.record_meeting(
                actor=leader,
                held_on=held,
                title=f"Họp đánh giá công tác tháng {month - 1 if month > 1 else 12} và triển khai nhiệm vụ "
                f"trọng tâm tháng {month}/{year}",
                chaired_by="Chủ tịch nước" if month % 3 == 1 else "Chủ nhiệm Văn phòng",
                instructions=[(text, "") for text, _code in given],
            )
        sources = list(meeting.instructions.all()) if meeting else []  # in the order given
        # the meeting's instructions first, each the task made from it; then the programme's other tasks
        planned = (given if meeting else []) + [item for item in INSTRUCTIONS if item not in given]
        for index in range(6):
            text, code = planned[(index if meeting else month + index) % len(planned)]
            unit = units.get(code) or next(iter(units.values()))
            owner = (
                User.objects.filter(
                    unit=unit, is_active=True, roles__code__in=(RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT)
                )
                .distinct()
                .order_by("pk")
                .first()
            )
            data = services.TaskData(
                title=f"{text} (tháng {month}/{year})",
                lead_unit=unit,
                due_on=min(last, first + timedelta(days=rng.randint(12, 27))),
                programme=programme,
                owner=owner,
                expected_output="Báo cáo, đề xuất trình lãnh đạo",
                priority=rng.choice([1, 2, 2, 3]),
            )
            if sources and index < len(sources):
                task = services.task_from_instruction(actor=leader, instruction=sources[index], data=data)
            else:
                task = services.add_task(actor=leader, data=data)
            added += 1
            _progress(rng, task, leader, owner, today)
            _backdate(task, today)
    return added


def _backdate(task: KeyTask, today: date) -> None:
    """The demo's progress notes dated as the work went (the first a week before the due date, the output on
    the day it was done), not all at the moment the demo was loaded."""
    from chancery.core import selectors as core_selectors
    from chancery.documents.demo import office_moment

    task.refresh_from_db()
    updates = list(ProgressUpdate.objects.filter(task=task).order_by("id"))
    rng = random.Random(task.pk)
    calendar = core_selectors.office_calendar(today.year - 1, today.year)
    for update in updates:
        output_on = task.done_on if update.percent == 100 else None  # the output, on the day it was done
        day = min(output_on or task.due_on - timedelta(days=8), today)
        # at a moment of office hours on an office day (never every note at 09:30: the examiner of issue 26)
        until = min(
            timezone.now(), datetime.combine(day, time(17, 0), tzinfo=timezone.get_current_timezone())
        )
        ProgressUpdate.objects.filter(pk=update.pk).update(at=office_moment(rng, calendar, day, before=until))


def _progress(rng: random.Random, task: KeyTask, leader: User, owner: User | None, today: date) -> None:
    """Past tasks done (most in time, some late), carried over or still open; current ones under way."""
    actor = owner or leader
    if task.due_on > today + timedelta(days=10):
        return
    services.update_progress(actor=actor, task=task, percent=rng.choice([30, 50, 70]), note="Đang triển khai")
    if task.due_on >= today:
        return
    roll = rng.random()
    if roll < 0.1:
        carried = services.carry_over(actor=actor, task=task, reason="Chờ ý kiến của các cơ quan liên quan")
        if carried.due_on < today:  # finished in the month it was carried into
            _finish(rng, carried, actor, leader, today, late=False)
        _backdate(carried, today)
        return
    if roll < 0.15:
        return  # still open past its due date: late
    _finish(rng, task, actor, leader, today, late=roll > 0.9)


def _finish(rng: random.Random, task: KeyTask, actor: User, leader: User, today: date, *, late: bool) -> None:
    """The output submitted and accepted, in time or a few days late."""
    task = services.submit_output(actor=actor, task=task, note="Đã hoàn thành, trình lãnh đạo")
    done_on = task.due_on + timedelta(days=rng.randint(1, 6) if late else -rng.randint(0, 3))
    services.review(
        actor=leader, task=task, rating=rng.choice(["good", "good", "fair"]), on=min(done_on, today)
    )
