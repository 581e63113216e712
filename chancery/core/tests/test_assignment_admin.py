"""The administration site's list of assignments shows only what the access policy shows the viewer: who works
on a secret record, and since when, is not shown to an administrator who may not see the record
(access.visible_assignments, the same rules as access.visible_records)."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.core import access
from chancery.core.models import Assignment, ProtectedRecord, RoleCode, SecrecyLevel, User
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint, Memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> dict[str, object]:
    unit, other = UnitFactory.create(), UnitFactory.create()
    specialist = make_staff(
        "chuyenvien", unit=unit, roles=(RoleCode.SPECIALIST,), clearance=SecrecyLevel.SECRET
    )
    admin = make_staff("quantri", unit=other, roles=(RoleCode.ADMINISTRATOR,))
    cleared_admin = make_staff(
        "quantri2", unit=other, roles=(RoleCode.ADMINISTRATOR,), clearance=SecrecyLevel.CONFIDENTIAL
    )
    records = {
        level: Complaint.objects.create(title=f"Hồ sơ {level.label}", owning_unit=unit, secrecy=level)
        for level in SecrecyLevel
    }
    memo = Memo.objects.create(title="Tờ trình mật", owning_unit=unit, secrecy=SecrecyLevel.CONFIDENTIAL)
    assignments: dict[object, Assignment] = {
        level: Assignment.objects.create(
            object_type="protected.complaint", object_id=record.pk, user=specialist, unit=unit
        )
        for level, record in records.items()
    }
    assignments["memo"] = Assignment.objects.create(
        object_type="protected.memo", object_id=memo.pk, user=cleared_admin
    )
    assignments["unknown"] = Assignment.objects.create(object_type="nowhere.thing", object_id=1, unit=unit)
    return {
        "unit": unit,
        "specialist": specialist,
        "admin": admin,
        "cleared_admin": cleared_admin,
        "assignments": assignments,
    }


def listed(user: User) -> set[int]:
    client = Client()
    client.force_login(user)
    response = client.get("/admin/core/assignment/")
    assert response.status_code == 200
    return {a.pk for a in response.context["cl"].result_list}


def test_an_administrator_without_clearance_sees_no_assignment_of_a_secret_record(office):
    a = office["assignments"]
    assert listed(office["admin"]) == {a[SecrecyLevel.NONE].pk}
    client = Client()
    client.force_login(office["admin"])
    hidden = client.get(f"/admin/core/assignment/{a[SecrecyLevel.TOP_SECRET].pk}/change/")
    assert hidden.status_code == 302  # "does not exist": the admin site's answer for what it does not list


def test_clearance_alone_does_not_show_an_administrator_who_works_on_a_secret_record(office):
    a = office["assignments"]
    # A Mật clearance gives sight of what the person may see (the memo assigned to them), not of every Mật
    # record's assignments: the administrator role shows records that are not secret only.
    assert listed(office["cleared_admin"]) == {a[SecrecyLevel.NONE].pk, a["memo"].pk}


def test_the_list_agrees_with_the_access_policy_for_everyone(office):
    unit = office["unit"]
    people = [
        office["specialist"],
        office["admin"],
        office["cleared_admin"],
        make_staff("dongnghiep", unit=unit, roles=(RoleCode.SPECIALIST,), clearance=SecrecyLevel.TOP_SECRET),
        make_staff(
            "truongphong", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,), clearance=SecrecyLevel.CONFIDENTIAL
        ),
        make_staff(
            "lanhdao", unit=UnitFactory.create(), roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.SECRET
        ),
    ]
    records: dict[tuple[str, int], ProtectedRecord] = {
        ("protected.complaint", c.pk): c for c in Complaint.objects.all()
    }
    records |= {("protected.memo", m.pk): m for m in Memo.objects.all()}
    for person in people:
        viewer = access.viewer_for(person)
        expected = {
            a.pk
            for a in Assignment.objects.all()
            if (record := records.get((a.object_type, a.object_id))) is not None
            and (
                access.can_view(person, record)
                or (viewer.is_administrator and record.secrecy == SecrecyLevel.NONE)
            )
        }
        shown = set(access.visible_assignments(person, Assignment.objects.all()).values_list("pk", flat=True))
        assert shown == expected, person.username
    assert not access.visible_assignments(None, Assignment.objects.all()).exists()
