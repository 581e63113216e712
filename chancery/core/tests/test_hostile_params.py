"""Every page staff open without arguments answers hostile query parameters (a year of five digits, the last
date there is, a day that does not exist, negative pages, markup) with a page, never a server error: the
examiner of issue 26 found /laws/?year=99999 and the calendar's API at 9999-12-31 answering 500."""

import pytest
from django.test import Client

from chancery.core.tests.test_staff_language import pages_without_arguments
from chancery.documents.tests.factories import make_office

pytestmark = pytest.mark.django_db

HOSTILE = {
    "year": "99999",
    "month": "9999-12",
    "week": "9999-12-31",
    "day": "31/02/2026",
    "from": "9999-12-31",
    "date_from": "31/02/2026",
    "date_to": "0000-00-00",
    "page": "-1",
    "after": "-5",
    "before": "x",
    "cursor": "%%%",
    "q": "<script>alert(1)</script>",
    "facility": "1e9",
    "instruction": "99999999999999999999",
}


def test_no_page_answers_hostile_parameters_with_a_server_error() -> None:
    office = make_office()
    pages = pages_without_arguments()
    failed: dict[str, int] = {}
    for person in (office.specialist, office.clerk, office.admin):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        for path in pages:
            response = client.get(path, HOSTILE)
            if response.status_code >= 500:
                failed[f"{person.username} {path}"] = response.status_code
    assert failed == {}


@pytest.mark.parametrize(
    "query",
    [
        {"start": "9999-12-31", "days": "10", "unit": "working"},
        {"start": "0001-01-01", "days": "10", "unit": "calendar"},
    ],
)
def test_the_calendar_api_refuses_a_day_outside_its_years_in_vietnamese(query) -> None:
    office = make_office()
    client = Client(raise_request_exception=False)
    client.force_login(office.specialist)
    response = client.get("/api/v1/calendar/add/", query)
    assert response.status_code == 400
    assert "1900" in response.content.decode()
    count = client.get("/api/v1/calendar/count/", {"start": "2026-01-01", "end": "9999-12-31"})
    assert count.status_code == 400
