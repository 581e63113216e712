"""What the office accepts as an attachment, decided from the file's content and never from its name: a PDF,
a JPEG, PNG or TIFF image, or an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP). With it, the caps on what
one submission may bring (files and bytes), for the public form and for staff.

An office document is a ZIP archive. Its central directory is read before it is accepted: an archive that
would expand past reason (a "zip bomb", the DOCX of the security review), one that is encrypted, carries
macros, holds too many parts, or holds archives inside archives beyond one level (a chart's workbook inside a
DOCX is normal; an archive inside that is not), is refused. Every part is then decompressed in memory, a
chunk at a time, and its real size counted: a part that yields more than its headers declare is refused, for
those sizes are the sender's word. Nothing is extracted to disk; a nested archive is kept in memory only
within the expansion budget.
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chancery.core.text import nfc

MB = 1024 * 1024
FILE_MAX_BYTES = 25 * MB


@dataclass(frozen=True)
class Limits:
    """What one submission (one form sent, one API call) may carry."""

    count: int
    total_bytes: int


# A citizen on the public form: a letter's scans and a few documents. The office's staff: a dossier.
PUBLIC = Limits(count=10, total_bytes=30 * MB)
OFFICE = Limits(count=30, total_bytes=60 * MB)  # what the reverse proxy lets through (deploy/nginx.conf)

# Archives (office documents). An ordinary DOCX or XLSX expands 3 to 20 times; a zip bomb a thousand times.
ARCHIVE_MAX_EXPANDED_BYTES = 100 * MB
ARCHIVE_MAX_RATIO = 100  # checked once the parts exceed ARCHIVE_RATIO_FLOOR_BYTES
ARCHIVE_RATIO_FLOOR_BYTES = 5 * MB
ARCHIVE_MAX_MEMBERS = 2000
ARCHIVE_MAX_DEPTH = 1  # archives inside the document: allowed one level deep, none inside those
# Images: a scan of an A3 page at 600 dpi is about 70 million pixels.
IMAGE_MAX_PIXELS = 150_000_000


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str  # the extension the stored file and the name given at download carry
    also: tuple[str, ...] = ()  # other extensions people give this kind of file


PDF = Kind("application/pdf", ".pdf")
JPEG = Kind("image/jpeg", ".jpg", (".jpeg", ".jpe", ".jfif"))
PNG = Kind("image/png", ".png")
TIFF = Kind("image/tiff", ".tif", (".tiff",))
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
PPTX = Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")
ODT = Kind("application/vnd.oasis.opendocument.text", ".odt")
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", ".ods")
ODP = Kind("application/vnd.oasis.opendocument.presentation", ".odp")

# (first bytes, kind, the formats Pillow may read in it: a camera's JPEG with several pictures is "MPO")
_IMAGES: tuple[tuple[bytes, Kind, frozenset[str]], ...] = (
    (b"\xff\xd8\xff", JPEG, frozenset({"JPEG", "MPO"})),
    (b"\x89PNG\r\n\x1a\n", PNG, frozenset({"PNG"})),
    (b"II*\x00", TIFF, frozenset({"TIFF"})),
    (b"MM\x00*", TIFF, frozenset({"TIFF"})),
)
ZIP_MAGIC = b"PK\x03\x04"
_DIRECTORY_ENTRY_MAX = 46 + 600  # a directory entry's fixed part, a long name and its extra fields
# The main part's content type in [Content_Types].xml of an OOXML document without macros.
_OOXML_MAIN = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}
# Archives of other formats, which cannot be inspected: refused inside a document.
_OTHER_ARCHIVES = (b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ", b"MSCF", b"PK\x05\x06")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_FOLDERS = ("basic/", "scripts/")


def _name(upload: Any) -> str:
    return nfc(str(getattr(upload, "name", "") or "")) or "tep-dinh-kem"


def _size(upload: Any) -> int:
    return int(getattr(upload, "size", None) or 0)


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}"


def check_submission(uploads: Sequence[Any], limits: Limits) -> None:
    """The caps on one submission: how many files, and how many bytes together."""
    if len(uploads) > limits.count:
        raise ValidationError(
            {"file": _("At most %(count)s files can be sent at once.") % {"count": limits.count}}
        )
    total = sum(_size(u) for u in uploads)
    if total > limits.total_bytes:
        raise ValidationError(
            {
                "file": _("The files sent together may not exceed %(mb)s MB (these make %(size)s MB).")
                % {"mb": _megabytes(limits.total_bytes), "size": f"{total / MB:.1f}"}
            }
        )


def inspect(upload: Any) -> Kind:
    """The kind of an uploaded file, read from its content; a file the office does not accept is refused with
    the reason, in Vietnamese. The upload is left at its start."""
    name = _name(upload)
    size = _size(upload)
    if size <= 0:
        raise ValidationError({"file": _("The file %(name)s is empty.") % {"name": name}})
    if size > FILE_MAX_BYTES:
        raise ValidationError({"file": _("The file %(name)s is larger than 25 MB.") % {"name": name}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        for magic, kind, pillow_formats in _IMAGES:
            if head.startswith(magic):
                _check_image(upload, name, pillow_formats)
                return kind
        if head.startswith(ZIP_MAGIC):
            return _check_office_document(upload, name, size)
    finally:
        upload.seek(0)
    raise ValidationError(
        {"file": _("%(name)s is not a PDF, JPEG, PNG, TIFF or office document.") % {"name": name}}
    )


def download_name(name: str, kind: Kind) -> str:
    """The name to keep for the file: as given, with the extension of what it is added when it claims to
    be something else ("thu.html", a PDF, is kept as "thu.html.pdf"): nothing opens it as another type."""
    lowered = name.lower()
    if lowered.endswith((kind.extension, *kind.also)):
        return name
    return f"{name}{kind.extension}"


def _check_image(upload: Any, name: str, pillow_formats: frozenset[str]) -> None:
    from PIL import Image

    too_large = ValidationError(
        {
            "file": _("%(name)s is an image of more than %(pixels)s million pixels.")
            % {"name": name, "pixels": IMAGE_MAX_PIXELS // 1_000_000}
        }
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only
                width, height, found = image.width, image.height, image.format
    except Image.DecompressionBombError as error:
        raise too_large from error
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise _damaged_image(name) from error
    if found not in pillow_formats:
        raise _damaged_image(name)
    if width * height > IMAGE_MAX_PIXELS:
        raise too_large


def _damaged_image(name: str) -> ValidationError:
    return ValidationError({"file": _("%(name)s is a damaged or unreadable image.") % {"name": name}})


class _Budget:
    """What the archive and the archives inside it may still expand to."""

    def __init__(self) -> None:
        self.left = ARCHIVE_MAX_EXPANDED_BYTES


def _check_office_document(upload: Any, name: str, size: int) -> Kind:
    not_a_document = ValidationError(
        {"file": _("%(name)s is not a PDF, JPEG, PNG, TIFF or office document.") % {"name": name}}
    )
    with opened_archive(upload, name, size, not_a_document=not_a_document) as archive:
        kind = _office_kind(archive)  # its parts were expanded within bounds: they are read safely now
    if kind is None:
        raise not_a_document
    return kind


@contextlib.contextmanager
def opened_archive(
    upload: Any,
    name: str,
    size: int,
    *,
    not_a_document: ValidationError,
    max_expanded: int | None = None,
) -> Iterator[zipfile.ZipFile]:
    """The archive, once every part of it has been decompressed within bounds and found to be what its
    directory says (`_check_archive`): only then may a caller read a part. Refused before the directory is
    parsed when its end record announces too many parts or too large a directory."""
    declared = _declared_members(upload, size)
    if declared is None:
        raise not_a_document
    if declared > ARCHIVE_MAX_MEMBERS:  # refused before the directory of a million parts is read
        raise _too_many_parts(name, declared)
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_not_encrypted(archive, name)
            budget = _Budget()
            if max_expanded is not None:
                budget.left = max_expanded
            _check_archive(archive, name, size, depth=0, budget=budget)
            yield archive
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise not_a_document from error


def _declared_members(upload: Any, size: int) -> int | None:
    """How many parts the archive's end record says it has, read from its last bytes; None when there is no
    such record. An office document never needs ZIP64 (its four-gigabyte and 65,535-part extensions): one
    that uses them is counted as having more parts than allowed."""
    tail_size = min(size, 22 + 65_535)  # the end record, and a comment of at most 65,535 bytes
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    members = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    directory_offset = int.from_bytes(tail[at + 16 : at + 20], "little")
    if members == 0xFFFF or directory_offset == 0xFFFFFFFF:
        return ARCHIVE_MAX_MEMBERS + 1
    # the directory's size is read too: one of 480,000 entries behind an end record that says 3 would be
    # parsed whole by zipfile before the count is known
    if directory_size > ARCHIVE_MAX_MEMBERS * _DIRECTORY_ENTRY_MAX:
        return ARCHIVE_MAX_MEMBERS + 1
    return members


def _too_many_parts(name: str, count: int) -> ValidationError:
    return ValidationError(
        {"file": _("%(name)s holds too many parts (%(count)s).") % {"name": name, "count": count}}
    )


def _check_not_encrypted(archive: zipfile.ZipFile, name: str) -> None:
    if any(member.flag_bits & 0x1 for member in archive.infolist()):
        raise ValidationError(
            {"file": _("%(name)s is protected by a password: send it without one.") % {"name": name}}
        )


def _office_kind(archive: zipfile.ZipFile) -> Kind | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 100:
            found = _ODF_MIMETYPES.get(archive.read(info).strip())
            if found is not None:
                return found
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size <= MB:
            types = archive.read(info)
            return next((kind for main, kind in _OOXML_MAIN.items() if main in types), None)
    return None


def _check_archive(archive: zipfile.ZipFile, name: str, size: int, *, depth: int, budget: _Budget) -> None:
    """The archive's parts, from its central directory: how many, what they expand to, and what is inside."""
    members = archive.infolist()
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise _too_many_parts(name, len(members))
    expanded = sum(m.file_size for m in members)
    budget.left -= expanded
    too_large = budget.left < 0
    too_dense = expanded > ARCHIVE_RATIO_FLOOR_BYTES and expanded > ARCHIVE_MAX_RATIO * max(size, 1)
    if too_large or too_dense:
        raise ValidationError(
            {
                "file": _(
                    "%(name)s expands to %(mb)s MB when opened, more than a document may: it is refused."
                )
                % {"name": name, "mb": _megabytes(expanded)}
            }
        )
    _check_not_encrypted(archive, name)
    for member in members:
        lowered = member.filename.lower()
        if lowered.rsplit("/", 1)[-1] in _MACRO_PARTS or lowered.startswith(_MACRO_FOLDERS):
            raise ValidationError(
                {
                    "file": _(
                        "%(name)s contains macros: save it as a document without macros and send it again."
                    )
                    % {"name": name}
                }
            )
        head, content = _expand(archive, member, name, keep_archive=depth < ARCHIVE_MAX_DEPTH)
        if head.startswith(_OTHER_ARCHIVES):
            raise _nested(name)
        if head.startswith(ZIP_MAGIC):
            if content is None:
                raise _nested(name)
            inner = io.BytesIO(content)  # its size is counted in the budget already
            declared = _declared_members(inner, len(content))
            if declared is not None and declared > ARCHIVE_MAX_MEMBERS:
                raise _too_many_parts(name, declared)
            with zipfile.ZipFile(inner) as nested:
                _check_archive(nested, name, len(content), depth=depth + 1, budget=budget)


