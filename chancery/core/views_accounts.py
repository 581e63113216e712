"""Pages of the four-eyes rule: an administrator proposes the leadership role or a clearance for a person, a
change of a protected account's roles, clearance, unit, status or e-mail address, or the reset of its password
or two-step login; a member of the leadership with that clearance confirms or rejects it, with a reason,
having seen each change before and after. And the page where a person sets a new password with the one-time
link a confirmed reset gave."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from chancery.core import access, password_links, services
from chancery.core.forms import (
    AccessProposalForm,
    AccountResetForm,
    ProposalDecisionForm,
    StyledSetPasswordForm,
    error_text,
    show_errors,
)
from chancery.core.models import AccessProposal, ProposalStatus, SecrecyLevel, User
from chancery.core.views import StaffRequest

# Session keys: the one-time link shown once to the confirmer, and the key the person's link brought.
SHOWN_LINK = "password_link_for_proposal_%s"
LINK_KEY = "password_link_key"


def _proposals(request: StaffRequest) -> QuerySet[AccessProposal]:
    if not access.may_see_access_proposals(request.user):
        raise PermissionDenied
    related = ("staff", "staff__unit", "proposed_by", "decided_by")
    return access.visible_access_proposals(request.user, AccessProposal.objects.select_related(*related))


@login_required
def proposal_list(request: StaffRequest) -> HttpResponse:
    """The proposals waiting for confirmation, then the last ones decided."""
    proposals = _proposals(request)
    pending = list(proposals.filter(status=ProposalStatus.PENDING).order_by("id"))
    for proposal in pending:
        proposal.may_decide = access.can_confirm_access(request.user, proposal)  # type: ignore[attr-defined]
    decided = list(proposals.exclude(status=ProposalStatus.PENDING).order_by("-id")[:50])
    lines = services.describe_changes([*pending, *decided])
    for proposal in [*pending, *decided]:
        proposal.change_lines = lines[proposal.pk]  # type: ignore[attr-defined]
    return render(request, "core/proposal_list.html", {"pending": pending, "decided": decided})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """One proposal; the leadership confirms or rejects it here, an administrator may withdraw it."""
    proposal = get_object_or_404(_proposals(request), pk=pk)
    form = ProposalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        actions: dict[str, Callable[..., AccessProposal]] = {
            "confirm": services.confirm_access_proposal,
            "reject": services.reject_access_proposal,
            "withdraw": services.withdraw_access_proposal,
        }
        decide = actions.get(action or "")
        if decide is None:
            raise Http404
        try:
            decided = decide(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
            return redirect(proposal)
        else:
            done = {
                "confirm": _("Confirmed: the reset is done.")
                if proposal.is_reset
                else _("Confirmed: the access is granted now."),
                "reject": _("Rejected: nothing changes for this person."),
                "withdraw": _("The proposal is withdrawn."),
            }
            messages.success(request, done[action or ""])
            if decided.password_link is not None:
                # Shown once, on the next page of this session only: the confirmer hands it to the person.
                link = decided.password_link
                request.session[SHOWN_LINK % proposal.pk] = {
                    "url": request.build_absolute_uri(link.path),
                    "expires": timezone.localtime(link.expires_at).strftime("%d/%m/%Y %H:%M"),
                }
            return redirect(proposal)
    proposal.change_lines = services.describe_changes([proposal])[proposal.pk]  # type: ignore[attr-defined]
    context = {
        "proposal": proposal,
        "form": form,
        "may_decide": access.can_confirm_access(request.user, proposal),
        "may_withdraw": access.can_withdraw_access(request.user, proposal),
        "needed_clearance": SecrecyLevel(access.clearance_to_confirm(proposal)).label,
        "password_link": request.session.pop(SHOWN_LINK % proposal.pk, None),
    }
    return render(request, "core/proposal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_propose(request: StaffRequest, pk: int) -> HttpResponse:
    """An administrator proposes, for another person, what takes a second person: the leadership role or a
    clearance, or any change of a protected account's roles, clearance, unit, status or e-mail address. The
    form starts from the account as it is; what differs is proposed."""
    staff = get_object_or_404(User, pk=pk)
    if not access.can_propose_access(request.user, staff):
        raise PermissionDenied
    form = AccessProposalForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.propose_access(
                actor=request.user,
                staff=staff,
                roles=data["roles"],
                clearance=data["clearance"],
                unit=data["unit"],
                is_active=data["is_active"],
                email=data["email"],
                reason=data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Proposed; it takes effect once a member of the leadership confirms it.")
            )
            return redirect(proposal)
    pending = AccessProposal.objects.filter(staff=staff, status=ProposalStatus.PENDING).first()
    return render(request, "core/staff_propose.html", {"staff": staff, "form": form, "pending": pending})


@login_required
@require_http_methods(["GET", "POST"])
def staff_reset(request: StaffRequest, pk: int) -> HttpResponse:
    """An administrator proposes to reset a protected account's password or two-step login; an account that
    is not protected is reset by one administrator on the admin screen, as before."""
    staff = get_object_or_404(User, pk=pk)
    if not access.can_propose_access(request.user, staff):
        raise PermissionDenied
    protected = access.is_protected_account(staff)
    form = AccountResetForm(request.POST or None)
    if request.method == "POST" and protected and form.is_valid():
        try:
            proposal = services.propose_access(
                actor=request.user,
                staff=staff,
                reset_password=form.cleaned_data["reset_password"],
                reset_second_factor=form.cleaned_data["reset_second_factor"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Proposed; the reset takes effect once a member of the leadership confirms it.")
            )
            return redirect(proposal)
    pending = AccessProposal.objects.filter(staff=staff, status=ProposalStatus.PENDING).first()
    context = {"staff": staff, "form": form, "protected": protected, "pending": pending}
    return render(request, "core/staff_reset.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def password_set(request: HttpRequest) -> HttpResponse:
    """The person sets a new password with the one-time link of a confirmed reset (no login: the person has
    no usable password). The key is moved from the address into the session first, so that it leaves the
    address bar, the browser's history and any Referer."""
    if "key" in request.GET:
        request.session[LINK_KEY] = request.GET["key"][:100]
        return redirect("core:password_set")
    key = request.session.get(LINK_KEY, "")
    try:
        person = password_links.person_of_link(key)
    except ValidationError as error:
        request.session.pop(LINK_KEY, None)
        return render(request, "core/password_set.html", {"invalid": error_text(error)})
    form = StyledSetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_links.set_password_with_link(key=key, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_link":
                request.session.pop(LINK_KEY, None)
                return render(request, "core/password_set.html", {"invalid": error_text(error)})
            form.add_error("new_password1", error)
        else:
            request.session.pop(LINK_KEY, None)
            messages.success(request, _("Your password is set. Log in with it."))
            return redirect("core:login")
    return render(request, "core/password_set.html", {"form": form, "person": person})
