"""Whole journeys of the modules (honours, amnesty, laws, foreign affairs, the programme, specimens) and the
main pages on a phone, in a real browser; after test_journeys.py, in that order."""

import os
import re

from playwright.sync_api import Browser, Page, expect

from e2e import journeys
from e2e.journeys import log_in

SCREENSHOTS = os.environ.get("CHANCERY_E2E_SCREENSHOTS")


def _nominee_list(path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Hình thức khen thưởng", "Số năm công tác liên tục"])
    sheet.append([1, "Trần Quốc Toản", 1970, "Huy chương Quân kỳ quyết thắng", 30])  # meets the 25 years
    sheet.append([2, "Lê Văn Tám", 1975, "Huy chương Quân kỳ quyết thắng", 12])  # does not
    sheet.append([3, "Võ Thị Sáu", 1972, "Huy chương Quân kỳ quyết thắng", ""])  # years not given: review
    sheet.append([4, "Nguyễn Văn Trỗi", 1971, "Huy chương Quân kỳ quyết thắng", ""])  # settled at once
    sheet.append([5, "", 1980, "Huy chương Quân kỳ quyết thắng", 26])  # no name: refused
    book.save(path)


def test_a_batch_goes_from_its_excel_list_to_the_signed_decision_in_the_history(
    browser: Browser, server: str, tmp_path
) -> None:
    """Import a list (one bad row reported), watch the appraisal, override one verdict, settle the rest to
    review at once, prepare the decision, take it through approval and signature, record it."""
    errors: list[str] = []
    page = journeys.desk(browser, server, "chuyenvien.hc", cleared=False, errors=errors)
    head = journeys.desk(browser, server, "vutruong.kt", cleared=True, errors=errors)
    leader = journeys.desk(browser, server, "phochutich", cleared=False, errors=errors)
    journeys.open_batch(
        page, title="Đề nghị khen thưởng quân nhân Quân khu 4", body="Bộ Quốc phòng", dated="2026-11-02"
    )
    workbook = tmp_path / "danh-sach.xlsx"
    _nominee_list(workbook)
    page.get_by_label("Danh sách đề nghị (Excel .xlsx)").set_input_files(str(workbook))
    with page.expect_navigation():
        page.get_by_test_id("upload-submit").click()
    expect(page.get_by_label("Họ và tên (tên tập thể) *")).to_have_value("1")  # guessed from the heading
    with page.expect_navigation():
        page.get_by_test_id("mapping-submit").click()
    progress = page.get_by_test_id("batch-progress")
    expect(progress).to_contain_text("1 dòng không nhập được", timeout=20_000)
    expect(progress).to_contain_text("Dòng 6: Thiếu “Họ và tên (tên tập thể)”")
    journeys.appraise(page)
    page.get_by_test_id("tab-review").click()
    page.get_by_role("link", name="Võ Thị Sáu").click()
    expect(page.get_by_test_id("findings")).to_contain_text("không ghi số năm công tác liên tục")
    page.get_by_label("Kết quả").select_option("pass")
    page.get_by_label("Lý do").fill("Bộ Quốc phòng xác nhận 27 năm công tác liên tục")
    with page.expect_navigation():
        page.get_by_test_id("override-submit").click()
    expect(page.get_by_test_id("nomination-outcome")).to_have_text("Đủ tiêu chuẩn")
    expect(page.get_by_test_id("override-note")).to_contain_text("27 năm công tác liên tục")
    page.get_by_role("link", name="Đợt", exact=False).first.click()
    if SCREENSHOTS:
        page.get_by_test_id("tab-review").click()
        page.screenshot(path=f"{SCREENSHOTS}/honours-review.png", full_page=True)
    journeys.settle_reviews(page, outcome="pass", reason="Bộ Quốc phòng xác nhận số năm công tác liên tục")
    journeys.prepare_decision(page, signer="Trần Thị Mai Anh", reply_signer="Phạm Thanh Hà")
    expect(page.get_by_test_id("decision-link")).to_be_visible()
    page.get_by_test_id("decision-link").click()
    expect(page.locator("main")).to_contain_text("Về việc tặng thưởng Huy chương Quân kỳ quyết thắng")
    page.go_back()
    number = journeys.sign_and_issue(page, head, leader, reviewer="Trịnh Xuân Trường")
    journeys.record_decision(page)
    expect(page.get_by_test_id("decision-number")).to_contain_text(number.split()[-1])
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/honours-batch.png", full_page=True)
    page.get_by_test_id("tab-pass").click()
    page.get_by_role("link", name="Trần Quốc Toản").click()
    page.get_by_role("link", name="Lịch sử khen thưởng").click()
    expect(page.get_by_test_id("history")).to_contain_text("Huy chương Quân kỳ quyết thắng")
    for opened in (page, head, leader):
        opened.context.close()
    assert errors == [], "\n".join(errors)


def _prisoner_list(path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    headings = ("STT", "Họ và tên", "Ngày sinh", "Điều luật", "Mức án", "Ngày bắt đầu chấp hành án")
    sheet.append([*headings, "Nghĩa vụ dân sự", "Có nơi cư trú rõ ràng", "Số quý xếp loại dưới khá"])
    sheet.append([1, "Đinh Văn Lộc", "02/03/1988", "173", "3 năm", "10/01/2024", "Đã thi hành xong", "x", 0])
    sheet.append([2, "Lò Văn Páo", "15/07/1990", "174", "2 năm", "05/02/2024", "Không có", "", 0])  # review
    sheet.append(
        [3, "Mai Thị Huệ", "20/11/1979", "251", "5 năm", "01/06/2025", "Đã thi hành xong", "x", 0]
    )  # short
    sheet.append([4, "", "01/01/1990", "173", "3 năm", "10/01/2024", "Đã thi hành xong", "x", 0])  # no name
    book.save(path)


def test_a_campaign_goes_from_its_terms_to_the_recorded_decision(
    browser: Browser, server: str, tmp_path
) -> None:
    errors: list[str] = []
    page = journeys.desk(browser, server, "chuyenvien.dx", cleared=False, errors=errors)
    head = journeys.desk(browser, server, "truongphong.dx", cleared=False, errors=errors)
    leader = journeys.desk(browser, server, "chutich", cleared=True, errors=errors)
    page.goto("/")
    page.get_by_role("link", name="Đặc xá").first.click()
    page.get_by_test_id("new-campaign").click()
    page.get_by_label("Tiêu đề").fill("Đặc xá nhân dịp Quốc khánh (thử)")
    page.get_by_label("Quyết định về đặc xá").fill("Quyết định 266/2025/QĐ-CTN")
    page.get_by_label("Mốc tính thời gian").fill("2025-08-31")
    with page.expect_navigation():
        page.get_by_test_id("campaign-submit").click()
    expect(page.get_by_test_id("terms")).to_contain_text("Mốc tính thời gian: 31/08/2025")
    campaign_url = page.url
    head.goto(campaign_url)
    head.get_by_test_id("edit-terms").click()
    head.get_by_label("Nhóm phải chấp hành nhiều hơn").fill("Mua bán trái phép chất ma túy | 2/5 | 251 | 0")
    with head.expect_navigation():
        head.get_by_test_id("terms-submit").click()
    expect(head.get_by_test_id("terms")).to_contain_text("Mua bán trái phép chất ma túy: 2/5")
    page.reload()
    page.get_by_label("Trại giam, trại tạm giam").select_option(label="Trại giam Thủ Đức")
    with page.expect_navigation():
        page.get_by_test_id("list-submit").click()
    workbook = tmp_path / "danh-sach-dac-xa.xlsx"
    _prisoner_list(workbook)
    journeys.import_list(page, workbook, wait=False)
    lists = page.get_by_test_id("lists")
    expect(lists).to_contain_text("1 dòng không nhập được", timeout=20_000)
    expect(lists.locator("td.text-end").first).to_have_text("3")
    with page.expect_navigation():
        page.get_by_test_id("appraise").click()
    expect(page.get_by_test_id("refresh-list")).to_be_visible(timeout=20_000)
    with page.expect_navigation():
        page.get_by_test_id("refresh-list").click()
    expect(page.get_by_test_id("campaign-state")).to_have_text("Đã thẩm định")
    expect(page.get_by_test_id("terms-frozen")).to_be_visible()
    page.get_by_test_id("tab-review").click()
    page.get_by_role("link", name="Lò Văn Páo").click()
    expect(page.get_by_test_id("findings")).to_contain_text("không ghi nơi cư trú")
    override = page.get_by_test_id("override-form")
    override.get_by_label("Kết quả").select_option("pass")
    override.get_by_label("Lý do").fill("Trại xác nhận nơi cư trú tại Lai Châu")
    with page.expect_navigation():
        override.get_by_test_id("override-submit").click()
    expect(page.get_by_test_id("proposal-outcome")).to_have_text("Đủ điều kiện")
    council = page.get_by_test_id("council-form")
    council.get_by_label("Ý kiến Hội đồng").select_option("agree")
    with page.expect_navigation():
        council.get_by_test_id("council-submit").click()
    expect(page.get_by_test_id("council-opinion")).to_have_text("Đồng ý đề nghị")
    page.goto(campaign_url)
    page.get_by_test_id("tab-fail").click()
    page.get_by_role("link", name="Mai Thị Huệ").click()
    expect(page.get_by_test_id("findings")).to_contain_text("2/5")  # drug trafficking serves two fifths
    page.goto(campaign_url)
    page.get_by_test_id("tab-no-opinion").click()
    page.get_by_role("link", name="Đinh Văn Lộc").click()
    page.get_by_test_id("council-form").get_by_label("Ý kiến Hội đồng").select_option("agree")
    with page.expect_navigation():
        page.get_by_test_id("council-form").get_by_test_id("council-submit").click()
    page.goto(campaign_url)
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_test_id("decision-panel").get_by_label("Người ký").select_option(label="Nguyễn Quốc Trung")
    with page.expect_navigation():
        page.get_by_test_id("prepare-decision").click()
    expect(page.get_by_test_id("campaign-state")).to_have_text("Đã trình quyết định")
    number = journeys.sign_and_issue(page, head, leader, reviewer="Phan Văn Lực")
    with page.expect_navigation():
        page.get_by_test_id("record-decision").click()
    expect(page.get_by_test_id("campaign-state")).to_have_text("Đã xử lý")
    expect(page.get_by_test_id("decision-number")).to_contain_text(number.split()[-1])
    expect(page.get_by_test_id("decision-number")).to_contain_text("2 người được đặc xá")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/amnesty-campaign.png", full_page=True)
    for opened in (page, head, leader):
        opened.context.close()
    assert errors == [], "\n".join(errors)


def test_a_passed_law_is_registered_counted_down_and_promulgated_by_order(
    browser: Browser, server: str
) -> None:
    import datetime

    errors: list[str] = []
    page = journeys.desk(browser, server, "chuyenvien.pl", cleared=False, errors=errors)
    head = journeys.desk(browser, server, "vutruong.pl", cleared=False, errors=errors)
    leader = journeys.desk(browser, server, "chutich", cleared=True, errors=errors)
    passed = datetime.date.today() - datetime.timedelta(days=2)
    page.goto("/")
    page.get_by_role("link", name="Luật, pháp lệnh").first.click()
    page.get_by_test_id("new-statute").click()
    page.get_by_label("Tiêu đề").fill("Luật Dữ liệu (thử)")
    page.get_by_label("Ngày thông qua").fill(passed.isoformat())
    with page.expect_navigation():
        page.get_by_test_id("statute-submit").click()
    expect(page.get_by_test_id("clocks")).to_contain_text("Công bố luật")
    page.get_by_role("link", name="Luật, pháp lệnh").first.click()
    row = page.get_by_test_id("board").get_by_role("row").filter(has_text="Luật Dữ liệu (thử)")
    expect(row.get_by_test_id("days-left")).to_have_text(re.compile(r"^1[0-9]$"))
    row.get_by_role("link").click()
    page.get_by_test_id("order-form").get_by_label("Người ký").select_option(label="Nguyễn Quốc Trung")
    with page.expect_navigation():
        page.get_by_test_id("draft-order").click()
    number = journeys.sign_and_issue(page, head, leader, reviewer="Đỗ Minh Tuấn", link="order-link")
    with page.expect_navigation():
        page.get_by_test_id("record-promulgation").click()
    expect(page.get_by_test_id("statute-state")).to_have_text("Đã công bố")
    expect(page.locator("main")).to_contain_text(number.split()[-1])
    expect(page.get_by_test_id("clocks")).to_contain_text("Đã công bố")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/statute.png", full_page=True)
    for opened in (page, head, leader):
        opened.context.close()
    assert errors == [], "\n".join(errors)


def test_a_state_visit_gets_its_programme_and_checklist_and_the_units_tick_items_off(
    browser: Browser, server: str
) -> None:
    import datetime

    errors: list[str] = []
    page = journeys.desk(browser, server, "chuyenvien.lt", cleared=False, errors=errors)
    other = journeys.desk(browser, server, "chuyenvien.th", cleared=False, errors=errors)
    start = datetime.date.today() + datetime.timedelta(days=12)
    page.goto("/")
    page.get_by_role("link", name="Đối ngoại").first.click()
    expect(page.get_by_test_id("calendar-month")).to_be_visible()
    page.get_by_test_id("new-event").click()
    page.get_by_label("Loại").select_option(label="Đón chuyến thăm cấp Nhà nước")
    page.get_by_label("Tiêu đề").fill("Tổng thống Chile thăm cấp Nhà nước Việt Nam")
    page.get_by_label("Quốc gia").select_option(label="Chile")
    page.get_by_label("Từ ngày").fill(start.isoformat())
    page.get_by_label("Đến ngày").fill((start - datetime.timedelta(days=1)).isoformat())
    with page.expect_navigation():
        page.get_by_test_id("event-submit").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("trước ngày bắt đầu")
    page.get_by_label("Đến ngày").fill((start + datetime.timedelta(days=2)).isoformat())
    with page.expect_navigation():
        page.get_by_test_id("event-submit").click()
    # the programme, item by item
    programme = page.get_by_test_id("programme")
    programme.get_by_label("Bắt đầu lúc").fill(f"{start.isoformat()}T09:00")
    programme.get_by_label("Nội dung").fill("Lễ đón chính thức tại Phủ Chủ tịch")
    with page.expect_navigation():
        programme.get_by_test_id("programme-submit").click()
    expect(page.get_by_test_id("programme-item")).to_contain_text("Lễ đón chính thức")
    # the usual checklist to the protocol division, and one task to another department
    checklist = page.get_by_test_id("checklist")
    checklist.get_by_text("Dùng danh mục công việc thường lệ").click()
    checklist.locator("form", has=page.get_by_test_id("standard-checklist")).get_by_label(
        "Đơn vị"
    ).select_option(label="Phòng Lễ tân")
    with page.expect_navigation():
        checklist.get_by_test_id("standard-checklist").click()
    expect(page.get_by_test_id("checklist-item")).to_have_count(8)
    checklist = page.get_by_test_id("checklist")
    checklist.get_by_text("Thêm công việc").click()
    form = checklist.get_by_test_id("checklist-form")
    form.get_by_label("Nhóm công việc").select_option(label="Báo chí, truyền thông")
    form.get_by_label("Công việc", exact=True).fill("Bài viết về quan hệ hai nước")
    form.get_by_label("Đơn vị").select_option(label="Vụ Tổng hợp")
    form.get_by_label("Hạn xử lý").fill((start - datetime.timedelta(days=2)).isoformat())
    with page.expect_navigation():
        form.get_by_test_id("checklist-submit").click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã xong 0/9")
    # the protocol division ticks an item off from the keyboard
    first = page.get_by_test_id("checklist-item").first.get_by_test_id("tick")
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã xong 1/9")
    # the other department finds its task among its own and ticks it; it cannot tick the others
    other.goto("/foreign/tasks/")
    other.get_by_test_id("unit-checklist").get_by_role("link").first.click()
    item = other.get_by_test_id("checklist-item").filter(has_text="Bài viết về quan hệ hai nước")
    with other.expect_navigation():
        item.get_by_test_id("tick").click()
    expect(other.get_by_test_id("checklist-progress")).to_have_text("Đã xong 2/9")
    expect(
        other.get_by_test_id("checklist-item").filter(has_text="Quà tặng").get_by_test_id("tick")
    ).to_have_count(0)
    # the calendar shows it on its days, in the month and the agenda, and offers the ICS feed
    page.goto(f"/foreign/?view=month&month={start:%Y-%m}")
    expect(page.get_by_test_id("calendar-month").get_by_test_id("calendar-event")).to_contain_text(
        ["Tổng thống Chile"]
    )
    page.get_by_test_id("view-agenda").click()
    expect(page.get_by_test_id("calendar-agenda")).to_contain_text("Tổng thống Chile")
    feed = page.get_by_test_id("feed-url").input_value()
    body = page.request.get(feed).text()
    assert "BEGIN:VEVENT" in body
    assert "Tổng thống Chile" in body
    if SCREENSHOTS:
        page.goto(f"/foreign/?view=month&month={start:%Y-%m}")
        page.screenshot(path=f"{SCREENSHOTS}/foreign-calendar.png", full_page=True)
    for opened in (page, other):
        opened.context.close()
    assert errors == [], "\n".join(errors)


def test_a_key_task_is_assigned_progressed_and_the_monthly_report_drafted_and_opened(
    browser: Browser, server: str, tmp_path
) -> None:
    import datetime
    import io

    from docx import Document

    errors: list[str] = []
    head = journeys.desk(browser, server, "vutruong.th", cleared=True, errors=errors)
    page = journeys.desk(browser, server, "chuyenvien.th", cleared=False, errors=errors)
    due = datetime.date.today() + datetime.timedelta(days=6)
    head.goto("/")
    head.get_by_role("link", name="Chương trình công tác").first.click()
    head.get_by_test_id("new-task").click()
    head.get_by_label("Nhiệm vụ trọng tâm", exact=True).fill("Tổng hợp báo cáo kết quả công tác tháng")
    head.get_by_label("Đơn vị chủ trì").select_option(label="Vụ Tổng hợp")
    head.get_by_label("Người thực hiện").select_option(label="Trần Thị Thu Trang")
    head.get_by_label("Hạn xử lý").fill(due.isoformat())
    head.get_by_label("Sản phẩm dự kiến").fill("Báo cáo trình Chủ tịch nước")
    with head.expect_navigation():
        head.get_by_test_id("task-submit").click()
    expect(head.get_by_test_id("task-state")).to_have_text("Chưa thực hiện")
    # the specialist finds it on the unit's board and updates the progress from the keyboard
    page.goto("/programme/")
    page.get_by_test_id("tasks").get_by_role("link", name="Tổng hợp báo cáo kết quả công tác tháng").click()
    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tiến độ (%)").fill("60")
    form.get_by_label("Ghi chú").fill("Đã tổng hợp số liệu của các Vụ")
    with page.expect_navigation():
        form.get_by_label("Ghi chú").press("Control+Enter")
    expect(page.get_by_test_id("task-progress")).to_have_text("60%")
    expect(page.get_by_test_id("task-state")).to_have_text("Đang thực hiện")
    # the monthly report of the task's month (the form starts at the month just ended) drafted from the
    # records, a figure opening its list, the narrative edited
    page.goto("/programme/reports/")
    page.get_by_label("Năm").fill(str(due.year))
    page.get_by_label("Tháng").fill(str(due.month))
    with page.expect_navigation():
        page.get_by_test_id("report-submit").click()
    figures = page.get_by_test_id("report-figures")
    expect(figures).to_contain_text("Nhiệm vụ đến hạn trong kỳ")
    narrative = page.get_by_test_id("narrative-form")
    narrative.get_by_label("Nhiệm vụ trọng tâm tháng tới").fill("Phục vụ Kỳ họp thứ 10 của Quốc hội.")
    with page.expect_navigation():
        narrative.get_by_test_id("narrative-submit").click()
    with page.expect_download() as download:
        page.get_by_test_id("report-docx").click()
    path = tmp_path / "bao-cao.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Phục vụ Kỳ họp thứ 10 của Quốc hội." in text
    assert re.search(r"- Nhiệm vụ đến hạn trong kỳ: [1-9][0-9.]*;", text)
    report_url = page.url
    page.locator('[data-figure="tasks_due"] a').click()
    expect(page).to_have_url(re.compile(r"/programme/reports/\d+/figures/tasks_due/"))
    expect(page.get_by_test_id("report-figure")).to_contain_text("Nhiệm vụ đến hạn trong kỳ")
    expect(page.locator("main")).to_contain_text("Tổng hợp báo cáo kết quả công tác tháng")
    # the dashboards draw their charts
    page.goto("/programme/dashboard/")
    page.wait_for_function(
        "() => document.querySelectorAll('canvas[data-chart]').length === 3 && Chart.instances && Object.keys(Chart.instances).length === 3"
    )
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/dashboard.png", full_page=True)
        page.goto(report_url)
        page.screenshot(path=f"{SCREENSHOTS}/report.png", full_page=True)
    for opened in (page, head):
        opened.context.close()
    assert errors == [], "\n".join(errors)


def test_an_administrator_registers_a_signature_specimen(page: Page, tmp_path) -> None:
    """The leadership's specimens (the demo's) are listed with their pictures; a scan on white paper is
    registered for another person, the paper made transparent."""
    from PIL import Image, ImageDraw

    log_in(page, "quantri")
    page.goto("/admin/documents/signaturespecimen/")
    listed = page.locator("#result_list")
    expect(listed).to_contain_text("Lê Khánh Hải")
    expect(listed.locator("img").first).to_be_visible()
    scan = tmp_path / "chu-ky.png"
    picture = Image.new("RGB", (600, 240), "white")
    ImageDraw.Draw(picture).line([(60, 180), (200, 60), (330, 170), (520, 80)], fill=(20, 40, 150), width=9)
    picture.save(scan)
    page.goto("/admin/documents/signaturespecimen/add/")
    person = page.locator("#id_person")
    expect(person.locator("option", has_text="quantri")).to_have_count(0)  # not for oneself
    chosen = person.locator("option").nth(1).inner_text()
    person.select_option(index=1)
    page.locator("#id_upload").set_input_files(str(scan))
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/specimen_add.png", full_page=True)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(listed).to_contain_text(chosen)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/specimens.png", full_page=True)


PHONE_PAGES = (
    "/",
    "/petitions/",
    "/documents/",
    "/honours/",
    "/amnesty/",
    "/programme/",
    "/lists/incoming-documents/",
)


def test_the_main_pages_fit_a_phone(page: Page) -> None:
    """Issue 26: a page that runs wider than a phone (the amnesty page did, by 160 px) hides its right side;
    wide tables scroll inside their own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "chuyenvien.dt")
    for path in PHONE_PAGES:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)


def test_a_scanned_letter_is_read_in_the_background_and_registered_by_the_clerk(page: Page, tmp_path) -> None:
    """Issue 29: the clerk uploads the scan of a citizen's letter; the OCR job reads it; the petitions form
    beside the page holds what was read (the petitioner, the 2025 province), nothing saved until the clerk
    chooses the field and presses Vào sổ, through the petitions' own registration."""
    import random
    import shutil

    import pytest

    if shutil.which("tesseract") is None:
        pytest.skip("Debian's tesseract-ocr is not installed")
    from chancery.petitions.scanning import generated

    spec = generated.random_letter(random.Random(29))
    scan = tmp_path / "don.png"
    generated.page_image(spec, dpi=200).save(scan)
    log_in(page, "vanthu.dt")
    page.goto("/petitions/new/scan/")
    page.locator("input[type=file]").set_input_files(str(scan))
    page.get_by_test_id("scan-submit").click()
    form = page.get_by_test_id("scan-register-form")
    expect(form).to_be_visible(timeout=120_000)  # the OCR of a page takes a few seconds on this machine
    expect(page.get_by_test_id("scan-page")).to_be_visible()
    expect(form.locator("input[name='l0-full_name']")).to_have_value(spec.full_name)
    expect(form.locator("select[name='l0-province']")).to_have_value(str(spec.province_code))
    form.locator("select[name='l0-field']").select_option(index=1)
    with page.expect_navigation():
        page.get_by_test_id("scan-register").click()
    expect(page).to_have_url(re.compile(r"/petitions/\d+/(#.*)?$"))
    expect(page.get_by_text(spec.full_name).first).to_be_visible()
