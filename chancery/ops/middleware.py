"""One structured log line per request, with the request's id (taken from the proxy's X-Request-ID or made
here, and returned in the response), so a complaint about a slow or failed page can be found in the logs."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chancery.core import audit

logger = logging.getLogger("chancery.request")

Handler = Callable[[HttpRequest], HttpResponse]
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "remote": audit.client_address(request) or "",
                },
            )
        return response
