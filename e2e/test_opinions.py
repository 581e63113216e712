"""Opinions of other units in the browser (issue 28): the specialist handling an incoming document asks Vụ
Pháp luật for its opinion from the document's page (units found by typing, chosen with the keyboard, a due
date as dd/mm/yyyy); a specialist of Vụ Pháp luật finds the document in "Việc của tôi" and answers on its
page; the asker reads the answer. Its own small office, served on port 8749."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import e2e.server
from e2e import journeys
from e2e.conftest import SCREENSHOTS

PORT = 8749

# A document received from the Ministry of Home Affairs, routed to Vụ Tổng hợp: chuyenvien.th handles it.
SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from chancery.core.models import Agency, User
from chancery.documents import services
today = timezone.localdate()
clerk, leader = User.objects.get(username="vanthu"), User.objects.get(username="chunhiem")
data = services.IncomingData(
    received_on=today, sender=Agency.objects.get(short_name="BNV"), sender_name="Bộ Nội vụ",
    reference="7001/BNV-PC", issued_on=today - timedelta(days=2), doc_type="cong_van",
    summary="Đề nghị góp ý dự thảo Nghị định về công tác văn thư", signer="Nguyễn Trọng Thừa", pages=4,
)
document = services.register_incoming(actor=clerk, data=data)
general = User.objects.get(username="chuyenvien.th").unit
document = services.route_incoming(
    actor=leader, document=document, routing=services.Routing(lead_unit=general)
)
print(document.get_absolute_url())
"""


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("opinions")


@pytest.fixture(scope="module")
def server(workdir: Path) -> Iterator[str]:
    demo = ["--scale", "20", "--documents", "20", "--honours", "20", "--amnesty", "20"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e.server, "_free_port", lambda: PORT)
        with e2e.server.chancery_server(demo, workdir=workdir) as url:
            yield url


@pytest.fixture(scope="module")
def document_url(server: str, workdir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "chancery", "shell", "-c", SETUP],
        env=e2e.server.environment(workdir),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _desk(browser: Browser, server: str, username: str, errors: list[str]) -> Page:
    page = journeys.desk(browser, server, username, cleared=False, errors=errors)
    page.set_viewport_size({"width": 1440, "height": 900})
    return page


def test_a_unit_is_asked_for_its_opinion_and_answers_on_the_page(
    browser: Browser, server: str, document_url: str
) -> None:
    errors: list[str] = []
    asker = _desk(browser, server, "chuyenvien.th", errors)
    asker.goto(document_url)
    panel = asker.get_by_test_id("opinions")
    expect(panel).to_contain_text("Chưa xin ý kiến đơn vị nào.")
    panel.get_by_text("Xin ý kiến đơn vị khác").click()
    units = panel.get_by_test_id("opinion-units")
    expect(units).not_to_contain_text("Lãnh đạo Văn phòng")
    expect(units).not_to_contain_text("Vụ Tổng hợp")  # the unit handling it does not ask itself
    panel.get_by_label("Lọc đơn vị").fill("phap luat")  # typed without diacritics
    expect(units.get_by_label("Vụ Đối ngoại")).to_be_hidden()
    legal = units.get_by_label("Vụ Pháp luật")
    legal.focus()
    asker.keyboard.press("Space")  # chosen with the keyboard
    expect(legal).to_be_checked()
    panel.get_by_label("Nội dung xin ý kiến").fill("Đề nghị Vụ Pháp luật cho ý kiến về Điều 12 của dự thảo.")
    due = date.today() + timedelta(days=14)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    panel.get_by_label("Hạn trả lời (dd/mm/yyyy)").fill(f"{due:%d/%m/%Y}")
    panel.get_by_label("Cách xin ý kiến").select_option(label="Các đơn vị cùng lúc")
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        panel.scroll_into_view_if_needed()
        asker.screenshot(path=f"{SCREENSHOTS}/opinions-ask.png")
    with asker.expect_navigation():
        panel.get_by_test_id("opinion-ask").click()
    expect(asker.get_by_text("Đã xin ý kiến 1 đơn vị.")).to_be_visible()
    asked = asker.get_by_test_id("opinion")
    expect(asked).to_contain_text("Vụ Pháp luật")
    expect(asked.get_by_test_id("opinion-state")).to_have_text("Đang chờ ý kiến")
    expect(asked).to_contain_text(f"hạn {due:%d/%m/%Y}")

    answerer = _desk(browser, server, "chuyenvien.pl", errors)
    answerer.goto("/")  # "Việc của tôi": given to the unit, asked for an opinion, with its due date
    work = answerer.locator("li", has=answerer.locator(f'a[href="{document_url}"]'))
    expect(work).to_contain_text("Được xin ý kiến")
    expect(work).to_contain_text(f"hạn {due:%d/%m/%Y}")
    with answerer.expect_navigation():
        work.locator(f'a[href="{document_url}"]').click()
    mine = answerer.get_by_test_id("opinion")
    expect(mine).to_contain_text("Điều 12 của dự thảo")
    expect(answerer.get_by_test_id("opinion-ask")).to_have_count(0)  # it answers; it does not ask others
    mine.get_by_label("Ý kiến của đơn vị").fill("Vụ Pháp luật đề nghị bỏ khoản 3 Điều 12.")
    with answerer.expect_navigation():
        mine.get_by_test_id("opinion-answer").click()
    expect(answerer.get_by_text("Đã ghi nhận ý kiến của đơn vị.")).to_be_visible()

    asker.reload()
    expect(asked.get_by_test_id("opinion-state")).to_have_text("Đã cho ý kiến")
    expect(asked).to_contain_text("Vụ Pháp luật đề nghị bỏ khoản 3 Điều 12.")
    if SCREENSHOTS:
        asker.get_by_test_id("opinions").scroll_into_view_if_needed()
        asker.screenshot(path=f"{SCREENSHOTS}/opinions-answered.png")
    for desk in (asker, answerer):
        desk.context.close()
    assert errors == [], "\n".join(errors)
