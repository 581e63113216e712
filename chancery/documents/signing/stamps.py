"""What the signatures look like: the font, the red seal, the signing time in Vietnam's time zone, the
visible stamps, and adding one signature as an incremental update."""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.documents.signing.certificates import (
    HOLDER_NAME,
    MM,
    OFFICE,
    VIETNAM,
    _var_dir,
    _write_whole,
)
from chancery.documents.signing.placement import SEAL_SIZE, SIGNATURE_WIDTH, Box
from chancery.documents.signing.signers import SigningDeclined


def _font_file() -> str:
    """The letters' serif (Times New Roman when installed: Phụ lục I's font for the signature's details),
    scaled to 1000 units per em when it has another scale: pyHanko writes the glyph widths in the font's own
    units where PDF reads thousandths of an em, so a 2048-unit font (DejaVu, Liberation, Times New Roman)
    would print its letters spread apart. The scaled copy is made once under the var directory."""
    from fontTools.ttLib import TTFont

    from chancery.documents import layout

    files = layout.font_files()
    if files is None:
        raise ValidationError(
            _(
                "No font with Vietnamese letters is installed for PDF letters "
                "(install fonts-dejavu-core or set CHANCERY_LETTER_FONT_DIR)."
            )
        )
    source = Path(files[0])
    stat = source.stat()
    scaled = _var_dir() / "fonts" / f"{source.stem}-{stat.st_size}-{int(stat.st_mtime)}-1000.ttf"
    if scaled.exists():
        return str(scaled)
    font = TTFont(str(source))
    if font["head"].unitsPerEm == 1000:
        return str(source)
    from fontTools.ttLib.scaleUpem import scale_upem

    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    scaled.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(scaled, out.getvalue())
    return str(scaled)


def _font() -> Any:
    import logging

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    # fontTools warns of every table it drops from the subset it embeds (FFTM): nothing to act on
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    return GlyphAccumulatorFactory(_font_file(), font_size=10)


