"""Request-wide concerns: the office's language, the second factor, security headers, audit context."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.security import needs_second_factor

Handler = Callable[[HttpRequest], HttpResponse]


class OfficeLanguageMiddleware:
    """Vietnamese unless the person chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an office computer set up in
    English would then show an English Chancery; the office's language is Vietnamese.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorMiddleware:
    """A person who must use a second factor reaches nothing but the second-factor pages until verified."""

    ALLOWED_NAMES = ("core:otp_verify", "core:otp_setup", "core:logout", "set_language")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and needs_second_factor(user)
            and not user.is_verified()  # type: ignore[attr-defined]
            and not self._is_allowed(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "second_factor_required", "message": _("Verify your second factor first.")},
                    status=403,
                )
            return HttpResponseRedirect(reverse("core:otp_verify"))
        return self.get_response(request)

    def _is_allowed(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in self.ALLOWED_NAMES)


class PermissionsPolicyMiddleware:
    """Turns off browser features the office's pages never use."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class AuditContextMiddleware:
    """Makes the request known to audit events written while it is served (the client's address)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            audit.current_request.reset(token)
