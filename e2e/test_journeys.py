"""Whole journeys a member of staff makes, in a real browser."""

import base64
import os

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
    # what is given to them, or the note that nothing is (the demo's drafts are given to their drafters)
    expect(page.get_by_role("region", name="Được giao cho tôi")).to_be_visible()
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


def test_a_file_picker_speaks_vietnamese_whatever_the_browsers_language(page: Page) -> None:
    """The examiner of issue 26: "Choose Files / No file chosen" in an English browser."""
    log_in(page, "vanthu.dt")
    page.goto("/petitions/new/")
    picker = page.locator(".file-picker").first
    expect(picker).to_contain_text("Chọn tệp")
    expect(picker).to_contain_text("Chưa chọn tệp")
    page.locator("input[type=file]").first.set_input_files(
        files={"name": "don-thu.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    expect(picker).to_contain_text("don-thu.pdf")
