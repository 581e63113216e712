"""The signer's signature as the law shows it (issue 30, item 1): the picture of their handwritten signature
where they sign, the Office's seal over its left third, both signatures valid for poppler's pdfsig; the
specimen registered by another administrator only, audited; and the signature block's "KT." only for a
deputy."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from chancery.core.models import AuditEvent, Notification
from chancery.core.tests.factories import signed_in
from chancery.documents import demo, rules, services, signing, specimens
from chancery.documents.models import SignatureSpecimen
from chancery.documents.tests.factories import Office, approved, draft_data
from chancery.documents.tests.test_signature_layout import pdfsig, poppler
from chancery.documents.tests.test_signing import signed_copy

pytestmark = [pytest.mark.django_db]


def scan(*, paper: tuple[int, int, int] = (255, 255, 255), ink: bool = True, size=(600, 240)) -> bytes:
    """A signature scanned on white paper: a blue stroke on an opaque white background."""
    picture = Image.new("RGB", size, paper)
    if ink:
        ImageDraw.Draw(picture).line(
            [(60, 180), (200, 60), (330, 170), (520, 80)], fill=(20, 40, 150), width=9
        )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def test_a_scan_on_white_paper_becomes_the_ink_on_a_transparent_background() -> None:
    cleaned = Image.open(io.BytesIO(specimens.clean(scan())))
    assert cleaned.mode == "RGBA"
    assert cleaned.width < 600 and cleaned.height < 240  # trimmed to the stroke
    alpha = cleaned.getchannel("A")
    assert alpha.getpixel((0, cleaned.height - 1)) == alpha.getpixel((cleaned.width - 1, 0)) == 0  # no paper
    assert cleaned.getchannel("A").getextrema()[1] == 255  # the ink stays


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"GIF89a" + b"\0" * 40, "ảnh PNG"),
        (scan(ink=False), "không có chữ ký"),
        (scan()[:60], "không đọc được"),
        (scan(size=(4100, 50)), "4000"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (specimens.MAX_BYTES + 1), "1 MB"),
    ],
)
def test_what_is_not_a_signature_picture_is_refused_in_vietnamese(content: bytes, said: str) -> None:
    with pytest.raises(ValidationError) as refused:
        specimens.clean(content)
    assert said in " ".join(refused.value.messages)


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=0, max_size=400))
def test_any_bytes_are_cleaned_or_refused_never_a_crash(noise: bytes) -> None:
    for content in (noise, b"\x89PNG\r\n\x1a\n" + noise):
        with contextlib.suppress(ValidationError):
            specimens.clean(content)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_hostile_pictures_are_refused_not_a_server_error() -> None:
    """The examiner of issue 30: a PNG declaring 100,000 × 100,000 pixels, and one whose text chunk
    decompresses to 50 MB, raised errors Pillow does not count as unreadable files."""
    import struct
    import zlib

    header = b"\x89PNG\r\n\x1a\n" + png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    )
    end = png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")
    inflating = (
        scan()[:33] + png_chunk(b"zTXt", b"note\0\0" + zlib.compress(b" " * (50 * 1024 * 1024))) + scan()[33:]
    )
    for content in (header + end, inflating):
        with pytest.raises(ValidationError):
            specimens.clean(content)


def test_the_specimen_of_someone_who_has_left_is_removed(office: Office) -> None:
    specimens.register(actor=office.admin, person=office.head, content=scan())
    office.head.is_active = False
    office.head.save(update_fields=["is_active"])
    specimens.remove(actor=office.admin, person=office.head)
    assert specimens.image_of(office.head) is None


def test_only_another_administrator_registers_a_specimen_audited_and_told(office: Office) -> None:
    with pytest.raises(PermissionDenied):  # not an administrator: the signer for himself
        specimens.register(actor=office.leader, person=office.leader, content=scan())
    with pytest.raises(PermissionDenied):  # not an administrator, for another
        specimens.register(actor=office.head, person=office.leader, content=scan())
    with pytest.raises(PermissionDenied):  # an administrator for herself
        specimens.register(actor=office.admin, person=office.admin, content=scan())
    assert not SignatureSpecimen.objects.exists()
    first = specimens.register(actor=office.admin, person=office.leader, content=scan())
    again = specimens.register(actor=office.admin, person=office.leader, content=scan(paper=(250, 250, 245)))
    assert again.pk == first.pk and SignatureSpecimen.objects.count() == 1
    events = AuditEvent.objects.filter(object_id=office.leader.pk, changes__has_key="signature_specimen")
    trail = [e.changes["signature_specimen"] for e in events.order_by("id")]
    assert trail[0]["before"] is None and trail[0]["after"] == first.sha256
    assert trail[-1]["after"] == again.sha256
    with translation.override("vi"):  # the audit trail names it in words, not by its key
        assert [str(row["field"]) for row in events.order_by("id")[0].change_rows] == ["mẫu chữ ký"]
    assert Notification.objects.filter(recipient=office.leader).count() >= 1
    specimens.remove(actor=office.admin, person=office.leader)
    assert not SignatureSpecimen.objects.exists()
    assert specimens.image_of(office.leader) is None


@poppler
def test_the_signers_picture_is_where_they_sign_and_the_seal_covers_its_left_third(
    office: Office, tmp_path
) -> None:
    specimens.register(actor=office.admin, person=office.leader, content=demo.drawn_signature("Lê Khánh Hải"))
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    content = signed_copy(services.issue_document(actor=office.leader, document=document))
    (signer_field, signer_box), (seal_field, seal_box) = signing.visible_signatures(content)
    assert (signer_field, seal_field) == ("NguoiKy1", "VPCTN2")
    sx0, sy0, sx1, sy1 = signer_box
    ox0, _oy0, ox1, _oy1 = seal_box
    picture = Image.open(io.BytesIO(specimens.image_of(office.leader) or b""))
    assert (sx1 - sx0) / (sy1 - sy0) == pytest.approx(picture.width / picture.height, rel=0.05)
    assert ox1 == pytest.approx(sx0 + (sx1 - sx0) / 3, abs=1.5)  # the seal ends at the picture's first third
    assert ox0 < sx0
    report = pdfsig(content, tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert re.findall(r"Signature Field Name: (\S+)", report) == ["NguoiKy1", "VPCTN2"]
    assert all(check.is_good for check in signing.check(content))


def test_without_a_specimen_the_signature_is_shown_in_words(office: Office) -> None:
    box = (100.0, 100.0, 100.0 + signing.SIGNATURE_WIDTH, 160.0)
    assert signing._stamp("signer", box).stamp_text.startswith("%(who)s")
    shown = signing.specimen_place(box, demo.drawn_signature("Phạm Thanh Hà"))
    assert shown[2] - shown[0] <= signing.SIGNATURE_WIDTH * 2 / 3 + 0.01
    assert box[1] - 0.01 <= shown[1] and shown[3] <= box[3] + 0.01


@pytest.mark.parametrize(
    ("title", "position", "problem"),
    [
        ("KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Chủ nhiệm Văn phòng", "head_signs_directly"),
        ("KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", ""),
        ("kt. chủ nhiệm\nphó chủ nhiệm", "CHỦ NHIỆM", "head_signs_directly"),
        ("KT. CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", "deputy_title_missing"),
        ("CHỦ NHIỆM", "Chủ nhiệm Văn phòng", ""),
        ("TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TỔNG HỢP", "Vụ trưởng", ""),
        ("", "", ""),
        ("KT. CHỦ NHIỆM, PHÓ CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", ""),  # the deputy on the same line
        ("KT. CHỦ NHIỆM PHÓ CHỦ NHIỆM", "Chủ nhiệm", "head_signs_directly"),
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Chủ tịch", "head_signs_directly"),
        # the examiner's variants (issue 30): the head's title spelled out, KT without its dot, an invisible
        # character, a deputy's title that is not the signer's, "KT." over a title that is not a deputy's
        (
            "KT. CHỦ NHIỆM VĂN PHÒNG CHỦ TỊCH NƯỚC\nPHÓ CHỦ NHIỆM",
            "Chủ nhiệm Văn phòng",
            "head_signs_directly",
        ),
        ("KT CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Chủ nhiệm Văn phòng", "head_signs_directly"),
        ("K.T. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Chủ nhiệm Văn phòng", "head_signs_directly"),
        ("K\u200bT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Chủ nhiệm Văn phòng", "head_signs_directly"),
        ("KT. CHỦ NHIỆM\nCHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", "not_a_deputy"),
        ("KT. CHỦ NHIỆM\nVỤ TRƯỞNG", "Vụ trưởng", "not_a_deputy"),
        ("KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Phó Vụ trưởng", "not_the_signers_title"),
        ("KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "", ""),  # no position on the staff list: not checked
    ],
)
def test_kt_is_a_deputy_signing_for_the_head(title: str, position: str, problem: str) -> None:
    assert rules.signature_block_problem(title, position) == problem


def test_the_offices_own_drafts_sign_as_the_signer_is() -> None:
    assert rules.office_signature_block("Chủ nhiệm Văn phòng") == "CHỦ NHIỆM"
    deputy = rules.office_signature_block("Phó Chủ nhiệm Văn phòng")
    assert deputy == "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"
    assert rules.signature_block_problem(deputy, "Phó Chủ nhiệm Văn phòng") == ""
    assert rules.signature_block_problem("CHỦ NHIỆM", "Chủ nhiệm Văn phòng") == ""


def test_the_head_cannot_be_drafted_to_sign_for_himself(office: Office) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            actor=office.specialist,
            data=draft_data(office, signer_title="KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"),
        )
    assert "ký trực tiếp" in " ".join(refused.value.messages)
    services.create_draft(
        actor=office.specialist,
        data=draft_data(office, signer=office.deputy, signer_title="KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"),
    )


def test_the_specimen_screen_is_for_another_administrator(office: Office) -> None:
    browser = signed_in(office.admin)
    page = browser.get("/admin/documents/signaturespecimen/add/")
    assert page.status_code == 200
    own = browser.post(  # not offered, and refused when sent all the same
        "/admin/documents/signaturespecimen/add/",
        {"person": office.admin.pk, "upload": io.BytesIO(scan())},
    )
    assert own.status_code == 200 and not SignatureSpecimen.objects.exists()
    assert f'value="{office.admin.pk}"' not in page.content.decode()
    with pytest.raises(PermissionDenied):
        specimens.register(actor=office.admin, person=office.admin, content=scan())
    upload = io.BytesIO(scan())
    upload.name = "chu-ky.png"
    done = browser.post(
        "/admin/documents/signaturespecimen/add/", {"person": office.leader.pk, "upload": upload}
    )
    assert done.status_code == 302
    assert SignatureSpecimen.objects.get().set_by == office.admin
    leader = signed_in(office.leader)
    assert leader.get("/admin/documents/signaturespecimen/").status_code in {302, 403}


def test_a_sixteen_bit_greyscale_scan_keeps_its_signature() -> None:
    import numpy as np

    pixels = np.full((240, 600), 65535, dtype=np.uint16)  # white paper, 16 bits a pixel
    pixels[100:130, 60:540] = 4000  # a dark stroke
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    assert Image.open(io.BytesIO(out.getvalue())).mode == "I;16"
    cleaned = Image.open(io.BytesIO(specimens.clean(out.getvalue())))
    assert cleaned.size == (480, 30)  # the stroke, not "blank"


def test_the_admin_screens_speak_vietnamese_and_tell_a_non_administrator_why(office: Office) -> None:
    browser = signed_in(office.admin)
    refused = browser.post("/admin/documents/signaturespecimen/add/", {"person": office.leader.pk})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Please correct" not in page and "Hãy sửa" in page
    outsider = signed_in(office.head)
    for address in ("/admin/", "/admin/login/?next=/admin/"):
        answer = outsider.get(address, follow=True)
        assert answer.status_code == 403, address  # not round the login again
        assert "quản trị hệ thống" in answer.content.decode()
