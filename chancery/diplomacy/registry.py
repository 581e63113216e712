"""What the diplomacy module offers the rest of Chancery: treaties and events as kinds of record to link
(a document in an event's briefing file, a treaty's submission), and the countries loaded after migrate."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


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

    from .models import Event, Treaty

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
