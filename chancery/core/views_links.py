"""The links between records, added and removed from any record's page (chancery.core.links)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from chancery.core import access, audit, links
from chancery.core.forms import StyledForm, form_error_text
from chancery.core.models import ProtectedRecord
from chancery.core.views import StaffRequest


class LinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=())
    text = forms.CharField(label=_("Its number"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = links.choices()  # type: ignore[attr-defined]


def panel(user: Any, record: Any) -> dict[str, Any]:
    """What a record's page needs to show its links (templates include core/_links.html)."""
    return {
        "links_record_type": audit.object_type_of(record),
        "links_record_id": record.pk,
        "related": links.related(user, record),
        "link_form": LinkForm(),
    }


def _record(request: StaffRequest) -> Any:
    object_type = request.POST.get("object_type", "")
    declared = next((k for k in links.KINDS.values() if k.object_type == object_type), None)
    object_id = request.POST.get("object_id", "")
    if declared is None or not object_id.isdigit():
        raise Http404
    records = declared.model._default_manager.filter(pk=int(object_id))
    if issubclass(declared.model, ProtectedRecord):
        records = access.visible_records(request.user, records)
    record = records.first()
    if record is None:
        raise Http404
    return record


def _back(record: Any) -> HttpResponse:
    return redirect(audit.subject_url(audit.object_type_of(record), record.pk) or "/")


@login_required
def link_add(request: StaffRequest) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    record = _record(request)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return _back(record)
    try:
        links.link(
            actor=request.user,
            record=record,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, str(_("Linked.")))
    return _back(record)


@login_required
def link_remove(request: StaffRequest) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    record = _record(request)
    link_id = request.POST.get("link", "")
    try:
        links.unlink(actor=request.user, record=record, link_id=int(link_id) if link_id.isdigit() else 0)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, str(_("Link removed.")))
    return _back(record)
