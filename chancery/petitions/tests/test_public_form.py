"""The citizens' public form under attack: what a citizen typed reaches staff's exports as text, one
submission is capped in files and bytes, attachments are what their content says (no zip bomb), and past a few
petitions an hour from one address each needs a proof of work, checked by the server, used once, and expiring.
A refused form always comes back with what was typed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from openpyxl import load_workbook

from chancery.core.models import Attachment, Job
from chancery.core.tests import office_suite
from chancery.petitions import challenge, classify, views
from chancery.petitions.models import Petition
from chancery.petitions.tests.factories import Office, make_office

pytestmark = [pytest.mark.django_db]

FORM = {
    "full_name": "Vũ Thị Hoa",
    "id_number": "001190012345",
    "phone": "0912 345 678",
    "province": "1",
    "address": "Số 3 Lý Thường Kiệt",
    "kind": "recommendation",
    "summary": "Kiến nghị về bồi thường",
    "content": "Gia đình tôi đề nghị xem xét lại mức bồi thường khi thu hồi đất.",
}
SEND = "/cong-dan/gui-don/"


@pytest.fixture
def office(settings, tmp_path, monkeypatch) -> Office:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    classify.forget()
    monkeypatch.setattr(challenge, "BASE_BITS", 8)  # the same work, cheaper for the test to do
    monkeypatch.setattr(challenge, "MAX_BITS", 10)
    return make_office()


def pdf(tag: str, size: int = 0) -> bytes:
    return b"%PDF-1.4\n" + tag.encode() + b"\0" * size + b"\n%%EOF"


def zip_bomb_docx() -> bytes:
    """A DOCX of some 20 KB whose document part expands to 20 MB."""
    types = (
        b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as built:
        built.writestr("[Content_Types].xml", types)
        built.writestr("word/document.xml", b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refill_check(page: str) -> None:
    """The form came back with everything typed in it."""
    for value in ("Vũ Thị Hoa", "001190012345", "Số 3 Lý Thường Kiệt", "Kiến nghị về bồi thường"):
        assert f'value="{value}"' in page
    assert "Gia đình tôi đề nghị xem xét lại mức bồi thường" in page


# --- what a citizen typed, in staff's exports ----------


@freeze_time("2026-11-05 09:00")
def test_a_subject_written_as_a_formula_reaches_staff_exports_as_text(
    office: Office, django_capture_on_commit_callbacks, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://x","y")'
    Client().post(SEND, {**FORM, "summary": hostile, "full_name": "=1+1"})
    assert Petition.objects.get().summary == hostile
    staff = Client()
    staff.force_login(office.specialist)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/lists/petitions/export/", {"query": ""})
    job = Job.objects.get(kind="list_export")
    sheet = load_workbook(BytesIO(staff.get(f"/jobs/{job.pk}/file/").getvalue())).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    written = [cell for cell in cells if cell.value.startswith("=")]
    assert hostile in [cell.value for cell in written]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in written)
    if shutil.which("libreoffice"):  # as LibreOffice shows the staff member the cell: the text itself
        (tmp_path / "export.xlsx").write_bytes(staff.get(f"/jobs/{job.pk}/file/").getvalue())
        shown = office_suite.shown_as_csv(tmp_path / "export.xlsx")
        assert '"=HYPERLINK(""http://x"",""y"")"' in shown


# --- attachments ----------


@freeze_time("2026-11-05 09:00")
def test_one_submission_carries_at_most_ten_files(office: Office, settings) -> None:
    files = [SimpleUploadedFile(f"trang-{n}.pdf", pdf(str(n))) for n in range(11)]
    page = Client().post(SEND, {**FORM, "attachments": files}).content.decode()
    assert not Petition.objects.exists()
    assert "Mỗi lần chỉ được gửi tối đa 10 tệp." in page
    assert "Các tệp đính kèm chưa được lưu: vui lòng chọn lại tệp." in page
    refill_check(page)
    assert stored_files(Path(settings.MEDIA_ROOT)) == []
    files = [SimpleUploadedFile(f"trang-{n}.pdf", pdf(str(n))) for n in range(10)]
    Client().post(SEND, {**FORM, "attachments": files})
    assert Attachment.objects.count() == 10


@freeze_time("2026-11-05 09:00")
def test_one_submission_carries_at_most_30_mb(office: Office, settings) -> None:
    files = [SimpleUploadedFile(f"anh-{n}.pdf", pdf(str(n), 16_500_000)) for n in range(2)]
    page = Client().post(SEND, {**FORM, "attachments": files}).content.decode()
    assert not Petition.objects.exists()
    assert "không được quá 30 MB" in page
    refill_check(page)
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


@freeze_time("2026-11-05 09:00")
def test_a_zip_bomb_docx_is_refused_and_nothing_is_kept(office: Office, settings) -> None:
    files = [SimpleUploadedFile("to-trinh.pdf", pdf("1")), SimpleUploadedFile("don.docx", zip_bomb_docx())]
    page = Client().post(SEND, {**FORM, "attachments": files}).content.decode()
    assert not Petition.objects.exists() and not Attachment.objects.exists()
    assert "don.docx khi mở ra chiếm 20 MB" in page
    refill_check(page)
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


# --- the challenge ----------


def proof_of(page: str) -> tuple[str, int]:
    found = re.search(r'data-proof-token="([^"]+)" data-proof-bits="(\d+)"', page)
    assert found, "the page asks for no proof of work"
    return found.group(1), int(found.group(2))


@freeze_time("2026-11-05 09:00")
def test_past_three_petitions_an_hour_each_needs_a_proof_of_work(office: Office) -> None:
    citizen = Client()
    for _ in range(views.CHALLENGE_AFTER):
        assert 'data-testid="public-proof"' not in citizen.get(SEND).content.decode()
        citizen.post(SEND, FORM)
    assert Petition.objects.count() == 3
    page = citizen.get(SEND).content.decode()
    token, bits = proof_of(page)
    assert "proof-of-work.js" in page and bits == challenge.BASE_BITS
    # a form sent without the answer is refused, and comes back filled with a new challenge
    refused = citizen.post(SEND, FORM).content.decode()
    assert "trình duyệt của bạn cần xác nhận việc gửi" in refused
    refill_check(refused)
    assert Petition.objects.count() == 3
    token, bits = proof_of(refused)
    assert bits == challenge.BASE_BITS + 1  # each petition past the threshold costs more
    answered = citizen.post(SEND, {**FORM, "proof_token": token, "proof_nonce": challenge.solve(token, bits)})
    assert Petition.objects.count() == 4 and "Mã tra cứu" in answered.content.decode()


@freeze_time("2026-11-05 09:00")
def test_an_answer_is_used_once_and_only_by_the_address_it_was_given_to(office: Office) -> None:
    cache.set("petitions:submit:127.0.0.1", views.CHALLENGE_AFTER, 3600)
    citizen = Client()
    token, bits = proof_of(citizen.get(SEND).content.decode())
    answer = {**FORM, "proof_token": token, "proof_nonce": challenge.solve(token, bits)}
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")
    cache.set("petitions:submit:192.0.2.50", views.CHALLENGE_AFTER, 3600)
    elsewhere.get(SEND)
    elsewhere.post(SEND, answer)  # another address presents the answer: not its challenge
    assert not Petition.objects.exists()
    citizen.post(SEND, answer)
    assert Petition.objects.count() == 1
    replayed = citizen.post(SEND, answer).content.decode()  # the same answer again
    assert Petition.objects.count() == 1 and "cần xác nhận" in replayed


@freeze_time("2026-11-05 09:00")
def test_a_wrong_or_late_answer_is_refused(office: Office) -> None:
    cache.set("petitions:submit:127.0.0.1", views.CHALLENGE_AFTER, 3600)
    citizen = Client()
    token, bits = proof_of(citizen.get(SEND).content.decode())
    wrong = next(str(n) for n in range(10**6) if not challenge.is_solution(token, str(n), bits))
    citizen.post(SEND, {**FORM, "proof_token": token, "proof_nonce": wrong})
    citizen.post(SEND, {**FORM, "proof_token": token, "proof_nonce": "1" * 40})
    assert not Petition.objects.exists()
    with freeze_time("2026-11-05 09:05"):
        token, bits = proof_of(citizen.get(SEND).content.decode())
    answer = challenge.solve(token, bits)
    with freeze_time("2026-11-05 09:05") as clock:
        clock.tick(timedelta(seconds=challenge.EXPIRES_SECONDS + 1))
        page = citizen.post(SEND, {**FORM, "proof_token": token, "proof_nonce": answer}).content.decode()
    assert not Petition.objects.exists() and "cần xác nhận" in page


@freeze_time("2026-11-05 09:00")
def test_with_answers_an_address_still_sends_no_more_than_twenty_an_hour(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(challenge, "MAX_BITS", challenge.BASE_BITS + 2)  # the cap is tested, not the cost
    citizen = Client()
    page = citizen.get(SEND).content.decode()
    for _ in range(views.SUBMISSIONS_PER_HOUR + 2):
        data = dict(FORM)
        if 'data-testid="public-proof"' in page:
            token, bits = proof_of(page)
            data.update(proof_token=token, proof_nonce=challenge.solve(token, bits))
        citizen.post(SEND, data)
        page = citizen.get(SEND).content.decode()
    assert Petition.objects.count() == views.SUBMISSIONS_PER_HOUR
    assert "thử lại sau một giờ" in citizen.post(SEND, FORM).content.decode()


@freeze_time("2026-11-05 09:00")
def test_a_flood_from_many_addresses_brings_the_challenge_to_everyone(office: Office) -> None:
    cache.set("petitions:submit-all", views.ALL_CHALLENGE_AFTER, 3600)
    newcomer = Client(REMOTE_ADDR="198.51.100.9")
    page = newcomer.get(SEND).content.decode()
    token, bits = proof_of(page)
    assert bits == challenge.BASE_BITS
    newcomer.post(SEND, FORM)
    assert not Petition.objects.exists()
    token, bits = proof_of(newcomer.get(SEND).content.decode())
    newcomer.post(SEND, {**FORM, "proof_token": token, "proof_nonce": challenge.solve(token, bits)})
    assert Petition.objects.count() == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_browser_s_solver_finds_what_the_server_accepts() -> None:
    script = Path(__file__).resolve().parents[2] / "static" / "chancery" / "proof-of-work.js"
    token = "Qm9hcmQtb2YtdGhlLXByb29m"
    found = subprocess.run(
        ["node", "-e", f"console.log(require({str(script)!r}).search({token!r}, 12, 0, 1e7))"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    assert challenge.is_solution(token, found, 12)
    assert found == challenge.solve(token, 12)  # the first answer, as the server would find it
