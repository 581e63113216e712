"""Demo data of promulgation: a year of laws and ordinances at the 2013 pace (the National Assembly's two
sessions, the Standing Committee's ordinances), promulgated within their 15 days, one ordinance sent back
and passed again, and, in the current year, texts still waiting with their clocks running."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import selectors as core_selectors
from chancery.core.models import Unit, User
from chancery.documents.demo import is_office_day, issued_document

from . import rules, services
from .models import Statute

LAWS = [
    "Luật Đất đai",
    "Luật Đấu thầu",
    "Luật Thực hành tiết kiệm, chống lãng phí",
    "Luật Khoa học và Công nghệ",
    "Luật Phòng, chống thiên tai",
    "Luật Tiếp công dân",
    "Luật Hòa giải ở cơ sở",
    "Luật Việc làm",
    "Luật sửa đổi, bổ sung một số điều của Luật Phòng cháy và chữa cháy",
    "Luật sửa đổi, bổ sung một số điều của Luật Thuế thu nhập doanh nghiệp",
    "Luật sửa đổi, bổ sung một số điều của Luật Thuế giá trị gia tăng",
    "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
    "Luật sửa đổi, bổ sung một số điều của Luật Điện lực",
    "Luật sửa đổi, bổ sung một số điều của Luật Quản lý thuế",
    "Luật sửa đổi, bổ sung một số điều của Luật Bảo vệ sức khỏe nhân dân",
    "Luật sửa đổi, bổ sung một số điều của Luật Đầu tư công",
    "Luật Hải quan",
    "Luật Nhà ở",
]
ORDINANCES = [
    "Pháp lệnh Chi phí giám định, định giá; chi phí cho người làm chứng, người phiên dịch trong tố tụng",
    "Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh Ưu đãi người có công với cách mạng",
    "Pháp lệnh Quản lý thị trường",
    "Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh Xử lý vi phạm hành chính",
]


ROMAN = {13: "XIII", 14: "XIV", 15: "XV", 16: "XVI", 17: "XVII", 18: "XVIII"}


def legislature(day: date) -> int:
    """The National Assembly whose text it is: the XIII from 2011, a new one every five years, each meeting
    first in the spring of its election year (the XVI from April 2026)."""
    term = 13 + (day.year - 2011) // 5
    if (day.year - 2011) % 5 == 0 and day.month < 4:
        term -= 1
    return max(13, min(term, max(ROMAN)))


def _office_day(calendar: Any, day: date, *, forward: bool) -> date:
    """`day`, or the nearest office day after it (`forward`) or before it: a law is passed at a sitting and
    promulgated on a working day, never on a Sunday (the examiner of issue 26)."""
    step = timedelta(days=1 if forward else -1)
    while not is_office_day(calendar, day):
        day += step
    return day


def _year_or_twelve_months(year: int | None, seed: int, load_year: Callable[..., set[int]]) -> int:
    """`load_year` for `year`; with no year, for the twelve months up to today: last year's part dated on or
    after today's date a year ago, then this year's up to today, each text once (a text's date in its year is
    fixed but for a few days' jitter, so an index loaded in the first part is skipped in the second)."""
    if year is not None:
        return len(load_year(year, seed=seed, since=None, skip=set()))
    today = timezone.localdate()
    a_year_before = date(today.year - 1, today.month, min(today.day, 28))
    earlier = load_year(today.year - 1, seed=seed, since=a_year_before, skip=set())
    return len(earlier) + len(load_year(today.year, seed=seed, since=None, skip=earlier))


@transaction.atomic
def load(*, year: int | None = None, seed: int = 2013) -> int:
    """A year of texts; returns how many were registered. With no year, the twelve months up to today: the
    texts of last year dated after today's date, then this year's up to today, so that the demo office has
    its year of laws and ordinances in January as in December (each text once: a text's date in the year is
    fixed, so it falls in one of the two parts)."""
    return _year_or_twelve_months(year, seed, _load_year)


def _load_year(year: int, *, seed: int, since: date | None, skip: set[int]) -> set[int]:
    """The texts of `year` passed on or after `since` (all when None) and up to today. Each text promulgated
    has its order (Lệnh công bố) issued on that day in the register of the President's orders, numbered in
    the order of their dates, with the text `services.order_values` writes for it: the order the register
    shows is the document's. Returns the indexes of the texts registered; those in `skip` are left out."""
    today = timezone.localdate()
    rng = random.Random(seed)
    calendar = core_selectors.office_calendar(year - 1, year + 1)
    unit = Unit.objects.filter(code="vu-phap-luat").first() or Unit.objects.order_by("pk").first()
    actor = User.objects.filter(unit=unit).order_by("pk").first()
    assert unit is not None
    assert actor is not None
    # the Assembly's two sessions of the year, numbered from its first, in the year it was elected (the XIII
    # from 2011: its 5th and 6th in 2013; the XVI from 2026: its 1st and 2nd)
    first = 2 * (year - (2011 + 5 * (legislature(date(year, 6, 20)) - 13))) + 1
    sessions = [(date(year, 6, 20), f"kỳ họp thứ {first}"), (date(year, 11, 28), f"kỳ họp thứ {first + 1}")]
    texts = [(rules.LAW, title, sessions[i % 2]) for i, title in enumerate(LAWS)]
    texts += [(rules.ORDINANCE, title, (date(year, 3 + 2 * i, 12), "")) for i, title in enumerate(ORDINANCES)]
    registered: set[int] = set()
    to_promulgate: list[tuple[date, Statute]] = []
    for index, (kind, title, (passed_on, session)) in enumerate(texts):
        passed_on = _office_day(calendar, passed_on - timedelta(days=rng.randint(0, 6)), forward=False)
        term = legislature(passed_on)
        if passed_on > today or (since is not None and passed_on < since) or index in skip:
            continue
        statute = services.register_statute(
            actor=actor,
            kind=kind,
            title=title,
            number=f"{index + 30}/{year}/QH{term}"
            if kind == rules.LAW
            else f"{index + 3}/{year}/UBTVQH{term}",
            session=f"khóa {ROMAN[term]}, {session}" if session else "",
            passed_on=passed_on,
        )
        registered.add(index)
        promulgated_on = _office_day(calendar, passed_on + timedelta(days=rng.randint(5, 12)), forward=True)
        if promulgated_on > today:
            continue  # still waiting: its clock runs on the board
        if kind == rules.ORDINANCE and index == len(LAWS) + 1:
            statute = services.request_reconsideration(
                actor=actor,
                statute=statute,
                reason="Một số quy định chưa phù hợp với luật chuyên ngành",
                on=passed_on + timedelta(days=6),
            )
            repassed = _office_day(calendar, passed_on + timedelta(days=30), forward=True)
            if repassed > today:
                continue
            statute = services.record_repassing(actor=actor, statute=statute, on=repassed)
            promulgated_on = _office_day(
                calendar, repassed + timedelta(days=rng.randint(5, 10)), forward=True
            )
            if promulgated_on > today:
                continue
        to_promulgate.append((promulgated_on, statute))
    # the orders issued in the order of their dates, so that their numbers rise with them (NĐ 30/2020 Art. 15)
    for promulgated_on, statute in sorted(to_promulgate, key=lambda pair: (pair[0], pair[1].pk)):
        statute.refresh_from_db()
        values = services.order_values(statute)
        summary = f"Về việc công bố {statute.full_title}"
        order = issued_document(
            summary,
            on=promulgated_on,
            owning_unit=unit,
            drafter=actor,
            doc_type="lenh",
            fields={"summary": summary, "body": values["body"], "copies_to": "\n".join(values["copies"])},
        )
        for clock in LegalClock.objects.filter(
            object_type="legislation.statute", object_id=statute.pk, stopped_on__isnull=True
        ):
            outcome = "Đã công bố" if clock.kind != rules.RECONSIDERATION else "Không đề nghị xem xét lại"
            casework.stop_clock(
                actor=actor, record=statute, clock=clock, stopped_on=promulgated_on, outcome=outcome
            )
        Statute.objects.filter(pk=statute.pk).update(
            state="promulgated",
            order_document=order,
            order_number=order.number_text,
            promulgated_on=promulgated_on,
        )
    return registered


DRAFTS = [
    # the ministries as the 2025 reorganisation named them (Nghị quyết 176/2025/QH15)
    ("Dự án Luật Đất đai (sửa đổi)", "Bộ Nông nghiệp và Môi trường"),
    ("Dự án Luật Đấu thầu (sửa đổi)", "Bộ Tài chính"),
    ("Dự án Luật Tiếp công dân", "Thanh tra Chính phủ"),
    ("Dự án Luật Hòa giải ở cơ sở", "Bộ Tư pháp"),
    ("Dự án Luật Thi đua, khen thưởng (sửa đổi, bổ sung)", "Bộ Nội vụ"),
    ("Dự án Luật Việc làm", "Bộ Nội vụ"),
    ("Dự án Luật Hải quan (sửa đổi)", "Bộ Tài chính"),
    ("Dự án Luật Nhà ở (sửa đổi)", "Bộ Xây dựng"),
    ("Dự án Pháp lệnh Quản lý thị trường", "Bộ Công Thương"),
    ("Dự án Luật Tổ chức Tòa án nhân dân (sửa đổi)", "Tòa án nhân dân tối cao"),
    ("Dự án Luật Đặc xá (sửa đổi)", "Bộ Công an"),
    ("Dự án Luật Quốc tịch Việt Nam (sửa đổi, bổ sung)", "Bộ Tư pháp"),
]


@transaction.atomic
def load_drafts(*, year: int | None = None, seed: int = 2013) -> int:
    """Drafts sent for the office's comments through the year, received, due and answered on office days:
    answered in time but every ninth (late by two days), the latest still waiting with their clocks running.
    With no year, the twelve months up to today, as `load`."""
    return _year_or_twelve_months(year, seed, _drafts_year)


def _drafts_year(year: int, *, seed: int, since: date | None, skip: set[int]) -> set[int]:
    today = timezone.localdate()
    rng = random.Random(seed)
    unit = Unit.objects.filter(code="vu-phap-luat").first() or Unit.objects.order_by("pk").first()
    actor = User.objects.filter(unit=unit).order_by("pk").first()
    assert actor is not None
    calendar = core_selectors.office_calendar(year - 1, year + 1)
    registered: set[int] = set()
    for index, (title, sender) in enumerate(DRAFTS * 2):
        received = date(year, 1, 8) + timedelta(days=index * 15 + rng.randint(0, 5))
        received = _office_day(calendar, received, forward=True)
        if received > today:
            break
        if (since is not None and received < since) or index in skip:
            continue
        draft = services.register_draft(
            actor=actor,
            title=title if index < len(DRAFTS) else f"{title}, lần 2",
            sender_name=sender,
            reference=f"{rng.randint(100, 4000)}/{sender.split()[-1][:3].upper()}-PC",
            received_on=received,
            comments_due_on=_office_day(
                calendar, received + timedelta(days=rng.choice((7, 10, 15))), forward=True
            ),
        )
        registered.add(index)
        sent = draft.comments_due_on + timedelta(days=rng.randint(-5, -1) if index % 9 else 2)
        sent = max(received, _office_day(calendar, sent, forward=index % 9 == 0))
        if sent <= today:
            services.send_comments(
                actor=actor,
                draft=draft,
                comments="Văn phòng Chủ tịch nước cơ bản nhất trí với dự thảo; đề nghị rà soát thẩm quyền "
                "của Chủ tịch nước theo Điều 88 Hiến pháp và thống nhất thuật ngữ với luật hiện hành.",
                on=sent,
                reply_number=f"{rng.randint(100, 900)}/VPCTN-PL",
            )
    return registered
