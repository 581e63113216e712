"""The API's surface: its description only for the signed-in, bad paging refused, and answers within the
schema's enums for choices left blank (security issue 23, item 9)."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from chancery.core.models import RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_staff("chuyenvien", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,))


def test_the_api_description_is_not_given_to_anyone_not_signed_in(person):
    anonymous = Client()
    assert anonymous.get("/api/schema/").status_code in {401, 403}
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302 and "/login/" in docs["Location"]
    signed_in = Client()
    signed_in.force_login(person)
    assert signed_in.get("/api/schema/").status_code == 200
    assert signed_in.get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        ("0", "Phải từ 1 đến 500."),
        ("501", "Phải từ 1 đến 500."),
        ("-1", "Phải từ 1 đến 500."),  # a whole number, out of range: said so (examiners 61, 62)
        ("10000000000000000000000", "Phải từ 1 đến 500."),
        ("abc", "Phải là số nguyên."),
        ("1.5", "Phải là số nguyên."),
        ("１", "Phải là số nguyên."),
    ],
)
def test_a_page_size_out_of_range_is_refused_not_ignored(person, size, reason):
    client = APIClient()
    client.force_authenticate(person)
    response = client.get("/api/v1/notifications/", {"page_size": size})
    assert response.status_code == 400
    assert response.json()["details"]["page_size"] == [reason]
    assert client.get("/api/v1/notifications/", {"page_size": "500"}).status_code == 200


def test_a_choice_left_blank_is_within_the_documented_enum():
    """A task not yet rated and a treaty not yet consented to answer "" for those fields: the schema must
    allow it (it did not: schemathesis found both)."""
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    for component, prop in (("KeyTask", "rating"), ("Treaty", "consent")):
        refs = {item["$ref"] for item in schemas[component]["properties"][prop].get("oneOf", [])}
        assert "#/components/schemas/BlankEnum" in refs, (component, prop)


def test_a_body_over_the_request_limits_is_refused_as_unreadable_not_a_server_error(person, settings):
    """The fuzzer's find: a multipart body with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS raised
    TooManyFieldsSent out of the view (a 500 under the test client, Django's bare 400 page otherwise)."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client = APIClient(raise_request_exception=True)
    client.force_authenticate(person)
    fields = {f"f{n}": "x" for n in range(20)}
    response = client.post("/api/v1/notifications/read/", fields, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["message"] == "Không đọc được nội dung yêu cầu."


SCHEMA = SchemaGenerator().get_schema(request=None, public=True)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_every_documented_default_is_a_value_the_schema_allows():
    """A default outside its own enum (a treaty step's `consent` defaulted to "") is a schema that contradicts
    itself: a client generated from it refuses the server's own default. Checked for every property."""
    wrong = []
    for component, body in SCHEMA["components"]["schemas"].items():
        for name, prop in body.get("properties", {}).items():
            if "default" not in prop:
                continue
            allowed = prop.get("enum")
            for option in prop.get("oneOf", prop.get("allOf", [])):
                allowed = (allowed or []) + _resolve(option).get("enum", [])
            if allowed is not None and prop["default"] not in allowed:
                wrong.append((component, name, prop["default"]))
    assert wrong == []


def _response_schema(path: str) -> dict:
    return _resolve(SCHEMA["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])


def _conforms(answer: dict, schema: dict) -> bool:
    assert "oneOf" not in schema  # a full entry would match both forms: a strict validator refuses it
    options = [_resolve(option) for option in schema.get("anyOf", [schema])]
    return any(
        set(option.get("required", [])) <= set(answer) <= set(option["properties"]) for option in options
    )


def test_a_staff_entry_and_a_tasks_updates_answer_as_the_schema_says(person):
    """The examiner of issue 23 (claim 9): a person who may not see another's details gets the directory
    entry, which the schema must describe; a task's progress reports come a page at a time, as documented."""
    other = make_staff("chuyenvien.khac", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,))
    client = APIClient()
    client.force_authenticate(person)
    entry = client.get(f"/api/v1/staff/{other.pk}/").json()
    assert "roles" not in entry and "clearance" not in entry
    assert _conforms(entry, _response_schema("/api/v1/staff/{id}/"))
    me = client.get(f"/api/v1/staff/{person.pk}/").json()
    assert "roles" in me
    assert _conforms(me, _response_schema("/api/v1/staff/{id}/"))
    updates = _response_schema("/api/v1/key-tasks/{id}/updates/")
    assert {"next", "previous", "results"} <= set(updates["properties"])
