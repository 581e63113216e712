"""The case list every module shares: filters, sort, saved filters, export, at a million rows.

A module declares its list once (`CaseList`: columns, filters, which columns sort) and registers it; the
page, the API (/api/v1/lists/<key>/) and the XLSX export read it through `list_page` and `export_rows`,
always on top of the access policy (`access.visible_records`), so nobody finds by filtering, sorting or
exporting a record they may not see.

Why it stays fast over millions of rows:
- Keyset pagination: a page is the rows after (or before) the last key of the page shown, on an index of
  (sort field, id), so page 20,000 costs what page 1 costs; OFFSET would read and throw away every row before.
- No COUNT over the whole table: the count shown stops at `COUNT_CAP` ("more than 500"); a list that fits on
  its first page is counted from that page.
- The deadline column is a subquery evaluated for the page's rows only.
A sortable column must be a non-null field of the model, with an index on (field, id) declared in its Meta.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from chancery.casework.models import LegalClock
from chancery.core import access, selectors
from chancery.core.forms import DateInput, StyledForm
from chancery.core.models import Unit
from chancery.core.text import nfc

COUNT_CAP = 500
MASK = "***"
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class Column:
    """One column: shown on the page, returned by the API, written to the export.

    `value(record)` gives what is shown (default: the attribute named `key`); `sortable` columns sort by the
    model field `key`; `link` makes the cell open the record. `shown_to(user, record)`, when given, decides
    whether this person may read the value (a denouncer's name); others get `MASK`, on the page, in the API
    and in exports alike. `redact`: the value is a record's free text, shown as this person may read it
    (`access.redacted_text`: a protected person's identity removed for all but the record's handlers)."""

    key: str
    label: str | Promise
    value: Callable[[Any], Any] | None = None
    sortable: bool = False
    link: bool = False
    shown_to: Callable[[Any, Any], bool] | None = None
    redact: bool = False

    def of(self, record: Any, user: Any) -> Any:
        if self.shown_to is not None and not self.shown_to(user, record):
            return MASK
        value = self.value(record) if self.value is not None else getattr(record, self.key)
        return access.redacted_text(user, record, value) if self.redact and value else value


@dataclass(frozen=True)
class Filter:
    """One filter: the form fields it reads and how it narrows the queryset once they are valid."""

    key: str
    fields: Callable[[], Mapping[str, forms.Field]]
    apply: Callable[[QuerySet[Any], Mapping[str, Any], Any], QuerySet[Any]]


def choice_filter(key: str, label: str | Promise, choices: Any, *, lookup: str | None = None) -> Filter:
    """Records whose field equals the chosen value; `choices` is a list of (value, label) or a callable."""

    def fields() -> Mapping[str, forms.Field]:
        options = choices() if callable(choices) else choices
        return {key: forms.ChoiceField(label=str(label), choices=[("", _("All")), *options], required=False)}

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        value = data.get(key)
        return queryset.filter(**{lookup or key: value}) if value not in (None, "") else queryset

    return Filter(key, fields, apply)


def state_filter(model: Any) -> Filter:
    """The case's state, with the labels its workflow declares."""
    return choice_filter("state", _("State"), lambda: [(k, str(v)) for k, v in model.workflow.states.items()])


def unit_filter(key: str = "unit", label: str | Promise | None = None) -> Filter:
    def fields() -> Mapping[str, forms.Field]:
        return {
            key: forms.ModelChoiceField(
                label=str(label or _("Owning unit")),
                queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
                required=False,
                empty_label=str(_("All")),
            )
        }

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        unit = data.get(key)
        return queryset.filter(owning_unit=unit) if unit is not None else queryset

    return Filter(key, fields, apply)


def date_filter(key: str, label: str | Promise, *, lookup: str | None = None) -> Filter:
    """A range of dates, both ends included; `lookup` may reach a datetime's date (`created_at__date`)."""
    start, end = f"{key}_from", f"{key}_to"

    def fields() -> Mapping[str, forms.Field]:
        return {
            start: forms.DateField(
                label=_("%(field)s from") % {"field": label},
                required=False,
                widget=DateInput(),
            ),
            end: forms.DateField(
                label=_("%(field)s to") % {"field": label},
                required=False,
                widget=DateInput(),
            ),
        }

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        field_name = lookup or key
        if data.get(start):
            queryset = queryset.filter(**{f"{field_name}__gte": data[start]})
        if data.get(end):
            queryset = queryset.filter(**{f"{field_name}__lte": data[end]})
        return queryset

    return Filter(key, fields, apply)


def prefix_filter(key: str, label: str | Promise, *, lookup: str | None = None) -> Filter:
    """Records whose field starts with the text typed (a registration number, a code): an index range."""

    def fields() -> Mapping[str, forms.Field]:
        return {key: forms.CharField(label=str(label), required=False, max_length=100)}

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        value = nfc(data.get(key) or "").strip()
        return queryset.filter(**{f"{lookup or key}__startswith": value}) if value else queryset

    return Filter(key, fields, apply)


class Scope:
    ALL = ""
    MINE = "mine"
    MY_UNIT = "unit"


class Deadline:
    ANY = ""
    OVERDUE = "overdue"
    DUE_SOON = "soon"
    PAUSED = "paused"


def _scope_filter() -> Filter:
    def fields() -> Mapping[str, forms.Field]:
        choices = [
            (Scope.ALL, _("Everything I may see")),
            (Scope.MINE, _("Assigned to me")),
            (Scope.MY_UNIT, _("My unit's")),
        ]
        return {"scope": forms.ChoiceField(label=_("Whose"), choices=choices, required=False)}

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        scope = data.get("scope")
        if not scope:
            return queryset
        # whose work it is: a unit asked for its opinion finds the question under its opinions, not the
        # record among its own (nor its time limit among its unit's late work)
        assignments = access.assignments_of(queryset.model, consulted=False)
        if scope == Scope.MINE:
            return queryset.filter(Exists(assignments.filter(user_id=user.pk)))
        unit_id = getattr(user, "unit_id", None) or 0
        return queryset.filter(Q(owning_unit_id=unit_id) | Exists(assignments.filter(unit_id=unit_id)))

    return Filter("scope", fields, apply)


def _running_clocks(model: type[Model]) -> QuerySet[LegalClock]:
    return LegalClock.objects.filter(
        object_type=model._meta.label_lower, object_id=OuterRef("pk"), stopped_on__isnull=True
    )


def _deadline_filter() -> Filter:
    def fields() -> Mapping[str, forms.Field]:
        choices = [
            (Deadline.ANY, _("All")),
            (Deadline.OVERDUE, _("Overdue")),
            (Deadline.DUE_SOON, _("Due within %(days)s working days") % {"days": DUE_SOON_WORKING_DAYS}),
            (Deadline.PAUSED, _("Time limit paused")),
        ]
        return {"deadline": forms.ChoiceField(label=_("Time limit"), choices=choices, required=False)}

    def apply(queryset: QuerySet[Any], data: Mapping[str, Any], user: Any) -> QuerySet[Any]:
        deadline = data.get("deadline")
        if not deadline:
            return queryset
        clocks = _running_clocks(queryset.model)
        today = timezone.localdate()
        if deadline == Deadline.OVERDUE:
            clocks = clocks.filter(due_on__lt=today)
        elif deadline == Deadline.DUE_SOON:
            soon = selectors.period_end(today, DUE_SOON_WORKING_DAYS)
            clocks = clocks.filter(due_on__gte=today, due_on__lte=soon)
        else:
            clocks = clocks.filter(due_on__isnull=True)
        return queryset.filter(Exists(clocks))

    return Filter("deadline", fields, apply)


@dataclass(frozen=True)
class CaseList:
    """A module's list of cases. `key` names it in URLs, saved filters and exports."""

    key: str
    model: Any
    title: str | Promise
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    default_sort: str = "-id"
    page_size: int = 50
    related: tuple[str, ...] = ("owning_unit",)
    # Show the nearest running time limit (a subquery on the page's rows), filter by it.
    deadlines: bool = True
    detail_url: Callable[[Any], str] | None = None
    # Per-person values the columns read (e.g. whether this person may see a denouncer's name), computed in
    # the query rather than one query per row.
    annotate: Callable[[QuerySet[Any], Any], QuerySet[Any]] | None = None
    # Related rows a column or the redaction reads for each record (a protected petition's petitioners),
    # read for the page's rows in one query rather than one query per row.
    prefetch: tuple[str, ...] = ()
    all_filters: tuple[Filter, ...] = field(init=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            if column.sortable:
                try:
                    model_field = self.model._meta.get_field(column.key)
                except FieldDoesNotExist:
                    raise ValueError(f"sortable column {column.key} is not a field of {self.model}") from None
                if model_field.null:
                    raise ValueError(f"sortable column {column.key} may be null: keyset pages need a value")
        if self.sort_field(self.default_sort) is None:
            raise ValueError(f"default sort {self.default_sort} is not a sortable column")
        extra = (_scope_filter(), _deadline_filter()) if self.deadlines else (_scope_filter(),)
        object.__setattr__(self, "all_filters", (*self.filters, *extra))

    def sort_choices(self) -> list[tuple[str, str]]:
        choices = [("-id", str(_("Newest first"))), ("id", str(_("Oldest first")))]
        for column in self.columns:
            if column.sortable:
                choices.append((column.key, f"{column.label} ↑"))
                choices.append((f"-{column.key}", f"{column.label} ↓"))
        return choices

    def sort_field(self, sort: str) -> str | None:
        name = sort.removeprefix("-")
        if name == "id" or any(c.sortable and c.key == name for c in self.columns):
            return name
        return None

    def form_class(self) -> type[forms.Form]:
        fields: dict[str, forms.Field] = {}
        for declared in self.all_filters:
            fields.update(declared.fields())
        fields["sort"] = forms.ChoiceField(label=_("Sort"), choices=self.sort_choices(), required=False)
        fields["cursor"] = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
        return type(f"{self.key.title()}ListForm", (_ListForm,), fields)

    def form(self, data: Mapping[str, Any] | None) -> forms.Form:
        return self.form_class()(data or None)

    def queryset(self, user: Any, data: Mapping[str, Any]) -> QuerySet[Any]:
        """The records this person may see that match the filters, without order."""
        records = access.visible_records(user, self.model.objects.all())
        for declared in self.all_filters:
            records = declared.apply(records, data, user)
        return self.annotate(records, user) if self.annotate is not None else records

    def count_over_office(self, user: Any, data: Mapping[str, Any]) -> int:
        """How many records of the whole office match the filters, whoever may see them: only for a report's
        figure whose definition these filters are (a report counts the office's records, numbers only). Any
        other use would tell a person about records the access policy hides from them."""
        records = self.model.objects.all()
        for declared in self.all_filters:
            records = declared.apply(records, data, user)
        return int(records.order_by().count())

    def headers(self) -> list[str]:
        labels = [str(c.label) for c in self.columns]
        return [*labels, str(_("Due on"))] if self.deadlines else labels

    def cells(self, record: Any, user: Any) -> list[Any]:
        values = [c.of(record, user) for c in self.columns]
        return [*values, record.next_due] if self.deadlines else values

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """What a page or an export reads for each row: related objects, the nearest due date."""
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        if self.deadlines:
            due = _running_clocks(self.model).filter(due_on__isnull=False).order_by("due_on")
            queryset = queryset.annotate(next_due=Subquery(due.values("due_on")[:1]))
        return queryset


class _ListForm(StyledForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            start = data.get(f"{name[:-3]}_from") if name.endswith("_to") else None
            if value and start and start > value:
                self.add_error(name, _("The end date is before the start date."))
        return data


DAMAGED_CURSOR = "!"  # decodes to no cursor: the list says its page link was dropped


def read_filters(case_list: CaseList, params: Mapping[str, Any]) -> tuple[forms.Form, dict[str, Any] | None]:
    """The list's form bound to the query parameters, and the cleaned filters: {} when none are given, None
    when they are invalid (the form holds the errors). The page, the API and the export all read them here."""
    form = case_list.form(params)
    if not params:
        return form, {}
    if not form.is_valid() and set(form.errors) == {"cursor"}:
        # a damaged page link (a NUL, far too long): the first page, saying the link no longer fits, as for
        # any cursor that does not decode (`ListPage.cursor_dropped`), never a page with nothing on it
        kept = QueryDict(mutable=True)
        kept.update(params)
        kept["cursor"] = DAMAGED_CURSOR
        form = case_list.form(kept)
    return form, (form.cleaned_data if form.is_valid() else None)


def clean_query(case_list: CaseList, query: str) -> tuple[QueryDict, dict[str, Any]]:
    """The filters of a query string, without the page cursor; ValidationError (in Vietnamese) if invalid."""
    params = QueryDict(query, mutable=True)
    params.pop("cursor", None)
    form, data = read_filters(case_list, params)
    if data is None:
        raise ValidationError(
            [
                f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
                for name, errors in form.errors.items()
                for error in errors
            ]
        )
    known = QueryDict(mutable=True)
    for name in form.fields:
        if params.get(name):
            known[name] = str(params.get(name))
    return known, data


REGISTRY: dict[str, CaseList] = {}


def register(case_list: CaseList) -> CaseList:
    REGISTRY[case_list.key] = case_list
    return case_list


def get(key: str) -> CaseList | None:
    return REGISTRY.get(key)


# --- keyset pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after (`forward`) or before the row whose sort key is (`value`, `pk`)."""

    forward: bool
    sort: str
    value: Any
    pk: int

    def encode(self) -> str:
        # Dates and times in full ISO form: DjangoJSONEncoder would cut microseconds and so lose rows.
        value = self.value.isoformat() if isinstance(self.value, (date, datetime)) else self.value
        raw = json.dumps(["n" if self.forward else "p", self.sort, value, self.pk], cls=DjangoJSONEncoder)
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, case_list: CaseList, sort: str) -> Cursor | None:
        """The cursor, or None when it is damaged or was made for another sort order."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            direction, cursor_sort, value, pk = json.loads(raw)
            name = case_list.sort_field(cursor_sort)
            if cursor_sort != sort or name is None or direction not in {"n", "p"} or not isinstance(pk, int):
                return None
            value = case_list.model._meta.get_field(name).to_python(value)
        except (ValueError, TypeError, binascii.Error, ValidationError, UnicodeDecodeError):
            return None
        return cls(direction == "n", sort, value, pk)


def _display(value: Any) -> str:
    """Dates as the office writes them (25/07/2026, 25/07/2026 09:30), numbers localised, nothing as —."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(formats.localize(value))


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str = ""
    overdue: bool = False

    @property
    def html(self) -> str:
        """The cell's content, escaped; built here rather than with template tags, which cost a list of
        fifty rows a good part of its time."""
        text = _display(self.value)
        content = format_html('<a href="{}">{}</a>', self.url, text) if self.url else conditional_escape(text)
        if self.overdue:
            content = format_html('{} <span class="badge text-bg-danger">{}</span>', content, _("overdue"))
        return content


@dataclass(frozen=True)
class Row:
    record: Any
    cells: list[Cell]


@dataclass(frozen=True)
class ListPage:
    case_list: CaseList
    user: Any
    records: list[Any]
    sort: str
    count: int
    count_capped: bool
    next_cursor: str | None
    prev_cursor: str | None
    cursor_dropped: bool = False

    @property
    def rows(self) -> list[Row]:
        listed, today = self.case_list, timezone.localdate()
        rows = []
        for record in self.records:
            url = listed.detail_url(record) if listed.detail_url else ""
            values = listed.cells(record, self.user)
            cells = [Cell(v, url if c.link else "") for c, v in zip(listed.columns, values, strict=False)]
            if listed.deadlines:
                cells.append(Cell(values[-1], overdue=values[-1] is not None and values[-1] < today))
            rows.append(Row(record, cells))
        return rows

    @property
    def headers(self) -> list[str]:
        return self.case_list.headers()


def _ordered(queryset: QuerySet[Any], name: str, ascending: bool) -> QuerySet[Any]:
    if name == "id":
        return queryset.order_by("id" if ascending else "-id")
    return queryset.order_by(*((name, "id") if ascending else (f"-{name}", "-id")))


def _beyond(queryset: QuerySet[Any], name: str, value: Any, pk: int, greater: bool) -> QuerySet[Any]:
    """Rows after (value, pk) in ascending order when `greater`, else before it. Written as
    `f >= v AND (f > v OR id > pk)` so that the first term is an index range the database can seek to."""
    op = "gt" if greater else "lt"
    if name == "id":
        return queryset.filter(**{f"id__{op}": pk})
    return queryset.filter(**{f"{name}__{op}e": value}).filter(
        Q(**{f"{name}__{op}": value}) | Q(**{name: value, f"id__{op}": pk})
    )


def counted_exactly(data: Mapping[str, Any] | None) -> bool:
    """Whether the filters name a period (a date range, either end): the register of a period is counted
    exactly without asking, as a clerk counts it. Any other list stops at COUNT_CAP unless the person asks
    for the whole count (a queue's or a report figure's link asks, so the list confirms the figure it came
    from): counting hundreds of thousands of rows under the access policy is seconds at a million records
    (bench/README.md, "Case list")."""
    return data is not None and any(isinstance(value, date) for value in data.values())


def list_page(
    case_list: CaseList, user: Any, data: Mapping[str, Any], *, size: int | None = None, exact: bool = False
) -> ListPage:
    """One page of the list for this person, with cleaned filter data (`form.cleaned_data`); `size` rows (the
    list's own page size when not given). The count stops at COUNT_CAP unless `exact` is asked (a clerk
    counting the register of a period: one COUNT over what the filters and the access policy keep)."""
    sort = data.get("sort") or case_list.default_sort
    name = case_list.sort_field(sort) or "id"
    ascending = not sort.startswith("-")
    matching = case_list.queryset(user, data)
    cursor = Cursor.decode(data["cursor"], case_list, sort) if data.get("cursor") else None
    size = size or case_list.page_size

    rows = case_list.rows(matching)
    if cursor is None:
        found = list(_ordered(rows, name, ascending)[: size + 1])
        more_after, more_before = len(found) > size, False
        records = found[:size]
    elif cursor.forward:
        after = _beyond(rows, name, cursor.value, cursor.pk, greater=ascending)
        found = list(_ordered(after, name, ascending)[: size + 1])
        more_after, more_before = len(found) > size, True
        records = found[:size]
    else:
        before = _beyond(rows, name, cursor.value, cursor.pk, greater=not ascending)
        found = list(_ordered(before, name, not ascending)[: size + 1])
        more_after, more_before = True, len(found) > size
        records = list(reversed(found[:size]))

    def key_of(record: Any, forward: bool) -> str:
        return Cursor(forward, sort, getattr(record, name) if name != "id" else None, record.pk).encode()

    if cursor is None and not more_after:
        counted = len(records)  # the whole list is on this page: no need to ask
    elif exact:
        counted = matching.order_by().count()
    else:
        counted = matching.order_by()[: COUNT_CAP + 1].count()
    return ListPage(
        case_list=case_list,
        user=user,
        records=records,
        sort=sort,
        count=counted if exact else min(counted, COUNT_CAP),
        count_capped=not exact and counted > COUNT_CAP,
        next_cursor=key_of(records[-1], True) if records and more_after else None,
        prev_cursor=key_of(records[0], False) if records and more_before else None,
        cursor_dropped=bool(data.get("cursor")) and cursor is None,
    )


def export_rows(
    case_list: CaseList, user: Any, data: Mapping[str, Any], *, chunk: int = 2000
) -> Iterator[list[Any]]:
    """Every matching row in the list's sort order, as cell values, read a chunk at a time by keyset."""
    sort = data.get("sort") or case_list.default_sort
    name = case_list.sort_field(sort) or "id"
    ascending = not sort.startswith("-")
    rows = case_list.rows(case_list.queryset(user, data))
    last: Any = None
    while True:
        page = rows if last is None else _beyond(rows, name, getattr(last, name), last.pk, greater=ascending)
        found = list(_ordered(page, name, ascending)[:chunk])
        for record in found:
            yield case_list.cells(record, user)
        if len(found) < chunk:
            return
        last = found[-1]
