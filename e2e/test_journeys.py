"""Whole journeys a member of staff makes, in a real browser."""

import base64
import os
import re

from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from e2e import journeys
from e2e.data import E2E_PETITION
from e2e.journeys import choose_person, log_in

SCREENSHOTS = os.environ.get("CHANCERY_E2E_SCREENSHOTS")


def test_login_opens_my_work_in_vietnamese_and_language_can_change(page: Page) -> None:
    log_in(page, "chuyenvien.dt")
    expect(page.get_by_test_id("page-title")).to_have_text("Việc của tôi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("no-assignments")).to_be_visible()
    page.get_by_test_id("language-en").click()
    expect(page.get_by_test_id("page-title")).to_have_text("My work")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("language-vi").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Việc của tôi")


def test_wrong_password_shows_a_vietnamese_error(page: Page) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill("chuyenvien.dt")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("mật khẩu chính xác")


def test_keyboard_search_of_the_staff_directory_without_diacritics(page: Page) -> None:
    log_in(page, "vanthu.dt")
    expect(page.get_by_test_id("page-title")).to_be_visible()
    page.keyboard.press("Alt+3")
    # The new page's own scripts must be running before "/" means anything: wait for its load, not the old one's.
    page.wait_for_url("**/staff/", wait_until="load")
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("dang quoc")
    expect(page.locator("#staff-rows tr")).to_have_count(1)
    expect(page.locator("#staff-rows")).to_contain_text("Đặng Quốc Bảo")


def test_top_secret_clearance_enrols_two_step_login_then_reaches_the_audit_trail(page: Page) -> None:
    log_in(page, "chunhiem")
    expect(page).to_have_url("/account/two-step/")
    key = page.get_by_test_id("otp-key").inner_text().strip()
    code = f"{totp(base64.b32decode(key)):06d}"
    page.get_by_label("Mã từ ứng dụng xác thực").fill(code)
    page.get_by_role("button", name="Bật", exact=True).click()
    expect(page.get_by_test_id("page-title")).to_have_text("Việc của tôi")
    page.get_by_role("link", name="Nhật ký").click()
    expect(page.get_by_test_id("audit-table")).to_contain_text("Thay đổi thiết lập bảo mật")


def test_administrator_reaches_the_admin_screens(page: Page) -> None:
    log_in(page, "quantri")
    page.get_by_role("link", name="Quản trị").click()
    expect(page.locator("#site-name")).to_contain_text("Quản trị hệ thống")


def test_pages_fit_a_tablet(page: Page) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, "vutruong.tp")
    expect(page.get_by_test_id("page-title")).to_be_visible()
    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_role("link", name="Tổ chức").click()
    expect(page.get_by_role("heading", name="Cơ cấu tổ chức Văn phòng")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768


def test_global_search_finds_vietnamese_without_diacritics_and_highlights(page: Page) -> None:
    log_in(page, "chuyenvien.dt")
    page.keyboard.press("/")
    expect(page.get_by_test_id("global-search")).to_be_focused()
    page.keyboard.type("nguyen van thang")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results.locator("li").first).to_contain_text("Nguyễn Văn Thắng")
    expect(results.locator("li").first.locator("mark").first).to_have_text("Nguyễn")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/search.png", full_page=True)


def test_an_administrator_starts_a_job_and_watches_it_finish(page: Page) -> None:
    log_in(page, "quantri")
    page.get_by_role("link", name="Tác vụ").click()
    page.get_by_label("Tác vụ", exact=True).select_option("search_reindex")
    with page.expect_navigation():
        page.get_by_test_id("start-job").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Đã xong", timeout=20_000)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/job.png", full_page=True)
    page.get_by_test_id("notifications-bell").click()
    expect(page.get_by_test_id("notification-list")).to_contain_text("Tác vụ đã xong")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/notifications.png", full_page=True)


