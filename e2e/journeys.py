"""Steps of the journeys staff make, shared by the browser tests and bench/honours_ui.py: logging in (with
the second factor where the clearance asks for it), a desk per person, and a batch of honours nominations
from its Excel list to the signed decision recorded in the history."""

from __future__ import annotations

from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from e2e.data import E2E_TOTP_KEY

PASSWORD = "ChanceryDemo!2026"


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")  # deferred scripts (keyboard shortcuts, htmx) have run


def log_in_cleared(page: Page, username: str) -> None:
    """Log in a person whose clearance requires the second factor, with the key the seed gave them. A code
    is accepted once (django-otp refuses a replay): when the same person logged in during this 30-second
    step already, the next step's code is used."""
    import time

    log_in(page, username)
    expect(page).to_have_url("/login/otp/")
    for _attempt in range(2):
        page.get_by_label("Mã từ ứng dụng xác thực").fill(f"{totp(bytes.fromhex(E2E_TOTP_KEY)):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Xác thực").click()
        if not page.url.endswith("/login/otp/"):
            return
        time.sleep(30 - time.time() % 30 + 1)
    raise AssertionError(f"{username}: the second factor was refused twice")


def desk(browser: Browser, server: str, username: str, *, cleared: bool, errors: list[str]) -> Page:
    """A person in a browser of their own, logged in once, as at their own desk; console errors are kept."""
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.on("console", lambda m: errors.append(f"{username}: {m.text}") if m.type == "error" else None)
    opened.on("pageerror", lambda exc: errors.append(f"{username}: {exc}"))
    (log_in_cleared if cleared else log_in)(opened, username)
    return opened


# --- honours: a batch from its list to the signed decision --------------------------------------------------


def choose_person(page: Page, label: str, name: str) -> None:
    """Pick a person in a list that shows each with their position and unit ("Tên — chức vụ — đơn vị")."""
    select = page.get_by_label(label, exact=True)
    value = select.locator("option", has_text=name).first.get_attribute("value")
    assert value, f"{name} is not offered in {label}"
    select.select_option(value)


def open_batch(page: Page, *, title: str, body: str, dated: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_test_id("new-batch").click()
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Cơ quan đề nghị").select_option(label=body)
    page.get_by_label("Ngày tờ trình").fill(dated)
    with page.expect_navigation():
        page.get_by_test_id("batch-submit").click()


def import_list(page: Page, workbook: Path, *, timeout: float = 20_000, wait: bool = True) -> None:
    """Upload the list, take the column mapping guessed from its headings, and (`wait`) wait for the
    import."""
    page.locator("input[type=file][name=workbook]").set_input_files(str(workbook))
    with page.expect_navigation(timeout=timeout):
        page.get_by_test_id("upload-submit").click()
    with page.expect_navigation():
        page.get_by_test_id("mapping-submit").click()
    if wait:
        expect(page.get_by_test_id("refresh-list")).to_be_visible(timeout=timeout)


def appraise(page: Page, *, timeout: float = 20_000) -> None:
    """Start the appraisal, watch its progress bar reach 100 and open the updated list."""
    with page.expect_navigation():
        page.get_by_test_id("appraise").click()
    expect(page.get_by_test_id("refresh-list")).to_be_visible(timeout=timeout)
    expect(page.get_by_test_id("batch-progress").get_by_test_id("job-progress").last).to_have_attribute(
        "aria-valuenow", "100"
    )
    with page.expect_navigation():
        page.get_by_test_id("refresh-list").click()
    expect(page.get_by_test_id("batch-state")).to_have_text("Đã thẩm định")


def settle_reviews(page: Page, *, outcome: str, reason: str) -> None:
    """From the review tab, settle every nominee still to review with one outcome and reason."""
    page.get_by_test_id("tab-review").click()
    form = page.get_by_test_id("settle-form")
    form.get_by_label("Hình thức").select_option("")
    form.get_by_label("Kết quả").select_option(outcome)
    form.get_by_label("Lý do").fill(reason)
    with page.expect_navigation():
        form.get_by_test_id("settle-submit").click()
    expect(page.get_by_test_id("tab-review").locator(".badge")).to_have_text("0")


def prepare_decision(page: Page, *, signer: str, reply_signer: str, timeout: float = 20_000) -> None:
    """The decision in the President's name (`signer`: the President or the Vice President) and the Office's
    reply (`reply_signer`: one of its leaders)."""
    panel = page.get_by_test_id("decision-panel")
    panel.get_by_label("Người ký", exact=True).select_option(label=signer)
    panel.get_by_label("Người ký công văn trả lời", exact=True).select_option(label=reply_signer)
    with page.expect_navigation(timeout=timeout):
        page.get_by_test_id("prepare-decision").click()
    expect(page.get_by_test_id("batch-state")).to_have_text("Đã trình quyết định")


def sign_and_issue(
    specialist: Page,
    head: Page,
    leader: Page,
    *,
    reviewer: str,
    timeout: float = 20_000,
    link: str = "decision-link",
) -> str:
    """The draft a module made (its link on the module's page: `link`) through Documents: submitted for
    approval, approved by the head of the unit and the signer, numbered from the outgoing register, signed and
    issued; back on the module's page. Returns the document's number."""
    batch_url = specialist.url
    specialist.get_by_test_id(link).click()
    choose_person(specialist, "Người duyệt thứ 1", reviewer)
    with specialist.expect_navigation():
        specialist.get_by_test_id("submit-approval").click()
    expect(specialist.get_by_test_id("document-state")).to_have_text("Đang trình duyệt")
    decision_url = specialist.url
    for approver in (head, leader):
        approver.goto(decision_url)
        with approver.expect_navigation():
            approver.get_by_test_id("approve").click()
    expect(leader.get_by_test_id("document-state")).to_have_text("Đã duyệt")
    specialist.goto(decision_url)
    with specialist.expect_navigation():
        specialist.get_by_test_id("to-signing").click()
    leader.goto(decision_url)
    with leader.expect_navigation(timeout=timeout):
        leader.get_by_test_id("issue").click()
    expect(leader.get_by_test_id("document-state")).to_have_text("Đã ban hành")
    number = leader.get_by_test_id("page-title").inner_text()
    specialist.goto(batch_url)
    return number


def record_decision(page: Page, *, timeout: float = 20_000) -> None:
    with page.expect_navigation(timeout=timeout):
        page.get_by_test_id("record-decision").click()
    expect(page.get_by_test_id("batch-state")).to_have_text("Đã xử lý")
