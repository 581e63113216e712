"""Attachments are what they are by their content, an office document's archive is inspected before it is
accepted, one submission is capped, and an upload refused after it was stored leaves nothing behind."""

from __future__ import annotations

import contextlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from chancery.core import audit, spreadsheets, uploads
from chancery.core import services as core_services
from chancery.core.models import Attachment
from chancery.core.tests.factories import UnitFactory
from chancery.core.tests.protected.models import Complaint

WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def pdf(tag: str = "", size: int = 0) -> bytes:
    return b"%PDF-1.4\n" + tag.encode() + b"\0" * size + b"\n%%EOF"


def docx() -> bytes:
    document = Document()
    document.add_paragraph("Đơn khiếu nại về việc thu hồi đất")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    book = spreadsheets.Book()
    book.sheet("Bảng").append(["Họ và tên", "Nguyễn Văn An"])
    return book.to_bytes()


def archive(parts: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    """A ZIP archive of these parts, as an office document is one (deflated, the best compression); marked
    as encrypted if asked (zipfile writes no encrypted archive: the flag is set in its headers)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as built:
        for name, content in parts.items():
            built.writestr(name, content)
    content = bytearray(out.getvalue())
    if encrypted:
        for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = content.find(signature)
            while start >= 0:
                content[start + flag_at] |= 0x1
                start = content.find(signature, start + 4)
    return bytes(content)


def word(body: bytes, **more: bytes) -> bytes:
    """A DOCX as far as its structure goes: the content types naming a Word document, and its parts."""
    types = b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="' + WORD_MAIN
    return archive({"[Content_Types].xml": types + b'"/></Types>', "word/document.xml": body, **more})


def png(width: int = 20, height: int = 10, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, kind)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """The chunks of a PNG that claims to be `width` x `height` (as a decompression bomb image does)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(content: bytes, name: str = "tep.docx") -> str:
    with pytest.raises(ValidationError) as refused:
        uploads.inspect(upload(name, content))
    return " ".join(refused.value.messages)


# --- what a file is ----------


def test_documents_images_and_pdf_are_known_by_their_content_not_their_name() -> None:
    assert uploads.inspect(upload("don.pdf", pdf())) is uploads.PDF
    assert uploads.inspect(upload("anh-chup", png())) is uploads.PNG
    assert uploads.inspect(upload("anh.png", png(kind="JPEG"))) is uploads.JPEG
    assert uploads.inspect(upload("ban-quet", png(kind="TIFF"))) is uploads.TIFF
    assert uploads.inspect(upload("van-ban.pdf", docx())) is uploads.DOCX
    assert uploads.inspect(upload("bang.bin", xlsx())) is uploads.XLSX
    odt = archive({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
    assert uploads.inspect(upload("don.odt", odt)) is uploads.ODT


def test_a_zip_that_is_no_office_document_and_a_fake_image_are_refused() -> None:
    assert "không phải tệp PDF" in refusal(archive({"virus.exe": b"MZ\x90\x00" * 100}), "hop-dong.docx")
    assert "không phải tệp PDF" in refusal(b"PK\x03\x04 not really an archive")
    assert "ảnh hỏng" in refusal(b"\x89PNG\r\n\x1a\n" + b"junk" * 50, "anh.png")
    assert "không phải tệp PDF" in refusal(b"MZ\x90\x00", "virus.exe")


def test_an_image_claiming_billions_of_pixels_is_refused() -> None:
    assert "triệu điểm ảnh" in refusal(png_header(60_000, 60_000), "anh.png")


def test_a_zip_bomb_docx_is_refused() -> None:
    """The review's case: a DOCX of a few kilobytes whose document part expands a thousandfold."""
    bomb = word(b"<w:document>" + b" " * (20 * uploads.MB) + b"</w:document>")
    assert len(bomb) < 100_000
    assert "khi mở ra chiếm 20 MB" in refusal(bomb)


def lying_about_size(content: bytes, part: str, says: int) -> bytes:
    """The archive with `part`'s expanded size written as `says` in its local header and its directory entry:
    the sizes are the sender's word, as a crafted bomb shows (the examiner of issue 23, claim 7)."""
    patched = bytearray(content)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = patched.find(signature)
        while start >= 0:
            if patched[start + name_at : start + name_at + len(part)] == part.encode():
                patched[start + size_at : start + size_at + 4] = says.to_bytes(4, "little")
            start = patched.find(signature, start + 4)
    return bytes(patched)


def test_a_bomb_whose_headers_lie_about_its_size_is_refused_by_what_it_really_expands_to() -> None:
    body = b"<w:document>" + b" " * (20 * uploads.MB) + b"</w:document>"
    liar = lying_about_size(word(body), "word/document.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(liar)) as read:  # what the directory says: a thousand bytes
        assert read.getinfo("word/document.xml").file_size == 1000
    assert "hỏng" in refusal(liar)
    nested = lying_about_size(archive({"sheet.xml": body}), "sheet.xml", 10)
    assert "hỏng" in refusal(word(b"<w/>", **{"word/embeddings/a.xlsx": nested}))
    honest = word(b"<w:document>" + b" " * 1000 + b"</w:document>")  # the same check passes a true document
    assert uploads.inspect(upload("bao-cao.docx", honest)) is uploads.DOCX


def patched(content: bytes, part: str, **fields: int) -> bytes:
    """The archive with fields of `part`'s local header and directory entry rewritten: `method`, `crc`,
    `size` (expanded), `compressed` (the sizes are the sender's word, as a crafted bomb shows)."""
    at = {"method": (8, 10, 2), "crc": (14, 16, 4), "compressed": (18, 20, 4), "size": (22, 24, 4)}
    out = bytearray(content)
    for signature, which, name_at in ((b"PK\x03\x04", 0, 30), (b"PK\x01\x02", 1, 46)):
        start = out.find(signature)
        while start >= 0:
            if out[start + name_at : start + name_at + len(part)] == part.encode():
                for field, value in fields.items():
                    offset, length = at[field][which], at[field][2]
                    out[start + offset : start + offset + length] = value.to_bytes(length, "little")
            start = out.find(signature, start + 4)
    return bytes(out)


def test_the_parts_read_to_tell_the_kind_are_bounded_too() -> None:
    """The examiner's second pass (issue 23): [Content_Types].xml was read whole, its declared size trusted,
    before anything was counted; a bzip2 part had no cap at all."""
    types = b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="' + WORD_MAIN
    bomb = archive({"[Content_Types].xml": types + b'"/>' + b" " * (20 * uploads.MB) + b"</Types>"})
    assert "hỏng" in refusal(patched(bomb, "[Content_Types].xml", size=1000))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as built:
        built.writestr("[Content_Types].xml", types + b'"/></Types>')
        built.writestr("word/document.xml", b"<w:document/>")
    assert "không phải" in refusal(out.getvalue())  # not a method an office document uses


def test_a_part_cut_short_followed_by_other_data_or_with_a_wrong_checksum_is_refused() -> None:
    body = b"<w:document>" + b"x" * 5000 + b"</w:document>"
    honest = word(body)
    assert "hỏng" in refusal(patched(honest, "word/document.xml", crc=12345))
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = stream.compress(body) + stream.flush() + b"\x00trailing data that is not the document's" * 100
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as built:
        built.writestr("[Content_Types].xml", b'<Types><Override ContentType="' + WORD_MAIN + b'"/></Types>')
        built.writestr("word/document.xml", deflated)
    trailer = patched(raw.getvalue(), "word/document.xml", method=8, size=len(body), crc=zlib.crc32(body))
    assert "hỏng" in refusal(trailer)


def test_a_directory_far_larger_than_its_end_record_says_is_refused_before_it_is_parsed() -> None:
    many = archive({f"word/media/{n:06d}.xml": b"" for n in range(3000)})
    end = bytearray(many)
    at = end.rfind(b"PK\x05\x06")
    end[at + 8 : at + 12] = (3).to_bytes(2, "little") * 2  # "3 parts"; the directory's size tells otherwise
    assert "quá nhiều thành phần" in refusal(bytes(end))


def test_an_archive_too_large_in_all_is_refused_whatever_its_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_EXPANDED_BYTES", 64 * 1024)
    import os

    noise = os.urandom(80 * 1024)  # does not compress: a ratio of 1
    assert "khi mở ra" in refusal(word(b"<w:document/>", **{"word/media/image1.png": noise}))


def test_an_embedded_workbook_is_inspected_and_archives_nested_deeper_are_refused() -> None:
    chart = xlsx()
    assert uploads.inspect(upload("bao-cao.docx", word(b"<w/>", **{"word/embeddings/a.xlsx": chart}))) is (
        uploads.DOCX
    )
    inner = archive({"x.zip": archive({"y.txt": b"1"})})
    assert "tệp nén lồng" in refusal(word(b"<w/>", **{"word/embeddings/a.xlsx": inner}))
    gzip_inside = b"\x1f\x8b\x08\x00" + b"\0" * 32
    assert "tệp nén lồng" in refusal(word(b"<w/>", **{"word/media/a.bin": gzip_inside}))
    bomb_inside = archive({"sheet.xml": b" " * (20 * uploads.MB)})
    assert "khi mở ra" in refusal(word(b"<w/>", **{"word/embeddings/a.xlsx": bomb_inside}))


def test_macros_passwords_and_archives_of_too_many_parts_are_refused() -> None:
    assert "macro" in refusal(word(b"<w/>", **{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 10}))
    locked = archive({"[Content_Types].xml": WORD_MAIN, "word/document.xml": b"<w/>"}, encrypted=True)
    assert "mật khẩu" in refusal(locked)
    many = word(b"<w/>", **{f"word/media/{n}.xml": b"<x/>" for n in range(uploads.ARCHIVE_MAX_MEMBERS)})
    assert "quá nhiều thành phần" in refusal(many)
    claims_a_lot = bytearray(docx())  # an end record claiming 60,000 parts: refused before they are read
    end = claims_a_lot.rfind(b"PK\x05\x06")
    claims_a_lot[end + 8 : end + 12] = (60_000).to_bytes(2, "little") * 2
    assert "quá nhiều thành phần (60000)" in refusal(bytes(claims_a_lot))


def test_an_empty_or_too_large_file_is_refused() -> None:
    assert "rỗng" in refusal(b"", "don.pdf")
    assert "lớn hơn 25 MB" in refusal(pdf(size=25 * uploads.MB), "don.pdf")


def test_a_file_named_as_another_type_is_kept_under_the_extension_of_what_it_is() -> None:
    assert uploads.download_name("thu.html", uploads.PDF) == "thu.html.pdf"
    assert uploads.download_name("Ảnh chụp.JPEG", uploads.JPEG) == "Ảnh chụp.JPEG"
    assert uploads.download_name("bang", uploads.XLSX) == "bang.xlsx"


# --- one submission ----------


@pytest.fixture
def record(settings, tmp_path: Path) -> Complaint:
    settings.MEDIA_ROOT = tmp_path
    return Complaint.objects.create(title="Đơn", owning_unit=UnitFactory.create())


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_one_submission_is_capped_in_files_and_bytes(record: Complaint, tmp_path: Path) -> None:
    limits = uploads.Limits(count=2, total_bytes=1000)
    with pytest.raises(ValidationError, match="tối đa 2 tệp"):
        core_services.attach_files(
            actor=None,
            record=record,
            files=[upload(f"{n}.pdf", pdf(str(n))) for n in range(3)],
            limits=limits,
        )
    with pytest.raises(ValidationError, match="không được quá 0 MB"):
        core_services.attach_files(
            actor=None,
            record=record,
            files=[upload("a.pdf", pdf("a", 600)), upload("b.pdf", pdf("b", 600))],
            limits=limits,
        )
    assert Attachment.objects.count() == 0 and stored_files(tmp_path) == []
    stored = core_services.attach_files(
        actor=None,
        record=record,
        files=[upload("a.pdf", pdf("a")), upload("thu.html", pdf("b"))],
        limits=limits,
    )
    assert [a.name for a in stored] == ["a.pdf", "thu.html.pdf"]
    assert [a.content_type for a in stored] == ["application/pdf"] * 2
    assert all(a.file.name.endswith(".pdf") for a in stored)


@pytest.mark.django_db
def test_the_office_s_own_uploads_are_capped_and_inspected_too(record: Complaint) -> None:
    """Staff paths (a document's scans, a dossier) use the same service, with the office's caps."""
    files = [upload(f"{n}.pdf", pdf(str(n))) for n in range(uploads.OFFICE.count + 1)]
    with pytest.raises(ValidationError, match=f"tối đa {uploads.OFFICE.count} tệp"):
        core_services.attach_files(actor=None, record=record, files=files)
    with pytest.raises(ValidationError, match="khi mở ra"):
        core_services.attach_file(
            actor=None, record=record, upload=upload("a.docx", word(b" " * 20 * uploads.MB))
        )


# --- nothing left behind ----------


@pytest.mark.django_db
def test_a_submission_refused_on_its_last_file_stores_none_of_them(record: Complaint, tmp_path: Path) -> None:
    files = [upload("don.pdf", pdf("1")), upload("anh.png", png()), upload("virus.exe", b"MZ\x90\x00")]
    with pytest.raises(ValidationError):
        core_services.attach_files(actor=None, record=record, files=files)
    assert Attachment.objects.count() == 0 and stored_files(tmp_path) == []


@pytest.mark.django_db
def test_a_file_stored_then_refused_is_removed(record: Complaint, tmp_path: Path, monkeypatch) -> None:
    """The same file twice in one submission: the second is refused after the first was stored."""
    with pytest.raises(ValidationError, match="đã được đính kèm"):
        core_services.attach_files(
            actor=None, record=record, files=[upload("a.pdf", pdf("x")), upload("b.pdf", pdf("x"))]
        )
    assert Attachment.objects.count() == 0 and stored_files(tmp_path) == []

    def audit_fails(**kwargs: object) -> None:
        raise RuntimeError("the audit trail cannot be written")

    monkeypatch.setattr(audit, "record", audit_fails)
    with pytest.raises(RuntimeError):
        core_services.attach_file(actor=None, record=record, upload=upload("c.pdf", pdf("c")))
    assert Attachment.objects.count() == 0 and stored_files(tmp_path) == []


@pytest.mark.django_db(transaction=True)
def test_a_file_belongs_to_the_transaction_it_was_written_in(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    with transaction.atomic():
        kept = default_storage.save("test/kept.txt", ContentFile(b"kept"))
    with pytest.raises(RuntimeError), transaction.atomic():
        default_storage.save("test/lost.txt", ContentFile(b"lost"))
        raise RuntimeError
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            default_storage.save("test/inner.txt", ContentFile(b"inner"))
            raise RuntimeError
        outer = default_storage.save("test/outer.txt", ContentFile(b"outer"))
    outside = default_storage.save("test/outside.txt", ContentFile(b"no transaction"))
    assert sorted(p.name for p in stored_files(tmp_path)) == sorted(
        Path(name).name for name in (kept, outer, outside)
    )


DOCUMENT = docx()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(DOCUMENT) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_document_is_refused_with_a_reason_never_an_error(changes: list[tuple[int, int]]) -> None:
    damaged = bytearray(DOCUMENT)
    for at, value in changes:
        damaged[at] = value
    with contextlib.suppress(ValidationError):  # accepted, or refused with a reason: nothing else
        uploads.inspect(upload("don.docx", bytes(damaged)))
