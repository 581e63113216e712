"""Dates in an English browser (issue 26): a date field shows and takes dd/mm/yyyy, never the browser's
mm/dd/yyyy; what the clerk types short is completed as they leave the field, and the arrow keys move the date
(chancery/static/chancery/app.js); the server reads the day typed as that day."""

import datetime

from playwright.sync_api import Page, expect

from e2e.journeys import log_in


def test_a_date_field_in_an_english_browser_is_dd_mm_yyyy(page: Page) -> None:
    log_in(page, "vanthu.dt")
    page.goto("/petitions/new/")
    received = page.get_by_label("Ngày nhận")
    expect(received).to_have_attribute("type", "text")
    expect(received).to_have_attribute("placeholder", "dd/mm/yyyy")
    # the initial value, today, in the office's form (the page's context is en-US)
    today = received.input_value()
    assert datetime.datetime.strptime(today, "%d/%m/%Y").date() >= datetime.date(2026, 1, 1)

    received.fill("5/12/2026")
    received.press("Tab")
    expect(received).to_have_value("05/12/2026")
    received.fill("01022026")
    received.press("Tab")
    expect(received).to_have_value("01/02/2026")  # the 1st of February, not the 2nd of January
    received.focus()
    received.press("ArrowDown")
    expect(received).to_have_value("31/01/2026")
    received.press("Shift+ArrowUp")
    expect(received).to_have_value("28/02/2026")  # a month on from 31/01 is the month's last day
