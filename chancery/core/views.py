"""Web pages of the platform: login and second factor, the personal dashboard, organisation, audit trail."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from chancery.core import access, jobs, lockout, notifications, security, selectors, services, tokens
from chancery.core.forms import AuditFilterForm, StaffSearchForm, StyledPasswordChangeForm, TokenForm
from chancery.core.models import Job, Unit, User


class StaffRequest(HttpRequest):
    """A request behind @login_required: its user is a member of staff."""

    user: User


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: StaffRequest) -> HttpResponse:
    """Second step of the login: the 6-digit code of the person's authenticator app."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    if not security.has_second_factor(user):
        return redirect("core:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = security.verify_token(user, form.cleaned_data["token"])
        except security.SecondFactorThrottled as throttled:
            form.add_error("token", security.throttled_message(throttled.seconds))
        else:
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("token", _("The code is wrong or has expired. Try the code shown now."))
    return render(request, "core/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: StaffRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the code, type the first 6 digits."""
    user = request.user
    if security.has_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("core:otp_verify")
    device = security.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if security.confirm_device(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-step login is now on for your account."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the code shown now."))
    context = {
        "form": form,
        "qr_svg": security.qr_code_svg(device),
        "key": security.base32_key(device),
        "required": security.second_factor_is_required(user),
        "next": _next_url(request),
    }
    return render(request, "core/otp_setup.html", context)


@login_required
def dashboard(request: StaffRequest) -> HttpResponse:
    """Việc của tôi: what waits for me by my role and unit (casework.queues: to route, to handle, to approve,
    to sign, due soon, overdue, each counted and opening its list), what is assigned to me and my unit, and
    what I did last."""
    from chancery.casework import queues

    user = request.user
    assignments = selectors.my_assignments(user, limit=DASHBOARD_ROWS + 1)
    unit_assignments = selectors.my_unit_assignments(user, limit=DASHBOARD_ROWS + 1)
    context = {
        "waiting": queues.waiting_for(user),
        "assignments": assignments[:DASHBOARD_ROWS],
        "more_assignments": len(assignments) > DASHBOARD_ROWS,
        "unit_assignments": unit_assignments[:DASHBOARD_ROWS],
        "more_unit_assignments": len(unit_assignments) > DASHBOARD_ROWS,
        "recent": selectors.my_recent_activity(user),
        "has_second_factor": security.has_second_factor(user),
    }
    return render(request, "core/dashboard.html", context)


DASHBOARD_ROWS = 20  # of each list on "Việc của tôi"; the rest opens page by page (assignment_list)


@login_required
def assignment_list(request: StaffRequest, scope: str) -> HttpResponse:
    """The whole of what is assigned to me (scope "me") or to my unit ("unit"), fifty to a page, soonest due
    first: what the dashboard's lists of twenty lead to."""
    if scope not in ("me", "unit"):
        raise Http404
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        page = 1
    rows, has_next = selectors.assignment_page(request.user, unit=scope == "unit", page=page)
    total = selectors.assignment_count(request.user, unit=scope == "unit")
    context = {"scope": scope, "rows": rows, "page": page, "has_next": has_next, "total": total}
    return render(request, "core/assignment_list.html", context)


@login_required
def unit_list(request: StaffRequest) -> HttpResponse:
    return render(request, "core/unit_list.html", {"rows": selectors.unit_tree()})


@login_required
def unit_detail(request: StaffRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    history = selectors.list_audit_events(
        request.user, selectors.AuditFilter(object_type="core.unit", object_id=unit.pk), limit=20
    )
    context = {
        "unit": unit,
        "path": selectors.unit_path(unit),
        "children": unit.children.filter(is_active=True),
        "staff": [person for person in selectors.staff_directory(request.user) if person.unit_id == unit.pk],
        "history": history.rows,
    }
    return render(request, "core/unit_detail.html", context)


@login_required
def staff_list(request: StaffRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    query, unit = "", None
    if form.is_valid():
        query, unit = form.cleaned_data["q"], form.cleaned_data["unit"]
    staff = selectors.staff_directory(request.user, query=query, unit_id=unit.pk if unit else None)
    template = "core/_staff_rows.html" if request.headers.get("HX-Request") else "core/staff_list.html"
    return render(request, template, {"form": form, "staff": staff})


@login_required
def staff_detail(request: StaffRequest, pk: int) -> HttpResponse:
    staff = selectors.get_staff(request.user, pk)
    if staff is None:
        raise Http404
    details = access.can_view_staff_details(request.user, staff)
    history = None
    if details:
        if staff.pk != request.user.pk:
            services.record_view(actor=request.user, record=staff)
        history = selectors.record_history(staff, before=_int_param(request, "before"))
    context = {
        "staff": staff,
        "details": details,
        "history": history,
        "may_propose": access.can_propose_access(request.user, staff),
    }
    return render(request, "core/staff_detail.html", context)


@login_required
def audit_list(request: StaffRequest) -> HttpResponse:
    """The audit trail, filtered by record, person, action and dates; newest first, page by page."""
    form = AuditFilterForm(request.GET or None)
    page = None
    if not request.GET or form.is_valid():
        data: dict[str, Any] = form.cleaned_data if request.GET else {}
        filters = selectors.AuditFilter(
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id"),
            actor_id=data["actor"].pk if data.get("actor") else None,
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        page = selectors.list_audit_events(request.user, filters, before=data.get("before"))
    query = request.GET.copy()
    query.pop("before", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: StaffRequest) -> HttpResponse:
    """My account: password, two-step login, API token."""
    user = request.user
    password_form = StyledPasswordChangeForm(
        user, request.POST if request.POST.get("form") == "password" else None
    )
    if request.method == "POST" and request.POST.get("form") == "password" and password_form.is_valid():
        try:
            services.set_staff_password(
                actor=user, staff=user, password=password_form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            password_form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:account")
    context = {
        "password_form": password_form,
        "has_second_factor": security.has_second_factor(user),
        "second_factor_required": security.second_factor_is_required(user),
        "token": tokens.current_token(user),
        "new_token": request.session.pop("new_api_token", None),
        "token_read_only": tokens.lifetime_for(user)[1],
        "token_hours": settings.CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS,
        "token_days": settings.CHANCERY_API_TOKEN_DAYS,
        "token_idle_days": settings.CHANCERY_API_TOKEN_IDLE_DAYS,
    }
    return render(request, "core/account.html", context)


@login_required
@require_POST
def account_token(request: StaffRequest) -> HttpResponse:
    """Issue a new API token (the old one stops working) or revoke it. A token is issued only from this
    session, and for a person who must use two-step login only once the session passed it."""
    if request.POST.get("action") == "revoke":
        tokens.revoke_api_tokens(user=request.user, actor=request.user, reason="revoked by its owner")
        messages.success(request, _("Your API token has been revoked."))
        return redirect("core:account")
    try:
        issued = tokens.issue_api_token(
            user=request.user,
            second_factor_verified=bool(request.user.is_verified()),  # type: ignore[attr-defined]
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        # Shown once on the next page and dropped from the session there; only its digest is stored.
        request.session["new_api_token"] = issued.key
    return redirect("core:account")


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes answers while a user name is locked from this address after repeated failed logins
    (chancery.core.lockout): the same person can still log in from elsewhere."""
    minutes = max(1, int(lockout.cool_off(request).total_seconds() // 60))
    return render(request, "core/lockout.html", {"cooloff_minutes": minutes}, status=429)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or API call refused for its missing or stale CSRF token (CSRF_FAILURE_VIEW): JSON in the API's
    shape under /api/, otherwise a page that says what to do, in Vietnamese (never Django's English page)."""
    from django.http import JsonResponse

    from chancery.core.api_errors import MESSAGES

    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "csrf_failed", "message": MESSAGES["csrf_failed"](), "details": None}, status=403
        )
    return render(request, "403_csrf.html", status=403)


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


# --- notifications and background jobs ----------


@login_required
def notification_list(request: StaffRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    before = _int_param(request, "before")
    page = notifications.list_inbox(request.user, unread_only=unread_only, before=before)
    return render(request, "core/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_open(request: StaffRequest, pk: int) -> HttpResponse:
    """Mark one notice read and go to what it is about."""
    notice = get_object_or_404(notifications.inbox(request.user), pk=pk)
    notifications.mark_read(request.user, [notice.pk])
    target = (
        notice.url if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) else ""
    )
    return redirect(target or "core:notification_list")


@login_required
@require_POST
def notification_read_all(request: StaffRequest) -> HttpResponse:
    marked = notifications.mark_read(request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": marked})
    return redirect("core:notification_list")


@login_required
def job_list(request: StaffRequest) -> HttpResponse:
    page = selectors.keyset_page(
        jobs.visible_jobs(request.user).select_related("started_by"),
        before=_int_param(request, "before"),
        limit=50,
    )
    startable = jobs.startable_kinds(request.user)
    return render(request, "core/job_list.html", {"page": page, "startable": startable})


@login_required
@require_POST
def job_start(request: StaffRequest) -> HttpResponse:
    try:
        job = jobs.start_requested_job(actor=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:job_list")
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("core:job_list")
    return redirect(job)


def _followed_job(request: StaffRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if not jobs.can_follow(request.user, job):
        raise Http404
    return job


@login_required
def job_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """A job and its progress bar; the bar refreshes itself (htmx) every second while the job runs."""
    job = _followed_job(request, pk)
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    shown = jobs.may_read_output(request.user, job)
    context = {
        "job": job,
        "show_output": shown,
        "result_lines": jobs.result_lines(job) if shown else [],
        "problems": jobs.result_problems(job) if shown else [],
    }
    return render(request, template, context)


@login_required
def job_file(request: StaffRequest, pk: int) -> FileResponse:
    """The file a finished job wrote (an Excel export), for the person who started it."""
    found = jobs.result_file(request.user, _followed_job(request, pk))
    if found is None:
        raise Http404
    handle, filename = found
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
@require_POST
def job_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    job = _followed_job(request, pk)
    if action not in {"cancel", "retry"}:
        raise Http404
    try:
        if action == "cancel":
            jobs.cancel_job(actor=request.user, job=job)
            messages.info(request, _("The job will stop at its next checkpoint."))
        else:
            jobs.retry_job(actor=request.user, job=job)
            messages.success(request, _("The job is queued again; it carries on where it stopped."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(job)
