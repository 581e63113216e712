"""What staff see when the server fails, by what failed (Django's handler500, called with the exception in
hand): the database out of reach (restarting, the network) is 503 with "try again in a moment"; a full file
storage is 507; anything else the usual 500 page. The API answers the same in JSON with a stable code.
Nothing here touches the database."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from chancery.core.storage import is_storage_full

RETRY_SECONDS = 30


def _kind(error: BaseException | None) -> str:
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    ):
        return "database_unavailable"
    if error is not None and is_storage_full(error):
        return "storage_full"
    return "server_error"


MESSAGES = {
    "database_unavailable": "Hệ thống tạm thời không kết nối được cơ sở dữ liệu; thao tác của bạn chưa được "
    "lưu. Vui lòng thử lại sau ít phút.",
    "storage_full": "Máy chủ đã hết dung lượng lưu trữ; thao tác của bạn chưa được lưu. Xin báo quản trị hệ "
    "thống.",
    "server_error": "Đã có lỗi xảy ra; thao tác của bạn chưa được lưu. Vui lòng thử lại hoặc báo quản trị "
    "viên.",
}
STATUS = {"database_unavailable": 503, "storage_full": 507, "server_error": 500}
TEMPLATES = {"database_unavailable": "503.html", "storage_full": "507.html", "server_error": "500.html"}


def server_error(request: HttpRequest) -> HttpResponse:
    kind = _kind(sys.exc_info()[1])
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": kind, "message": MESSAGES[kind]}, status=STATUS[kind])
    else:
        body = loader.get_template(TEMPLATES[kind]).render({"message": MESSAGES[kind]})
        response = HttpResponse(body, status=STATUS[kind])
    if kind == "database_unavailable":
        response["Retry-After"] = str(RETRY_SECONDS)
    return response
