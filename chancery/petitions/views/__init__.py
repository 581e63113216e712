"""Web pages of the petitions module: registration, the petition's page with every step, the public online
form and lookup. Thin: parse, call one service or selector, render.

The package's modules: `pages` (home, registration, the petition's page), `actions` (every step posted from
the petition's page, its letters and files), `public` (the citizens' form and lookup, no login) and
`reception` (citizen reception and the Excel import); urls.py imports the package.
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
    "session_detail",
    "sessions",
    "split",
    "wards",
]
