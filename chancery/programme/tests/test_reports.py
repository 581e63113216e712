"""The monthly report and the yearly summary come out of the records with their figures exact (and the
previous year's beside them), each figure linked to the list behind it; the narrative is edited and audited;
DOCX and PDF are written, from the page and the command line; meetings' instructions become tasks and their
conclusions a Thông báo in Documents; only those who prepare reports read them."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from freezegun import freeze_time

from chancery.core.models import AuditEvent, SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.core.tests.test_api import api_as
from chancery.diplomacy.models import Country, Event
from chancery.programme import figures, reports, services
from chancery.programme.models import KeyTask, Report

pytestmark = pytest.mark.django_db


def _events(office, year):
    for i in range(3):
        Event.objects.create(
            owning_unit=office.general,
            kind="state_visit",
            title=f"Thăm {i}",
            starts_on=date(year, 3, 2 + i),
            ends_on=date(year, 3, 3 + i),
            country=Country.objects.get(alpha2="FR"),
            folded="x",
        )
    Event.objects.create(
        owning_unit=office.general,
        kind="state_visit",
        title="Hoãn",
        starts_on=date(year, 3, 9),
        ends_on=date(year, 3, 9),
        is_cancelled=True,
        folded="x",
    )
    Event.objects.create(
        owning_unit=office.general,
        kind="delegation",
        title="Đoàn",
        starts_on=date(year, 4, 1),
        ends_on=date(year, 4, 1),
        folded="x",
    )


def test_figures_of_a_period_are_exact_and_linked(office):
    _events(office, 2025)
    _events(office, 2024)
    Event.objects.create(
        owning_unit=office.general,
        kind="delegation",
        title="Năm sau",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 1),
        folded="x",
    )
    with freeze_time(date(2025, 3, 31)):
        KeyTask.objects.create(
            owning_unit=office.general,
            title="Đúng hạn",
            assigned_by=office.leader,
            due_on=date(2025, 3, 20),
            state="done",
            done_on=date(2025, 3, 19),
        )
        KeyTask.objects.create(
            owning_unit=office.general,
            title="Chậm",
            assigned_by=office.leader,
            due_on=date(2025, 3, 20),
            state="done",
            done_on=date(2025, 3, 25),
        )
        KeyTask.objects.create(
            owning_unit=office.general,
            title="Chuyển",
            assigned_by=office.leader,
            due_on=date(2025, 3, 31),
            state="carried_over",
        )
        for title, state in (("Đang làm", "in_progress"), ("Chờ duyệt", "submitted"), ("Hủy", "cancelled")):
            KeyTask.objects.create(
                owning_unit=office.general,
                title=title,
                assigned_by=office.leader,
                due_on=date(2025, 3, 28),
                state=state,
            )
    areas = figures.as_json(figures.collect(date(2025, 3, 1), date(2025, 3, 31)))
    march = figures.values_of(areas)
    assert march["events_state_visit"] == 3 and march["events_delegation"] == 0
    assert [march[f"tasks_{k}"] for k in ("due", "on_time", "late", "carried", "open")] == [5, 1, 1, 1, 2]
    # each figure opens the list of exactly the tasks it counts
    api = api_as(office.leader)
    for figure in next(a for a in areas if a["key"] == "tasks")["figures"]:
        query = figure["url"].split("?", 1)[1]
        listed = api.get(f"/api/v1/lists/key-tasks/?{query}").json()["results"]
        assert len(listed) == figure["value"], figure
    year = services.report_figures(Report.YEARLY, date(2025, 1, 1), date(2025, 12, 31))
    values = figures.values_of(year["areas"])
    assert values["events_state_visit"] == 3 and values["events_delegation"] == 1
    assert year["previous"]["events_state_visit"] == 3
    links = {f["key"]: f["url"] for area in year["areas"] for f in area["figures"]}
    assert links["petitions_received"] == "/lists/petitions/?received_from=2025-01-01&received_to=2025-12-31"
    assert "kind=state_visit" in links["events_state_visit"]


def test_a_report_drafted_edited_and_written(office):
    client = signed_in(office.specialist)  # Vụ Tổng hợp prepares the reports
    today = timezone.localdate()
    response = client.post(
        reverse("programme:reports"), {"kind": "monthly", "year": today.year, "month": today.month}
    )
    report = Report.objects.get()
    assert response.url == reverse("programme:report", args=[report.pk])
    page = client.get(response.url).content.decode()
    link = reverse("programme:report_figure", args=[report.pk, "petitions_received"])
    assert 'data-figure="petitions_received"' in page and f'href="{link}"' in page
    client.post(
        response.url, {"overview": "Văn phòng đã hoàn thành tốt nhiệm vụ.", "next": "Chuẩn bị Kỳ họp thứ 10."}
    )
    report.refresh_from_db()
    assert report.narrative["overview"] == "Văn phòng đã hoàn thành tốt nhiệm vụ."
    assert AuditEvent.objects.filter(object_type="programme.report", changes__has_key="overview").exists()
    docx = client.get(reverse("programme:report_file", args=[report.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Văn phòng đã hoàn thành tốt nhiệm vụ." in text and "Đơn thư tiếp nhận" in text
    from chancery.documents import layout

    assert layout.problems(docx.content) == []  # the national layout (Nghị định 30/2020, Phụ lục I)
    pdf = client.get(reverse("programme:report_file", args=[report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    from chancery.documents import signing

    shown = signing.shown_text(pdf.content)  # the annex of figures in the PDF too, tied to the report
    assert "PHỤLỤCSỐLIỆU" in shown and "KèmtheoBáocáosố" in shown and "Đơnthưtiếpnhận" in shown
    bad = client.post(
        reverse("programme:reports"), {"kind": "monthly", "year": today.year + 1, "month": 1}, follow=True
    )
    assert "chưa bắt đầu" in bad.content.decode() and Report.objects.count() == 1
    outsider = signed_in(office.legal_specialist)
    assert outsider.get(reverse("programme:reports")).status_code == 403
    assert (
        outsider.get(reverse("programme:report", args=[report.pk])).status_code == 403
    )  # told why, as on the list


@pytest.mark.parametrize(("today", "year", "month"), [("2026-12-02", 2026, 11), ("2027-01-04", 2026, 12)])
def test_the_report_form_offers_the_month_just_ended(office, today, year, month):
    """The monthly review assesses the month just ended: the form starts there, into last year in January."""
    with freeze_time(today):
        form = signed_in(office.specialist).get(reverse("programme:reports")).context["form"]
    assert (form["year"].value(), form["month"].value()) == (year, month)


def test_the_yearly_summary_on_the_command_line_writes_figures_the_vietnamese_way(office, tmp_path):
    _events(office, 2025)
    out = tmp_path / "nam-2025.docx"
    call_command("report", "yearly", "--year", "2025", "--out", str(out))
    document = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO\nTổng kết công tác năm 2025" in text  # the type once, then the subject
    # nothing of 2024 on record: said once, not "(năm trước: 0, mới)" on every line
    assert "Năm 2024 chưa có số liệu trên hệ thống" in text and "mới" not in text
    assert "- Đón chuyến thăm cấp Nhà nước: 3;" in text
    table = document.tables[-1]
    # the annex adds the quarters to the text's figures of the year (nothing of 2024 to compare with)
    header = ["Chỉ tiêu", "Quý I", "Quý II", "Quý III", "Quý IV", "Năm 2025"]
    assert [c.text for c in table.rows[0].cells] == header
    # each figure of the annex opens the list behind it in the browser
    visits = next(r for r in table.rows if r.cells[0].text.endswith("Đón chuyến thăm cấp Nhà nước"))
    assert [c.text for c in visits.cells[1:]] == ["3", "0", "0", "0", "3"]
    (link,) = visits.cells[5].paragraphs[0].hyperlinks
    assert (
        link.address.startswith(settings.SITE_URL + "/lists/events/") and "kind=state_visit" in link.address
    )
    assert link.text == "3"
    monthly = tmp_path / "thang.pdf"
    call_command("report", "monthly", "--month", "2025-03", "--out", str(monthly))
    assert monthly.read_bytes().startswith(b"%PDF")


def test_the_yearly_summary_assesses_each_area_against_last_year_and_lists_the_tasks_ahead(office):
    """Issue 26: the yearly summary reads like the office's report: each area assessed from its figures,
    last year beside this year, and the key tasks ahead (next year's, and this year's unfinished)."""
    _events(office, 2024)
    _events(office, 2025)
    Event.objects.filter(starts_on__year=2025, kind="state_visit", title="Thăm 2").delete()
    services.add_task(
        actor=office.leader,
        data=services.TaskData(title="Tổng kết nhiệm kỳ", lead_unit=office.general, due_on=date(2026, 3, 1)),
    )
    report = Report.objects.create(**services.new_report(Report.YEARLY, 2025), created_by=office.leader)
    text = reports.body(report)
    assert "Đón chuyến thăm cấp Nhà nước 2, giảm 33,3% so với năm 2024" in text
    assert "- Đón chuyến thăm cấp Nhà nước: 2 (năm 2024: 3);" in text
    assert "chưa có số liệu" not in text
    ahead = text[text.index("IV. ") :]
    assert (
        "Các nhiệm vụ trọng tâm năm 2026" in ahead
        and "Tổng kết nhiệm kỳ; đơn vị chủ trì: Vụ Tổng hợp" in ahead
    )


@pytest.mark.parametrize(
    ("value", "before", "words"),
    [
        (12, 10, "tăng 20%"),
        (9, 12, "giảm 25%"),
        (7, 7, "không đổi"),
        (5, 0, "mới phát sinh"),
        (2, 3, "giảm 33,3%"),
    ],
)
def test_a_change_against_last_year_in_words(value, before, words):
    from chancery.programme import rules

    assert rules.change_words(value, before) == words


def test_instructions_become_tasks_and_the_conclusions_a_thong_bao(office):
    meeting = services.record_meeting(
        actor=office.head,
        held_on=timezone.localdate() - timedelta(days=1),
        title="Họp giao ban tháng",
        chaired_by="Chủ tịch nước",
        instructions=[
            ("Chuẩn bị nội dung phục vụ Hội nghị Trung ương 13", ""),
            ("Hoàn thiện báo cáo nhiệm kỳ", "Phó Chủ nhiệm"),
        ],
    )
    first, second = meeting.instructions.all()
    assert (first.given_by, second.given_by) == ("Chủ tịch nước", "Phó Chủ nhiệm")
    from chancery.programme import selectors

    # an instruction is read through its meeting: only by those who may see the meeting
    assert selectors.get_instruction(office.head, first.pk) == first
    assert selectors.get_instruction(office.legal_specialist, first.pk) is None
    task = services.task_from_instruction(
        actor=office.head,
        instruction=first,
        data=services.TaskData(
            title=first.text, lead_unit=office.general, due_on=timezone.localdate() + timedelta(days=20)
        ),
    )
    assert task.source == "instruction" and "Họp giao ban tháng" in task.source_text
    meeting = services.draft_conclusions(actor=office.head, meeting=meeting, signer=office.leader)
    document = meeting.conclusions_document
    assert document is not None
    assert document.doc_type == "thong_bao" and document.state == "drafting"
    from chancery.documents import layout

    version = document.versions.order_by("-version")[0]
    with version.file.open("rb") as handle:
        assert layout.problems(handle.read()) == []  # the national layout (Nghị định 30/2020, Phụ lục I)
    with pytest.raises(PermissionDenied):
        services.record_meeting(
            actor=office.legal_specialist,
            held_on=timezone.localdate(),
            title="X",
            chaired_by="Y",
            instructions=[("Z", "")],
        )
    page = signed_in(office.head).get(reverse("programme:meeting", args=[meeting.pk])).content.decode()
    assert "Hoàn thiện báo cáo nhiệm kỳ" in page and 'data-testid="conclusions-link"' in page


def test_the_reports_text_lists_next_months_tasks(office):
    today = timezone.localdate()
    following = (today.replace(day=1) + timedelta(days=40)).replace(day=5)
    services.add_task(
        actor=office.leader,
        data=services.TaskData(
            title="Phục vụ Kỳ họp thứ 10 của Quốc hội", lead_unit=office.general, due_on=following
        ),
    )
    secret = services.add_task(
        actor=office.leader,
        data=services.TaskData(title="Chuẩn bị nội dung mật", lead_unit=office.general, due_on=following),
    )
    KeyTask.objects.filter(pk=secret.pk).update(secrecy=SecrecyLevel.SECRET)
    report = Report.objects.create(
        **services.new_report(Report.MONTHLY, today.year, today.month), created_by=office.leader
    )
    text = reports.body(report)
    assert "Phục vụ Kỳ họp thứ 10 của Quốc hội; đơn vị chủ trì: Vụ Tổng hợp; thời hạn:" in text
    # a list's items end with ";", its last with "." (the examiner of issue 26 found ";" everywhere)
    lines = text.splitlines()
    items = [
        (line, after) for line, after in zip(lines, [*lines[1:], ""], strict=True) if line.startswith("- ")
    ]
    assert items
    for line, after in items:
        assert line.endswith(";" if after.startswith("- ") else "."), line
    # a secret task's title reaches only readers cleared for it: not the command line, not the specialist
    assert "nội dung mật" not in reports.body(report)
    assert "nội dung mật" in reports.body(report, office.leader)
    for reader, shown in ((office.specialist, False), (office.leader, True)):
        client = signed_in(reader)
        page = client.get(reverse("programme:report", args=[report.pk])).content.decode()
        assert "Phục vụ Kỳ họp thứ 10 của Quốc hội" in page and ("nội dung mật" in page) is shown
        docx = client.get(reverse("programme:report_file", args=[report.pk, "docx"]))
        text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert ("nội dung mật" in text) is shown


def test_a_dashboard_csv_writes_a_label_that_looks_like_a_formula_after_an_apostrophe():
    """A unit's name reaches the CSV as text: Excel and LibreOffice do not run `=1+1` read from the file."""
    import csv

    from chancery.programme.dashboard import Chart

    chart = Chart("deadlines", "Thời hạn", "bar", ["=1+1", "TH"], [("Quá hạn", [1, -2])])
    rows = list(csv.reader(io.StringIO(chart.csv())))
    assert rows == [["", "Quá hạn"], ["'=1+1", "1"], ["TH", "-2"]]


