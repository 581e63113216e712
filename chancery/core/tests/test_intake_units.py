"""The units the settings name by code (examiner's finding M2): the unit that receives citizens' petitions
(CHANCERY_PETITIONS_UNIT), the one that keeps the document registers (CHANCERY_CLERICAL_UNIT) and those that
prepare the office's reports (CHANCERY_REPORT_UNITS). An administrator must not redirect what reaches them to
a unit of their choosing: a unit's code is an identifier that never changes once the unit exists, and a unit
the settings name is neither moved (nor is any unit above it) nor deactivated; on every path."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from chancery.core import services
from chancery.core.models import RoleCode, Unit, UnitKind
from chancery.core.tests.factories import UnitFactory, make_staff, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(settings) -> dict[str, Unit]:
    settings.CHANCERY_PETITIONS_UNIT = "phong-don-thu"
    settings.CHANCERY_CLERICAL_UNIT = "phong-van-thu"
    settings.CHANCERY_REPORT_UNITS = ("vu-tong-hop",)
    office = UnitFactory.create(code="vpctn", name="Văn phòng", kind=UnitKind.OFFICE)
    justice = UnitFactory.create(code="vu-tu-phap", name="Vụ Tư pháp", parent=office)
    admin_dept = UnitFactory.create(code="vu-tchc", name="Vụ Tổ chức - Hành chính", parent=office)
    return {
        "office": office,
        "justice": justice,
        "admin_dept": admin_dept,
        "petitions": UnitFactory.create(
            code="phong-don-thu", name="Phòng Đơn thư", kind=UnitKind.DIVISION, parent=justice
        ),
        "registers": UnitFactory.create(
            code="phong-van-thu", name="Phòng Văn thư", kind=UnitKind.DIVISION, parent=admin_dept
        ),
        "reports": UnitFactory.create(code="vu-tong-hop", name="Vụ Tổng hợp", parent=office),
        "it": UnitFactory.create(
            code="phong-cntt", name="Phòng CNTT", kind=UnitKind.DIVISION, parent=admin_dept
        ),
    }


@pytest.fixture
def admin(units: dict[str, Unit]):
    return make_staff("quantri", unit=units["it"], roles=(RoleCode.ADMINISTRATOR,))


def api_of(user) -> APIClient:
    client = APIClient()
    client.cookies = signed_in(user).cookies
    return client


def code_of(unit: Unit) -> str:
    return Unit.objects.get(pk=unit.pk).code


def test_the_examiners_swap_of_codes_does_not_redirect_the_petitions(units: dict[str, Unit], admin) -> None:
    """PATCH the petitions unit's code away, then give it to the administrator's own unit."""
    from chancery.petitions.services import petitions_unit

    api = api_of(admin)
    away = api.patch(f"/api/v1/units/{units['petitions'].pk}/", {"code": "phong-don-thu-old"}, format="json")
    assert away.status_code == 400, away.content
    assert "code" in away.json()["details"]
    assert "không thay đổi" in " ".join(away.json()["details"]["code"])
    taken = api.patch(f"/api/v1/units/{units['it'].pk}/", {"code": "phong-don-thu"}, format="json")
    assert taken.status_code == 400
    assert petitions_unit().pk == units["petitions"].pk
    assert (code_of(units["petitions"]), code_of(units["it"])) == ("phong-don-thu", "phong-cntt")


def test_no_unit_changes_its_code_on_any_path(units: dict[str, Unit], admin) -> None:
    with pytest.raises(ValidationError) as refused:
        services.update_unit(actor=admin, unit=units["it"], code="phong-cong-nghe")
    assert "code" in refused.value.message_dict
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/core/unit/{units['registers'].pk}/change/").content.decode()
    assert 'name="code"' not in page  # shown, not editable
    client.post(
        f"/admin/core/unit/{units['registers'].pk}/change/",
        {
            "code": "phong-van-thu-cu",
            "name": "Phòng Văn thư",
            "short_name": "",
            "kind": UnitKind.DIVISION,
            "parent": units["admin_dept"].pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert code_of(units["registers"]) == "phong-van-thu"
    # the same code sent back is no change; the other fields still change
    answer = api_of(admin).patch(
        f"/api/v1/units/{units['it'].pk}/", {"code": "phong-cntt", "name": "Phòng Công nghệ"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert Unit.objects.get(pk=units["it"].pk).name == "Phòng Công nghệ"
    # a new unit takes its code once, at creation
    assert services.create_unit(actor=admin, code="phong-moi", name="Phòng Mới", kind=UnitKind.DIVISION).pk


@pytest.mark.parametrize("named", ["petitions", "registers", "reports"])
def test_a_unit_the_settings_name_is_neither_moved_nor_deactivated(
    units: dict[str, Unit], admin, named: str
) -> None:
    unit = units[named]
    api = api_of(admin)
    moved = api.patch(f"/api/v1/units/{unit.pk}/", {"parent": units["it"].pk}, format="json")
    assert moved.status_code == 400, moved.content
    assert "parent" in moved.json()["details"]
    stopped = api.patch(f"/api/v1/units/{unit.pk}/", {"is_active": False}, format="json")
    assert stopped.status_code == 400
    assert "is_active" in stopped.json()["details"]
    with pytest.raises(ValidationError):
        services.update_unit(
            actor=admin, unit=unit, parent=units["justice"] if named != "petitions" else None
        )
    with pytest.raises(ValidationError):
        services.update_unit(actor=admin, unit=unit, is_active=False)
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/core/unit/{unit.pk}/change/",
        {"name": unit.name, "short_name": "", "kind": unit.kind, "parent": units["it"].pk, "sort_order": 0},
    )
    assert response.status_code == 200  # the form again, with the reason
    unit.refresh_from_db()
    assert unit.is_active and unit.parent_id != units["it"].pk


def test_a_unit_above_the_petitions_unit_is_not_moved_either(units: dict[str, Unit], admin) -> None:
    """Moving Vụ Tư pháp under the administrator's department would put the petitions unit in its line."""
    api = api_of(admin)
    answer = api.patch(
        f"/api/v1/units/{units['justice'].pk}/", {"parent": units["admin_dept"].pk}, format="json"
    )
    assert answer.status_code == 400
    assert Unit.objects.get(pk=units["justice"].pk).parent_id == units["office"].pk
    # deactivating it stops no intake: allowed; and other units move and stop as before
    assert (
        api.patch(
            f"/api/v1/units/{units['it'].pk}/", {"parent": units["office"].pk}, format="json"
        ).status_code
        == 200
    )
    assert (
        api.patch(f"/api/v1/units/{units['it'].pk}/", {"is_active": False}, format="json").status_code == 200
    )
    # a unit moved under the petitions unit changes nothing for it
    extra = UnitFactory.create(code="to-mot-cua", name="Tổ một cửa", parent=units["office"])
    assert (
        api.patch(f"/api/v1/units/{extra.pk}/", {"parent": units["petitions"].pk}, format="json").status_code
        == 200
    )


def test_the_system_still_sets_units_up(units: dict[str, Unit]) -> None:
    services.update_unit(actor=None, unit=units["petitions"], parent=units["office"])
    assert Unit.objects.get(pk=units["petitions"].pk).parent_id == units["office"].pk
