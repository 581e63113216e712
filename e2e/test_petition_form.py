"""The clerk's registration form (issue 24): it starts with no kind and no field chosen; the letter's text
brings the suggested kind and field, filled in visibly (highlighted, with a note and an undo, chancery/static/
chancery/app.js), and the warning of the same petitioner's earlier letter about the same matter."""

import os
import re

from playwright.sync_api import Page, expect

from e2e.data import E2E_PETITION
from e2e.journeys import log_in

SCREENSHOT = os.environ.get("CHANCERY_E2E_REGISTER_SCREENSHOT", "/tmp/h24-register.png")


def _checked(page: Page) -> None:
    """Wait until the intake check asked by the last change has come back and been swapped in (each change
    of the letter asks again; an older answer on the page must not be read as the new one)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def test_the_form_starts_empty_and_the_letter_fills_in_the_suggestion_visibly_and_warns_of_a_resend(
    page: Page,
) -> None:
    log_in(page, "vanthu.dt")
    page.goto("/petitions/new/")
    kind, field = page.locator("#id_kind"), page.locator("#id_field")
    # nothing chosen for the clerk: a default would be taken without a look
    expect(kind).to_have_value("")
    expect(field).to_have_value("")
    expect(kind.locator("option:checked")).to_have_text("— Chọn loại đơn —")
    expect(page.get_by_test_id("suggestion")).to_have_count(0)

    # the same petitioner (the seed's earlier letter, e2e/seed.py) writes again about the same matter
    page.get_by_label("Họ tên người gửi đơn").fill("Đinh Văn Tùng")
    page.get_by_test_id("province").select_option(label="Ninh Bình (gồm cả Hà Nam, Nam Định cũ)")
    page.get_by_label("Trích yếu").fill("Đề nghị cấp nước sạch cho thôn Yên Lạc (gửi lần hai)")
    content = page.get_by_label("Nội dung", exact=True)
    content.fill("Kính gửi Chủ tịch nước.\n" + E2E_PETITION + "\nXin trân trọng cảm ơn.")
    content.press("Tab")
    _checked(page)

    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_be_visible()
    suggested_kind = suggestion.get_attribute("data-kind") or ""
    suggested_field = suggestion.get_attribute("data-field") or ""
    # "Đề nghị xem xét ...": the letter asks (a recommendation, or a reflection), it neither complains nor accuses
    assert suggested_kind in {"recommendation", "reflection"}
    assert suggested_field
    # filled in, and visibly so: highlighted, a note saying so, an undo
    expect(kind).to_have_value(suggested_kind)
    expect(field).to_have_value(suggested_field)
    expect(kind).to_have_class(re.compile(r"\bis-suggested\b"))
    expect(field).to_have_class(re.compile(r"\bis-suggested\b"))
    expect(page.get_by_test_id("suggestion-applied")).to_be_visible()
    expect(page.get_by_test_id("undo-suggestion")).to_be_visible()
    highlight = kind.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("#id_channel").evaluate("e => getComputedStyle(e).backgroundColor")
    assert highlight != plain, (highlight, plain)

    # the earlier letter of the same petitioner is named in the warning
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Kiến nghị về cấp nước sạch cho thôn Yên Lạc")
    expect(warning).to_contain_text("Đinh Văn Tùng")
    expect(warning).to_contain_text("cùng người gửi")
    page.screenshot(path=SCREENSHOT, full_page=True)

    # undo: back to nothing chosen, no highlight; a later check fills nothing by itself
    page.get_by_test_id("undo-suggestion").click()
    expect(kind).to_have_value("")
    expect(field).to_have_value("")
    expect(kind).not_to_have_class(re.compile(r"\bis-suggested\b"))
    expect(page.get_by_test_id("suggestion-applied")).to_be_hidden()
    page.get_by_label("Trích yếu").fill("Đề nghị cấp nước sạch cho thôn Yên Lạc (lần hai)")
    page.get_by_label("Trích yếu").press("Tab")
    _checked(page)
    expect(page.get_by_test_id("duplicate-warning")).to_be_visible()
    expect(kind).to_have_value("")
    # the clerk takes it on purpose (Alt+G), then chooses the kind themselves: their choice stays
    page.keyboard.press("Alt+g")
    now = page.get_by_test_id("apply-suggestion")  # the suggestion for the text as it now reads
    suggested_kind = now.get_attribute("data-kind") or ""
    suggested_field = now.get_attribute("data-field") or ""
    expect(kind).to_have_value(suggested_kind)
    kind.focus()
    page.keyboard.press("ArrowUp")  # the clerk's own key press (a trusted change, as app.js requires)
    chosen = {"recommendation": "denunciation", "reflection": "recommendation"}.get(
        suggested_kind, "complaint"
    )
    expect(kind).to_have_value(chosen)
    expect(kind).not_to_have_class(re.compile(r"\bis-suggested\b"))
    expect(field).to_have_value(suggested_field)
