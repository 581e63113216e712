"""The number and the date written into a document's file when it is issued: the "Số:" line and the place and
date line, filled where the drafter left them blank, refused where another number or date is written."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn

from chancery.documents.layout.word import vietnamese_date

_GAP = r"[\s._…]*"  # a blank left to fill: spaces, dots, an ellipsis, underscores
# "Số: 12/QĐ-CTN", "SỐ:   /QĐ-CTN", "Số ..../QĐ-CTN", "Số：…" with a full-width colon (a number written
# without the colon is only digits)
_NUMBER_LINE = re.compile(
    r"^\s*Số\s*(?:[:：]\s*(?P<number>[^/]*?)|(?P<bare>[\d\s._…]*?))\s*/\s*(?P<symbol>[^\s/].*?)\s*$",
    re.IGNORECASE,
)
# what reads as a number line although it is none of the above ("Số 99a/QĐ-CTN"): refused, never left as is
_NUMBER_LIKE = re.compile(r"^\s*Số\s*[:：]?\s*[\w._…-]{0,12}\s*/\s*[^\W\d_]", re.IGNORECASE)
# the day, month and year as the format writes them ("ngày 06 tháng 12 năm 2026") or in figures ("ngày
# ..../..../2026", "ngày 06/12/2026"); a year typed is always taken into the year (never left after it)
_WORDS_DATE = (
    rf"ngày(?P<day>{_GAP}\d*{_GAP})tháng(?P<month>{_GAP}\d*{_GAP})năm(?P<year>{_GAP}\d*)(?![\s._…]*\d)"
)
_FIGURES_DATE = (
    rf"ngày(?P<fday>{_GAP}\d*{_GAP})/(?P<fmonth>{_GAP}\d*{_GAP})/(?P<fyear>{_GAP}\d*)(?![\s._…]*\d)"
)
_DATE_LINE = re.compile(rf"^\s*(?P<place>[^,]+),\s*(?:{_WORDS_DATE}|{_FIGURES_DATE}){_GAP}$", re.IGNORECASE)
# an annex's tie to its decision, a line of its own: "(Kèm theo Quyết định số   /QĐ-CTN ngày   tháng   năm",
# "(Ban hành kèm theo Quyết định số ..../QĐ-CTN ngày ..../..../2026 của ...)", "… số 15 / QĐ-CTN của Chủ tịch
# nước ngày …", in capitals too: its number, then its date anywhere after it on the line, if it has one
_TIE = re.compile(
    r"^(?P<head>\s*\(?\s*(?:ban hành\s+)?kèm theo\b.*?\bsố)(?P<number>[^/]*?)/\s*(?P<symbol>[^\s/,;)]+)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIE_DATE = re.compile(rf"{_WORDS_DATE}|{_FIGURES_DATE}", re.IGNORECASE)


def _date_parts(found: re.Match[str]) -> tuple[str, str, str]:
    """A date's day, month and year as written, in words or in figures."""
    if found["day"] is not None:
        return found["day"], found["month"], found["year"]
    return found["fday"], found["fmonth"], found["fyear"]


def _blank(text: str) -> bool:
    return not text.strip(" \t\n._…")


def _paragraphs(container: Any) -> Any:
    """Every paragraph of a document or a cell, those inside tables (the heading of the national layout is a
    table) and nested tables included, in reading order."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _every_paragraph(document: Any) -> Any:
    """Every paragraph of the body, then of every header and footer: those in tables, text boxes and content
    controls (w:sdt) included, which python-docx's own lists skip (a number or a date may be written in any
    of them: the examiner of issue 30 hid one in a content control)."""
    from docx.text.paragraph import Paragraph

    parts = [document.part, *(rel.target_part for rel in document.part.rels.values() if _is_margin(rel))]
    for part in parts:
        for element in part.element.iter(qn("w:p")):
            yield Paragraph(element, part)


def _is_margin(relationship: Any) -> bool:
    return not relationship.is_external and relationship.reltype.rsplit("/", 1)[-1] in ("header", "footer")


def _text(paragraph: Any) -> str:
    """What the paragraph shows: every text run in it, tracked insertions and links included (deleted text,
    kept as w:delText, is not shown)."""
    return "".join(node.text or "" for node in paragraph._p.iter(qn("w:t")))


def _lines(paragraph: Any) -> list[list[Any]]:
    """The paragraph's lines, split where a line break is typed (Shift+Enter: "VĂN PHÒNG" over "Số: ..." in
    one paragraph), each as its text nodes (w:t) in order."""
    lines: list[list[Any]] = [[]]
    for node in paragraph._p.iter(qn("w:t"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            lines[-1].append(node)
        else:
            lines.append([])
    return lines


def _line_text(nodes: Sequence[Any]) -> str:
    """A line's text as it reads: NFC, without the invisible format characters (a zero-width space before
    "Số:" hides nothing from the reader, and must hide nothing from the check)."""
    return _visible("".join(node.text or "" for node in nodes))


def _visible(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Cf")


def _set_line(nodes: Sequence[Any], text: str) -> None:
    """One line of a paragraph replaced by `text`, in the formatting of its first piece; the other lines and
    their formatting stay."""
    first, *rest = nodes
    first.text = text
    first.set(qn("xml:space"), "preserve")
    for node in rest:
        node.text = ""


def _as_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _refused(message: str, **values: Any) -> ValidationError:
    return ValidationError({"file": message % values})


def _another_number(text: str, number: str, dates: bool) -> ValidationError:
    return _refused(
        _(
            "The file writes the number %(written)s but the register gives %(number)s: leave the number "
            "blank (Số:   /...) and it is written on issue."
        )
        if dates
        else _(
            "The file writes the number %(written)s: leave the number blank (Số:   /...), the register's "
            "number is written on it when it is issued."
        ),
        written=text.strip(),
        number=number,
    )


def _spaced(rest: str) -> str:
    """What follows a tie's number, one space after it unless it closes the tie (")", ",")."""
    rest = rest.rstrip() if not rest.strip() else rest
    return rest if not rest or rest[0] in "),;." else " " + rest.lstrip()


