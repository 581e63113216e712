"""Reading petitions: always through the access policy, and through the denouncer's protection.

Luật Tố cáo 2018, Art. 47–48: the denouncer's name, address, handwriting and other identifying information are
kept confidential. In Chancery a denunciation's petitioners (and its attachments, which carry the handwriting)
are shown only to the officer who registered it and to the officers assigned to handle it by name; everyone
else, whatever the role (leadership and heads of unit included), and every outlet (lists, search, exports,
the API, notifications, the audit trail) sees `MASK`.

The package's modules: `reading` (petitions as the policy shows them, the denouncer's identity),
`duplicates` (candidates, matches and the check) and `forwarding` (the chain of forwardings and its loops, the
clocks and letters of a petition); callers import the package.
"""

from __future__ import annotations

from chancery.petitions.selectors.duplicates import (
    CANDIDATES,
    FACT_CANDIDATES,
    FUZZY_CANDIDATES,
    MIN_SHARED_BANDS,
    PER_KEY,
    PERSON_CANDIDATES,
    Candidates,
    DuplicateView,
    Screened,
    candidate_ids,
    duplicate_check,
    duplicates_of,
    find_matches,
    gather_candidates,
    lookup_keys_of,
    matter_petitions,
    persons_of,
    screened_matches,
)
from chancery.petitions.selectors.duplicates import (
    _parses as _parses,
)
from chancery.petitions.selectors.forwarding import (
    OFFICE,
    Hop,
    accused_body_warnings,
    forwarding_chain,
    forwarding_loop,
    letters_of,
    running_clocks,
    standing_signer,
    today,
)
from chancery.petitions.selectors.reading import (
    MASK,
    PROTECTED,
    PersonView,
    ShownText,
    attachments,
    can_see_identity,
    get_petition,
    identity_of,
    is_protected,
    petitioner_name,
    petitioners,
    protected_identity,
    reception_sessions,
    shown_text,
    visible_petitions,
    with_identity_flag,
)

__all__ = [
    "CANDIDATES",
    "FACT_CANDIDATES",
    "FUZZY_CANDIDATES",
    "MASK",
    "MIN_SHARED_BANDS",
    "OFFICE",
    "PERSON_CANDIDATES",
    "PER_KEY",
    "PROTECTED",
    "Candidates",
    "DuplicateView",
    "Hop",
    "PersonView",
    "Screened",
    "ShownText",
    "accused_body_warnings",
    "attachments",
    "can_see_identity",
    "candidate_ids",
    "duplicate_check",
    "duplicates_of",
    "find_matches",
    "forwarding_chain",
    "forwarding_loop",
    "gather_candidates",
    "get_petition",
    "identity_of",
    "is_protected",
    "letters_of",
    "lookup_keys_of",
    "matter_petitions",
    "persons_of",
    "petitioner_name",
    "petitioners",
    "protected_identity",
    "reception_sessions",
    "running_clocks",
    "screened_matches",
    "shown_text",
    "standing_signer",
    "today",
    "visible_petitions",
    "with_identity_flag",
]
