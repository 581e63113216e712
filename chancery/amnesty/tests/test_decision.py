"""The President's decision on a campaign: prepared once every case is settled and the council has spoken,
through approval, signature and a number in the documents module, then each prisoner's outcome recorded."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chancery.amnesty import services
from chancery.amnesty.models import AmnestyRecord, Decided, Facility, Ministry, Proposal
from chancery.amnesty.tests.factories import (
    Amnesty,
    appraise,
    import_list,
    make_campaign,
    open_list,
    prisoner_row,
    workbook,
)
from chancery.documents import services as documents
from chancery.documents.tests.factories import make_office

pytestmark = pytest.mark.django_db


def test_from_appraisal_to_the_decision_and_each_prisoners_outcome(settings):
    office = make_office()
    settings.CHANCERY_AMNESTY_UNITS = (office.general.code,)  # the general department stands in for it
    a = Amnesty(
        department=office.general,
        head=office.head,
        specialist=office.specialist,
        outsider=office.legal_specialist,
        councillor=office.legal_specialist,
        leader=office.leader,
        prison=Facility.objects.create(name="Trại giam Thủ Đức", ministry=Ministry.PUBLIC_SECURITY),
        detention=Facility.objects.create(name="Trại giam Quân khu 4", ministry=Ministry.DEFENCE),
    )
    campaign = make_campaign(a)
    import_list(
        a,
        open_list(a, campaign),
        workbook([prisoner_row(1), prisoner_row(2), prisoner_row(3, start="10/01/2025")]),
    )
    appraise(a, campaign)
    campaign.refresh_from_db()
    first, second, _third = Proposal.objects.order_by("row")
    with pytest.raises(ValidationError, match="ý kiến Hội đồng"):
        services.prepare_decision(actor=a.specialist, campaign=campaign, signer=office.president)
    services.record_council_opinion(actor=a.specialist, proposal=first, opinion="agree")
    services.record_council_opinion(
        actor=a.specialist, proposal=second, opinion="disagree", note="Hội đồng đề nghị xem xét đợt sau"
    )
    # the Government's Tờ trình submitting the lists, linked to the campaign, is cited in the preamble;
    # a ministry's Tờ trình linked to it is not the Government's
    from chancery.core import links
    from chancery.documents.tests.factories import receive

    for sender, reference in (("Bộ Công an", "77/TTr-BCA"), ("Chính phủ", "455/TTr-CP")):
        submitted = receive(
            office,
            sender=None,
            sender_name=sender,
            reference=reference,
            doc_type="to_trinh",
            issued_on=date(2025, 8, 15),
            received_on=date(2025, 8, 18),
            summary="Tờ trình về việc đề nghị đặc xá năm 2025",
        )
        links.link_records(actor=a.specialist, record=campaign, other=submitted)
    campaign = services.prepare_decision(actor=a.specialist, campaign=campaign, signer=office.president)
    assert campaign.state == "submitted"
    draft = campaign.decision_document
    assert draft is not None
    assert (
        "Xét đề nghị của Thủ tướng Chính phủ tại Tờ trình số 455/TTr-CP ngày 15 tháng 8 năm 2025 và Hội đồng "
        "tư vấn đặc xá," in draft.body
    )
    assert "77/TTr-BCA" not in draft.body
    from chancery.documents import layout

    with draft.versions.order_by("-version")[0].file.open("rb") as handle:
        content = handle.read()
        assert layout.problems(content) == []  # the national layout (Nghị định 30/2020, Phụ lục I)
    # kept by the clerks and the drafting unit, by its abbreviation (not another department's)
    unit = campaign.owning_unit
    from chancery.documents.tests.test_issued_file import texts

    assert any(f"Lưu: VT, {unit.short_name or unit.name}." in line for line in texts(content))
    with pytest.raises(ValidationError, match="chưa được ký"):
        services.record_decision(actor=a.specialist, campaign=campaign)
    documents.submit_for_approval(actor=a.specialist, document=draft, reviewers=[office.head])
    documents.decide_step(actor=office.head, document=draft, approve=True)
    documents.decide_step(actor=office.president, document=draft, approve=True)
    documents.send_for_signature(actor=a.specialist, document=draft, on=date(2025, 8, 28))
    issued = documents.issue_document(actor=office.president, document=draft, on=date(2025, 8, 29))
    campaign = services.record_decision(actor=a.specialist, campaign=campaign)
    assert campaign.state == "decided" and campaign.decision_number == issued.number_text
    assert issued.number_text.endswith("/QĐ-CTN")
    assert dict(Proposal.objects.values_list("row", "decided")) == {
        2: Decided.GRANTED,
        3: Decided.REFUSED,
        4: Decided.REFUSED,
    }
    assert list(AmnestyRecord.objects.values_list("prisoner__name", flat=True)) == ["Nguyễn Văn Tù 1"]
    second_campaign = make_campaign(a, reference_date=date(2026, 4, 30))
    import_list(a, open_list(a, second_campaign), workbook([prisoner_row(1)]))
    appraise(a, second_campaign)
    again = Proposal.objects.get(campaign=second_campaign)
    assert again.outcome == "fail" and issued.number_text in again.summary  # amnestied before: Điều 12


def test_the_list_for_submission_writes_names_and_places_as_text():
    """A facility's list is typed by people outside the Office: a name or a place that starts like a formula
    is written as that text on every sheet, never as a formula."""
    import io
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from chancery.amnesty import decision

    prisoner = SimpleNamespace(name="=1+1", birth=date(1985, 3, 12), home='=HYPERLINK("http://x","y")')
    proposal = SimpleNamespace(
        prisoner=prisoner,
        articles="@173",
        term_months=36,
        kind="term",
        facts={},
        plist=SimpleNamespace(facility=SimpleNamespace(name="Trại giam Thủ Đức")),
        council="",
        row=2,
    )
    book = load_workbook(io.BytesIO(decision.submission_xlsx([proposal])))  # type: ignore[list-item]
    assert book.sheetnames == ["Tổng hợp", "Trại giam Thủ Đức"]
    for sheet in book.worksheets:
        name, born, home, articles = (sheet.cell(row=2, column=c) for c in (2, 3, 4, 5))
        assert (name.value, born.value, home.value, articles.value) == (
            "=1+1",
            "12/03/1985",
            '=HYPERLINK("http://x","y")',
            "@173",
        )
        assert {name.data_type, home.data_type, articles.data_type} == {"s"}
        assert name.quotePrefix and home.quotePrefix and articles.quotePrefix


@pytest.mark.parametrize(
    ("title", "number", "printed"),
    [
        ("Đặc xá năm 2025 (đợt 2/9)", 2, "Về việc đặc xá năm 2025 (đợt 2/9)"),
        ("Đặc xá năm 2025", 1, "Về việc đặc xá năm 2025 (đợt 1)"),
        ("Đặc xá đợt 2 năm 2025", 2, "Về việc đặc xá đợt 2 năm 2025"),
        ("Đặc xá nhân dịp Quốc khánh", 2, "Về việc đặc xá nhân dịp Quốc khánh năm 2025 (đợt 2)"),
        ("Quốc khánh 2/9", 2, "Về việc đặc xá năm 2025 (Quốc khánh 2/9, đợt 2)"),
    ],
)
def test_the_decisions_title_names_its_round(title, number, printed):
    """Issue 26: two amnesties of one year are two decisions told apart by their titles."""
    from types import SimpleNamespace

    from chancery.amnesty import decision

    campaign = SimpleNamespace(title=title, number=number, reference_date=date(2025, 8, 31))
    assert decision.round_title(campaign) == printed  # type: ignore[arg-type]


def test_the_draft_decision_holds_its_text_and_cites_the_offices_submission(settings):
    """Issue 26: the draft in Documents shows the decision's whole text and "Nơi nhận", its summary names the
    round, and the preamble cites the Office's Tờ trình linked to the campaign, by number and date."""
    from chancery.core import links
    from chancery.core.tests.factories import signed_in
    from chancery.documents.tests.factories import issued

    office = make_office()
    settings.CHANCERY_AMNESTY_UNITS = (office.general.code,)
    a = Amnesty(
        department=office.general,
        head=office.head,
        specialist=office.specialist,
        outsider=office.legal_specialist,
        councillor=office.legal_specialist,
        leader=office.leader,
        prison=Facility.objects.create(name="Trại giam Thủ Đức", ministry=Ministry.PUBLIC_SECURITY),
        detention=Facility.objects.create(name="Trại giam Quân khu 4", ministry=Ministry.DEFENCE),
    )
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1), prisoner_row(2)]))
    appraise(a, campaign)
    for proposal in Proposal.objects.filter(campaign=campaign, outcome="pass"):
        services.record_council_opinion(actor=a.specialist, proposal=proposal, opinion="agree")
    presented = issued(
        office,
        doc_type="to_trinh",
        summary="Tờ trình về việc đặc xá năm 2025",
        addressee="Chủ tịch nước",
        on=date(2025, 8, 20),
    )
    links.link_records(actor=a.specialist, record=campaign, other=presented)
    campaign = services.prepare_decision(actor=a.specialist, campaign=campaign, signer=office.president)
    draft = campaign.decision_document
    assert draft is not None
    title = f"Về việc đặc xá nhân dịp Quốc khánh năm 2025 (đợt {campaign.number})"
    assert draft.summary == title
    assert draft.body.startswith(f"QUYẾT ĐỊNH\n{title}\n")
    assert (
        "Xét đề nghị của Thủ tướng Chính phủ, Hội đồng tư vấn đặc xá và Văn phòng Chủ tịch nước tại Tờ trình "
        f"số {presented.number_text} ngày 20 tháng 8 năm 2025," in draft.body
    )
    assert "Điều 1. Đặc xá tha tù trước thời hạn cho" in draft.body and "Điều 3." in draft.body
    unit = campaign.owning_unit
    assert draft.copies == ["Như Điều 3;", f"Lưu: VT, {unit.short_name or unit.name}."]
    page = signed_in(a.specialist).get(draft.get_absolute_url()).content.decode()
    assert "Điều 1. Đặc xá tha tù trước thời hạn" in page and "Hội đồng tư vấn đặc xá và Văn phòng" in page