_CHUNK = 64 * 1024


def _expand(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, *, keep_archive: bool
) -> tuple[bytes, bytes | None]:
    """Decompress one part as a program opening the document would, counting the bytes it really yields:
    the sizes in the archive's directory are the sender's word, and a bomb lies in them. A part that yields
    more than it declares is refused (the budget was charged with the declared sizes, so it holds). Returns
    the part's first bytes, and its content when it is an archive that may be looked into."""
    raw = _raw_part(archive, member)
    if member.compress_type == zipfile.ZIP_STORED:
        decompressor = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    else:  # office documents are stored or deflated; bzip2, LZMA and the rest are not a document's
        raise ValueError(f"compression {member.compress_type} is not an office document's")
    part = _Expanded(member.file_size, name)
    with raw:
        while chunk := raw.read(_CHUNK):
            if decompressor is None:
                part.take(chunk)
                continue
            while chunk and not decompressor.eof:
                part.take(decompressor.decompress(chunk, _CHUNK))
                chunk = decompressor.unconsumed_tail
            if decompressor.eof:  # the stream's end: what follows it is not the document's
                if decompressor.unused_data or chunk or raw.read(1):
                    raise part.damaged()
                break
        if decompressor is not None and not decompressor.eof:
            raise part.damaged()  # cut short
    if part.size != member.file_size or part.crc != member.CRC:
        raise part.damaged()
    is_archive = part.head.startswith(ZIP_MAGIC)
    if is_archive and keep_archive and part.content is not None:
        return part.head, bytes(part.content)
    return part.head, None


