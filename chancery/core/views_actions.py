"""The one shape of a page's POST action: a bound form is checked, one service is called with it, and the
person is sent back to the record with what happened, in Vietnamese (the service's refusal, or the form's
errors), never an error page. Every module's action views call `act`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from chancery.core.forms import error_text


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
    if form.is_valid():
        try:
            result = action(form)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error) or str(_("You may not do this.")))
        else:
            messages.success(request, done(result) if callable(done) else done)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(back or record)
