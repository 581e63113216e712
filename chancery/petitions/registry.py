"""What the petitions module contributes to the shared parts: its case list and its search entries.

A denouncer's name is kept out of both unless the person may read it: the list masks the column
(`Column.shown_to`, applied on the page, in the API and in exports alike), and the search index never holds a
denunciation's petitioners at all (the index is shared by everyone who may see the record).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from chancery.casework import lists, queues
from chancery.core.provinces import former_names, former_wards, province_choices, province_name, ward_name
from chancery.petitions import selectors
from chancery.petitions.models import Channel, Field, Petition, PetitionKind, PetitionPath


def _search_body(petition: Petition) -> str:
    """The text the search reads: the province under its current and former names; for a petition that is not
    protected also the petitioners, their addresses as written and their communes under today's and the
    old names (a denouncer's commune narrows down who the denouncer is, so it stays out). The index redacts
    a protected petition's text as it stores it (chancery.search.index, access.redacted_text)."""
    place = province_name(petition.province_code)
    former = " ".join(former_names(petition.province_code)) if petition.province_code else ""
    parts = [petition.tracking_code, petition.summary, petition.content, place, former]
    if not selectors.is_protected(petition):
        people = list(petition.petitioners.all())
        parts.insert(0, " ".join(p.full_name for p in people) or petition.petitioner_name)
        for person in people:
            parts += [person.address, ward_name(person.ward_code), *former_wards(person.ward_code)]
    return " ".join(dict.fromkeys(p for p in parts if p))


def _identity(user: Any, petition: Petition) -> bool:
    return selectors.identity_of(petition, user)


def _letters_to_sign() -> lists.Filter:
    """The petitions with a letter waiting for this person's digital signature: named under its signature,
    dated today, not yet signed (services.sign_letter: signed on the day it bears)."""
    from django import forms
    from django.utils import timezone

    def fields() -> dict[str, forms.Field]:
        choices = [("", _("All")), ("me", _("Letters awaiting my digital signature"))]
        return {"to_sign": forms.ChoiceField(label=str(_("To sign")), choices=choices, required=False)}

    def apply(queryset: Any, data: Any, user: Any) -> Any:
        if data.get("to_sign") != "me":
            return queryset
        return queryset.filter(
            forwardings__signed_by__iexact=user.get_full_name(),
            forwardings__sent_on=timezone.localdate(),
            forwardings__signed_file="",
        ).distinct()

    return lists.Filter("to_sign", fields, apply)


PETITION_LIST = lists.CaseList(
    key="petitions",
    model=Petition,
    title=_("Petitions"),
    columns=(
        lists.Column("registry_number", _("Number"), sortable=True, link=True),
        lists.Column("received_on", _("Received on"), sortable=True),
        lists.Column("petitioner_name", _("Petitioner"), shown_to=_identity),
        lists.Column("summary", _("Summary"), link=True, redact=True),
        lists.Column("kind", _("Kind"), value=lambda p: p.get_kind_display()),
        lists.Column("field", _("Field"), value=lambda p: p.get_field_display()),
        lists.Column("province_code", _("Province"), value=lambda p: province_name(p.province_code)),
        lists.Column("state", _("State"), value=lambda p: p.state_label),
        lists.Column("competent_agency", _("Competent agency"), value=lambda p: p.competent_agency or ""),
    ),
    filters=(
        lists.state_filter(Petition),
        lists.choice_filter("kind", _("Kind"), PetitionKind.choices),
        lists.choice_filter("field", _("Field"), Field.choices),
        lists.choice_filter("channel", _("Channel"), Channel.choices),
        lists.choice_filter("path", _("Decision"), PetitionPath.choices),
        lists.choice_filter(
            "province",
            _("Province"),
            lambda: [(str(c), n) for c, n in province_choices()],
            lookup="province_code",
        ),
        lists.date_filter("received", _("Received on"), lookup="received_on"),
        lists.date_filter("closed", _("Closed on"), lookup="closed_on"),
        lists.prefix_filter("number", _("Number starts with"), lookup="registry_number"),
        _letters_to_sign(),
    ),
    default_sort="-received_on",
    related=("owning_unit", "competent_agency"),
    detail_url=lambda p: p.get_absolute_url(),
    annotate=selectors.with_identity_flag,
    prefetch=("petitioners",),  # a protected row's summary is redacted against its people on file
)


QUEUES = (
    queues.Queue(
        "petitions-letters-to-sign",
        _("Letters awaiting my digital signature"),
        PETITION_LIST.key,
        {"to_sign": "me"},
        personal=True,
        order=35,
    ),
    queues.Queue(
        "petitions-received", _("New petitions to handle"), PETITION_LIST.key, {"state": "received"}, order=40
    ),
    queues.Queue(
        "petitions-mine",
        _("Petitions I handle"),
        PETITION_LIST.key,
        {"state": "handling", "scope": "mine"},
        order=41,
    ),
    queues.Queue(
        "petitions-soon",
        _("Petitions of my unit due soon"),
        PETITION_LIST.key,
        {"scope": "unit", "deadline": "soon"},
        order=42,
    ),
    queues.Queue(
        "petitions-overdue",
        _("Petitions of my unit past their time limit"),
        PETITION_LIST.key,
        {"scope": "unit", "deadline": "overdue"},
        late=True,
        order=43,
    ),
)


def register_all() -> None:
    from chancery.core import access, links, redaction
    from chancery.search import index

    # A protected petition's free text: as written for its handlers (selectors.can_see_identity), without the
    # denouncer's identity on file and by pattern for everyone else, in every outlet.
    redaction.register(
        Petition,
        is_protected=selectors.is_protected,
        may_read=lambda user, petition: selectors.identity_of(petition, user),
        identity=selectors.protected_identity,
    )
    links.register(
        links.LinkKind(
            "petition",
            _("Petition"),
            Petition,
            lambda user, text: selectors.visible_petitions(user).filter(registry_number=text).first(),
            lambda p: f"{p.registry_number} — {access.redacted_text(None, p, p.summary)}",
        )
    )

    lists.register(PETITION_LIST)
    queues.register(*QUEUES)
    index.register(
        Petition,
        module="petitions",
        label=_("Petitions"),
        title=lambda p: f"{p.registry_number} — {p.summary}",
        body=_search_body,
        state=lambda p: p.state,
        date=lambda p: p.received_on,
        prefetch=("petitioners",),
    )
