"""The acceptance check of the yearly summary: the demo year built to the 2013 volumes (`chancery demo
--profile 2013`), and the summary the command line writes from it, figure for figure with the records:
11.670 petitions, 76.520 honours nominations, 15.450 amnestied, 9 state visits, 43 delegations.

The whole year (about 120,000 records) is loaded once, on SQLite, the embedded default: the counting
queries themselves run on both databases in test_reports.py."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from docx import Document

from chancery.programme import figures, services
from chancery.programme.models import Report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the 2013 year is loaded on the embedded default"
    ),
]


def test_the_2013_summary_matches_the_records(tmp_path):
    call_command("demo", profile="2013", verbosity=0, stdout=io.StringIO())
    values = figures.values_of(services.new_report(Report.YEARLY, 2013)["figures"]["areas"])
    assert values["petitions_received"] == 11_670
    assert values["honours_nominated"] == 76_520
    assert values["amnesty_granted"] == 15_450
    assert values["events_state_visit"] == 9
    assert values["events_delegation"] == 43
    # the schedule's draft of that year's summary, as on January 2014's first working day, says the same
    drafted = Report.objects.get(kind=Report.YEARLY, scheduled=True)
    assert drafted.starts_on.year == 2013 and figures.values_of(drafted.figures["areas"]) == values
    out = tmp_path / "2013.docx"
    call_command("report", "yearly", "--year", "2013", "--out", str(out), stdout=io.StringIO())
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    for line in (
        "- Đơn thư tiếp nhận: 11.670",
        "- Hồ sơ khen thưởng tiếp nhận, thẩm định: 76.520",
        "- Người được đặc xá: 15.450",
        "- Đón chuyến thăm cấp Nhà nước: 9",
        "- Tiếp đoàn quốc tế: 43",
    ):
        assert line in text