class _Expanded:
    """What one part yields as it is decompressed: its first bytes, its content while it may be an archive
    (one whose first bytes say so and that is small enough to look into), and its real size."""

    def __init__(self, declared: int, name: str) -> None:
        self.declared = declared
        self.name = name
        self.size = 0
        self.crc = 0
        self.head = b""
        self.content: bytearray | None = bytearray() if declared <= FILE_MAX_BYTES else None

    def damaged(self) -> ValidationError:
        """A part cut short, followed by data that is not the document's, or not matching its checksum."""
        return ValidationError(
            {
                "file": _(
                    "%(name)s is damaged: one of its parts is not what the document declares. It is refused."
                )
                % {"name": self.name}
            }
        )

    def take(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.declared:
            raise ValidationError(
                {
                    "file": _(
                        "%(name)s is damaged: one of its parts expands to more than the document declares. "
                        "It is refused."
                    )
                    % {"name": self.name}
                }
            )
        self.crc = zlib.crc32(data, self.crc)
        if len(self.head) < 8:
            self.head = (self.head + data)[:8]
        if self.content is not None:
            if len(self.head) >= len(ZIP_MAGIC) and not self.head.startswith(ZIP_MAGIC):
                self.content = None  # not an archive: nothing of it is kept
            else:
                self.content += data


def _raw_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Any:
    """The part's bytes as they lie in the archive (compressed), read through zipfile's own handling of
    the local header: a copy of the entry that says "stored, this long, no checksum"."""
    raw = copy.copy(member)
    raw.compress_type = zipfile.ZIP_STORED
    raw.file_size = member.compress_size
    del raw.CRC  # the checksum is of the expanded bytes: not checked on the compressed ones
    return archive.open(raw)


def _nested(name: str) -> ValidationError:
    return ValidationError(
        {"file": _("%(name)s holds archives inside archives: it is refused.") % {"name": name}}
    )