def test_the_dashboards_and_their_csv(office):
    today = timezone.localdate()
    services.add_task(
        actor=office.leader,
        data=services.TaskData(
            title="Nhiệm vụ đã quá hạn", lead_unit=office.general, due_on=today - timedelta(days=2)
        ),
    )
    client = signed_in(office.head)
    page = client.get(reverse("programme:dashboard")).content.decode()
    assert 'id="data-caseload"' in page and "chart.umd.min.js" in page
    csv_text = client.get(reverse("programme:dashboard_csv", args=["deadlines"])).content.decode("utf-8-sig")
    assert f"{office.general.name},0,1" in csv_text.replace("\r", "")  # the unit's full name, not "TH"
    # overdue red and in time green, whatever their order; what the figures count said under the chart
    import json
    import re

    island = re.search(r'id="data-caseload"[^>]*>(.*?)</script>', page, re.S)
    assert island is not None
    caseload = json.loads(island.group(1))
    assert [s["tone"] for s in caseload["series"]] == ["in_time", "late"]
    assert 'data-testid="definition-caseload"' in page and 'data-testid="definition-deadlines"' in page
    trends = client.get(reverse("programme:dashboard_csv", args=["trends"])).content.decode("utf-8-sig")
    assert trends.splitlines()[0].startswith(",Đơn thư tiếp nhận")
    assert client.get(reverse("programme:dashboard_csv", args=["nothing"])).status_code == 404
    assert signed_in(office.legal_specialist).get(reverse("programme:dashboard")).status_code == 403


