"""Read queries for the organisation pages, the dashboard and the audit trail; every one access-filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import access, audit, workdays
from chancery.core.models import (
    Assignment,
    Attachment,
    AuditEvent,
    CalendarDay,
    CalendarDayKind,
    CalendarDayOrigin,
    ProtectedRecord,
    Unit,
    User,
)
from chancery.core.text import fold, name_sort_key

T = TypeVar("T")


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of a list ordered newest first, and the key to the next page (None on the last)."""

    rows: list[T]
    next_before: int | None


def keyset_page(queryset: QuerySet[Any], *, before: int | None, limit: int) -> KeysetPage[Any]:
    """A page of `limit` rows with id below `before`, by id descending: an index range scan whatever the page,
    where OFFSET pagination reads and throws away every earlier row."""
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    rows = list(queryset.order_by("-id")[: limit + 1])
    next_before = rows[limit - 1].pk if len(rows) > limit else None
    return KeysetPage(rows[:limit], next_before)


# --- organisation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    depth: int
    staff_count: int


def unit_tree(*, include_inactive: bool = False) -> list[UnitRow]:
    """Every unit in tree order (parents before children), with its depth and head count."""
    units = Unit.objects.annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
    if not include_inactive:
        units = units.filter(is_active=True)
    by_parent: dict[int | None, list[Any]] = {}
    for unit in units.order_by("sort_order", "name"):
        by_parent.setdefault(unit.parent_id, []).append(unit)
    rows: list[UnitRow] = []
    known = {u.pk for group in by_parent.values() for u in group}

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in by_parent.get(parent_id, []):
            rows.append(UnitRow(unit, depth, unit.staff_count))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    # Units whose parent is inactive (and so not listed) still appear, at the top level.
    for parent_id, group in by_parent.items():
        if parent_id is not None and parent_id not in known:
            for unit in group:
                rows.append(UnitRow(unit, 0, unit.staff_count))
                walk(unit.pk, 1)
    return rows


def unit_path(unit: Unit) -> list[Unit]:
    """The unit's ancestors from the top, then the unit (breadcrumbs)."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    names = {u.pk: u for u in Unit.objects.filter(pk__in=parents)}
    path = [unit]
    seen = {unit.pk}
    current = parents.get(unit.pk)
    while current is not None and current not in seen:
        seen.add(current)
        path.append(names[current])
        current = parents.get(current)
    return list(reversed(path))


def list_staff(user: Any, *, query: str = "", unit_id: int | None = None) -> QuerySet[User]:
    """The staff directory, searched without diacritics ("dang" finds "Đặng")."""
    staff = access.visible_staff(user, User.objects.select_related("unit").prefetch_related("roles"))
    if unit_id is not None:
        staff = staff.filter(unit_id__in=access.units_below(unit_id))
    for word in fold(query).split():
        staff = staff.filter(search_key__contains=word)
    return staff.order_by("full_name", "username")


def staff_directory(
    user: Any, *, query: str = "", unit_id: int | None = None, limit: int = 500
) -> list[User]:
    """The directory page: people in Vietnamese order by given name, then full name."""
    people = list(list_staff(user, query=query, unit_id=unit_id)[:limit])
    return sorted(people, key=lambda person: name_sort_key(person.full_name))


def get_staff(user: Any, staff_id: int) -> User | None:
    return list_staff(user).filter(pk=staff_id).first()


# --- the audit trail ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    object_type: str = ""
    object_id: int | None = None
    actor_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events(user: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit events the user may read (the access policy), narrowed by the filters."""
    events = access.visible_audit_events(user, AuditEvent.objects.all())
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
        if filters.object_id is not None:
            events = events.filter(object_id=filters.object_id)
    if filters.actor_id is not None:
        events = events.filter(actor_id=filters.actor_id)
    if filters.action:
        events = events.filter(action=filters.action)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        events = events.filter(at__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min, tz))
    return events


