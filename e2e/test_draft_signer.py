"""The draft's signer list offers only those the chosen issuer and type accept (issue 30, F11): in the
President's name the President and the Vice President, for an order the President alone, for the Office's
own documents never either of them."""

from playwright.sync_api import Page

from e2e.journeys import log_in


def offered(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "select[name=signer] option", "options => options.filter(o => o.value && !o.hidden).map(o => o.text)"
    )


def test_the_signers_offered_follow_the_issuer_and_the_type(page: Page) -> None:
    log_in(page, "chuyenvien.dt")
    page.goto("/documents/outgoing/new/")
    issuer = page.get_by_label("Thẩm quyền ban hành")
    kind = page.get_by_label("Loại văn bản")
    signer = page.get_by_label("Người ký", exact=True)

    issuer.select_option("president")
    kind.select_option("quyet_dinh")
    assert sorted(offered(page)) == ["Nguyễn Quốc Trung", "Trần Thị Mai Anh"]
    signer.select_option(label="Trần Thị Mai Anh")
    kind.select_option("lenh")  # an order: the President's own
    assert offered(page) == ["Nguyễn Quốc Trung"]
    assert signer.input_value() == ""  # the Vice President, no longer allowed, is cleared

    issuer.select_option("office")
    shown = offered(page)
    assert shown
    assert "Nguyễn Quốc Trung" not in shown
    assert "Trần Thị Mai Anh" not in shown
