"""A campaign from its terms to the decision: terms audited and frozen at the appraisal, lists imported with
their bad rows reported and re-imported without duplicates, the same person in two lists or amnestied before
flagged, overrides and the council's opinion, the decision and each prisoner's outcome; who may do what."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.amnesty import rules, selectors, services
from chancery.amnesty.models import AmnestyRecord, Campaign, Prisoner, Proposal, Verdict
from chancery.amnesty.tests.factories import (
    appraise,
    import_list,
    make_amnesty,
    make_campaign,
    open_list,
    prisoner_row,
    workbook,
)
from chancery.core.models import AuditEvent, RoleCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return make_amnesty()


def test_a_campaign_starts_with_the_laws_terms_and_changes_are_audited(a):
    campaign = make_campaign(a)
    terms = campaign.rule_terms
    assert (terms.fraction, terms.life_years, terms.special_fraction) == (Fraction(1, 3), 14, Fraction(1, 4))
    assert "109" in terms.excluded_articles
    stricter = rules.Terms(
        reference_date=date(2025, 8, 31),
        groups=(rules.Group("Ma túy", Fraction(2, 5), ("251",)),),
        excluded_articles=(*rules.NATIONAL_SECURITY, "123"),
    )
    with pytest.raises(PermissionDenied):
        services.update_terms(actor=a.specialist, campaign=campaign, terms=stricter)
    services.update_terms(actor=a.head, campaign=campaign, terms=stricter)
    campaign.refresh_from_db()
    assert campaign.rule_terms.groups[0].fraction == Fraction(2, 5)
    event = AuditEvent.objects.filter(message__startswith="Sửa điều kiện đợt đặc xá").get()
    assert "123" in str(event.changes["terms"]["after"]) and "123" not in str(
        event.changes["terms"]["before"]
    )


def test_terms_that_contradict_themselves_are_refused_in_vietnamese(a):
    campaign = make_campaign(a)
    bad = rules.Terms(reference_date=date(2025, 8, 31), special_fraction=Fraction(1, 2))
    with pytest.raises(ValidationError, match="Trường hợp đặc biệt không thể"):
        services.update_terms(actor=a.head, campaign=campaign, terms=bad)
    no_reason = rules.Terms(reference_date=date(2025, 8, 31), special_amnesty=True)
    with pytest.raises(ValidationError, match="Điều 22"):
        services.update_terms(actor=a.head, campaign=campaign, terms=no_reason)


def test_a_list_is_imported_with_bad_rows_reported_and_again_without_duplicates(a):
    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    rows = [
        prisoner_row(1),
        prisoner_row(2, term="ba năm"),
        prisoner_row(3, start=""),
        prisoner_row(4),
        prisoner_row(5, name="Nguyễn Văn Tù 1"),  # the same person as row 2 of the sheet
    ]
    job = import_list(a, plist, workbook(rows))
    assert job.result["stored"] == 2 and job.result["skipped"] == 3
    problems = "\n".join(job.result["problems"])
    assert "Dòng 3: Cột “Mức án”" in problems
    assert "Dòng 4: Thiếu “Ngày bắt đầu chấp hành án”" in problems
    assert "Dòng 6: trùng với dòng 2" in problems
    rows[1] = prisoner_row(2, term="2 năm")
    rows[2] = prisoner_row(3)
    again = import_list(a, plist, workbook(rows))
    assert again.result["stored"] == 4 and Proposal.objects.count() == 4 and Prisoner.objects.count() == 4


def test_the_terms_are_frozen_when_the_appraisal_starts(a):
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1)]))
    job = appraise(a, campaign)
    assert job.status == "done", job.error
    campaign.refresh_from_db()
    assert campaign.frozen_at is not None and campaign.state == "appraised"
    with pytest.raises(ValidationError, match="cố định"):
        services.update_terms(actor=a.head, campaign=campaign, terms=campaign.rule_terms)
    assert not services.can_edit_terms(a.head, campaign)


def test_appraisal_counts_each_condition_and_flags_twice_proposed_and_amnestied_before(a):
    campaign = make_campaign(a)
    import_list(
        a,
        open_list(a, campaign),
        workbook(
            [
                prisoner_row(1),  # meets every condition
                prisoner_row(2, start="10/01/2025"),  # a third not yet served
                prisoner_row(3, articles="109"),  # national security
                prisoner_row(4, residence=""),  # residence not said: review
                prisoner_row(5),  # amnestied before (on file)
            ]
        ),
    )
    import_list(a, open_list(a, campaign, a.detention), workbook([prisoner_row(1)]))  # row 1 again elsewhere
    earlier = Prisoner.objects.get(name="Nguyễn Văn Tù 5")
    AmnestyRecord.objects.create(
        prisoner=earlier, decision_number="2232/2015/QĐ-CTN", decided_on=date(2015, 8, 31)
    )
    appraise(a, campaign)
    outcomes = {
        (p.plist.facility.name, p.prisoner.name): p.outcome
        for p in Proposal.objects.select_related("plist__facility", "prisoner")
    }
    assert outcomes == {
        ("Trại giam Thủ Đức", "Nguyễn Văn Tù 1"): Verdict.REVIEW,  # proposed by two facilities
        ("Trại giam Quân khu 4", "Nguyễn Văn Tù 1"): Verdict.REVIEW,
        ("Trại giam Thủ Đức", "Nguyễn Văn Tù 2"): Verdict.FAIL,
        ("Trại giam Thủ Đức", "Nguyễn Văn Tù 3"): Verdict.FAIL,
        ("Trại giam Thủ Đức", "Nguyễn Văn Tù 4"): Verdict.REVIEW,
        ("Trại giam Thủ Đức", "Nguyễn Văn Tù 5"): Verdict.FAIL,
    }
    twice = Proposal.objects.filter(prisoner__name="Nguyễn Văn Tù 1")[0]
    assert "Trại giam" in twice.summary and "Đề nghị trùng trong đợt" in twice.summary
    assert "2232/2015/QĐ-CTN" in Proposal.objects.get(prisoner=earlier).summary


def _appraised(a, rows=None):
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook(rows or [prisoner_row(1), prisoner_row(2)]))
    appraise(a, campaign)
    campaign.refresh_from_db()
    return campaign


def test_the_council_gives_its_opinion_and_a_disagreement_needs_a_reason(a):
    campaign = _appraised(a)
    proposal = Proposal.objects.order_by("row")[0]
    with pytest.raises(PermissionDenied):
        services.record_council_opinion(actor=a.councillor, proposal=proposal, opinion="agree")
    assert selectors.get_campaign(a.councillor, campaign.pk) is None  # not yet a member: sees nothing
    services.add_council_member(actor=a.head, campaign=campaign, user=a.councillor)
    assert selectors.get_campaign(a.councillor, campaign.pk) is not None
    with pytest.raises(ValidationError, match="lý do"):
        services.record_council_opinion(
            actor=a.councillor, proposal=proposal, opinion="disagree", note="không"
        )
    services.record_council_opinion(
        actor=a.councillor, proposal=proposal, opinion="disagree", note="Tái phạm nhiều lần trong trại"
    )
    proposal.refresh_from_db()
    assert (proposal.council, proposal.council_by) == ("disagree", a.councillor)
    assert AuditEvent.objects.filter(message__contains="Tái phạm nhiều lần").exists()
    assert proposal not in list(services.submission_of(campaign))


def test_prisoners_data_are_not_seen_outside_the_unit_the_leadership_and_the_council(a):
    campaign = _appraised(a)
    proposal = Proposal.objects.all()[0]
    assert selectors.get_campaign(a.outsider, campaign.pk) is None
    assert selectors.get_proposal(a.outsider, proposal.pk) is None
    assert list(selectors.visible_campaigns(a.outsider)) == []
    assert selectors.get_proposal(a.leader, proposal.pk) is not None
    with pytest.raises(PermissionDenied):
        services.export_submission(actor=a.outsider, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.override_verdict(
            actor=a.outsider, proposal=proposal, outcome="pass", reason="Lý do đủ dài ở đây"
        )


def test_an_export_of_the_lists_is_audited(a):
    campaign = _appraised(a)
    content = services.export_submission(actor=a.specialist, campaign=campaign)
    assert content[:2] == b"PK"
    assert AuditEvent.objects.filter(
        action="export", message__contains="Xuất danh sách đề nghị đặc xá"
    ).exists()


def test_the_decisions_annex_is_grouped_by_facility_in_list_order(a):
    import io

    from docx import Document

    from chancery.amnesty import decision
    from chancery.documents import drafting

    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(2), prisoner_row(1)]))
    import_list(a, open_list(a, campaign, a.detention), workbook([prisoner_row(9)]))
    proposals = list(Proposal.objects.select_related("prisoner", "plist__facility"))
    parts = decision.annex(proposals)
    assert [(p.facility, [r[0] for r in p.rows]) for p in parts] == [
        ("Trại giam Quân khu 4", ["Nguyễn Văn Tù 9"]),
        ("Trại giam Thủ Đức", ["Nguyễn Văn Tù 2", "Nguyễn Văn Tù 1"]),
    ]
    content = decision.decision_docx(campaign, parts, drafting.template_bytes("quyet_dinh"))
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Đặc xá tha tù trước thời hạn cho 3 người" in text and "I. TRẠI GIAM QUÂN KHU 4 (1 người)" in text
    # the offence by its name and article, not a bare number (the examiner of issue 26)
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells][4] == "Tội danh"
    assert [cell.text for cell in table.rows[1].cells][4] == "Trộm cắp tài sản (Điều 173 BLHS)"


def test_a_campaign_is_only_opened_by_someone_with_a_working_role(a):
    from chancery.core.tests.factories import make_staff

    nobody = make_staff("khach", unit=a.department)
    with pytest.raises(PermissionDenied):
        services.create_campaign(actor=nobody, title="X", basis="Y", reference_date=date(2025, 1, 1))
    assert not Campaign.objects.exists()


def test_the_reductions_rule_and_the_quarters_table_are_terms_set_by_the_head_audited_and_frozen(a):
    campaign = make_campaign(a)
    assert campaign.rule_terms.reductions == rules.REDUCTIONS_DEDUCTED  # the 2025 guidance by default
    banded = rules.Terms(
        reference_date=date(2025, 8, 31),
        reductions=rules.REDUCTIONS_ADDED,
        quarter_bands=(rules.QuarterBand(36, 2), rules.QuarterBand(None, 16)),
        life_quarters=18,
    )
    with pytest.raises(PermissionDenied):
        services.update_terms(actor=a.specialist, campaign=campaign, terms=banded)
    services.update_terms(actor=a.head, campaign=campaign, terms=banded)
    campaign.refresh_from_db()
    assert campaign.rule_terms.reductions == rules.REDUCTIONS_ADDED
    assert campaign.rule_terms.quarter_bands[1] == rules.QuarterBand(None, 16)
    event = AuditEvent.objects.filter(message__startswith="Sửa điều kiện đợt đặc xá").get()
    assert event.changes["terms"]["before"]["reductions"] == rules.REDUCTIONS_DEDUCTED
    assert event.changes["terms"]["after"]["quarter_bands"][0] == {"up_to_months": 36, "quarters": 2}
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1)]))
    appraise(a, campaign)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError, match="cố định"):
        services.update_terms(
            actor=a.head, campaign=campaign, terms=rules.Terms(reference_date=date(2025, 8, 31))
        )
    assert campaign.rule_terms.reductions == rules.REDUCTIONS_ADDED


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (rules.Terms(reference_date=date(2025, 8, 31), kinds=(rules.FIXED, rules.POSTPONED)), "kinds"),
        (rules.Terms(reference_date=date(2025, 8, 31), reductions="halved"), "reductions"),
        (
            rules.Terms(reference_date=date(2025, 8, 31), quarter_bands=(rules.QuarterBand(36, 0),)),
            "quarter_bands",
        ),
        (
            rules.Terms(
                reference_date=date(2025, 8, 31),
                quarter_bands=(rules.QuarterBand(36, 2), rules.QuarterBand(36, 4)),
            ),
            "quarter_bands",
        ),
    ],
)
def test_terms_the_law_does_not_allow_are_refused_in_vietnamese(a, terms, field):
    campaign = make_campaign(a)
    with pytest.raises(ValidationError) as error:
        services.update_terms(actor=a.head, campaign=campaign, terms=terms)
    assert field in error.value.message_dict


def test_a_postponed_sentence_is_amnestied_in_a_special_case_from_the_list(a):
    campaign = make_campaign(a)
    special = rules.Terms(
        reference_date=date(2025, 8, 31),
        kinds=(rules.FIXED, rules.POSTPONED, rules.LIFE),
        special_amnesty=True,
        special_reason="Yêu cầu đối ngoại của Nhà nước",
    )
    services.update_terms(actor=a.head, campaign=campaign, terms=special)
    headings = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Điều luật",
        "Loại án",
        "Mức án",
        "Ngày bắt đầu chấp hành án",
    ]
    rows = [
        [1, "Ngô Văn Hoãn", "12/03/1985", "173", "Hoãn chấp hành án", "3 năm", "10/09/2025"],
        [2, "Ngô Văn Chung", "12/03/1970", "123", "Chung thân chưa giảm", "Chung thân", "10/01/2010"],
    ]
    job = import_list(a, open_list(a, campaign), workbook(rows, headings))
    assert job.result["stored"] == 2, job.result
    appraise(a, campaign)
    assert set(Proposal.objects.values_list("kind", "outcome")) == {
        (rules.POSTPONED, Verdict.PASS),
        (rules.LIFE, Verdict.PASS),
    }


def test_the_quarters_and_the_credits_flow_from_the_list_to_the_verdict(a):
    campaign = make_campaign(a)
    services.update_terms(
        actor=a.head,
        campaign=campaign,
        terms=rules.Terms(
            reference_date=date(2025, 8, 31),
            quarter_bands=(rules.QuarterBand(36, 2), rules.QuarterBand(None, 8)),
        ),
    )
    headings = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Điều luật",
        "Mức án",
        "Ngày bắt đầu chấp hành án",
        "Nghĩa vụ dân sự",
        "Có nơi cư trú rõ ràng",
        "Số quý liên tục xếp loại khá, tốt liền kề thời điểm xét",
        "Từ sau quý xếp loại gần nhất đến ngày họp xét đạt khá, tốt",
        "Tạm giữ, tạm giam (ngày)",
        "Đã được giảm",
    ]
    base = ["12/03/1985", "173", "3 năm", "10/01/2024", "Đã thi hành xong", "x"]
    rows = [
        [1, "Đỗ Văn Đủ", *base, 2, "x", 0, ""],
        [2, "Đỗ Văn Thiếu", *base, 1, "x", 0, ""],
        [3, "Đỗ Văn Giam", *base[:2], "1 năm", "10/01/2025", *base[4:], 2, "x", 4000, ""],
        [4, "Đỗ Văn Rút", *base[:2], "1 năm", "10/01/2025", *base[4:], 2, "x", 0, "2 năm"],
    ]
    job = import_list(a, open_list(a, campaign), workbook(rows, headings))
    assert job.result["stored"] == 4, job.result
    appraise(a, campaign)
    outcomes = dict(Proposal.objects.values_list("prisoner__name", "outcome"))
    assert outcomes == {
        "Đỗ Văn Đủ": Verdict.PASS,
        "Đỗ Văn Thiếu": Verdict.FAIL,
        "Đỗ Văn Giam": Verdict.REVIEW,
        "Đỗ Văn Rút": Verdict.REVIEW,
    }
    assert "tạm giữ, tạm giam 4000 ngày" in Proposal.objects.get(prisoner__name="Đỗ Văn Giam").summary.lower()
    assert "cần 2" in Proposal.objects.get(prisoner__name="Đỗ Văn Thiếu").summary


def test_a_campaign_frozen_before_the_reductions_term_keeps_its_reading():
    """The data migration: a frozen campaign without the term was appraised with reductions counted as
    served; an open one gets the guidance's default."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("chancery.amnesty.migrations.0002_special_kinds_and_reductions_term")
    a = make_amnesty()
    frozen, open_ = make_campaign(a), make_campaign(a)
    Campaign.objects.filter(pk__in=[frozen.pk, open_.pk]).update(terms={"fraction": "1/3"})
    Campaign.objects.filter(pk=frozen.pk).update(frozen_at=timezone.now())
    migration.keep_the_frozen_reading(apps, None)
    frozen.refresh_from_db()
    open_.refresh_from_db()
    assert frozen.rule_terms.reductions == rules.REDUCTIONS_ADDED
    assert open_.rule_terms.reductions == rules.REDUCTIONS_DEDUCTED


