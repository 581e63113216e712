"""One definition of each figure: a module's own page and the Office's reports count a period's petitions,
documents and awards the same way (each module's stats.py), so that for a person who may see every record
the figures agree to the unit, and the list a figure links to holds exactly what it counts."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from chancery.core.models import SecrecyLevel, User
from chancery.core.tests.factories import signed_in
from chancery.documents import stats as document_stats
from chancery.honours import stats as honours_stats
from chancery.honours.models import AwardRecord, Nomination
from chancery.petitions import stats as petition_stats
from chancery.programme import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "demo", scale=20, documents=20, honours=20, amnesty=10, stdout=io.StringIO(), stderr=io.StringIO()
    )


def test_the_modules_pages_and_the_reports_count_a_period_alike(demo) -> None:
    # the President: the leadership's view of every record, cleared for every secrecy level
    president = User.objects.get(username="chutich")
    assert president.clearance == max(SecrecyLevel)
    # two awards the President decided on the Office's nominations this year, one of them revoked by a
    # decision entered without its date: the revoked one is counted as awarded nowhere
    year = timezone.localdate().year

    def awarded_this_year() -> int:
        return figures.values_of(figures.as_json(figures.collect(date(year, 1, 1), date(year, 12, 31))))[
            "honours_awarded"
        ]

    before = awarded_this_year()
    nominations = list(Nomination.objects.select_related("batch").order_by("pk")[:2])
    assert len(nominations) == 2
    for n, nomination in enumerate(nominations):
        AwardRecord.objects.create(
            honoree=nomination.honoree,
            award=nomination.award,
            nomination=nomination,
            decision_number=f"{n + 1}/QĐ-CTN",
            decided_on=date(year, 3, 2),
            revoked=n == 1,
            revoked_by="12/QĐ-CTN" if n == 1 else "",
        )
    # the honours history's other rows (an award of another authority, entered for the criteria) are not the
    # Office's work of the period
    history = AwardRecord.objects.create(
        honoree=nominations[0].honoree,
        award=nominations[0].award,
        decision_number="7/QĐ-TTg",
        decided_on=date(year, 5, 6),
    )
    year = timezone.localdate().year
    compared = []
    years = (year, year - 1, history.decided_on.year)
    for start, end in {(date(y, 1, 1), date(y, 12, 31)) for y in years}:
        report = figures.values_of(figures.as_json(figures.collect(start, end)))
        petitions = petition_stats.overview(president, start.year)
        documents = document_stats.overview(president, start, end)
        honours = honours_stats.overview(president, start, end)
        pairs = {
            "petitions_received": petitions["received"],
            "documents_received": documents.received,
            "documents_issued": documents.issued,
            "honours_nominated": honours.nominated,
            "honours_awarded": honours.awarded,
        }
        assert {key: report[key] for key in pairs} == pairs, start.year
        compared += [value for value in pairs.values() if value]
    assert len(compared) >= 5, "the demo's years have figures to compare"
    assert awarded_this_year() == before + 1  # the revoked award and the history row are not counted
    # the list a figure opens counts what the figure counts (a period's list is counted exactly)
    client = signed_in(president)
    areas = figures.as_json(figures.collect(date(year, 1, 1), date(year, 12, 31)))
    checked = set()
    for area in areas:
        for figure in area["figures"]:
            if not figure["url"].startswith("/lists/"):
                continue
            checked.add(figure["key"])
            response = client.get(figure["url"])
            page = response.context["page"]
            assert (page.count, page.count_capped) == (figure["value"], False), figure["key"]
            # the period the link names is shown in the filter boxes as the office writes dates
            assert f'value="01/01/{year}"' in response.content.decode(), figure["key"]
    legislation = {
        "laws_promulgated",
        "ordinances_promulgated",
        "reconsideration_requests",
        "drafts_commented",
    }
    foreign = {"treaties_sign", "treaties_decide", "treaties_enter_into_force", "events_state_visit"}
    assert legislation | foreign | {"petitions_received", "documents_received", "tasks_due"} <= checked
