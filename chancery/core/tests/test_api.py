"""The REST API: token auth, the OpenAPI schema, JSON errors with a stable code and a Vietnamese message."""

import pytest
from rest_framework.test import APIClient

from chancery.core import tokens
from chancery.core.models import AuditEvent, RoleCode, SecrecyLevel, Unit, User
from chancery.core.tests.factories import UnitFactory, make_staff

pytestmark = pytest.mark.django_db


def api_as(user: User) -> APIClient:
    client = APIClient()
    key = tokens.issue_api_token(user=user, second_factor_verified=True).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def people() -> dict[str, User]:
    unit_a, unit_b = UnitFactory.create(), UnitFactory.create()
    return {
        "admin": make_staff("quantri", unit=unit_a, roles=(RoleCode.ADMINISTRATOR,)),
        "specialist": make_staff("chuyenvien", unit=unit_a, roles=(RoleCode.SPECIALIST,), phone="0912345678"),
        "other": make_staff(
            "khac", unit=unit_b, roles=(RoleCode.SPECIALIST,), clearance=SecrecyLevel.CONFIDENTIAL
        ),
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/units/", "/api/v1/staff/", "/api/v1/audit-events/", "/api/v1/staff/me/"]
)
def test_no_token_is_a_json_error_with_code_and_vietnamese_message(path: str) -> None:
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"] == "Bạn chưa đăng nhập, hoặc mã truy cập (token) không hợp lệ."


def test_bad_token_is_refused() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_unknown_api_address_is_json_404(people: dict[str, User]) -> None:
    response = api_as(people["specialist"]).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_non_administrator_cannot_create_units(people: dict[str, User]) -> None:
    response = api_as(people["specialist"]).post(
        "/api/v1/units/", {"code": "x", "name": "X", "kind": "division"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert response.json()["message"] == "Chỉ quản trị viên được thay đổi tổ chức và tài khoản."
    assert not Unit.objects.filter(code="x").exists()


def test_administrator_creates_a_unit_through_the_service(people: dict[str, User]) -> None:
    response = api_as(people["admin"]).post(
        "/api/v1/units/", {"code": "vu-moi", "name": "  Vụ  Mới ", "kind": "department"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Vụ Mới"
    assert AuditEvent.objects.filter(object_type="core.unit", action="create", actor=people["admin"]).exists()


def test_invalid_input_lists_field_errors_and_stores_nothing(people: dict[str, User]) -> None:
    before = Unit.objects.count()
    response = api_as(people["admin"]).post(
        "/api/v1/units/", {"code": "có dấu", "kind": "nope"}, format="json"
    )
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ; xem chi tiết."
    assert set(body["details"]) >= {"code", "name", "kind"}
    assert Unit.objects.count() == before


def test_moving_a_unit_under_its_own_child_is_refused(people: dict[str, User]) -> None:
    client = api_as(people["admin"])
    parent = client.post(
        "/api/v1/units/", {"code": "p", "name": "P", "kind": "department"}, format="json"
    ).json()
    child = client.post(
        "/api/v1/units/",
        {"code": "c", "name": "C", "kind": "division", "parent": parent["id"]},
        format="json",
    ).json()
    response = client.patch(f"/api/v1/units/{parent['id']}/", {"parent": child["id"]}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()["details"]
    assert Unit.objects.get(pk=parent["id"]).parent_id is None


def test_staff_details_are_hidden_from_colleagues_but_shown_to_administrators(
    people: dict[str, User],
) -> None:
    target = people["specialist"]
    as_other = api_as(people["other"]).get(f"/api/v1/staff/{target.pk}/").json()
    assert "phone" not in as_other and "clearance" not in as_other and "roles" not in as_other
    as_admin = api_as(people["admin"]).get(f"/api/v1/staff/{target.pk}/").json()
    assert as_admin["phone"] == "0912345678"
    assert as_admin["roles"] == ["specialist"]


def test_directory_search_ignores_diacritics(people: dict[str, User]) -> None:
    make_staff("dang", unit=people["admin"].unit, full_name="Đặng Quốc Bảo")
    results = api_as(people["specialist"]).get("/api/v1/staff/", {"q": "dang quoc"}).json()["results"]
    assert [r["full_name"] for r in results] == ["Đặng Quốc Bảo"]


def test_audit_events_are_filtered_by_policy_and_by_record(people: dict[str, User]) -> None:
    admin_view = api_as(people["admin"]).get("/api/v1/audit-events/", {"object_type": "core.user"}).json()
    assert {e["object_type"] for e in admin_view["results"]} == {"core.user"}
    mine = api_as(people["other"]).get("/api/v1/audit-events/").json()["results"]
    assert all(e["actor"] == people["other"].pk for e in mine)
    response = api_as(people["admin"]).get("/api/v1/audit-events/", {"actor": "abc"})
    assert response.status_code == 400
    assert response.json()["details"]["actor"] == ["Phải là số nguyên."]


def test_me_returns_the_token_owner(people: dict[str, User]) -> None:
    body = api_as(people["other"]).get("/api/v1/staff/me/").json()
    assert body["username"] == "khac"
    assert body["clearance"] == SecrecyLevel.CONFIDENTIAL


def test_openapi_schema_and_local_docs(client, people: dict[str, User]) -> None:
    client.force_login(people["other"])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi: 3" in text
    for path in ("/api/v1/units/", "/api/v1/staff/", "/api/v1/audit-events/"):
        assert path in text
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html and "http://" not in html.replace("http://testserver", "")
