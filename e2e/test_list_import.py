"""A corrected list imported into a batch that already has one (issue 25 §1), in a real browser: the preview
says who is added, changed (old → new) and left out, nothing changes until it is confirmed, and the replaced
value stays on the nominee's page."""

import os

from playwright.sync_api import Browser, expect

from e2e import journeys

SCREENSHOTS = os.environ.get("CHANCERY_E2E_SCREENSHOTS", "/tmp")


def _list(path, rows) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Hình thức khen thưởng", "Số năm công tác liên tục"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_a_corrected_list_is_previewed_then_confirmed_and_overwrites_no_one(
    browser: Browser, server: str, tmp_path
) -> None:
    errors: list[str] = []
    page = journeys.desk(browser, server, "chuyenvien.hc", cleared=False, errors=errors)
    journeys.open_batch(
        page, title="Đề nghị khen thưởng Quân khu 5", body="Bộ Quốc phòng", dated="2026-11-03"
    )
    first = tmp_path / "lan-1.xlsx"
    _list(
        first,
        [
            [1, "Phan Đình Giót", 1970, "Huy chương Quân kỳ quyết thắng", 30],
            [2, "Bế Văn Đàn", 1972, "Huy chương Quân kỳ quyết thắng", 26],
            [3, "Tô Vĩnh Diện", 1971, "Huy chương Quân kỳ quyết thắng", 27],
        ],
    )
    journeys.import_list(page, first)
    batch_url = page.url
    corrected = tmp_path / "lan-2.xlsx"
    _list(
        corrected,
        [
            [1, "Cù Chính Lan", 1973, "Huy chương Quân kỳ quyết thắng", 25],
            [2, "Tô Vĩnh Diện", 1971, "Huy chương Quân kỳ quyết thắng", 28],
            [3, "Phan Đình Giót", 1970, "Huy chương Quân kỳ quyết thắng", 30],
        ],
    )
    page.get_by_test_id("import-list").click()
    page.locator("input[type=file][name=workbook]").set_input_files(str(corrected))
    with page.expect_navigation():
        page.get_by_test_id("upload-submit").click()
    with page.expect_navigation():
        page.get_by_test_id("mapping-submit").click()
    preview = page.get_by_test_id("import-preview")
    expect(preview.get_by_test_id("preview-added")).to_contain_text("1")
    expect(preview.get_by_test_id("preview-changed")).to_contain_text("1")
    expect(preview.get_by_test_id("preview-unchanged")).to_contain_text("1")
    expect(preview.get_by_test_id("preview-removed")).to_contain_text("1")
    changes = preview.get_by_test_id("preview-changes")
    expect(changes).to_contain_text("Tô Vĩnh Diện")
    expect(changes).to_contain_text("27")
    expect(changes).to_contain_text("28")
    expect(preview.get_by_test_id("preview-removed-names")).to_contain_text("Bế Văn Đàn")
    page.screenshot(path=f"{SCREENSHOTS}/h25-preview.png", full_page=True)
    page.goto(batch_url)  # nothing changed before the confirmation
    expect(page.locator("main")).not_to_contain_text("Cù Chính Lan")
    page.go_back()
    with page.expect_navigation():
        page.get_by_test_id("preview-confirm").click()
    expect(page.get_by_test_id("refresh-list")).to_be_visible(timeout=20_000)
    with page.expect_navigation():
        page.get_by_test_id("refresh-list").click()
    main = page.locator("main")
    for name in ("Cù Chính Lan", "Tô Vĩnh Diện", "Phan Đình Giót", "Bế Văn Đàn"):  # no one overwritten
        expect(main).to_contain_text(name)
    page.get_by_role("link", name="Tô Vĩnh Diện").first.click()
    history = page.get_by_test_id("nomination-history")
    expect(history).to_contain_text("27")
    expect(history).to_contain_text("28")
    page.screenshot(path=f"{SCREENSHOTS}/h25-history.png", full_page=True)
    page.context.close()
    assert errors == [], "\n".join(errors)
