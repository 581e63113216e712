"""Web pages: each role reaches its pages, nobody reaches what is not theirs; Vietnamese by default."""

import pytest
from django.test import Client

from chancery.core import audit, services
from chancery.core.models import RoleCode, UnitKind, User
from chancery.core.tests.factories import UnitFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> dict[str, User]:
    office = UnitFactory.create(code="office", name="Văn phòng", kind=UnitKind.OFFICE)
    unit_a = UnitFactory.create(code="a", name="Vụ A", parent=office)
    unit_b = UnitFactory.create(code="b", name="Vụ B", parent=office)
    return {
        "admin": make_staff("quantri", unit=office, roles=(RoleCode.ADMINISTRATOR,)),
        "head_a": make_staff("head_a", unit=unit_a, roles=(RoleCode.HEAD_OF_UNIT,)),
        "specialist_a": make_staff(
            "spec_a", unit=unit_a, roles=(RoleCode.SPECIALIST,), full_name="Đặng Thị Hà"
        ),
        "specialist_b": make_staff("spec_b", unit=unit_b, roles=(RoleCode.SPECIALIST,)),
        "clerk_b": make_staff("clerk_b", unit=unit_b, roles=(RoleCode.CLERK,)),
    }


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_login() -> None:
    for path in ("/", "/units/", "/staff/", "/audit/", "/account/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("role", ["admin", "head_a", "specialist_a", "clerk_b"])
def test_every_role_reaches_the_shell_pages_in_vietnamese(people: dict[str, User], role: str) -> None:
    client = as_user(people[role])
    for path in ("/", "/units/", "/staff/", "/audit/", "/account/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == "vi"
    assert "Việc của tôi" in client.get("/").content.decode()


def test_browser_language_does_not_override_the_offices_language(people: dict[str, User]) -> None:
    response = as_user(people["clerk_b"]).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Việc của tôi" in response.content.decode()


def test_choosing_english_switches_the_interface(people: dict[str, User]) -> None:
    client = as_user(people["clerk_b"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My work" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Việc của tôi" in client.get("/").content.decode()


@pytest.mark.parametrize("role", ["head_a", "specialist_a", "clerk_b"])
def test_only_administrators_reach_the_admin_screens(people: dict[str, User], role: str) -> None:
    assert as_user(people[role]).get("/admin/").status_code == 302
    assert as_user(people[role]).get("/admin/core/user/").status_code == 302
    labels = [str(item["label"]) for item in as_user(people[role]).get("/").context["navigation"]]
    assert "Quản trị" not in labels
    assert "Quản trị" in [str(i["label"]) for i in as_user(people["admin"]).get("/").context["navigation"]]
    assert as_user(people["admin"]).get("/admin/core/user/").status_code == 200


def test_admin_screen_edits_go_through_the_service_and_are_audited(people: dict[str, User]) -> None:
    from chancery.core.models import AuditEvent, Unit

    client = as_user(people["admin"])
    unit = Unit.objects.get(code="b")
    response = client.post(
        f"/admin/core/unit/{unit.pk}/change/",
        {
            "code": "b",
            "name": "Vụ Bê",
            "short_name": "",
            "kind": "department",
            "parent": unit.parent_id,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_type="core.unit", object_id=unit.pk, action="update").get()
    assert event.changes == {"name": {"before": "Vụ B", "after": "Vụ Bê"}}


def test_colleague_sees_directory_entry_but_not_details_or_history(people: dict[str, User]) -> None:
    page = as_user(people["specialist_b"]).get(people["specialist_a"].get_absolute_url()).content.decode()
    assert "Đặng Thị Hà" in page
    assert 'data-testid="staff-details"' not in page
    assert "Lịch sử" not in page


def test_head_of_unit_sees_details_of_own_staff_only(people: dict[str, User]) -> None:
    head = as_user(people["head_a"])
    assert (
        'data-testid="staff-details"' in head.get(people["specialist_a"].get_absolute_url()).content.decode()
    )
    assert (
        'data-testid="staff-details"'
        not in head.get(people["specialist_b"].get_absolute_url()).content.decode()
    )


def test_staff_search_folds_diacritics_and_answers_htmx_with_rows_only(people: dict[str, User]) -> None:
    client = as_user(people["clerk_b"])
    response = client.get("/staff/", {"q": "dang thi ha"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Đặng Thị Hà" in html
    assert "<html" not in html
    assert "Đặng Thị Hà" not in client.get("/staff/", {"q": "nguyen"}).content.decode()


def test_audit_page_shows_the_oversight_only_what_policy_allows(people: dict[str, User]) -> None:
    services.update_staff(actor=people["admin"], staff=people["specialist_b"], position="Chuyên viên chính")
    audit.seal_pending()
    admin_page = as_user(people["admin"]).get("/audit/", {"object_type": "core.user"}).content.decode()
    assert "Chuyên viên chính" in admin_page
    specialist_page = as_user(people["specialist_a"]).get("/audit/").content.decode()
    assert "Chuyên viên chính" not in specialist_page
    head_b_view = as_user(people["head_a"]).get("/audit/", {"object_type": "core.user"}).content.decode()
    assert "Chuyên viên chính" not in head_b_view


def test_audit_filter_rejects_bad_input_with_vietnamese_errors(people: dict[str, User]) -> None:
    response = as_user(people["admin"]).get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()
    response = as_user(people["admin"]).get("/audit/", {"object_id": "x"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    # the record type is chosen by its name, never typed as a table's label; a made-up one is refused
    page = as_user(people["admin"]).get("/audit/").content.decode()
    assert '<option value="documents.outgoingdocument">Văn bản đi</option>' in page
    assert ">documents.outgoingdocument<" not in page
    forged = as_user(people["admin"]).get("/audit/", {"object_type": "auth.permission"}).content.decode()
    assert "is-invalid" in forged


def test_audit_page_pages_by_key_without_repeating_rows(people: dict[str, User]) -> None:
    for n in range(60):
        services.update_staff(actor=people["admin"], staff=people["clerk_b"], position=f"Văn thư {n}")
    audit.seal_pending()
    client = as_user(people["admin"])
    first = client.get("/audit/", {"actor": people["admin"].pk}).context["page"]
    second = client.get("/audit/", {"actor": people["admin"].pk, "before": first.next_before}).context["page"]
    assert len(first.rows) == 50
    assert {e.pk for e in first.rows}.isdisjoint({e.pk for e in second.rows})
    assert max(e.pk for e in second.rows) < min(e.pk for e in first.rows)


def test_changing_own_password_and_issuing_an_api_token(people: dict[str, User]) -> None:
    client = as_user(people["clerk_b"])
    response = client.post(
        "/account/",
        {
            "form": "password",
            "old_password": "Correct-Horse-42!",
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    response = client.post(
        "/account/",
        {
            "form": "password",
            "old_password": "Correct-Horse-42!",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    people["clerk_b"].refresh_from_db()
    assert people["clerk_b"].check_password("Mat-khau-moi-2026")
    client.post("/account/token/", {"action": "issue"})
    page = client.get("/account/").content.decode()
    assert 'data-testid="api-token"' in page
    assert 'data-testid="api-token"' not in client.get("/account/").content.decode()  # shown only once


def test_password_reset_by_an_administrator_is_audited(people: dict[str, User]) -> None:
    from chancery.core.models import AuditEvent

    target = people["clerk_b"]
    response = as_user(people["admin"]).post(
        f"/admin/core/user/{target.pk}/password/",
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Mat-khau-moi-2026")
    assert AuditEvent.objects.filter(
        action="security",
        actor=people["admin"],
        object_id=target.pk,
        message="Quản trị viên đặt lại mật khẩu",
    ).exists()


def test_a_page_that_names_no_icon_gets_the_offices_not_a_missing_file(client) -> None:
    """The admin screens name no icon: the browser's request for /favicon.ico is not a 404 (a console error
    on every admin page)."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg") and "favicon" in response["Location"]


@pytest.mark.parametrize("path", ["/documents/incoming/999999/", "/petitions/999999/", "/no-such-page/"])
def test_a_page_not_there_or_not_theirs_says_so_in_debug_mode_too(
    people: dict[str, User], path: str, settings
) -> None:
    """The examiner of issue 26 met Django's English debug page (with every address of the application) on
    records another unit owns, under `make run`, which serves in debug mode."""
    settings.DEBUG = True
    response = as_user(people["specialist_b"]).get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Trang này không tồn tại, hoặc bạn không có quyền xem." in page
    assert "URLconf" not in page and "Page not found" not in page


@pytest.mark.parametrize(
    ("path", "owners"), [("/amnesty/", "CHANCERY_AMNESTY_UNITS"), ("/honours/", "CHANCERY_HONOURS_UNITS")]
)
def test_an_empty_module_list_says_whose_it_is(
    people: dict[str, User], path: str, owners: str, settings
) -> None:
    """The examiner of issue 26: "Chưa có đợt đặc xá nào" to a person who may not see the two campaigns."""
    UnitFactory.create(code="phong-x", name="Phòng Thử nghiệm")
    setattr(settings, owners, ["phong-x"])
    page = as_user(people["specialist_b"]).get(path).content.decode()
    reason = page.split('data-testid="empty-reason"')[1].split("</td>")[0]
    assert "chỉ hiển thị cho cán bộ của Phòng Thử nghiệm" in reason
