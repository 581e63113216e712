"""The national administrative format (Nghị định 30/2020/NĐ-CP, Phụ lục I) shared by every document the
Office generates: letters about petitions, drafts of outgoing documents, decisions. A4, Times New Roman
13–14, the issuing body and the number on the left, the national title and motto on the right, the place and
date, "Kính gửi", the text, "Nơi nhận" and the signature block; secrecy and urgency marks under the number.

A template is a DOCX the office may edit in a word processor: the built-in one is made here
(`default_template`), an edited one is kept in storage under its path (`save_template`); documents are
rendered with docxtpl from whichever is current, with the fields of `FIELDS`.

The package's modules: `word` (templates, the body's blocks, rendering a DOCX, tables and annexes), `pdf` (the
PDF of a generated document and its annex), `stamping` (the number and date written into a signed file) and
`check` (the layout check every generated document passes); callers import the package.
"""

from __future__ import annotations

from chancery.documents.layout.check import (
    FONT,
    MOTTO,
    problems,
)
from chancery.documents.layout.pdf import (
    FONT_DIRS,
    FONT_FILES,
    RECIPIENTS_WIDTH_MM,
    VIETNAMESE,
    Annex,
    bold_italic_file,
    covers,
    font_files,
    render_pdf,
    vietnamese_pdf,
)
from chancery.documents.layout.stamping import (
    _every_paragraph as _every_paragraph,
)
from chancery.documents.layout.stamping import (
    _paragraphs as _paragraphs,
)
from chancery.documents.layout.stamping import (
    stamp_number_and_date,
)
from chancery.documents.layout.word import (
    BODY_WIDTH_MM,
    FIELDS,
    PLACE,
    Block,
    append_table,
    balanced,
    body_blocks,
    check_template,
    default_template,
    is_customised,
    link_column,
    render_docx,
    reset_template,
    roman,
    save_template,
    start_annex,
    summary_rule_mm,
    template_bytes,
    vietnamese_date,
    written_citations,
    written_date,
)

__all__ = [
    "BODY_WIDTH_MM",
    "FIELDS",
    "FONT",
    "FONT_DIRS",
    "FONT_FILES",
    "MOTTO",
    "PLACE",
    "RECIPIENTS_WIDTH_MM",
    "VIETNAMESE",
    "Annex",
    "Block",
    "append_table",
    "balanced",
    "body_blocks",
    "bold_italic_file",
    "check_template",
    "covers",
    "default_template",
    "font_files",
    "is_customised",
    "link_column",
    "problems",
    "render_docx",
    "render_pdf",
    "reset_template",
    "roman",
    "save_template",
    "stamp_number_and_date",
    "start_annex",
    "summary_rule_mm",
    "template_bytes",
    "vietnamese_date",
    "vietnamese_pdf",
    "written_citations",
    "written_date",
]
