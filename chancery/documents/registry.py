"""What the documents module contributes to the shared parts: its two registers as case lists (filters,
keyset pages, export, saved filters, the API) and its search entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from chancery.casework import lists, queues
from chancery.core import access
from chancery.core.models import RoleCode, SecrecyLevel
from chancery.documents import rules
from chancery.documents.models import (
    TYPE_CHOICES,
    ApprovalStep,
    IncomingDocument,
    IssuerChoice,
    Medium,
    OutgoingDocument,
    UrgencyLevel,
)

INCOMING_LIST = lists.CaseList(
    key="incoming-documents",
    model=IncomingDocument,
    title=_("Incoming documents"),
    columns=(
        lists.Column("arrival_number", _("Arrival no."), sortable=True, link=True),
        lists.Column("received_on", _("Received on"), sortable=True),
        lists.Column("urgency", _("Urgency"), sortable=True, value=lambda d: d.get_urgency_display()),
        lists.Column("sender_name", _("Sender")),
        lists.Column("reference", _("Number and symbol")),
        lists.Column("summary", _("Summary"), link=True),
        lists.Column("secrecy", _("Secrecy"), value=lambda d: d.get_secrecy_display() if d.secrecy else ""),
        lists.Column("state", _("State"), value=lambda d: d.state_label),
    ),
    filters=(
        lists.state_filter(IncomingDocument),
        lists.choice_filter("urgency", _("Urgency"), UrgencyLevel.choices),
        lists.choice_filter("doc_type", _("Type"), TYPE_CHOICES),
        lists.choice_filter("secrecy", _("Secrecy"), SecrecyLevel.choices),
        lists.choice_filter("medium", _("Received as"), Medium.choices),
        lists.date_filter("received", _("Received on"), lookup="received_on"),
        lists.prefix_filter("sender", _("Sender starts with"), lookup="sender_name"),
    ),
    default_sort="-received_on",
    related=("owning_unit", "sender"),
    detail_url=lambda d: d.get_absolute_url(),
)


def _for_me_filter() -> lists.Filter:
    """What waits for this person in the outgoing register: their turn to approve a draft (an open step of
    its circuit), their signature, a draft of theirs approved and to be sent for signature, or one of theirs
    still being written (or returned to them for revision)."""

    def fields() -> dict[str, forms.Field]:
        choices = [
            ("", _("All")),
            ("approve", _("Awaiting my approval")),
            ("sign", _("Awaiting my signature")),
            ("submit", _("My drafts approved, to send for signature")),
            ("drafting", _("My drafts being written or returned for revision")),
        ]
        return {"for_me": forms.ChoiceField(label=_("For me"), choices=choices, required=False)}

    def apply(queryset: QuerySet[Any], data: Any, user: Any) -> QuerySet[Any]:
        chosen = data.get("for_me")
        if chosen == "approve":
            steps = ApprovalStep.objects.filter(
                document_id=OuterRef("pk"), reviewer_id=user.pk, status=rules.StepStatus.OPEN
            )
            return queryset.filter(Exists(steps), state="reviewing")
        if chosen == "sign":
            return queryset.filter(state="signing", signer_id=user.pk)
        if chosen == "submit":
            return queryset.filter(state="approved", drafted_by_id=user.pk)
        if chosen == "drafting":
            return queryset.filter(state="drafting", drafted_by_id=user.pk)
        return queryset

    return lists.Filter("for_me", fields, apply)


OUTGOING_LIST = lists.CaseList(
    key="outgoing-documents",
    model=OutgoingDocument,
    title=_("Outgoing documents"),
    columns=(
        lists.Column("number_text", _("Number and symbol"), sortable=True, link=True),
        lists.Column("created_at", _("Drafted on"), sortable=True),
        lists.Column("urgency", _("Urgency"), sortable=True, value=lambda d: d.get_urgency_display()),
        lists.Column("doc_type", _("Type"), value=lambda d: d.get_doc_type_display()),
        lists.Column("summary", _("Summary"), link=True),
        lists.Column("owning_unit", _("Drafting unit"), value=lambda d: d.owning_unit.name),
        lists.Column("secrecy", _("Secrecy"), value=lambda d: d.get_secrecy_display() if d.secrecy else ""),
        lists.Column("state", _("State"), value=lambda d: d.state_label),
    ),
    filters=(
        lists.state_filter(OutgoingDocument),
        lists.choice_filter("issuer", _("Issued in the name of"), IssuerChoice.choices),
        lists.choice_filter("doc_type", _("Type"), TYPE_CHOICES),
        lists.choice_filter("urgency", _("Urgency"), UrgencyLevel.choices),
        lists.choice_filter("secrecy", _("Secrecy"), SecrecyLevel.choices),
        lists.date_filter("issued", _("Issued on"), lookup="issued_on"),
        lists.unit_filter("unit", _("Drafting unit")),
        lists.prefix_filter("number", _("Number starts with"), lookup="number_text"),
        _for_me_filter(),
    ),
    default_sort="-created_at",
    related=("owning_unit",),
    detail_url=lambda d: d.get_absolute_url(),
)


def _incoming_named(user: Any, text: str) -> IncomingDocument | None:
    """“12/2026” (arrival number and year; “12/2026/M” in the secret register), or the sender's number and
    symbol as written."""
    visible = access.visible_records(user, IncomingDocument.objects.all())
    number, _sep, rest = text.partition("/")
    year, _sep, register = rest.partition("/")
    if number.isdigit() and year.isdigit() and register.upper() in {"", "M"}:
        secret = register.upper() == "M"
        found = visible.filter(
            arrival_number=int(number), year=int(year), series=rules.incoming_series(1 if secret else 0).code
        ).first()
        if found is not None:
            return found
    return visible.filter(reference=text).order_by("-received_on").first()


def _outgoing_named(user: Any, text: str) -> OutgoingDocument | None:
    return (
        access.visible_records(user, OutgoingDocument.objects.all())
        .filter(number_text=text)
        .order_by("-issued_on")
        .first()
    )


def _has(*roles: str) -> Any:
    return lambda user: bool(access.viewer_for(user).roles & set(roles))


QUEUES = (
    queues.Queue(
        "incoming-to-route",
        _("Incoming documents awaiting direction"),
        INCOMING_LIST.key,
        {"state": "registered"},
        audience=_has(RoleCode.LEADERSHIP, RoleCode.CLERK),
        standing=_has(RoleCode.CLERK),
        order=10,
    ),
    queues.Queue(
        "incoming-mine",
        _("Incoming documents I handle"),
        INCOMING_LIST.key,
        {"state": "routed", "scope": "mine"},
        standing=_has(RoleCode.SPECIALIST),
        order=20,
    ),
    queues.Queue(
        "incoming-unit",
        _("Incoming documents my unit handles"),
        INCOMING_LIST.key,
        {"state": "routed", "scope": "unit"},
        audience=_has(RoleCode.HEAD_OF_UNIT),
        order=21,
    ),
    queues.Queue(
        "incoming-unit-overdue",
        _("Incoming documents of my unit past their time limit"),
        INCOMING_LIST.key,
        {"state": "routed", "scope": "unit", "deadline": "overdue"},
        audience=_has(RoleCode.HEAD_OF_UNIT, RoleCode.SPECIALIST),
        late=True,
        order=22,
    ),
    queues.Queue(
        "incoming-overdue",
        _("Incoming documents past their time limit"),
        INCOMING_LIST.key,
        {"state": "routed", "deadline": "overdue"},
        audience=_has(RoleCode.LEADERSHIP),
        late=True,
        order=23,
    ),
    queues.Queue(
        "outgoing-approve",
        _("Drafts awaiting my approval"),
        OUTGOING_LIST.key,
        {"for_me": "approve"},
        personal=True,
        standing=_has(RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP),
        order=30,
    ),
    queues.Queue(
        "outgoing-sign",
        _("Documents awaiting my signature"),
        OUTGOING_LIST.key,
        {"for_me": "sign"},
        personal=True,
        standing=_has(RoleCode.LEADERSHIP),
        order=31,
    ),
    queues.Queue(
        "outgoing-submit",
        _("My approved drafts to send for signature"),
        OUTGOING_LIST.key,
        {"for_me": "submit"},
        order=32,
    ),
    queues.Queue(
        "outgoing-drafting",
        _("My drafts being written or returned for revision"),
        OUTGOING_LIST.key,
        {"for_me": "drafting"},
        order=29,
    ),
    queues.Queue(
        "outgoing-to-issue",
        _("Documents awaiting signature and issue (the clerical office)"),
        OUTGOING_LIST.key,
        {"state": "signing"},
        audience=_has(RoleCode.CLERK),
        standing=_has(RoleCode.CLERK),
        order=33,
    ),
)


SCANNED_TEXT_CHARS = 20_000  # a few pages of text: what a search needs of a long scan


def scanned_text(document: IncomingDocument) -> str:
    """The text read from the pages of the scan a document was registered from (its OCR, kept by the job),
    so that the unified search finds a paper document by any words of it, not only its register line."""
    job = document.scanned_from if document.scanned_from_id else None
    result = (job.result or {}) if job is not None else {}
    documents, pages = result.get("documents"), result.get("pages")
    if not isinstance(documents, list) or not isinstance(pages, list):
        return ""
    part = document.scanned_part or 0
    wanted = set(documents[part].get("pages") or []) if 0 <= part < len(documents) else set()
    text = " ".join(
        str(p.get("text") or "") for p in pages if isinstance(p, dict) and p.get("number") in wanted
    )
    return " ".join(text.split())[:SCANNED_TEXT_CHARS]


def register_all() -> None:
    from chancery.core import links
    from chancery.search import index

    links.register(
        links.LinkKind(
            "incoming-document",
            _("Incoming document"),
            IncomingDocument,
            _incoming_named,
            lambda d: f"{d} — {d.reference} {d.summary}".strip(),
        )
    )
    links.register(
        links.LinkKind(
            "outgoing-document",
            _("Outgoing document"),
            OutgoingDocument,
            _outgoing_named,
            lambda d: f"{d.number_text or d} — {d.summary}",
        )
    )

    lists.register(INCOMING_LIST)
    lists.register(OUTGOING_LIST)
    queues.register(*QUEUES)
    index.register(
        IncomingDocument,
        module="documents",
        label=_("Incoming documents"),
        title=lambda d: f"{d} — {d.reference} {d.summary}",
        body=lambda d: " ".join(
            p for p in (d.sender_name, d.reference, d.summary, d.signer, scanned_text(d)) if p
        ),
        state=lambda d: d.state,
        date=lambda d: d.received_on,
        prefetch=("scanned_from",),
    )
    index.register(
        OutgoingDocument,
        module="documents",
        label=_("Outgoing documents"),
        title=lambda d: f"{d.number_text or d} — {d.summary}",
        body=lambda d: " ".join(p for p in (d.number_text, d.summary, d.addressee, d.body) if p),
        state=lambda d: d.state,
        date=lambda d: d.issued_on or d.created_at.date(),
    )
