"""Redaction: a protected record's free text as everyone but its handlers reads it.

Luật Tố cáo 2018 protects the denouncer's name, address, handwriting and every other personal
detail (Art. 47–48), and has whoever receives, forwards or resolves a denunciation strip them from the
letter and its enclosures before it goes to those who verify it (Art. 56 k. 2, confirmed on
thuvienphapluat.vn: "lược bỏ họ tên, địa chỉ, bút tích, các thông tin cá nhân khác của người tố cáo ra
khỏi đơn tố cáo và các tài liệu, chứng cứ kèm theo"). A letter's text carries all of them ("Tôi tên là ...,
CCCD ..., số điện thoại ..., địa chỉ ..."), so masking the structured fields is not enough.

One function decides what a person reads of a record's free text: `text_for(user, record, text)`, which the
rest of Chancery reaches as `chancery.core.access.redacted_text`: pages, the API, the search index and its
snippets, list exports, letters and their enclosures, and the audit trail all call it; none redacts on its
own. A module declares, per model (`register`), when a record is protected, who may read it in full (its
handlers: for petitions `chancery.petitions.selectors.can_see_identity`) and the stored identity to remove.
`user=None` (the search index, a letter leaving the Office, the audit trail) always gets the redacted text.

What `redact` removes:
- the stored identity: each name with or without diacritics, in any case, across line breaks, abbreviated
  ("Ng. Văn A", "P.T.T. Nga"), and its capitalised parts ("Tố Nga", "bà Nga"); each identity card or phone
  number in any spelling (compared digit by digit); each e-mail; each address and its specific parts (the
  house, street or hamlet, never an administrative unit alone, which may be the accused's);
- by pattern, whatever is on file: identity card numbers (9 or 12 digits) and Vietnamese phone numbers
  (0xx…, +84…, 10 or 11 digits) grouped with spaces, dots or dashes; what follows an ID or phone keyword
  ("CCCD", "CMND", "hộ chiếu", "ĐT", "Zalo"); e-mail addresses; the name after "Tôi tên là", "Họ và tên",
  "Người tố cáo"; the address after "địa chỉ", "trú tại", "thường trú" and the birth date after "sinh năm"
  in a clause that is not about the person denounced; the signature block after "(ký, ghi rõ họ tên)".
What it keeps: dates, amounts, article and document numbers, the person denounced and the facts.

It never fails open: the result is checked for the stored identity (no name, no number may remain in any
spelling the patterns missed); if the check finds one, or anything goes wrong, the whole text is replaced by
`WITHHELD`.

The package's modules: `base` (the identity on file, the folded view of a text), `names` (names and the
signature block), `numbers` (identity card and phone numbers), `details` (e-mails, addresses, birth dates),
`text` (`redact`, with the check that nothing on file survived) and `policy` (who reads a record's text in
full: `register`, `text_for`); callers import the package.
"""

from __future__ import annotations

from chancery.core.redaction.base import (
    MARK,
    WITHHELD,
    Identity,
    RedactionError,
)
from chancery.core.redaction.policy import (
    POLICIES,
    Policy,
    is_protected,
    may_read_in_full,
    redact_values,
    redactor,
    register,
    text_for,
)
from chancery.core.redaction.text import (
    _check as _check,
)
from chancery.core.redaction.text import (
    redact,
)

__all__ = [
    "MARK",
    "POLICIES",
    "WITHHELD",
    "Identity",
    "Policy",
    "RedactionError",
    "is_protected",
    "may_read_in_full",
    "redact",
    "redact_values",
    "redactor",
    "register",
    "text_for",
]
