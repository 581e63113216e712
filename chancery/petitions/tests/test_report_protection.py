"""The reports never carry a protected denouncer's identity (Luật Tố cáo 2018, Art. 47–48; issue 24): the
petitions module's figures (`stats.overview` and the module's page), the office's monthly report and yearly
summary (`chancery.programme.services.new_report`, their text, DOCX and PDF) and the leadership's dashboards
(charts and their CSV) count petitions and never name, number or place the person who denounced, whether the
identity was typed into the structured fields or only into the letter's text."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from freezegun import freeze_time
from pypdf import PdfReader

from chancery.core import services as core_services
from chancery.core.text import fold
from chancery.petitions import selectors, services, stats
from chancery.petitions.models import Field, Petition, PetitionKind
from chancery.petitions.tests.factories import denunciation
from chancery.programme import dashboard, reports
from chancery.programme import services as programme
from chancery.programme.models import Report

pytestmark = [pytest.mark.django_db]

NAME = "Phạm Thị Tố Nga"
CCCD = "036190001122"
PHONE = "0987000111"
EMAIL = "tonga.xombai@example.vn"
ADDRESS = "Xóm Bãi, xã Hòa Bình"
# Only in the letter's text: a second co-denouncer the structured fields never name.
TEXT_NAME = "Đinh Công Thưởng"
TEXT_CCCD = "036085004455"
TEXT_PHONE = "0912 777 333"
LETTER = (
    f"Tôi tên là {NAME}, sinh năm 1990, CCCD số {CCCD}, số điện thoại {PHONE}, email {EMAIL}, trú tại "
    f"{ADDRESS}, tỉnh Ninh Bình. Cùng ký đơn: ông {TEXT_NAME}, CCCD {TEXT_CCCD}, điện thoại {TEXT_PHONE}.\n"
    "Chúng tôi tố cáo ông Trần Văn Bình, Chủ tịch Ủy ban nhân dân xã Hòa Bình, đã nhận 800 triệu đồng của "
    "các hộ dân để hợp thức hóa đất lấn chiếm ven sông, có biên nhận kèm theo.\n"
    f"Người tố cáo\n(ký, ghi rõ họ tên)\n{NAME}"
)


def _traces(text: str) -> list[str]:
    """Which of the denouncers' details appear in a text, in any spelling (diacritics, digit grouping)."""
    folded = fold(text)
    digits = re.sub(r"\D", "", text)
    found = [
        name for name in (NAME, TEXT_NAME, "Tố Nga", "Công Thưởng") if fold(name) in folded or name in text
    ]
    found += [n for n in (CCCD, TEXT_CCCD, PHONE, re.sub(r"\D", "", TEXT_PHONE)) if n in digits]
    found += [v for v in (EMAIL, "Xóm Bãi") if fold(v) in folded]
    return found


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def protected(office) -> Petition:
    """A denunciation whose denouncer is in the structured fields and, with a co-signer, in the text; one
    handled by an officer by name (the deadlines by officer), one forwarded (the agency's answer awaited)."""
    petition = denunciation(
        office.clerk,
        content=LETTER,
        received_on=date(2026, 11, 2),
        petitioners=[
            services.PersonData(
                full_name=NAME,
                id_number=CCCD,
                phone=PHONE,
                email=EMAIL,
                address=ADDRESS,
                province_code=37,
                is_representative=True,
            )
        ],
    )
    core_services.assign_record(actor=office.head, record=petition, user=office.handler)
    forwarded = denunciation(
        office.clerk,
        content=LETTER.replace("800 triệu", "900 triệu"),
        summary="Tố cáo lần hai",
        received_on=date(2026, 11, 3),
        petitioners=[services.PersonData(full_name=NAME, id_number=CCCD, phone=PHONE, province_code=37)],
    )
    services.decide_petition(
        actor=office.specialist,
        petition=forwarded,
        data=services.DecisionData(agency=office.agency, on=date(2026, 11, 4)),
    )
    services.register_petition(  # an ordinary complaint beside them: its petitioner may be counted and named
        actor=office.clerk,
        data=services.PetitionData(
            channel="post",
            received_on=date(2026, 11, 2),
            summary="Khiếu nại bồi thường",
            content="Khiếu nại mức bồi thường đất nông nghiệp tại thôn Đông.",
            kind=PetitionKind.COMPLAINT,
            field=Field.LAND,
            petitioners=[services.PersonData(full_name="Nguyễn Văn An", province_code=1)],
        ),
    )
    return petition


@freeze_time("2026-11-05 09:00")
def test_the_identity_is_on_file_and_its_handler_reads_it(office, protected):
    """The control: the details the reports must not carry are there, for those allowed to read them."""
    assert _traces(protected.content) and selectors.can_see_identity(office.handler, protected)
    page = Client()
    page.force_login(office.handler)
    assert NAME in page.get(protected.get_absolute_url()).content.decode()


@freeze_time("2026-11-05 09:00")
def test_the_petition_figures_never_carry_the_denouncer(office, protected):
    for user in (office.leader, office.head, office.specialist, office.clerk, office.handler, office.admin):
        figures = stats.overview(user, 2026)
        assert figures["received"] >= 1 or user in (office.admin,)
        assert _traces(json.dumps(figures, default=str, ensure_ascii=False)) == [], user
        client = Client()
        client.force_login(user)
        response = client.get("/petitions/?year=2026")
        assert response.status_code == 200
        assert _traces(response.content.decode()) == [], user
    # the handler is named among the officers (that is the Office's staff, not the denouncer)
    officers = [row["name"] for row in stats.overview(office.leader, 2026)["deadlines_by_officer"]]
    assert office.handler.full_name in officers


@freeze_time("2026-11-05 09:00")
def test_the_office_reports_and_dashboards_never_carry_the_denouncer(office, protected):
    today = timezone.localdate()
    for kind, month in ((Report.MONTHLY, 11), (Report.YEARLY, 0)):
        report = Report(**programme.new_report(kind, 2026, month), created_by=office.leader)
        values = {f["key"]: f["value"] for area in report.figures["areas"] for f in area["figures"]}
        assert values["petitions_received"] == 3  # the denunciations are counted, not named
        for reader in (office.leader, None):
            assert _traces(reports.body(report, reader)) == []
            assert _traces(_docx_text(reports.docx(report, reader))) == []
            assert _traces(_pdf_text(reports.pdf(report, reader))) == []
        assert _traces(json.dumps(report.narrative, ensure_ascii=False)) == []
    for chart in dashboard.charts(today):
        assert _traces(chart.csv()) == [] and _traces(json.dumps(chart.as_json(), ensure_ascii=False)) == []
    client = Client()
    client.force_login(office.leader)
    for url in (
        "/programme/dashboard/",
        *(f"/programme/dashboard/{c.key}.csv" for c in dashboard.charts(today)),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _traces(response.content.decode()) == [], url
