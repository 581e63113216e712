"""The amnesty pages: campaigns, their terms, the facilities' lists, the appraisal with its progress, the
review of each prisoner and the council's opinion, the lists for submission and the decision. Every page reads
through the selectors (the access policy) and writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.appraisal import importing
from chancery.core import access
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.text import grouped
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act, file_response
from chancery.core.views_links import panel as links_panel

from . import forms, intake, rules, selectors, services, stats
from .models import Campaign, CouncilOpinion, Verdict


def _campaign(request: StaffRequest, pk: int) -> Campaign:
    campaign = selectors.get_campaign(request.user, pk)
    if campaign is None:
        raise Http404
    return campaign


@login_required
def home(request: StaffRequest) -> HttpResponse:
    from django.conf import settings

    from chancery.core import access

    context = {
        "campaigns": selectors.campaigns_with_counts(request.user)[:50],
        "can_open": services.can_work_on_amnesty(request.user),
        # an empty list says why: campaigns are shown to the units that handle them
        "owners": access.unit_names(settings.CHANCERY_AMNESTY_UNITS),
    }
    return render(request, "amnesty/home.html", context)


@login_required
def campaign_new(request: StaffRequest) -> HttpResponse:
    if not services.can_work_on_amnesty(request.user):
        raise PermissionDenied(services.refusal())
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The campaign was opened: check its terms against the decision."))
            return redirect("amnesty:campaign", pk=campaign.pk)
    return render(request, "amnesty/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    outcome = request.GET.get("outcome", "")
    if outcome not in Verdict.values:
        outcome = ""
    council = request.GET.get("council")
    if council not in (None, *CouncilOpinion.values):
        council = None
    try:
        after = max(0, int(request.GET.get("after", "0")))
        facility = int(request.GET["facility"]) if request.GET.get("facility") else None
    except ValueError:
        after, facility = 0, None
    name = request.GET.get("q", "")[:100]
    rows = selectors.proposals_page(
        campaign, outcome=outcome, facility=facility, council=council, after=after, name=name
    )
    counts = services.counts_of(campaign)
    can_change = services.can_change_campaign(request.user, campaign)
    awaiting = None
    if campaign.state == "appraised" and services.may_give_council_opinion(request.user, campaign):
        awaiting = services.awaiting_council(campaign, facility=facility).count()
    context = {
        "campaign": campaign,
        "terms": rules.describe(campaign.rule_terms),
        "can_edit_terms": services.can_edit_terms(request.user, campaign),
        "can_change": can_change,
        "can_import": services.can_take_lists(request.user, campaign),
        "lists": selectors.lists_of(campaign),
        "list_form": forms.ListForm() if services.can_take_lists(request.user, campaign) else None,
        "council_form": forms.CouncilMemberForm() if access.can_assign(request.user, campaign) else None,
        "council_members": selectors.council_members(campaign),
        "rows": rows[: selectors.PAGE],
        "next_after": rows[selectors.PAGE - 1].pk if len(rows) > selectors.PAGE else None,
        "outcome": outcome,
        "facility": facility,
        "council": council,
        "q": name,
        "counts": counts,
        "tabs": [("", _("All"), sum(counts.values()))]
        + [
            (v.value, v.label, counts.get(v.value, 0))
            for v in (Verdict.PASS, Verdict.REVIEW, Verdict.FAIL, Verdict.PENDING)
        ],
        "submit_form": forms.SubmitForm(),
        "awaiting_council": awaiting,
        "agreement_form": forms.CouncilAgreementForm(initial={"expected": awaiting, "facility": facility})
        if awaiting
        else None,
        "figures": stats.figures(campaign),
        **links_panel(request.user, campaign),
    }
    return render(request, "amnesty/campaign_detail.html", context)


@login_required
def campaign_progress(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    context = {
        "campaign": campaign,
        "lists": selectors.lists_of(campaign),
        "can_import": services.can_take_lists(request.user, campaign),
    }
    return render(request, "amnesty/_progress.html", context)


@login_required
def campaign_terms(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if refusal := services.terms_refusal(request.user, campaign):
        raise PermissionDenied(refusal)
    form = forms.TermsForm(request.POST or None, initial=forms.TermsForm.initial_from(campaign.rule_terms))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_terms(actor=request.user, campaign=campaign, terms=form.terms())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The terms were saved; the change is in the audit trail."))
            return redirect("amnesty:campaign", pk=campaign.pk)
    return render(request, "amnesty/terms_form.html", {"campaign": campaign, "form": form})


@login_required
@require_POST
def campaign_council(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = forms.CouncilMemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_council_member(actor=request.user, campaign=campaign, user=form.cleaned_data["user"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The council member was added."))
    return redirect("amnesty:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_council_agree(request: StaffRequest, pk: int) -> HttpResponse:
    """The council agrees with every prisoner who meets the conditions and has no opinion yet."""
    campaign = _campaign(request, pk)
    form = forms.CouncilAgreementForm(request.POST)
    facility = request.POST.get("facility", "")
    back = reverse("amnesty:campaign", args=[campaign.pk]) + "?outcome=pass&council="
    return act(
        request,
        campaign,
        form,
        lambda valid: services.record_council_agreement(
            actor=request.user, campaign=campaign, **valid.cleaned_data
        ),
        lambda recorded: (
            _("The council's agreement was recorded for %(n)s prisoners.") % {"n": grouped(recorded)}
        ),
        back=back + (f"&facility={int(facility)}" if facility.isdigit() else ""),
    )


@login_required
@require_POST
def list_new(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = forms.ListForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(form.errors)))
        return redirect("amnesty:campaign", pk=campaign.pk)
    try:
        plist = services.open_list(actor=request.user, campaign=campaign, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("amnesty:campaign", pk=campaign.pk)
    return redirect("amnesty:list_import", pk=plist.pk)


@login_required
def list_import(request: StaffRequest, pk: int) -> HttpResponse:
    plist = selectors.get_list(request.user, pk)
    if plist is None:
        raise Http404
    if not services.can_change_campaign(request.user, plist.campaign):
        raise PermissionDenied(services.refusal())
    return importing.two_step_import(
        request,
        key=f"amnesty-upload-{plist.pk}",
        kind="amnesty_import",
        columns=intake.COLUMNS,
        start=lambda upload, mapping: services.import_or_preview(
            actor=request.user, plist=plist, upload=upload, mapping=mapping
        ),
        confirm=lambda token, remove: services.confirm_import(
            actor=request.user, plist=plist, token=token, remove=remove
        ),
        page=lambda context: render(
            request,
            "amnesty/list_import.html",
            {
                "plist": plist,
                "dossier": selectors.dossier_of(plist),
                "dossier_form": forms.DossierForm(),
                **context,
            },
        ),
        done=lambda: redirect("amnesty:campaign", pk=plist.campaign_id),
        again=lambda: redirect("amnesty:list_import", pk=plist.pk),
        label=_("List of prisoners proposed (Excel .xlsx)"),
    )


@login_required
@require_POST
def list_files(request: StaffRequest, pk: int) -> HttpResponse:
    plist = selectors.get_list(request.user, pk)
    if plist is None:
        raise Http404
    form = forms.DossierForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the files to attach."))
    else:
        try:
            count = services.attach_list_dossier(
                actor=request.user, plist=plist, files=form.cleaned_data["dossier"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("%(n)s files attached.") % {"n": count})
    return redirect("amnesty:list_import", pk=plist.pk)


@login_required
def list_file(request: StaffRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    from django.http import FileResponse

    plist = selectors.get_list(request.user, pk)
    if plist is None:
        raise Http404
    attachment = next((a for a in selectors.dossier_of(plist) if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def campaign_appraise(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.start_appraisal(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The appraisal has started; the terms are frozen."))
    return redirect("amnesty:campaign", pk=campaign.pk)


@login_required
def proposal_detail(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal(request.user, pk)
    if proposal is None:
        raise Http404
    campaign = proposal.campaign
    can_change = services.can_change_campaign(request.user, campaign)
    can_council = services.may_give_council_opinion(request.user, campaign)
    override = forms.OverrideForm(
        request.POST if request.POST.get("form") == "override" else None,
        initial={"outcome": proposal.override, "reason": proposal.override_reason},
    )
    council = forms.CouncilForm(
        request.POST if request.POST.get("form") == "council" else None,
        initial={"opinion": proposal.council, "note": proposal.council_note},
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "override" and override.is_valid():
                services.override_verdict(actor=request.user, proposal=proposal, **override.cleaned_data)
                messages.success(request, _("The outcome was changed; the reason is in the audit trail."))
                return redirect("amnesty:proposal", pk=proposal.pk)
            if request.POST.get("form") == "council" and council.is_valid():
                services.record_council_opinion(actor=request.user, proposal=proposal, **council.cleaned_data)
                messages.success(request, _("The council's opinion was recorded."))
                return redirect("amnesty:proposal", pk=proposal.pk)
        except ValidationError as error:
            _form_errors(override if request.POST.get("form") == "override" else council, error)
    context = {
        "proposal": proposal,
        "campaign": campaign,
        "override_form": override if can_change and campaign.state == "appraised" else None,
        "council_form": council if can_council and campaign.state == "appraised" else None,
        "special": [rules.SPECIAL_CASES.get(c, c) for c in proposal.facts.get("special", [])],
        "civil": rules.CIVIL_STATES.get(proposal.facts.get("civil", ""), ""),
        "history": selectors.history_of_proposal(proposal),
        # whether the opinion was recorded by a member of the council or, from its minutes, by the unit
        "recorded_by_member": proposal.council_by is not None
        and services.is_council_member(proposal.council_by, campaign),
    }
    return render(request, "amnesty/proposal_detail.html", context)


@login_required
def campaign_export(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    content = services.export_submission(actor=request.user, campaign=campaign)
    return file_response(
        content,
        f"danh-sach-dac-xa-{campaign.number}-{campaign.year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def campaign_submit(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = forms.SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who signs the decision."))
        return redirect("amnesty:campaign", pk=campaign.pk)
    try:
        services.prepare_decision(actor=request.user, campaign=campaign, signer=form.cleaned_data["signer"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The draft decision was prepared; it goes on in Documents."))
    return redirect("amnesty:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_record(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.record_decision(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The decision was recorded: each prisoner's outcome is on file."))
    return redirect("amnesty:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_reopen(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.reopen_appraisal(
            actor=request.user, campaign=campaign, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect(reverse("amnesty:campaign", args=[campaign.pk]))