def stamp_number_and_date(content: bytes, *, number: str, on: date, dates: bool = True) -> bytes:
    """A document drawn up as a DOCX (a decision made by a module, a file a person uploaded) with the number
    and the date of issue written where the format leaves them blank ("Số:   /QĐ-CTN" or "Số: ..../QĐ-CTN",
    "Hà Nội, ngày   tháng   năm ...", an annex's "Kèm theo Quyết định số   /QĐ-CTN ngày ..."), in the body,
    its tables, headers and footers, before it is printed and signed: an issued copy always shows the number
    and date of the register (NĐ 30/2020 Phụ lục I, items 3–4: "ngày 06 tháng 12", two digits). Every such
    line is checked, not only the first: one that writes another number or date (or a date not written as
    the format writes it) is refused with what to do, and so is a file with no place for them. With
    `dates=False` (when it goes for signature, before the day of issue is known) only the number and the
    places are checked."""
    document = Document(io.BytesIO(content))
    numbered = dated = False
    wanted_number = "".join(number.split())
    written_date = vietnamese_date(on)
    for paragraph in _every_paragraph(document):
        for nodes in _lines(paragraph):
            if not nodes:
                continue
            text = _line_text(nodes)
            if found := _NUMBER_LINE.match(text):
                numbered = True
                given = found["number"] if found["number"] is not None else found["bare"]
                written = "".join(f"{'' if _blank(given) else given}/{found['symbol']}".split())
                if _blank(given):  # blank: the register's number and symbol, whatever symbol the file
                    _set_line(nodes, f"Số: {number}")  # guessed (a module's "/VPCTN-TĐKT" for HC's)
                elif written.casefold() != wanted_number.casefold():
                    raise _another_number(text, number, dates)
            elif _NUMBER_LIKE.match(text):  # "Số 99a/QĐ-CTN": a number, but not one the register gives
                raise _another_number(text, number, dates)
            elif found := _DATE_LINE.match(text):
                dated = True
                place = " ".join(found["place"].split())
                day, month, _year = _date_parts(found)
                if _blank(day) and _blank(month):
                    if dates:
                        _set_line(nodes, vietnamese_date(on, place))
                elif " ".join(text.split()) != vietnamese_date(on, place):
                    # a date written before the day of issue is known (in words or in figures): refused when
                    # it goes for signature already, not only when it is issued (the examiner of issue 30)
                    raise _refused(
                        _(
                            "The file is dated %(written)s but it is issued on %(date)s: leave the day and "
                            "month blank and they are written on issue."
                        )
                        if dates
                        else _(
                            "The file is dated %(written)s: leave the day and month blank (ngày ... tháng "
                            "... năm ...), the date of issue is written on it when it is issued."
                        ),
                        written=text.strip(),
                        date=on.strftime("%d/%m/%Y"),
                    )
            elif found := _TIE.search(text):
                rest = found["rest"]
                when = _TIE_DATE.search(rest)
                day, month, year = _date_parts(when) if when else ("", "", "")
                blank = _blank(found["number"]) and _blank(day) and _blank(month)
                same = "".join(f"{found['number']}/{found['symbol']}".split()).casefold() == (
                    wanted_number.casefold()
                ) and (when is None or (dates and _as_date(day, month, year) == on))
                if not blank and not same:
                    raise _refused(
                        _(
                            "The annex is tied to another decision (%(written)s): leave its number and date "
                            "blank."
                        ),
                        written=text[found.start() :].strip(),
                    )
                if blank and dates:
                    if when is not None:
                        written = (
                            written_date.partition(", ")[2]
                            if when["day"] is not None
                            else f"ngày {on:%d/%m/%Y}"
                        )
                        after = rest[when.end() :]
                        spaced = " " if when.group(0)[-1:].isspace() and after[:1] not in ("", ")") else ""
                        rest = f"{rest[: when.start()]}{written}{spaced}{after}"
                    _set_line(nodes, f"{text[: found.start()]}{found['head']} {number}{_spaced(rest)}")
    if not numbered or not dated:
        raise _refused(
            _(
                "The file has no place for the number (Số: .../...) or the date (Hà Nội, ngày ... tháng "
                "... năm ...) in the national layout: add them, blank, and upload it again."
            )
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
