"""Work queues: what waits for a person, by their role and unit, as "Việc của tôi" lists them (to route, to
handle, to approve, to sign, to issue, due soon, overdue), each counted and opening the module's list with
the same filters.

A queue is a case list (casework.lists) with filter values, so what the count says is what the list shows:
both go through the list's queryset, which starts from the records the access policy lets the person see.
Modules declare their queues in their registry (`register`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise

from chancery.casework import lists


@dataclass(frozen=True)
class Queue:
    """One kind of waiting work: `filters` over the case list `list_key`, for the people `audience` accepts.
    `late` marks a queue of overdue work (shown in red)."""

    key: str
    label: str | Promise
    list_key: str
    filters: Mapping[str, str]
    audience: Callable[[Any], bool] = field(default=lambda user: True)
    late: bool = False
    order: int = 100
    personal: bool = False  # what waits for this person's own hand (kept for the President, too)
    # shown to these people even when nothing waits in it: the work their role is for (a head of unit sees
    # where drafts to approve will come, at 0, rather than a list that looks like everyone else's)
    standing: Callable[[Any], bool] = field(default=lambda user: False)


@dataclass(frozen=True)
class Waiting:
    queue: Queue
    count: int
    url: str


REGISTRY: dict[str, Queue] = {}


def register(*queues: Queue) -> None:
    for queue in queues:
        REGISTRY[queue.key] = queue


def _count(case_list: lists.CaseList, user: Any, filters: Mapping[str, str]) -> int:
    params = QueryDict(mutable=True)
    params.update(filters)
    form, data = lists.read_filters(case_list, params)
    if data is None:  # a queue whose filters the list no longer takes: a defect, never a silent zero
        raise ValueError(f"queue filters {dict(filters)} refused by {case_list.key}: {form.errors}")
    return case_list.queryset(user, data).count()


def waiting_for(user: Any) -> list[Waiting]:
    """The queues this person has work in, in their order, each with its count and its list's address."""
    from chancery.documents import rules as document_rules

    # the President and the Vice President see what waits for their own hand (to approve, to sign), not
    # the Office's intake (the second examiner of issue 30 saw 409 new petitions on the President's page)
    principal = document_rules.signs_for_president(getattr(user, "position", "") or "")
    found = []
    for queue in sorted(REGISTRY.values(), key=lambda q: (q.order, q.key)):
        case_list = lists.get(queue.list_key)
        if case_list is None or not queue.audience(user) or (principal and not queue.personal):
            continue
        count = _count(case_list, user, queue.filters)
        if count or queue.standing(user):
            # the list counts exactly what the queue counted (lists.counted_exactly)
            query = urlencode({**dict(queue.filters), "exact": "1"})
            url = reverse("casework:list", args=[queue.list_key]) + "?" + query
            found.append(Waiting(queue, count, url))
    return found