@cache
def _seal_png(holder: str = OFFICE) -> bytes:
    """The seal, drawn: a red double ring with the holder's name around it. The Office's has a star below
    its centre; the State President's, whose name goes almost all round, a large star in the centre where
    the paper seal has the national emblem (Nghị định 99/2016/NĐ-CP, Điều 6)."""
    from PIL import Image, ImageDraw, ImageFont

    from chancery.documents import layout

    size, red = 800, (204, 0, 0, 255)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=22)
    draw.ellipse((118, 118, size - 118, size - 118), outline=red, width=8)
    text = HOLDER_NAME[holder].upper()
    radius = c - 78
    spread = 250 if holder == OFFICE else 340  # degrees of the ring the name takes, centred on the top
    pitch = 2 * math.pi * radius * spread / 360 / len(text)  # the arc each letter has
    files = layout.font_files()
    font_size = min(62, round(pitch * 1.25))
    font = ImageFont.truetype(files[1], font_size) if files else ImageFont.load_default(font_size)
    for i, letter in enumerate(text):
        angle = -spread / 2 + spread * (i + 0.5) / len(text)
        tile = Image.new("RGBA", (110, 110), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((55, 55), letter, font=font, fill=red, anchor="mm")
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = c + radius * math.sin(math.radians(angle)) - 55
        y = c - radius * math.cos(math.radians(angle)) - 55
        image.alpha_composite(tile, (round(x), round(y)))
    middle, outer, inner = (c + 295, 34, 14) if holder == OFFICE else (c, 150, 60)
    star = [
        (c + r * math.sin(math.radians(36 * k)), middle - r * math.cos(math.radians(36 * k)))
        for k in range(10)
        for r in [(outer if k % 2 == 0 else inner)]
    ]
    draw.polygon(star, fill=red)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signing_time(at: dt.datetime | None = None) -> dt.datetime:
    return (at or timezone.now()).astimezone(VIETNAM).replace(microsecond=0)


def time_text(at: dt.datetime) -> str:
    """“05/12/2026 16:30:00 +07:00”: day, month, year, time and Vietnam's offset (Phụ lục I: ISO 8601)."""
    offset = at.strftime("%z")
    return f"{at:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def specimen_place(box: Box, specimen: bytes) -> Box:
    """Where the signer's signature image goes: centred under the signer's title, over the name (Phụ lục I),
    as large as the signature block's height allows and at most two thirds of its width, in the picture's
    own proportions; the seal then covers the picture's left third."""
    from PIL import Image

    width, height = Image.open(io.BytesIO(specimen)).size
    left, bottom, right, top = box
    centre, middle = right - (right - left) / 3, (bottom + top) / 2
    shown_width = min(SIGNATURE_WIDTH * 2 / 3, (top - bottom) * width / height)
    shown_height = shown_width * height / width
    return (
        centre - shown_width / 2,
        middle - shown_height / 2,
        centre + shown_width / 2,
        middle + shown_height / 2,
    )


def _stamp(kind: str, box: Box, specimen: bytes | None = None, holder: str = OFFICE) -> Any:
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    width, height = box[2] - box[0], box[3] - box[1]
    middle = AxisAlignment.ALIGN_MID
    text_style = TextBoxStyle(font=_font(), font_size=10, leading=11)
    if kind == "signer" and specimen is not None:  # the picture alone: who signed and when is in the seal
        return TextStampStyle(
            stamp_text=" ",
            text_box_style=text_style,
            border_width=0,
            background=PdfImage(
                Image.open(io.BytesIO(specimen)), box=BoxConstraints(width=width, height=height)
            ),
            background_opacity=1,
            background_layout=SimpleBoxLayoutRule(x_align=middle, y_align=middle, margins=Margins.uniform(0)),
        )
    if kind == "signer":  # no specimen registered: the signature's details in words
        return TextStampStyle(
            stamp_text="%(who)s\n%(title)s\nThời gian ký:\n%(when)s",
            text_box_style=text_style,
            border_width=0,
            inner_content_layout=SimpleBoxLayoutRule(
                x_align=middle, y_align=middle, margins=Margins(int(width / 3) + 6, 2, 2, 2)
            ),
        )
    seal = PdfImage(
        Image.open(io.BytesIO(_seal_png(holder))), box=BoxConstraints(width=SEAL_SIZE, height=SEAL_SIZE)
    )
    low, top, left = AxisAlignment.ALIGN_MIN, AxisAlignment.ALIGN_MAX, AxisAlignment.ALIGN_MIN
    below = kind == "seal-below"
    return TextStampStyle(
        stamp_text="%(who)s\nThời gian ký:\n%(date)s\n%(time)s",
        text_box_style=TextBoxStyle(font=_font(), font_size=8, leading=9),
        border_width=0,
        background=seal,
        background_opacity=0.9,
        # the seal at the box's right (its words on its left) or at its top (its words under it)
        background_layout=SimpleBoxLayoutRule(
            x_align=left if below else top, y_align=top if below else middle, margins=Margins.uniform(0)
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=left,
            y_align=low if below else middle,
            margins=Margins(0, 0, int(SEAL_SIZE), 0) if below else Margins(0, int(SEAL_SIZE + 2 * MM), 0, 0),
        ),
    )


def _add_signature(
    content: bytes,
    *,
    signer: Any,
    field: str,
    box: Box,
    stamp: Any,
    text: dict[str, str],
    at: dt.datetime,
    name: str,
    reason: str,
    location: str,
    page: int = -1,
) -> bytes:
    """One visible PAdES signature on `page`, added as an incremental update, signed at `at`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    class Signing(signers.PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = at  # the time shown on the page is the time signed
            return session

    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200],
        location=location,
        name=name,
    )
    x0, y0, x1, y1 = (round(v) for v in box)
    spec = fields.SigFieldSpec(field, on_page=page, box=(x0, y0, x1, y1))
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        signing = Signing(metadata, signer=signer, stamp_style=stamp, new_field_spec=spec)
        return signing.sign_pdf(writer, appearance_text_params=text).getvalue()
    except SigningDeclined:
        raise
    except (PdfError, SigningError, ValueError, KeyError, IndexError, TypeError) as error:
        raise ValidationError(
            {"file": _("The file is not a readable PDF: %(error)s") % {"error": error}}
        ) from error
