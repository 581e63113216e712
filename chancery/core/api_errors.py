"""Every API error as JSON: a stable `code` for programs, a Vietnamese `message` for people, and details."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    "not_authenticated": lambda: _("You are not logged in, or your token is not valid."),
    "authentication_failed": lambda: _("You are not logged in, or your token is not valid."),
    "permission_denied": lambda: _("You do not have permission to do this."),
    "not_found": lambda: _("Not found, or you may not see it."),
    "invalid": lambda: _("The data sent is not valid; see the details."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "throttled": lambda: _("Too many requests; try again later."),
    "parse_error": lambda: _("The request body could not be read."),
    "unsupported_media_type": lambda: _("This content type is not supported."),
    "not_acceptable": lambda: _("The requested response format is not available."),
    "csrf_failed": lambda: _(
        "The request lacks its CSRF token: a signed-in browser session must send the X-CSRFToken header "
        "(or use an API token)."
    ),
}
# DRF writes these messages itself, in English and with internals (a JSON parser's words, the CSRF reason):
# the answer carries the office's own message for their code instead.
OWN_MESSAGE_CODES = {"parse_error"}


def _django_to_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, SuspiciousOperation):
        # a body over the request limits (too many fields or bytes), a bad multipart: unreadable, not a 500
        return exceptions.ParseError()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with services' Django exceptions mapped and the body in the office's shape."""
    exc = _django_to_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = exc.default_code
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = MESSAGES["invalid"]()
        details = response.data
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or code
        if code == "permission_denied" and str(detail).startswith("CSRF Failed"):
            code = "csrf_failed"
        replaced = code in OWN_MESSAGE_CODES or code == "csrf_failed"
        own = str(detail) if detail and str(detail) != str(exc.default_detail) and not replaced else ""
        message = own or MESSAGES.get(code, lambda: str(detail))()
        details = None
    response.data = {"code": code, "message": message, "details": details}
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """404 for unknown addresses under /api/: JSON, like every other API error."""
    return JsonResponse(
        {"code": "not_found", "message": MESSAGES["not_found"](), "details": None}, status=404
    )


# Record ids fit in 18 digits on every database (a 64-bit integer holds 19): a larger number in a path or a
# parameter is refused here rather than overflowing in the database.
MAX_ID = 10**18 - 1


WHOLE_NUMBER = re.compile(r"-?[0-9]{1,30}")


def number_param(params: Any, name: str, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole-number query parameter within [low, high], None when absent; anything else refused (400)."""
    value = params.get(name)
    if value in (None, ""):
        return None
    if not WHOLE_NUMBER.fullmatch(str(value)):  # "-1" is a whole number out of range, "1.5" or "１" none
        raise exceptions.ValidationError({name: [_("Must be a whole number.")]})
    if not low <= int(value) <= high:
        raise exceptions.ValidationError(
            {name: [_("Must be from %(low)s to %(high)s.") % {"low": low, "high": high}]}
        )
    return int(value)


def year_param(params: Any, name: str = "year") -> int | None:
    return number_param(params, name, low=1900, high=2100)
