"""Labelled letters for measuring the duplicate check: Vietnamese petitions as citizens write them, each with
the matter it is about, and the copies and rewrites a real register holds.

An original letter is a free letter about one matter (land recovered and badly compensated, a land-use
certificate never issued, a commune chairman who took money, unpaid wages, a factory's waste water, a deposit
not returned, a father never recognised as a martyr, a judgment to review, a war invalid's allowance) or one
of two pre-printed forms filled in (a plea for clemency for a prisoner sentenced to death; a complaint about
the compensation for a recovered parcel). Its facts (numbers, names, places, dates) are drawn at random;
every letter comes with its frame: the national heading or not, the place and date, a title, "Kính gửi"
with one or several addressees, the writer's identity in a sentence or in a form's fields, a closing formula
and the signature block.

The same matter comes back as:
- resend: the same body in a new frame (other addressees, date and closing, sometimes "gửi lần hai");
- cosigner: the same body signed by a neighbour of the same commune, with their name and address;
- retype: the same letter typed again, often without diacritics, with a typo in one word in fifty;
- paraphrase: the same facts in other words, sentences reordered, one detail left out or added; by the same
  writer, or (a prisoner, a martyr, a convicted son) by another member of the family;
- name_typo: the same writer with their name misspelt (a diacritic, or one letter), resent or rewritten.

Hard negatives: the same pre-printed form filled for another prisoner or another parcel (sometimes by the
same writer: a family with two parcels), and letters of one writer about two matters.

`corpus(n, seed)` returns the letters of n matters, originals first then their variants, in the order they
would arrive; `Letter.matter` is the label (letters with the same matter are the same matter).

The package's modules: `people` (writers, firms, neighbours, misspellings and retyping), `frame` (the letter's
frame: addressee, date, closing), `matters` (the matters a letter is about), `forms` (the pre-printed forms) and
`corpus` (the letters with their variants and the labelled pairs).
"""

from __future__ import annotations

from bench.letters.corpus import (
    VARIANTS,
    corpus,
    pairs,
)
from bench.letters.forms import (
    CLEMENCY_REASONS,
    FORMS,
    clemency,
    clemency_form,
    clemency_rewrite,
    land_complaint_form,
    land_form,
    land_form_rewrite,
)
from bench.letters.frame import (
    ADDRESSEES,
    CLOSINGS,
    frame,
)
from bench.letters.matters import (
    FAMILY_MATTERS,
    FREE,
    Facts,
    deposit,
    deposit_body,
    invalid,
    invalid_body,
    judgment,
    judgment_body,
    land_certificate,
    land_certificate_body,
    land_recovery,
    land_recovery_body,
    martyr,
    martyr_body,
    official,
    official_body,
    pollution,
    pollution_body,
    wages,
    wages_body,
)
from bench.letters.people import (
    FIRM_WORDS,
    PROVINCES,
    Letter,
    Writer,
    misspell_name,
    retype,
    strip_marks,
)

__all__ = [
    "ADDRESSEES",
    "CLEMENCY_REASONS",
    "CLOSINGS",
    "FAMILY_MATTERS",
    "FIRM_WORDS",
    "FORMS",
    "FREE",
    "PROVINCES",
    "VARIANTS",
    "Facts",
    "Letter",
    "Writer",
    "clemency",
    "clemency_form",
    "clemency_rewrite",
    "corpus",
    "deposit",
    "deposit_body",
    "frame",
    "invalid",
    "invalid_body",
    "judgment",
    "judgment_body",
    "land_certificate",
    "land_certificate_body",
    "land_complaint_form",
    "land_form",
    "land_form_rewrite",
    "land_recovery",
    "land_recovery_body",
    "martyr",
    "martyr_body",
    "misspell_name",
    "official",
    "official_body",
    "pairs",
    "pollution",
    "pollution_body",
    "retype",
    "strip_marks",
    "wages",
    "wages_body",
]