def test_the_trend_runs_over_the_last_twelve_months_and_marks_this_one_as_so_far(office):
    from chancery.programme import dashboard

    for done_on in (date(2025, 2, 28), date(2025, 3, 1), date(2025, 12, 5), date(2026, 2, 10)):
        KeyTask.objects.create(
            owning_unit=office.general,
            title=f"Xong {done_on}",
            assigned_by=office.leader,
            due_on=done_on,
            state="done",
            done_on=done_on,
        )
    chart = dashboard.trends(date(2026, 2, 10))
    assert chart.labels[0] == "3/2025" and chart.labels[-1] == "2/2026 (đến 10/2)"
    assert len(chart.labels) == 12
    done = dict(zip(chart.labels, dict(chart.series)["Nhiệm vụ hoàn thành"], strict=True))
    assert done["3/2025"] == 1 and done["12/2025"] == 1 and done["2/2026 (đến 10/2)"] == 1
    assert sum(done.values()) == 3  # February 2025 is thirteen months back


def _areas(**values):
    return {
        "areas": [{"key": "all", "name": "", "figures": [{"key": k, "value": v} for k, v in values.items()]}]
    }


def test_the_first_narrative_says_what_the_period_had_and_leaves_out_what_it_had_none_of():
    month = (date(2026, 11, 1), date(2026, 11, 30))
    text = services.first_narrative(
        Report.MONTHLY,
        *month,
        _areas(
            petitions_received=1113,
            honours_nominated=7650,
            amnesty_granted=0,
            laws_promulgated=1,
            ordinances_promulgated=0,
            events_state_visit=1,
            events_delegation=0,
            tasks_due=6,
            tasks_late=0,
            tasks_carried=1,
            tasks_open=0,
        ),
    )
    assert text["results"] == (
        "Tiếp nhận 1.113 đơn thư; thẩm định 7.650 hồ sơ khen thưởng; công bố 1 luật; đón 1 đoàn cấp Nhà nước."
    )
    assert text["shortcomings"] == "1 nhiệm vụ chuyển sang kỳ sau."
    assert text["overview"].startswith("Trong tháng 11/2026,")
    on_time = services.first_narrative(Report.YEARLY, *month, _areas(tasks_due=6, tasks_on_time=6))
    assert on_time["results"] == "Trong kỳ chưa có số liệu từ hồ sơ."
    assert on_time["shortcomings"] == "Các nhiệm vụ trọng tâm đến hạn trong kỳ đều hoàn thành đúng hạn."
    assert services.first_narrative(Report.MONTHLY, *month, _areas())["shortcomings"] == ""


