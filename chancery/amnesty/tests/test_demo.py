"""The demo: a decided campaign with exactly the number amnestied asked for (the yearly report counts them),
the others proposed refused by the engine's own verdicts, and a current campaign waiting for review."""

import re
from datetime import date

import pytest
from django.db.models import Count

from chancery.amnesty import demo
from chancery.amnesty.models import AmnestyRecord, Campaign, Decided, Proposal
from chancery.core import access
from chancery.core.demo import load_demo
from chancery.core.models import User
from chancery.core.selectors import is_working_day
from chancery.documents import layout

pytestmark = pytest.mark.django_db


def _quoted(text: str) -> str:
    found = re.search(r"\d+/QĐ-CTN", text)
    assert found is not None, text
    return found.group(0)


def test_the_demo_campaign_amnesties_exactly_the_number_asked_by_the_engines_verdicts():
    load_demo()
    from freezegun import freeze_time

    from chancery.documents import demo as documents_demo

    with freeze_time("2026-11-20"):
        documents_demo.load_incoming(
            600, year=2026
        )  # the year's register, the Government's Tờ trình among it
        granted = demo.load(600, year=2026, seed=7)
    assert granted == 600
    decided = Campaign.objects.get(state="decided")
    assert AmnestyRecord.objects.filter(proposal__campaign=decided).count() == 600
    last_list = max(decided.lists.values_list("received_on", flat=True))
    assert decided.decided_on is not None and decided.reference_date is not None
    assert decided.reference_date < last_list < decided.decided_on <= date(2026, 11, 20)
    # the decision's number is the outgoing register's, as issuing numbers it (issue 26's examiner found
    # 1507/QĐ-CTN on the campaign and not in the register)
    from chancery.documents.models import DocumentNumber

    line = DocumentNumber.objects.get(text=decided.decision_number)
    assert (
        line.status == "issued"
        and line.document is not None
        and line.document.issued_on == decided.decided_on
    )
    # its text is the decision the module draws up (the examiner found "Điều 1. Đặc xá năm 2026.")
    body = line.document.body
    assert "Căn cứ Luật Đặc xá" in body and "Đặc xá tha tù trước thời hạn cho 600 người" in body
    assert is_working_day(decided.decided_on)  # signed on an office day
    assert "Như Điều 3;" in line.document.copies_to
    # it considers the Government's Tờ trình, an incoming document of the register linked to the campaign
    from chancery.documents import selectors as document_selectors

    submitted = document_selectors.government_submission(decided)
    assert submitted is not None and submitted.received_on < decided.decided_on
    amnesty_specialist = User.objects.filter(unit=decided.owning_unit, roles__code="specialist").first()
    assert amnesty_specialist is not None and access.can_view(amnesty_specialist, submitted)
    assert decided.decision_document == line.document
    assert f"Thủ tướng Chính phủ tại Tờ trình số {submitted.reference} ngày " in body
    # the campaign rests on the President's decision on the year's amnesty, which the register holds, dated
    # as the basis says, numbered before the campaign's own decision
    for campaign in Campaign.objects.all():
        quoted = _quoted(campaign.basis)
        basis = DocumentNumber.objects.get(text=quoted, year=campaign.year).document
        assert basis is not None and basis.issued_on is not None
        assert layout.written_date(basis.issued_on) in campaign.basis  # "ngày 16 tháng 7 năm 2026"
        assert is_working_day(basis.issued_on) and "Về đặc xá năm" in basis.summary
    assert DocumentNumber.objects.get(text=_quoted(decided.basis)).number < line.number
    # the Office's clerks keep it in their register, as issuing gives it to them

    clerk = User.objects.filter(roles__code="clerk", unit__code="phong-van-thu").first()
    assert clerk is not None and access.can_view(clerk, line.document)
    refused = Proposal.objects.filter(campaign=decided, decided=Decided.REFUSED)
    assert refused.count() == int(600 * demo.REFUSED_SHARE)
    assert set(refused.values_list("outcome", flat=True)) == {"fail"}  # the engine refused every one of them
    assert not Proposal.objects.filter(campaign=decided, override="pass").exists()  # no verdict forced
    current = Campaign.objects.get(state="appraised")
    assert current.owning_unit.code == "phong-dac-xa" and Proposal.objects.filter(campaign=current).exists()
    chapters = dict(
        Proposal.objects.filter(campaign=decided).values_list("articles").annotate(n=Count("id")).order_by()
    )
    assert chapters["173"] > chapters.get("123", 0) > 0  # theft far more than murder