def list_audit_events(
    user: Any, filters: AuditFilter, *, before: int | None = None, limit: int = 50
) -> KeysetPage[AuditEvent]:
    page = keyset_page(audit_events(user, filters), before=before, limit=limit)
    audit.mark_doubtful(page.rows)
    return page


def record_history(record: Model, *, before: int | None = None, limit: int = 50) -> KeysetPage[AuditEvent]:
    """Every event of one record, newest first. The caller has checked that the viewer may see the record."""
    events = AuditEvent.objects.filter(object_type=record._meta.label_lower, object_id=record.pk)
    page = keyset_page(events.select_related("actor"), before=before, limit=limit)
    audit.mark_doubtful(page.rows)
    return page


# --- the personal dashboard -----------------------------------------------------------------------------


def attachments_by_record(model: type[Model], ids: list[int]) -> dict[int, list[Attachment]]:
    """The files attached to each of the records `ids` of `model`, by record (an empty list for none). The
    caller has fetched those records through the access policy."""
    found: dict[int, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(object_type=audit.object_type_of(model), object_id__in=ids):
        found[attachment.object_id].append(attachment)
    return found


def my_assignments(user: Any, *, limit: int = 20) -> list[Assignment]:
    """The records assigned to the person (việc của tôi), soonest due first, each with its `record` (named as
    its page names it, never by its table and id): only those the access policy lets the person see."""
    return _with_records(user, list(_assigned(user, unit=False)[: limit * 5]))[:limit]


def my_unit_assignments(user: Any, *, limit: int = 20) -> list[Assignment]:
    """What is given to the person's unit (a document routed to it as lead or cooperating unit, an opinion
    asked of it), each with its `record`: only the records the access policy lets the person see (a secret
    one given to the unit is its cleared heads' work, by name), so the list never shows more than the pages
    open."""
    return _with_records(user, list(_assigned(user, unit=True)[: limit * 5]))[:limit]


def assignment_page(user: Any, *, unit: bool, page: int, per_page: int = 50) -> tuple[list[Assignment], bool]:
    """One page of the person's (or their unit's) open work, soonest due first, and whether a next page
    follows: the whole list behind the dashboard's first twenty. A page holds the records of its slice the
    person may see (a secret record given to the unit is left out, so a page may hold fewer)."""
    start = (max(page, 1) - 1) * per_page
    rows = list(_assigned(user, unit=unit)[start : start + per_page + 1])
    return _with_records(user, rows[:per_page]), len(rows) > per_page


def assignment_count(user: Any, *, unit: bool) -> int:
    """How many open assignments `assignment_page` pages through, counting, as the pages show, only the
    records the person may see (one subquery of the access policy per kind of record)."""
    assigned = _assigned(user, unit=unit).order_by()
    visible = Q()
    for object_type in assigned.values_list("object_type", flat=True).distinct():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        records = model._default_manager.all()
        if issubclass(model, ProtectedRecord):
            records = access.visible_records(user, records)
        visible |= Q(object_type=object_type, object_id__in=records.values("pk"))
    return assigned.filter(visible).count() if visible else 0


def _assigned(user: Any, *, unit: bool) -> QuerySet[Assignment]:
    if unit:
        if user.unit_id is None:
            return Assignment.objects.none()
        mine = Assignment.objects.filter(unit_id=user.unit_id, is_active=True, user__isnull=True)
    else:
        mine = Assignment.objects.filter(user=user, is_active=True)
    return _open_work(mine).select_related("assigned_by").order_by("due_date", "-assigned_at", "-pk")


def _open_work(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments whose case is still in work: a case in a state its workflow never leaves (an issued
    document, a closed petition), a record its model's `open_work()` no longer holds (a visit that has
    ended), or an assignment whose part is done (`done_at`) is no longer work waiting, though the assignment
    is kept as the basis of access. Filtered in the query: a unit with thousands of finished cases still sees
    its open ones."""
    assignments = assignments.filter(done_at__isnull=True)  # their part done (core.services.work_done)
    still_open = Q()
    for object_type in assignments.values_list("object_type", flat=True).distinct().order_by():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        workflow = getattr(model, "workflow", None)
        open_work = getattr(model, "open_work", None)  # a record without a workflow says when it is done
        if (workflow is None or not workflow.final_states) and open_work is None:
            still_open |= Q(object_type=object_type)
            continue
        cases = model._default_manager.filter(pk=OuterRef("object_id"))
        if workflow is not None and workflow.final_states:
            cases = cases.exclude(state__in=workflow.final_states)
        if open_work is not None:
            cases = cases.filter(open_work())
        still_open |= Q(Q(object_type=object_type), Exists(cases))
    return assignments.filter(still_open) if still_open else assignments.none()


def _with_records(user: Any, rows: list[Assignment]) -> list[Assignment]:
    """The assignments whose record the person may see, each with its `record`, in one query per kind."""
    records: dict[tuple[str, int], Any] = {}
    for object_type in {a.object_type for a in rows}:
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        ids = [a.object_id for a in rows if a.object_type == object_type]
        found = model._default_manager.filter(pk__in=ids)
        if issubclass(model, ProtectedRecord):
            found = access.visible_records(user, found)
        records.update({(object_type, record.pk): record for record in found})
    kept = []
    for assignment in rows:
        record = records.get((assignment.object_type, assignment.object_id))
        if record is not None:
            assignment.record = record  # type: ignore[attr-defined]
            # the part the person plays in it now, when the record says (a draft's reviewer or signer),
            # rather than the assignment's kind ("Người xử lý" for all)
            role_of = getattr(record, "role_of", None)
            assignment.role_label = (role_of(getattr(user, "pk", None)) if role_of else None) or (  # type: ignore[attr-defined]
                assignment.get_kind_display()
            )
            kept.append(assignment)
    return kept


def my_recent_activity(user: Any, *, limit: int = 10) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=user).order_by("-id")[:limit])


# --- the working-day calendar -----------------------------------------------------------------------------


def office_calendar(first_year: int, last_year: int) -> workdays.WorkingCalendar:
    """The office's working-day calendar for the years given: the library's defaults (the law's holidays and
    its guesses of the Government's choices, without the days the law has not made holidays), then the
    decisions recorded in CalendarDay (shipped with Chancery or the administrator's) over them; a withdrawn
    decision counts for nothing."""
    decided = CalendarDay.objects.filter(
        date__year__gte=first_year, date__year__lte=last_year, is_withdrawn=False
    ).values_list("date", "kind", "name")
    return workdays.apply_decisions(workdays.default_calendar(first_year, last_year), decided)


@dataclass(frozen=True)
class CalendarEntry:
    """One day of a year's calendar as `chancery calendar year` shows it, with where it comes from."""

    day: date
    state: str  # "off", "working" (a make-up day), "not off" (listed by the library, not a holiday in law)
    name: str
    source: str
    is_confirmed: bool


def _recorder(decided: CalendarDay) -> str:
    who = decided.recorded_by.full_name if decided.recorded_by else "hệ thống"
    when = f" ngày {timezone.localtime(decided.recorded_at):%d/%m/%Y}" if decided.recorded_at else ""
    return f"{who}{when}"


def calendar_year(year: int) -> list[CalendarEntry]:
    """Every day off and make-up working day of a year, with its source: the Labour Code's article, the
    instrument of a shipped decision, the administrator's decision (by whom, with the instrument); the
    library's guess of a Government choice no instrument confirms is flagged unconfirmed; a day the library
    lists that the law has not made a holiday is shown as not off."""
    _within_years(year)
    library = {d.day: d for d in workdays.library_days(year)}
    rows = {
        row.date: row
        for row in CalendarDay.objects.filter(date__year=year).select_related("recorded_by").order_by("date")
    }
    entries = []
    for day in sorted(set(library) | set(rows)):
        row, default = rows.get(day), library.get(day)
        if row is not None and not row.is_withdrawn:
            if row.origin == CalendarDayOrigin.SHIPPED:
                source = f"{row.instrument_text} (nạp sẵn)"
            else:
                instrument = row.instrument_text or "không ghi văn bản"
                source = f"quyết định của quản trị viên {_recorder(row)}: {instrument}"
            state = "off" if row.kind == CalendarDayKind.DAY_OFF else "working"
            entries.append(CalendarEntry(day, state, row.name, source, bool(row.instrument_text)))
            continue
        withdrawn = ""
        if row is not None:
            withdrawn = f"; quản trị viên {_recorder(row)} đã rút quyết định ({row.instrument_text})"
        if default is None:
            name = row.name if row else ""
            entries.append(CalendarEntry(day, "withdrawn", name, withdrawn.removeprefix("; "), True))
        elif default.basis == workdays.DefaultBasis.NOT_LAW:
            source = "không phải ngày nghỉ: Bộ luật Lao động 2019 (Điều 112) chưa quy định; cần văn bản"
            entries.append(CalendarEntry(day, "not off", default.name, source + withdrawn, True))
        elif default.basis == workdays.DefaultBasis.LAW:
            state = "working" if default.is_working_day else "off"
            entries.append(CalendarEntry(day, state, default.name, default.basis_text + withdrawn, True))
        elif not default.is_working_day and day.weekday() >= 5:  # a rest day whatever the Government decides
            source = "thư viện holidays, trùng ngày nghỉ hằng tuần"
            entries.append(CalendarEntry(day, "off", default.name, source + withdrawn, True))
        else:
            state = "working" if default.is_working_day else "off"
            source = "thư viện holidays, chưa ghi văn bản của Chính phủ"
            entries.append(CalendarEntry(day, state, default.name, source + withdrawn, False))
    return entries


def _calendar_around(start: date, days: int) -> workdays.WorkingCalendar:
    # A working day is at least 1/3 of calendar days even around Tết; add a year for the move off a day off.
    return office_calendar(start.year, (start + timedelta(days=days * 3 + 31)).year)


def _within_calendar(*days: date) -> None:
    _within_years(*(day.year for day in days))


def _within_years(*years: int) -> None:
    if any(not workdays.CALENDAR_FIRST_YEAR <= year <= workdays.CALENDAR_LAST_YEAR for year in years):
        raise ValidationError(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": workdays.CALENDAR_FIRST_YEAR, "last": workdays.CALENDAR_LAST_YEAR}
        )


def period_end(start: date, days: int, *, working_days: bool = True) -> date:
    """The last day of a period of `days` (working or calendar) days from the event on `start`."""
    _within_calendar(start)
    calendar = _calendar_around(start, days)
    if working_days:
        return workdays.add_working_days(calendar, start, days)
    return workdays.add_calendar_days(calendar, start, days)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    _within_calendar(start, end)
    return workdays.count_working_days(office_calendar(start.year, max(start, end).year), start, end)


def is_working_day(day: date) -> bool:
    """A working day of the office calendar: Monday to Friday but the public holidays and the days off the
    Government moved, and the Saturdays it made working days in exchange."""
    _within_calendar(day)
    return bool(office_calendar(day.year, day.year).is_working_day(day))


def heads_of(unit_id: int | None) -> list[User]:
    """The active heads of a unit; if it has none, those of the nearest unit above it that has."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    while unit_id is not None:
        heads = list(
            User.objects.filter(unit_id=unit_id, is_active=True, roles__code="head_of_unit").distinct()
        )
        if heads:
            return heads
        unit_id = parents.get(unit_id)
    return []


def record_for(object_type: str, object_id: int) -> Any:
    """The record an assignment, clock or notice points at, or None if it no longer exists."""
    from django.apps import apps

    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=object_id).first()