def test_section_three_names_each_late_task_its_unit_and_how_late(office):
    """Issue 26: "Tồn tại, hạn chế" names the tasks that fell behind (which task, which unit, how late), not
    only their count; a secret one only to a reader cleared for it."""

    def task(title, due_on, **done):
        made = services.add_task(
            actor=office.leader,
            data=services.TaskData(title=title, lead_unit=office.general, due_on=due_on),
        )
        KeyTask.objects.filter(pk=made.pk).update(**done)
        return made

    task("Báo cáo tình hình thi hành Luật Đặc xá", date(2025, 3, 10), state="done", done_on=date(2025, 3, 15))
    task("Rà soát quy chế làm việc", date(2025, 3, 5), state="in_progress")
    task("Chuẩn bị hội nghị tổng kết", date(2025, 3, 20), state="done", done_on=date(2025, 3, 20))
    secret = task("Chuẩn bị nội dung mật", date(2025, 3, 12), state="done", done_on=date(2025, 3, 14))
    KeyTask.objects.filter(pk=secret.pk).update(secrecy=SecrecyLevel.SECRET)
    report = Report.objects.create(**services.new_report(Report.MONTHLY, 2025, 3), created_by=office.leader)
    text = reports.body(report)
    shortcomings = text[text.index("III. ") : text.index("IV. ")]
    assert (
        "- Rà soát quy chế làm việc; đơn vị chủ trì: Vụ Tổng hợp; thời hạn: 05/03/2025; chưa hoàn thành, "
        "quá hạn 26 ngày (đến ngày 31/03/2025);" in shortcomings
    )  # the latest first
    assert (
        "- Báo cáo tình hình thi hành Luật Đặc xá; đơn vị chủ trì: Vụ Tổng hợp; thời hạn: 10/03/2025; hoàn "
        "thành ngày 15/03/2025, chậm 5 ngày." in shortcomings
    )
    assert "hội nghị tổng kết" not in shortcomings  # done on its day
    assert "nội dung mật" not in shortcomings
    assert "nội dung mật; đơn vị chủ trì" in reports.body(report, office.leader)


