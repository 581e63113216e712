"""Every route of the API declares the pattern of its keys (core.api_base): a record's id is a number of at
most 18 digits, so a hostile path is the router's 404, never a 500 from int() or an overflowing integer."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from chancery.api import router
from chancery.core.api_base import RECORD_ID, RecordViewSet
from chancery.core.models import RoleCode, Unit, UnitKind
from chancery.core.tests.factories import make_staff


def test_every_route_declares_the_pattern_of_its_keys():
    for prefix, viewset, _basename in router.registry:
        keyed = hasattr(viewset, "retrieve") or any(
            getattr(a, "detail", False) for a in viewset.get_extra_actions()
        )
        pattern = getattr(viewset, "lookup_value_regex", None)
        assert pattern or not keyed, f"/api/v1/{prefix}/ takes any key"
        if issubclass(viewset, RecordViewSet):
            assert pattern == RECORD_ID, prefix


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["abc", "-1", "1e3", "9" * 19, "1%00"])
@pytest.mark.parametrize("prefix", [p for p, v, _b in router.registry if issubclass(v, RecordViewSet)])
def test_a_key_that_is_no_record_id_is_not_found(prefix, key):
    client = APIClient()
    unit = Unit.objects.create(code="vu-tong-hop", name="Vụ Tổng hợp", kind=UnitKind.DEPARTMENT)
    client.force_authenticate(make_staff("nguoidung", unit=unit, roles=(RoleCode.SPECIALIST,)))
    assert client.get(f"/api/v1/{prefix}/{key}/").status_code == 404


@pytest.mark.django_db
def test_an_actions_address_opened_as_a_page_says_what_it_is(client):
    """A GET on an address that only takes a form's POST answers with the office's page, never a blank 405."""
    unit = Unit.objects.create(code="vu-tong-hop", name="Vụ Tổng hợp", kind=UnitKind.DEPARTMENT)
    client.force_login(make_staff("nguoidung", unit=unit, roles=(RoleCode.SPECIALIST,)))
    response = client.get("/amnesty/campaigns/1/council/agree/")
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "Đây là một thao tác, không phải một trang" in response.content.decode()
    api = client.delete("/api/v1/units/")  # the API keeps its own answers
    assert api.status_code in (403, 405) and api["Content-Type"].startswith("application/json")
