"""The shared shapes of a page's views.

A POST action: a bound form is checked, one service is called with it, and the person is sent back to the
record with what happened, in Vietnamese (the service's refusal, or the form's errors), never an error page:
every module's action views call `act`, and `act_for_file` when what the action makes is a file to take
away (a package to send on the exchange). A file attached to a record, downloaded from its page:
`attachment_download`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from chancery.core.audit import object_type_of
from chancery.core.forms import error_text, form_error_text
from chancery.core.models import Attachment


def _run(request: HttpRequest, form: Any, action: Callable[[Any], Any]) -> tuple[bool, Any]:
    """`(True, action(form))` when the form is valid and the service agrees; otherwise `(False, None)`, with
    the service's refusal or the form's errors said to the person, in Vietnamese."""
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return False, None
    try:
        return True, action(form)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error) or str(_("You may not do this.")))
        return False, None


def act(
    request: HttpRequest,
    record: Any,
    form: Any,
    action: Callable[[Any], Any],
    done: str | Callable[[Any], str],
    *,
    back: str | None = None,
) -> HttpResponse:
    """Run `action(form)` when `form` is valid and say `done` (or `done(result)`); say the refusal or the
    form's errors otherwise. Back to `back`, else to the record's page."""
    ran, result = _run(request, form, action)
    if ran:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(back or record)


def act_for_file(
    request: HttpRequest,
    record: Any,
    form: Any,
    action: Callable[[Any], bytes],
    name: str,
    *,
    content_type: str = "application/xml",
) -> HttpResponse:
    """Run `action(form)` when `form` is valid and hand its bytes over as the file `name`; say the refusal
    or the form's errors on the record's page otherwise, as `act` does."""
    ran, content = _run(request, form, action)
    return file_response(content, name, content_type=content_type) if ran else redirect(record)


def file_response(content: bytes, name: str, *, content_type: str = "application/xml") -> HttpResponse:
    """`content` downloaded as the file `name` (a Vietnamese name is sent as RFC 6266 asks)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response


def attachment_download(attachment_id: int, *, of: type[Any], object_ids: Iterable[int]) -> FileResponse:
    """A file attached to one of the records `object_ids` of the model `of`, downloaded under its own name.
    The caller has fetched those records through the access policy (a page may only hand out the files of
    records the person may open); an id of another record's file is a 404."""
    attachment = get_object_or_404(
        Attachment, pk=attachment_id, object_type=object_type_of(of), object_id__in=list(object_ids)
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
