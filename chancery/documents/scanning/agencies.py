"""The sender agency read from a scan matched to the agencies the office corresponds with, by their names
folded (no diacritics, lower case, đ as d: "BỘ NỘI VỤ", "BO NOI VU" and "Bộ Nội vụ" are the same name), and
forgiving the letters OCR gets wrong."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chancery.core.text import fold

MATCH_THRESHOLD = 0.82


@dataclass(frozen=True)
class Candidate:
    pk: int
    name: str
    short_name: str = ""


@dataclass(frozen=True)
class AgencyMatch:
    pk: int
    name: str
    score: float  # 0..1


_NOT_LETTER = re.compile(r"[^a-z0-9 ]+")


def _key(value: str) -> str:
    return " ".join(_NOT_LETTER.sub(" ", fold(value)).split())


def match_agency(read: Sequence[str], candidates: Iterable[Candidate]) -> AgencyMatch | None:
    """The agency whose name is closest to the heading's lines as read (`read`, top to bottom: a parent
    body's line may stand above the issuing body's, "BỘ TƯ PHÁP" over "CỤC BỔ TRỢ TƯ PHÁP"), when close
    enough. Each run of consecutive lines ending at the last is tried, the issuing body being the last."""
    tried = [" ".join(read[start:]) for start in range(len(read))] + [" ".join(read)]
    keys = {k for k in (_key(t) for t in tried) if k}
    if not keys:
        return None
    best: AgencyMatch | None = None
    for candidate in candidates:
        names = [_key(candidate.name)]
        if candidate.short_name and len(candidate.short_name) >= 3:
            names.append(_key(candidate.short_name))
        for name in names:
            if not name:
                continue
            for key in keys:
                score = difflib.SequenceMatcher(None, key, name, autojunk=False).ratio()
                if best is None or score > best.score:
                    best = AgencyMatch(candidate.pk, candidate.name, round(score, 3))
    return best if best is not None and best.score >= MATCH_THRESHOLD else None


def office_candidates() -> list[Candidate]:
    """The active agencies in the database."""
    from chancery.core.models import Agency

    return [
        Candidate(pk, name, short or "")
        for pk, name, short in Agency.objects.filter(is_active=True).values_list("pk", "name", "short_name")
    ]
