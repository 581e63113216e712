"""The citizens' pages (no login): the online form, limited per source and hour, and the lookup by code."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.forms import show_errors as _form_errors
from chancery.petitions import (
    challenge,
    classify,
    forms,
    services,
    stats,
)

# --- the citizens' pages (no login) -------------------------------------------------------------------------

# From one address in an hour: this many petitions without a challenge (a citizen, a family, a commune's
# reception desk sending for several people), then a proof of work for each one, up to the ceiling. A flood
# from many addresses at once (the whole office receives some 30 petitions a day by every channel) brings
# the challenge to everyone while it lasts.
CHALLENGE_AFTER = 3
SUBMISSIONS_PER_HOUR = 20
ALL_CHALLENGE_AFTER = 120
LOOKUPS_PER_HOUR = 30


def _over_limit(request: HttpRequest, what: str, limit: int) -> bool:
    key = f"petitions:{what}:{audit.client_address(request) or ''}"
    count = cache.get_or_set(key, 0, 3600) or 0
    if count >= limit:
        return True
    cache.incr(key)
    return False


def _submission_key(source: str | None) -> str:
    """The cache key counting the petitions sent this hour from `source`, or from everyone (None)."""
    return "petitions:submit-all" if source is None else f"petitions:submit:{source}"


def _count_submission(source: str | None) -> int:
    """Count one more petition sent from `source` (None: from everyone) this hour; returns the count, this
    one included. Counted in the shared cache in one step, so that requests sent side by side cannot all
    pass as the first."""
    key = _submission_key(source)
    cache.add(key, 0, 3600)
    try:
        return int(cache.incr(key))
    except ValueError:  # the hour ended between the two steps
        cache.add(key, 1, 3600)
        return 1


def _sent_this_hour(source: str | None) -> int:
    return int(cache.get(_submission_key(source)) or 0)


def public_submit(request: HttpRequest) -> HttpResponse:
    """The citizens' online form. A refused form comes back with everything typed in it (the files must be
    chosen again: no browser lets a page fill a file field). Past `CHALLENGE_AFTER` petitions an hour from one
    address, each must carry the answer to a proof of work (chancery.petitions.challenge), harder with each
    petition, and none is taken past `SUBMISSIONS_PER_HOUR`."""
    source = audit.client_address(request) or ""
    form = forms.PublicPetitionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent, sent_by_all = _count_submission(source), _count_submission(None)
        needs_proof = sent > CHALLENGE_AFTER or sent_by_all > ALL_CHALLENGE_AFTER
        if sent > SUBMISSIONS_PER_HOUR:
            form.add_error(None, _("Too many petitions from this address; please try again in an hour."))
        elif needs_proof and not challenge.verify(
            source, request.POST.get("proof_token", ""), request.POST.get("proof_nonce", "")
        ):
            form.add_error(
                None,
                _(
                    "Many petitions have come from here within the hour: your browser must first confirm "
                    "the sending (it takes a few seconds, with JavaScript on). Nothing you wrote was lost; "
                    "please send the form again."
                ),
            )
        else:
            text = f"{form.cleaned_data['summary']} {form.cleaned_data['content']}"
            field = classify.suggest(text, province_code=form.cleaned_data["province"]).field
            try:
                petition = services.register_petition(
                    actor=None, data=form.petition_data(field), attachments=form.cleaned_data["attachments"]
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return render(request, "petitions/public_done.html", {"petition": petition})
    if request.method == "POST" and request.FILES and form.errors:
        form.add_error(None, _("The attached files were not kept: please choose them again."))
    sent, sent_by_all = _sent_this_hour(source), _sent_this_hour(None)
    proof = None
    if sent >= CHALLENGE_AFTER or sent_by_all >= ALL_CHALLENGE_AFTER:  # the next one will need it
        bits = challenge.bits_for(sent, CHALLENGE_AFTER, sent_by_all, ALL_CHALLENGE_AFTER)
        proof = challenge.issue(source, bits)
    return render(request, "petitions/public_submit.html", {"form": form, "proof": proof})


def public_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.LookupForm(request.GET or None)
    found = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        if _over_limit(request, "lookup", LOOKUPS_PER_HOUR):
            form.add_error(None, _("Too many lookups from this address; please try again in an hour."))
        else:
            found = stats.public_status(form.cleaned_data["code"])
    return render(
        request, "petitions/public_lookup.html", {"form": form, "found": found, "searched": searched}
    )


def list_url() -> str:
    return reverse("casework:list", args=["petitions"])
