"""What the promulgation module offers the shared parts: its registers of laws and ordinances and of drafts
sent for comments as case lists (filters, keyset pages, export, saved filters, the API), so that each of the
reports' figures opens exactly the records it counts (stats.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.casework import lists

from . import rules
from .models import DraftLaw, Statute

STATUTE_LIST = lists.CaseList(
    key="statutes",
    model=Statute,
    title=_("Laws and ordinances"),
    columns=(
        lists.Column("kind", _("Kind"), value=lambda s: s.get_kind_display()),
        lists.Column("title", _("Title"), link=True),
        lists.Column("number", _("Number")),
        lists.Column("passed_on", _("Passed on"), sortable=True),
        lists.Column("state", _("State"), value=lambda s: s.state_label),
        lists.Column("promulgated_on", _("Promulgated on")),
    ),
    filters=(
        lists.state_filter(Statute),
        lists.choice_filter("kind", _("Kind"), rules.KIND_CHOICES),
        lists.date_filter("passed", _("Passed on"), lookup="passed_on"),
        lists.date_filter("promulgated", _("Promulgated on"), lookup="promulgated_on"),
        lists.date_filter(
            "reconsideration", _("Reconsideration requested"), lookup="reconsideration_requested_on"
        ),
    ),
    default_sort="-passed_on",
    detail_url=lambda s: s.get_absolute_url(),
)

DRAFT_LIST = lists.CaseList(
    key="draft-laws",
    model=DraftLaw,
    title=_("Drafts sent for comments"),
    columns=(
        lists.Column("title", _("Title"), link=True),
        lists.Column("sender_name", _("Drafting body")),
        lists.Column("received_on", _("Received on"), sortable=True),
        lists.Column("comments_due_on", _("Comments due on"), sortable=True),
        lists.Column("state", _("State"), value=lambda d: d.state_label),
        lists.Column("answered_on", _("Comments sent on")),
    ),
    filters=(
        lists.state_filter(DraftLaw),
        lists.date_filter("received", _("Received on"), lookup="received_on"),
        lists.date_filter("answered", _("Comments sent on"), lookup="answered_on"),
    ),
    default_sort="-received_on",
    detail_url=lambda d: d.get_absolute_url(),
)


def register_all() -> None:
    lists.register(STATUTE_LIST)
    lists.register(DRAFT_LIST)
