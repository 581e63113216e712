"""Promulgation's clocks at their edges (a last day on a weekend or in Tết moves to the next working day), an
ordinance's reconsideration within 10 days and its new clock, the order drafted, issued and recorded, and
who may do what."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.casework.rules import ClockState
from chancery.core.models import User
from chancery.core.selectors import is_working_day
from chancery.core.tests.factories import make_staff
from chancery.documents import services as documents
from chancery.legislation import rules, selectors, services
from chancery.legislation.models import Statute

pytestmark = pytest.mark.django_db


def _clock(statute, kind):
    return LegalClock.objects.get(object_id=statute.pk, object_type="legislation.statute", kind=kind)


@pytest.mark.parametrize(
    ("passed_on", "due"),
    [
        (date(2026, 3, 2), date(2026, 3, 17)),  # the 15th day is a Tuesday
        (date(2026, 3, 6), date(2026, 3, 23)),  # the 15th day is a Saturday: Monday
        (date(2026, 2, 2), date(2026, 2, 23)),  # the 15th day is in Tết: the first working day after it
        (date(2026, 4, 15), date(2026, 5, 4)),  # 30 April and 1 May off, then the weekend
    ],
)
def test_the_clock_to_promulgate_a_law_is_15_calendar_days_moved_off_days_off(office, passed_on, due):
    with freeze_time("2026-06-01"):
        statute = services.register_statute(
            actor=office.specialist, kind=rules.LAW, title="Luật Đất đai (sửa đổi)", passed_on=passed_on
        )
        clock = _clock(statute, rules.PROMULGATION)
        assert casework.read(clock, passed_on).due_date == due
        assert not LegalClock.objects.filter(object_id=statute.pk, kind=rules.RECONSIDERATION).exists()


def test_an_ordinance_may_be_sent_back_within_10_days_and_then_has_a_new_clock(office):
    with freeze_time("2026-06-25"):
        ordinance = services.register_statute(
            actor=office.specialist,
            kind=rules.ORDINANCE,
            title="Pháp lệnh Chi phí tố tụng",
            passed_on=date(2026, 6, 1),
        )
        assert casework.read(_clock(ordinance, rules.RECONSIDERATION), date(2026, 6, 1)).due_date == date(
            2026, 6, 11
        )
        with pytest.raises(ValidationError, match="quá 10 ngày"):
            services.request_reconsideration(
                actor=office.specialist, statute=ordinance, reason="Chưa thống nhất", on=date(2026, 6, 12)
            )
        ordinance = services.request_reconsideration(
            actor=office.specialist, statute=ordinance, reason="Điều 5 chưa phù hợp", on=date(2026, 6, 11)
        )
        assert ordinance.state == "reconsideration"
        assert _clock(ordinance, rules.RECONSIDERATION).stopped_on == date(2026, 6, 11)
        assert _clock(ordinance, rules.PROMULGATION).stopped_on == date(2026, 6, 11)
        ordinance = services.record_repassing(
            actor=office.specialist, statute=ordinance, on=date(2026, 6, 20)
        )
        again = _clock(ordinance, rules.PROMULGATION_AGAIN)
        assert again.started_on == date(2026, 6, 20)
        assert casework.read(again, date(2026, 6, 20)).due_date == date(2026, 7, 6)  # 5 July is a Sunday
        ordinance = services.refer_to_assembly(
            actor=office.specialist, statute=ordinance, reason="Vẫn chưa nhất trí"
        )
        assert ordinance.state == "to_assembly" and _clock(ordinance, rules.PROMULGATION_AGAIN).stopped_on


def test_a_law_is_not_sent_back(office):
    with freeze_time("2026-06-02"):
        law = services.register_statute(
            actor=office.specialist, kind=rules.LAW, title="Luật Thủ đô", passed_on=date(2026, 6, 1)
        )
        with pytest.raises(ValidationError, match="pháp lệnh"):
            services.request_reconsideration(actor=office.specialist, statute=law, reason="Không")


def test_the_order_is_drafted_issued_and_recorded_and_the_clock_met(office):
    import io

    from docx import Document

    # not under freeze_time: issuing signs with the Office's certificate, valid from its own date
    law = services.register_statute(
        actor=office.specialist,
        kind=rules.LAW,
        title="Luật Thủ đô",
        number="39/2024/QH15",
        session="khóa XV, kỳ họp thứ 9",
        passed_on=date(2026, 11, 16),
    )
    law = services.draft_order(actor=office.specialist, statute=law, signer=office.president)
    draft = law.order_document
    assert draft is not None and draft.doc_type == "lenh"
    version = draft.versions.order_by("-version").first()
    assert version is not None
    text = "\n".join(p.text for p in Document(io.BytesIO(version.file.read())).paragraphs)
    assert "Về việc công bố Luật Thủ đô" in text and "thông qua ngày 16 tháng 11 năm 2026" in text
    from chancery.documents import layout

    shown = [p.text for p in layout._paragraphs(Document(io.BytesIO(version.file.open("rb").read())))]
    assert office.president.full_name in shown  # the President's name under the signature (Phụ lục I)
    assert layout.problems(version.file.open("rb").read()) == []
    with pytest.raises(ValidationError, match="Đã có dự thảo"):
        services.draft_order(actor=office.specialist, statute=law, signer=office.president)
    with pytest.raises(ValidationError, match="chưa được ký"):
        services.record_promulgation(actor=office.specialist, statute=law)
    documents.submit_for_approval(actor=office.specialist, document=draft, reviewers=[office.head])
    documents.decide_step(actor=office.head, document=draft, approve=True)
    documents.decide_step(actor=office.president, document=draft, approve=True)
    documents.send_for_signature(actor=office.specialist, document=draft, on=date(2026, 11, 20))
    issued = documents.issue_document(actor=office.president, document=draft, on=date(2026, 11, 23))
    law = services.record_promulgation(actor=office.specialist, statute=law)
    assert law.state == "promulgated" and law.order_number == issued.number_text
    assert issued.number_text.endswith("/L-CTN")
    clock = _clock(law, rules.PROMULGATION)
    assert casework.read(clock, date(2026, 11, 23)).state == ClockState.MET


def test_the_board_shows_what_is_in_flight_most_urgent_first_and_only_to_those_who_may_see_it(office):
    with freeze_time("2026-06-20"):
        later = services.register_statute(
            actor=office.specialist, kind=rules.LAW, title="Luật B", passed_on=date(2026, 6, 15)
        )
        sooner = services.register_statute(
            actor=office.specialist, kind=rules.LAW, title="Luật A", passed_on=date(2026, 6, 10)
        )
        rows = selectors.board(office.specialist, date(2026, 6, 20))
        assert [r.statute for r in rows] == [sooner, later]
        assert rows[0].days_left == 5 and rows[0].next_due == date(2026, 6, 25)
        assert selectors.board(office.legal_specialist, date(2026, 6, 20)) == []  # another department
        assert selectors.get_statute(office.leader, later.pk) is not None


def test_bad_input_and_people_without_a_role_are_refused(office):
    nobody = make_staff("khach", unit=office.general)
    with pytest.raises(PermissionDenied):
        services.register_statute(actor=nobody, kind=rules.LAW, title="X", passed_on=date(2026, 1, 1))
    with freeze_time("2026-06-02"):
        with pytest.raises(ValidationError, match="sau hôm nay"):
            services.register_statute(
                actor=office.specialist, kind=rules.LAW, title="X", passed_on=date(2026, 6, 3)
            )
        with pytest.raises(ValidationError):
            services.register_statute(
                actor=office.specialist, kind="decree", title="X", passed_on=date(2026, 6, 1)
            )
    assert not Statute.objects.exists()


@pytest.mark.parametrize("today", ["2027-01-15", "2027-02-28", "2026-12-05"])
def test_the_demo_office_has_a_year_of_texts_whatever_the_month(today):
    """With no year, the demo's texts and drafts are the twelve months up to today: in January the office
    has its laws and ordinances as in December (the examiner's matrix found no statute on a January day),
    each title once."""
    from chancery.core.demo import load_demo
    from chancery.legislation import demo
    from chancery.legislation.models import DraftLaw

    load_demo()
    with freeze_time(today):
        now = date.fromisoformat(today)
        demo.load()
        demo.load_drafts()
        statutes = list(Statute.objects.all())
        assert len(statutes) >= len(demo.LAWS) + len(demo.ORDINANCES) - 4  # the latest may still be ahead
        assert len({s.title for s in statutes}) == len(statutes)
        assert all(now - timedelta(days=372) <= s.passed_on <= now for s in statutes)
        assert Statute.objects.filter(state="promulgated").count() >= 10
        drafts = list(DraftLaw.objects.all())
        assert len(drafts) >= 20 and len({d.title for d in drafts}) == len(drafts)
        assert all(d.received_on <= now for d in drafts)


def test_the_demo_year_is_promulgated_in_time_and_leaves_texts_on_the_board():
    from chancery.core.demo import load_demo
    from chancery.legislation import demo

    load_demo()
    with freeze_time("2026-12-05"):
        added = demo.load(year=2026)
        assert added == len(demo.LAWS) + len(demo.ORDINANCES)
        promulgated = Statute.objects.filter(state="promulgated")
        assert promulgated.count() >= 15
        assert all(
            s.promulgated_on and s.promulgated_on <= s.passed_on + timedelta(days=40) for s in promulgated
        )
        leader = User.objects.get(username="chunhiem")
        assert selectors.board(leader, date(2026, 12, 5))  # the November session's laws are still running
        # each order is a document of the register of the President's orders, issued on the day of
        # promulgation (an office day), numbered in the order of the dates, naming its law and its session
        pairs = [(s, s.order_document) for s in promulgated.select_related("order_document")]
        orders = sorted([(s, d) for s, d in pairs if d is not None], key=lambda pair: pair[1].number or 0)
        assert len(orders) == len(pairs)
        assert [s.order_number for s, _d in orders] == [d.number_text for _s, d in orders]
        assert [d.number for _s, d in orders] == list(range(1, len(orders) + 1))
        days = [d.issued_on for _s, d in orders if d.issued_on is not None]
        assert len(days) == len(orders) and days == sorted(days) and all(is_working_day(d) for d in days)
        assert all(is_working_day(s.passed_on) for s in promulgated)
        for statute, document in orders:
            assert document.doc_type == "lenh" and document.issued_on == statute.promulgated_on
            assert statute.full_title in document.body and "NAY CÔNG BỐ" in document.body
            assert document.number_text.endswith("/2026/L-CTN")
        assert any(", kỳ họp thứ" in d.body for _s, d in orders)
        from chancery.core.tests.factories import signed_in

        statute, document = orders[0]
        page = signed_in(leader).get(statute.get_absolute_url()).content.decode()
        assert f'href="{document.get_absolute_url()}" data-testid="promulgated-order"' in page