def test_a_specialist_filters_pages_saves_and_exports_a_case_list(page: Page, tmp_path) -> None:
    from openpyxl import load_workbook

    log_in(page, "chuyenvien.dt")
    page.goto("/lists/complaints/")
    expect(page.get_by_test_id("list-count")).to_have_text(
        "120 hồ sơ"
    )  # not the other unit's, not the secret one
    rows = page.get_by_test_id("case-table").locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Đơn khiếu nại số 120")
    with page.expect_navigation():
        page.keyboard.press("n")  # the next page from the keyboard
    expect(rows.first).to_contain_text("Đơn khiếu nại số 070")
    page.get_by_label("Trạng thái").select_option(label="Đã thụ lý")
    page.get_by_label("Sắp xếp").select_option(label="Trích yếu ↑")
    with page.expect_navigation():
        page.get_by_test_id("apply-filter").click()
    expect(page.get_by_test_id("list-count")).to_have_text("30 hồ sơ")
    expect(rows.first).to_contain_text("Đơn khiếu nại số 001")
    expect(rows.first.locator("td").last).not_to_have_text("—")  # the time limit started on acceptance
    page.get_by_label("Lưu bộ lọc này với tên").fill("Đã thụ lý")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bộ lọc").click()
    expect(page.get_by_test_id("saved-filters")).to_contain_text("Đã thụ lý")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/case_list.png", full_page=True)
    with page.expect_navigation():
        page.get_by_test_id("export").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Đã xong", timeout=20_000)
    with page.expect_download() as download:
        page.get_by_test_id("job-file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(titles) == 30
    assert titles[0] == "Đơn khiếu nại số 001 của ông Lương Văn Hoà"


def test_a_clerk_registers_a_resend_sees_the_duplicate_forwards_records_the_answer_and_closes(
    page: Page,
) -> None:
    log_in(page, "vanthu.dt")
    page.goto("/petitions/")
    with page.expect_navigation():
        page.get_by_test_id("register-petition").click()
    page.get_by_label("Trích yếu").fill("Đề nghị cấp nước sạch cho thôn Yên Lạc (gửi lần hai)")
    page.get_by_label("Nội dung", exact=True).fill("Kính gửi Chủ tịch nước. " + E2E_PETITION)
    page.get_by_label("Họ tên người gửi đơn").fill("Đinh Văn Tùng")
    page.get_by_label("Địa chỉ ghi trên đơn").fill("Thôn Yên Lạc, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam")
    page.get_by_label("Địa chỉ ghi trên đơn").press("Tab")  # an address from before the 2025 reform
    expect(page.get_by_test_id("former-address")).to_contain_text("Phường Kim Thanh, Ninh Bình")
    page.get_by_test_id("province").select_option(label="Ninh Bình (gồm cả Hà Nam, Nam Định cũ)")
    expect(page.get_by_test_id("duplicate-warning")).to_contain_text("Kiến nghị về cấp nước sạch")
    page.get_by_label("Xã, phường").select_option(index=1)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/petition_register.png", full_page=True)
    page.get_by_test_id("apply-suggestion").click()
    page.get_by_label("Loại", exact=True).select_option(label="Kiến nghị")
    agency = page.get_by_label("Cơ quan có thẩm quyền")
    agency.select_option(label="Ủy ban nhân dân tỉnh Ninh Bình")
    with page.expect_navigation():
        agency.press("Control+Enter")
    expect(page.get_by_test_id("petition-state")).to_have_text("Mới tiếp nhận")
    expect(page.get_by_test_id("duplicates")).to_contain_text("Kiến nghị về cấp nước sạch")
    expect(page.get_by_test_id("duplicate-row").first).to_contain_text("cùng người gửi")
    with page.expect_navigation():
        page.get_by_test_id("link-duplicate").first.click()
    expect(page.get_by_test_id("matter")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("decide-submit").click()
    expect(page.get_by_test_id("petition-state")).to_have_text("Đã chuyển đơn")
    expect(page.get_by_test_id("letters")).to_contain_text("Phiếu chuyển đơn")
    with page.expect_download() as download:
        page.get_by_test_id("letter-download").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    page.get_by_label("Nội dung trả lời").fill(
        "UBND tỉnh đã chỉ đạo khắc phục, cấp nước trở lại từ tháng 11."
    )
    page.get_by_label("Số văn bản trả lời").fill("512/UBND-TCD")
    with page.expect_navigation():
        page.get_by_test_id("answer-submit").click()
    expect(page.get_by_test_id("petition-state")).to_have_text("Đã có trả lời")
    page.get_by_label("Kết quả").fill("Cơ quan có thẩm quyền đã giải quyết")
    with page.expect_navigation():
        page.get_by_test_id("close-submit").click()
    expect(page.get_by_test_id("petition-state")).to_have_text("Đã kết thúc")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/petition.png", full_page=True)


def test_a_document_arrives_is_routed_answered_approved_and_issued_with_a_number(
    browser: Browser, server: str
) -> None:
    errors: list[str] = []

    def person(username: str, *, cleared: bool) -> Page:
        return journeys.desk(browser, server, username, cleared=cleared, errors=errors)

    clerk, leader = person("vanthu", cleared=True), person("phochunhiem", cleared=True)
    specialist, head = person("chuyenvien.th", cleared=False), person("vutruong.th", cleared=True)

    clerk.goto("/documents/")
    with clerk.expect_navigation():
        clerk.get_by_test_id("register-incoming").click()
    clerk.get_by_label("Nơi gửi", exact=True).select_option(label="Bộ Nội vụ")
    clerk.get_by_label("Số, ký hiệu").fill("6001/BNV-TĐKT")
    clerk.get_by_label("Trích yếu").fill("Đề nghị khen thưởng Huân chương Lao động hạng Ba cho 12 tập thể")
    urgency = clerk.get_by_label("Độ khẩn")
    urgency.select_option(label="Khẩn")
    with clerk.expect_navigation():
        urgency.press("Control+Enter")
    expect(clerk.get_by_test_id("document-state")).to_have_text("Mới vào sổ")
    expect(clerk.get_by_test_id("urgency")).to_have_text("Khẩn")
    incoming_url = clerk.url

    leader.goto(incoming_url)
    leader.get_by_label("Đơn vị chủ trì").select_option(label="Vụ Tổng hợp")
    leader.get_by_label("Ý kiến chỉ đạo").fill("Vụ Tổng hợp chủ trì, dự thảo văn bản trả lời.")
    with leader.expect_navigation():
        leader.get_by_test_id("route-submit").click()
    expect(leader.get_by_test_id("document-state")).to_have_text("Đã giao xử lý")

    specialist.goto(incoming_url)
    expect(specialist.get_by_test_id("direction")).to_contain_text("dự thảo văn bản trả lời")
    with specialist.expect_navigation():
        specialist.get_by_test_id("draft-reply").click()
    specialist.get_by_label("Người ký", exact=True).select_option(label="Phạm Thanh Hà")
    specialist.get_by_label("Nội dung", exact=True).fill(
        "Văn phòng Chủ tịch nước đã nhận hồ sơ đề nghị khen thưởng."
    )
    with specialist.expect_navigation():
        specialist.get_by_test_id("draft-submit").click()
    expect(specialist.get_by_test_id("document-state")).to_have_text("Đang soạn thảo")
    with specialist.expect_download() as download:
        specialist.get_by_test_id("version-file").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    choose_person(specialist, "Người duyệt thứ 1", "Nguyễn Văn Thắng")
    with specialist.expect_navigation():
        specialist.get_by_test_id("submit-approval").click()
    expect(specialist.get_by_test_id("document-state")).to_have_text("Đang trình duyệt")
    outgoing_url = specialist.url

    head.goto(outgoing_url)
    with head.expect_navigation():
        head.get_by_test_id("approve").click()
    leader.goto(outgoing_url)
    with leader.expect_navigation():
        leader.get_by_test_id("approve").click()
    expect(leader.get_by_test_id("document-state")).to_have_text("Đã duyệt")

    specialist.goto(outgoing_url)
    with specialist.expect_navigation():
        specialist.get_by_test_id("to-signing").click()
    expect(specialist.get_by_test_id("numbers")).to_contain_text("/VPCTN-TH")

    leader.goto(outgoing_url)  # no file of their own: printed from the template, signed with the Office's key
    with leader.expect_navigation():
        leader.get_by_test_id("issue").click()
    expect(leader.get_by_test_id("document-state")).to_have_text("Đã ban hành")
    expect(leader.get_by_test_id("signatures")).to_contain_text("hợp lệ, tin cậy")
    number = leader.get_by_test_id("page-title").inner_text()
    assert "/VPCTN-TH" in number
    if SCREENSHOTS:
        leader.screenshot(path=f"{SCREENSHOTS}/outgoing_document.png", full_page=True)

    specialist.goto(incoming_url)
    specialist.get_by_label("Văn bản trả lời").select_option(index=1)
    with specialist.expect_navigation():
        specialist.get_by_test_id("close-submit").click()
    expect(specialist.get_by_test_id("document-state")).to_have_text("Đã kết thúc")
    if SCREENSHOTS:
        specialist.screenshot(path=f"{SCREENSHOTS}/incoming_document.png", full_page=True)
    for desk in (clerk, leader, specialist, head):
        desk.context.close()
    assert errors == [], "\n".join(errors)


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
    expect(page).to_have_url(re.compile(r"/lists/key-tasks/\?due_from="))
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