def test_only_the_amnesty_units_open_a_campaign(a, client):
    """Any specialist used to open an amnesty campaign; only the amnesty units' staff do now."""
    assert services.can_work_on_amnesty(a.specialist)
    assert not services.can_work_on_amnesty(a.outsider) and not services.can_work_on_amnesty(a.councillor)
    with pytest.raises(PermissionDenied):
        services.create_campaign(
            actor=a.outsider,
            title="Đợt lạ",
            basis="Quyết định 1/2025/QĐ-CTN",
            reference_date=date(2025, 8, 31),
        )
    client.force_login(a.outsider)
    page = client.get("/amnesty/campaigns/new/")
    assert page.status_code == 403
    assert "Phòng Đặc xá" in page.content.decode()


def test_the_petitions_division_beside_the_amnesty_division_opens_no_campaign_and_is_told_whose_it_is(a):
    """The examiner of issue 30: Phòng Tiếp công dân, under the same Vụ Tư pháp, opened amnesty campaigns and
    started their jobs; the API's refusal named nobody. The head of the department leads both and may."""
    from chancery.core import jobs
    from chancery.core.models import Unit, UnitKind
    from chancery.core.tests.factories import make_staff

    petitions = Unit.objects.create(
        code="phong-don-thu", name="Phòng Tiếp công dân", parent=a.department, kind=UnitKind.DIVISION
    )
    clerk_of_petitions = make_staff("chuyenvien.dt", unit=petitions, roles=(RoleCode.SPECIALIST,))
    assert not services.can_work_on_amnesty(clerk_of_petitions)
    assert services.can_work_on_amnesty(a.head) and services.can_work_on_amnesty(a.specialist)
    with pytest.raises(PermissionDenied, match="Phòng Đặc xá"):
        services.create_campaign(
            actor=clerk_of_petitions, title="Đợt lạ", basis="Y", reference_date=date(2025, 8, 31)
        )
    campaign = make_campaign(a)
    with pytest.raises(PermissionDenied, match="Phòng Đặc xá"):
        jobs.start_job(actor=clerk_of_petitions, kind="amnesty_appraise", params={"campaign": campaign.pk})


