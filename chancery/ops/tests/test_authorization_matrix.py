"""The authorisation matrix, generated from the access policy and checked against the running app.

People: every member of the demo office (every role: clerk, specialist, head of unit, office leadership,
administrator; every clearance from none to Tuyệt mật; a dozen units), each signed in (past the second
factor where their clearance asks for one), and someone not signed in.
Records: of every protected kind (petitions, incoming and outgoing documents, honours batches, amnesty
campaigns, laws, drafts of laws, treaties, foreign-affairs events, key tasks), one in the unit that owns
such work and one moved to another unit, each taken through every secrecy level.
Expected: what the module's policy selector (`visible_*`, built on chancery.core.access) lets that person
see. Checked: the record's page and its API resource answer 200 exactly when expected, and otherwise refuse
(403/404, or the login page / 401 for someone not signed in), never a server error; every opening of a
secret record, page or API, is an event in the audit trail; and every list of the API shows that person only
records the policy lets them see."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.test import Client

from chancery.amnesty import selectors as amnesty
from chancery.amnesty.models import Campaign
from chancery.core.audit import object_type_of
from chancery.core.models import AuditAction, AuditEvent, SecrecyLevel, Unit, User
from chancery.core.tests.factories import signed_in
from chancery.diplomacy import selectors as diplomacy
from chancery.diplomacy.models import Event, Treaty
from chancery.documents import selectors as documents
from chancery.documents.models import IncomingDocument, OutgoingDocument
from chancery.honours import selectors as honours
from chancery.honours.models import HonoursBatch
from chancery.legislation import selectors as legislation
from chancery.legislation.models import DraftLaw, Statute
from chancery.petitions import selectors as petitions
from chancery.petitions.models import Petition
from chancery.programme import selectors as programme
from chancery.programme.models import KeyTask

pytestmark = pytest.mark.django_db

# model, the policy's selector, its API resource
KINDS: list[tuple[type[Model], Callable[[Any], Any], str]] = [
    (Petition, petitions.visible_petitions, "petitions"),
    (IncomingDocument, documents.visible_incoming, "incoming-documents"),
    (OutgoingDocument, documents.visible_outgoing, "outgoing-documents"),
    (HonoursBatch, honours.visible_batches, "honours-batches"),
    (Campaign, amnesty.visible_campaigns, "amnesty-campaigns"),
    (Statute, legislation.visible_statutes, "statutes"),
    (DraftLaw, legislation.visible_drafts, "draft-laws"),
    (Treaty, diplomacy.visible_treaties, "treaties"),
    (Event, diplomacy.visible_events, "foreign-events"),
    (KeyTask, programme.visible_tasks, "key-tasks"),
]
CASE_LISTS = {"petitions", "incoming-documents", "outgoing-documents", "key-tasks"}  # also /api/v1/lists/
DENIED_PAGE = {403, 404}
DENIED_API = {403, 404}


@pytest.fixture
def office(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "demo", scale=20, documents=20, honours=20, amnesty=10, stdout=io.StringIO(), stderr=io.StringIO()
    )
    people = list(User.objects.filter(is_active=True).order_by("username"))
    return [(person.username, person, signed_in(person)) for person in people]


def _records(model: type[Model]) -> list[Any]:
    """One record in the unit that owns such work, one moved to another unit."""
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"the demo office has no {model.__name__}"
    second = model._default_manager.exclude(pk=first.pk).order_by("-pk").first()
    if second is None:
        return [first]
    owner = first.owning_unit_id  # type: ignore[attr-defined]
    other = Unit.objects.exclude(pk=owner).exclude(kind="leadership").order_by("pk").first()
    model._default_manager.filter(pk=second.pk).update(owning_unit=other)
    second.refresh_from_db()
    return [first, second]


def _views_of(person: User, record: Model) -> int:
    """Openings of the record by the person in the audit trail: every opening of a secret record is one, on
    a page and over the API alike (Luật Bảo vệ bí mật nhà nước)."""
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=person, object_type=object_type_of(record), object_id=record.pk
    ).count()


def test_every_person_sees_exactly_what_the_policy_allows_on_every_page_and_api(office):
    anonymous = Client()
    mismatches: list[str] = []
    cells: Counter[str] = Counter()
    for model, visible, resource in KINDS:
        for record in _records(model):
            for level in SecrecyLevel:
                model._default_manager.filter(pk=record.pk).update(secrecy=level)
                record.refresh_from_db()
                page, api = record.get_absolute_url(), f"/api/v1/{resource}/{record.pk}/"
                for username, person, client in office:
                    allowed = visible(person).filter(pk=record.pk).exists()
                    cells["allowed" if allowed else "denied"] += 1
                    for url, denied in ((page, DENIED_PAGE), (api, DENIED_API)):
                        views_before = _views_of(person, record)
                        status = client.get(url).status_code
                        if (allowed and status != 200) or (not allowed and status not in denied):
                            mismatches.append(
                                f"{username} {url} ({model.__name__}, {level.label}, unit "
                                f"{record.owning_unit_id}): expected {'200' if allowed else 'refusal'}, got {status}"
                            )
                        elif allowed and level and _views_of(person, record) != views_before + 1:
                            mismatches.append(f"{username} {url} ({level.label}): the opening is not audited")
                # someone not signed in sees nothing
                page_status = anonymous.get(page).status_code
                api_status = anonymous.get(api).status_code
                if page_status != 302 or api_status not in {401, 403}:
                    mismatches.append(f"anonymous {page} -> {page_status}, {api} -> {api_status}")
            model._default_manager.filter(pk=record.pk).update(secrecy=SecrecyLevel.NONE)
    assert not mismatches, "\n".join(mismatches[:40])
    assert cells["allowed"] > 100 and cells["denied"] > 100, cells  # both sides of the policy were exercised


def test_no_api_list_shows_anyone_a_record_the_policy_hides(office):
    # make part of every kind secret, so the lists have something to hide
    for model, _visible, _resource in KINDS:
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[::2])
        model._default_manager.filter(pk__in=pks).update(secrecy=SecrecyLevel.SECRET)
    leaks: list[str] = []
    for username, person, client in office:
        for model, visible, resource in KINDS:
            lists = [f"/api/v1/{resource}/"]
            if resource in CASE_LISTS:
                lists += [f"/api/v1/lists/{resource}/", f"/api/v1/lists/{resource}/?sort=id"]
            for url in lists:
                response = client.get(url)
                if response.status_code in DENIED_API or response.status_code == 405:
                    continue  # the module is closed to this person, or lists its records elsewhere
                assert response.status_code == 200, (username, url, response.status_code)
                shown = {item["id"] for item in response.json()["results"]}
                allowed = set(visible(person).filter(pk__in=shown).values_list("pk", flat=True))
                leaks += [f"{username} sees {model.__name__} #{pk} in {url}" for pk in shown - allowed]
    assert not leaks, "\n".join(leaks[:40])