def test_the_annex_adds_to_the_figures_of_the_text_rather_than_repeating_them(office):
    """Issue 26: the monthly report's annex gives each figure since the start of the year and in the same
    month of last year beside the month's (the text gives the month's); the yearly summary's, by quarter."""
    _events(office, 2024)
    _events(office, 2025)
    monthly = Report.objects.create(**services.new_report(Report.MONTHLY, 2025, 4), created_by=office.leader)
    _title, _tie, header, table, column = reports._annex(monthly)
    assert header == ["Chỉ tiêu", "Tháng 4/2025", "Lũy kế từ đầu năm 2025", "Tháng 4/2024"] and column == 1
    visits = next(row for row in table if row[0].endswith("Tiếp đoàn quốc tế"))
    assert visits == [visits[0], "1", "1", "1"]
    visits = next(row for row in table if row[0].endswith("Đón chuyến thăm cấp Nhà nước"))
    assert visits[1:] == ["0", "3", "0"]  # none in April; three in March
    yearly = Report.objects.create(**services.new_report(Report.YEARLY, 2025), created_by=office.leader)
    _title, _tie, header, table, column = reports._annex(yearly)
    assert header == ["Chỉ tiêu", "Quý I", "Quý II", "Quý III", "Quý IV", "Năm 2025", "So với năm 2024"]
    visits = next(row for row in table if row[0].endswith("Đón chuyến thăm cấp Nhà nước"))
    assert visits[1:] == ["3", "0", "0", "0", "3", "0,0%"]  # three in March, as in 2024
    # a report drafted before the breakdown was kept still gets it, from the records
    del yearly.figures["breakdown"]
    assert reports._annex(yearly)[3] == table