def test_the_council_agrees_with_all_who_wait_at_once_and_replaces_no_opinion_given(a, client):
    campaign = _appraised(a, [prisoner_row(1), prisoner_row(2), prisoner_row(3)])
    passing = list(Proposal.objects.filter(outcome=Verdict.PASS).order_by("row"))
    assert len(passing) == 3
    services.add_council_member(actor=a.head, campaign=campaign, user=a.councillor)
    services.record_council_opinion(
        actor=a.councillor, proposal=passing[0], opinion="disagree", note="Vi phạm nội quy trại giam"
    )
    assert services.awaiting_council(campaign).count() == 2
    minutes = "Biên bản họp Hội đồng tư vấn đặc xá ngày 12/08/2025"
    for stranger in (a.outsider, a.leader):  # the Office's leadership speaks for no council
        with pytest.raises(PermissionDenied):
            services.record_council_agreement(actor=stranger, campaign=campaign, minutes=minutes, expected=2)
        with pytest.raises(PermissionDenied):
            services.record_council_opinion(actor=stranger, proposal=passing[1], opinion="agree")
    with pytest.raises(ValidationError, match="biên bản"):
        services.record_council_agreement(actor=a.councillor, campaign=campaign, minutes="họp", expected=2)
    with pytest.raises(ValidationError, match="đã thay đổi"):  # the page showed 3: refused, nothing written
        services.record_council_agreement(actor=a.councillor, campaign=campaign, minutes=minutes, expected=3)
    assert services.awaiting_council(campaign).count() == 2

    client.force_login(a.councillor)
    page = client.get(f"/amnesty/campaigns/{campaign.pk}/")
    assert "Hội đồng đồng ý: 2 trường hợp" in page.content.decode()
    client.post(
        f"/amnesty/campaigns/{campaign.pk}/council/agree/", {"minutes": minutes, "expected": "2"}, follow=True
    )
    opinions = dict(Proposal.objects.values_list("pk", "council"))
    assert [opinions[p.pk] for p in passing] == ["disagree", "agree", "agree"]  # the disagreement stays
    agreed = Proposal.objects.get(pk=passing[1].pk)
    assert (agreed.council_note, agreed.council_by) == (minutes, a.councillor)
    assert AuditEvent.objects.filter(message__contains="đồng ý 2 trường hợp").count() == 1
    with pytest.raises(ValidationError, match="Không còn"):
        services.record_council_agreement(actor=a.councillor, campaign=campaign, minutes=minutes, expected=0)
    assert "council-agree-all" not in client.get(f"/amnesty/campaigns/{campaign.pk}/").content.decode()
