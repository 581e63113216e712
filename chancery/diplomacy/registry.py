"""What the diplomacy module offers the rest of Chancery: treaties and events as kinds of record to link
(a document in an event's briefing file, a treaty's submission), and the countries loaded after migrate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.casework import lists
from chancery.core.forms import DateInput

from . import rules, stats
from .models import Event, Treaty


def _step_filter() -> lists.Filter:
    """The treaties that took a step in a period (the reports' "signed", "ratified", "in force")."""

    def fields() -> dict[str, forms.Field]:
        steps = [("", _("Any step")), *((t.name, str(t.label)) for t in Treaty.workflow.transitions)]
        return {
            "step": forms.ChoiceField(label=_("Step taken"), choices=steps, required=False),
            "step_from": forms.DateField(label=_("Step taken from"), required=False, widget=DateInput()),
            "step_to": forms.DateField(label=_("Step taken to"), required=False, widget=DateInput()),
        }

    def apply(queryset: QuerySet[Any], data: Any, user: Any) -> QuerySet[Any]:
        step, start, end = data.get("step") or "", data.get("step_from"), data.get("step_to")
        return stats.took_step_in(queryset, step, start, end) if step or start or end else queryset

    return lists.Filter("step", fields, apply)


def _held_filter() -> lists.Filter:
    """Events held by today (ended, not cancelled): the reports count a period's events so (stats.held_in)."""

    def fields() -> dict[str, forms.Field]:
        choices = [("", _("All")), ("1", _("Held (ended, not cancelled)"))]
        return {"held": forms.ChoiceField(label=_("Held"), choices=choices, required=False)}

    def apply(queryset: QuerySet[Any], data: Any, user: Any) -> QuerySet[Any]:
        if data.get("held") != "1":
            return queryset
        return stats.held_by(queryset, timezone.localdate())

    return lists.Filter("held", fields, apply)


TREATY_LIST = lists.CaseList(
    key="treaties",
    model=Treaty,
    title=_("Treaties"),
    columns=(
        lists.Column("title", _("Title"), link=True),
        lists.Column("proposed_on", _("Proposed on"), sortable=True),
        lists.Column("signed_on", _("Signed on")),
        lists.Column("in_force_on", _("In force on")),
        lists.Column("state", _("State"), value=lambda t: t.state_label),
    ),
    filters=(lists.state_filter(Treaty), _step_filter()),
    default_sort="-proposed_on",
    detail_url=lambda t: t.get_absolute_url(),
)

EVENT_LIST = lists.CaseList(
    key="events",
    model=Event,
    title=_("Foreign-affairs events"),
    columns=(
        lists.Column("starts_on", _("From"), sortable=True),
        lists.Column("ends_on", _("To"), sortable=True),
        lists.Column("kind", _("Kind"), value=lambda e: e.kind_label),
        lists.Column("title", _("Title"), link=True),
        lists.Column("leader", _("Leader"), value=lambda e: e.get_leader_display()),
        lists.Column("place", _("Place")),
        lists.Column(
            "is_cancelled", _("Cancelled"), value=lambda e: _("Cancelled") if e.is_cancelled else ""
        ),
    ),
    filters=(
        lists.choice_filter("kind", _("Kind"), rules.EVENT_KINDS),
        lists.choice_filter("leader", _("Leader"), rules.LEADERS),
        _held_filter(),
        lists.date_filter("starts", _("Starts on"), lookup="starts_on"),
    ),
    default_sort="-starts_on",
    deadlines=False,
    detail_url=lambda e: e.get_absolute_url(),
)


def _treaty_named(user: Any, text: str) -> Any:
    from . import selectors

    return selectors.treaties(user, q=text).first()


def _event_named(user: Any, text: str) -> Any:
    from chancery.core.text import fold

    from . import selectors

    found = selectors.visible_events(user)
    for word in fold(text).split():
        found = found.filter(folded__contains=word)
    return found.order_by("-starts_on").first()


def _load_countries(sender: Any, **kwargs: Any) -> None:
    from . import countries
    from .models import Country

    if getattr(sender, "label", "") != "diplomacy":
        return
    if not Country.objects.using(kwargs.get("using", "default")).exists():
        countries.load()


def register_all() -> None:
    from chancery.core import links

    lists.register(TREATY_LIST)
    lists.register(EVENT_LIST)
    links.register(links.LinkKind("treaty", _("Treaty"), Treaty, _treaty_named, lambda t: t.title))
    links.register(
        links.LinkKind(
            "event",
            _("Foreign-affairs event"),
            Event,
            _event_named,
            lambda e: f"{e.title} ({e.starts_on:%d/%m/%Y})",
        )
    )
    post_migrate.connect(_load_countries, dispatch_uid="diplomacy-countries")
