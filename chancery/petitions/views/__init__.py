"""Web pages of the petitions module: registration, the petition's page with every step, the public online
form and lookup. Thin: parse, call one service or selector, render.

The package's modules: `pages` (home, registration, the petition's page), `actions` (every step posted from
the petition's page, its letters and files), `public` (the citizens' form and lookup, no login),
`reception` (citizen reception and the Excel import) and `scanning` (registering letters from a scan); urls.py
imports the package.
"""

from __future__ import annotations

from chancery.petitions.views.actions import (
    answer,
    attachment_file,
    case_facts,
    classify_view,
    close,
    decide,
    duplicate,
    extend,
    letter_enclosure,
    letter_file,
    letter_pdf,
    letter_sign,
    letter_signed,
    pause,
    remind,
    rule_book,
    split,
)
from chancery.petitions.views.pages import (
    CLOCK_STATES,
    check_text,
    decision_initial,
    detail,
    home,
    letter_templates,
    register,
    wards,
)
from chancery.petitions.views.public import (
    ALL_CHALLENGE_AFTER,
    CHALLENGE_AFTER,
    LOOKUPS_PER_HOUR,
    SUBMISSIONS_PER_HOUR,
    list_url,
    public_lookup,
    public_submit,
)
from chancery.petitions.views.reception import (
    import_register,
    import_template,
    session_detail,
    sessions,
)
from chancery.petitions.views.scanning import scan_job, scan_new, scan_page

__all__ = [
    "ALL_CHALLENGE_AFTER",
    "CHALLENGE_AFTER",
    "CLOCK_STATES",
    "LOOKUPS_PER_HOUR",
    "SUBMISSIONS_PER_HOUR",
    "answer",
    "attachment_file",
    "case_facts",
    "check_text",
    "classify_view",
    "close",
    "decide",
    "decision_initial",
    "detail",
    "duplicate",
    "extend",
    "home",
    "import_register",
    "import_template",
    "letter_enclosure",
    "letter_file",
    "letter_pdf",
    "letter_sign",
    "letter_signed",
    "letter_templates",
    "list_url",
    "pause",
    "public_lookup",
    "public_submit",
    "register",
    "remind",
    "rule_book",
    "scan_job",
    "scan_new",
    "scan_page",
    "session_detail",
    "sessions",
    "split",
    "wards",
]
