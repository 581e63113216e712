"""Request-wide concerns: the office's language, the second factor, security headers, audit context."""

import functools
from collections.abc import Callable
from typing import Any

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


# The name of a device a backup restored without its keys leaves to a person who had a second factor: a
# pending enrolment with a fresh key (chancery.ops.backup). Until it is confirmed, the person reaches nothing
# but the second-factor pages, even one whose clearance does not require it.
ENROL_AGAIN_DEVICE = "Chancery (enrol again after a restore)"
ENROL_AGAIN_SESSION_KEY = "chancery_enrol_again"


def must_enrol_again(request: HttpRequest, user: Any) -> bool:
    """Whether the person had a second factor that a restore without keys could not bring back; asked of the
    database once per session."""
    session = getattr(request, "session", None)
    cached = session.get(ENROL_AGAIN_SESSION_KEY) if session is not None else None
    if cached is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        cached = TOTPDevice.objects.filter(user=user, confirmed=False, name=ENROL_AGAIN_DEVICE).exists()
        if session is not None:
            session[ENROL_AGAIN_SESSION_KEY] = cached
    return bool(cached)


class SecondFactorMiddleware:
    """A person who must use a second factor reaches nothing but the second-factor pages until verified."""

    ALLOWED_NAMES = ("core:otp_verify", "core:otp_setup", "core:logout", "set_language")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and (needs_second_factor(user) or must_enrol_again(request, user))
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


class FriendlyNotFoundMiddleware:
    """A page that is not there, or a record the person may not see, answers with the office's own page
    (404.html: what it means and whom to ask) in debug mode too, as `make run` serves it: Django's debug
    page lists every address of the application and speaks English. The API keeps its JSON answers."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(("/api/", settings.STATIC_URL, settings.MEDIA_URL)):
            return response
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from django.shortcuts import render

            return render(request, "404.html", status=404)
        if response.status_code == 405 and not response.content:
            # an action's address opened as a page (a bookmark, the back button): say what it is, never a
            # blank page (the examiner of issue 26)
            from django.shortcuts import render

            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the office's pages never use."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


def _model_of_viewset(viewset: Any) -> Any:
    """The model a viewset serves: its `record_model` (for a viewset that builds its queryset per request),
    its `queryset`'s, or its serializer's."""
    if getattr(viewset, "record_model", None) is not None:
        return viewset.record_model
    queryset = getattr(viewset, "queryset", None)
    if queryset is not None:
        return queryset.model
    meta = getattr(getattr(viewset, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None)


@functools.cache
def _opened_models() -> dict[str, Any]:
    """The route names that open one protected record, and its model: each record's page (the model's
    `detail_url_name`) and its API resource (`<basename>-detail` of the API's router)."""
    from django.apps import apps

    from chancery.api import router
    from chancery.core.models import ProtectedRecord

    routes: dict[str, Any] = {}
    for model in apps.get_models():
        name = getattr(model, "detail_url_name", None)
        if issubclass(model, ProtectedRecord) and name:
            routes[name] = model
    for _prefix, viewset, basename in router.registry:
        model = _model_of_viewset(viewset)
        if model is not None and issubclass(model, ProtectedRecord):
            routes[f"{basename}-detail"] = model
    return routes


class SecretOpeningMiddleware:
    """Every opening of a secret record (Mật and above), on its page or as its API resource, is an event in
    the audit trail, whoever opens it (Luật Bảo vệ bí mật nhà nước 2025: access to a state secret is to be
    traceable). One place for every module and both outlets, so that no page or endpoint forgets it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or "pk" not in match.kwargs or not getattr(user, "is_authenticated", False):
            return response
        model = _opened_models().get(match.view_name)
        if model is None:
            return response
        record = model._default_manager.filter(pk=match.kwargs["pk"]).first()
        if record is not None and record.secrecy:
            from chancery.core import services

            services.record_view(actor=user, record=record)
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