def test_an_event_still_ahead_is_not_counted_as_held_in_the_report_nor_the_modules_figures(office):
    """Examiners 61 and 62: the December report on 08/12 counted the conference of 10-12/12 as held, while the
    foreign-affairs figures said 0 held (diplomacy.selectors.held_in is now the one definition)."""
    from chancery.diplomacy import selectors as diplomacy_selectors

    today = timezone.localdate()
    start, end = today.replace(day=1), today + timedelta(days=40)
    for kind, begins in (("conference", today + timedelta(days=2)), ("delegation", start)):
        Event.objects.create(
            owning_unit=office.general,
            kind=kind,
            title=kind,
            starts_on=begins,
            ends_on=begins,
            country=Country.objects.get(alpha2="FR"),
            folded="x",
        )
    counted = figures.values_of(figures.as_json(figures.collect(start, end)))
    assert (counted["events_conference"], counted["events_delegation"]) == (0, 1)
    held = diplomacy_selectors.figures(office.leader, today.year, today).held_by_kind
    assert held["conference"] == 0 and held["delegation"] >= 1


def test_the_deadlines_by_unit_count_a_routed_document_under_the_unit_that_leads_it(office):
    """Examiners 61 and 62: every incoming document's deadline stood under the clerical office that registered
    it (504 of 902) rather than under the unit it was routed to, as the chart's definition says."""
    from chancery.documents import services as document_services
    from chancery.documents.tests.factories import receive
    from chancery.programme import dashboard

    today = timezone.localdate()
    document = receive(office, received_on=today - timedelta(days=30))
    document_services.route_incoming(
        actor=office.leader,
        document=document,
        routing=document_services.Routing(lead_unit=office.legal, days=2),
        on=today - timedelta(days=30),
    )
    chart = dashboard.deadlines_by_unit(today)
    late = dict(zip(chart.labels, dict(chart.series)["Quá hạn"], strict=True))
    assert late.get(office.legal.name) == 1 and not late.get(office.clerical.name)
