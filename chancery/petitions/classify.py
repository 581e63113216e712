"""Suggesting a petition's kind, field and competent agency from its text and from the petitions already
classified; the clerk confirms or corrects, and what the clerk confirms is what the next suggestion learns
from.

The model is a multinomial naive Bayes over the folded words and word pairs of the summary and content,
trained on the confirmed petitions on file (`train_from_history`, refreshed at most every `REFRESH` seconds).
Training takes seconds at a year's volume, so it runs on a thread beside the requests: a clerk's keystroke
never waits for it, and until the first model is ready (or with no history at all) the phrases the law uses
for each kind and field decide. The test settings train in line (CHANCERY_CLASSIFY_IN_BACKGROUND = False).
bench/classify.py measures the accuracy on a held-out labelled set.
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chancery.petitions import matching
from chancery.petitions.models import Field, PetitionKind

logger = logging.getLogger(__name__)

REFRESH = 3600
HISTORY = 50_000

# Phrases that mark a kind or a field (folded), for an office with no history yet.
PHRASES: dict[str, tuple[str, ...]] = {
    PetitionKind.COMPLAINT: ("khieu nai", "de nghi xem xet lai quyet dinh", "huy quyet dinh"),
    PetitionKind.DENUNCIATION: ("to cao", "vi pham phap luat", "nhan hoi lo", "tham nhung", "chiem doat"),
    PetitionKind.RECOMMENDATION: ("kien nghi", "de nghi", "xin", "mong"),
    PetitionKind.REFLECTION: ("phan anh", "tinh trang", "gay o nhiem", "bat cap"),
    Field.LAND: ("dat", "thu hoi", "boi thuong", "tai dinh cu", "so do", "nha o"),
    Field.ADMINISTRATION: ("thu tuc", "hanh chinh", "cap giay", "uy ban", "can bo xa"),
    Field.JUSTICE: ("ban an", "toa an", "thi hanh an", "oan sai", "vien kiem sat", "xet xu"),
    Field.CORRUPTION: ("tham nhung", "hoi lo", "lam dung chuc vu", "chiem doat", "tieu cuc"),
    Field.SOCIAL: ("liet si", "thuong binh", "nguoi co cong", "che do", "tro cap", "chinh sach"),
    Field.LABOUR: ("lao dong", "bao hiem xa hoi", "tien luong", "sa thai", "viec lam"),
    Field.ECONOMY: ("doanh nghiep", "thue", "hop dong", "ngan hang", "dau tu"),
    Field.CLEMENCY: ("an giam", "dac xa", "tu hinh", "tha tu", "mien chap hanh"),
}


def features(text: str) -> list[str]:
    found = matching.words(text)
    return found + [f"{a}_{b}" for a, b in itertools.pairwise(found)]


class NaiveBayes:
    """Multinomial naive Bayes with Laplace smoothing over word and word-pair counts."""

    def __init__(self) -> None:
        self.class_counts: Counter[str] = Counter()
        self.word_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.totals: Counter[str] = Counter()
        self.vocabulary: set[str] = set()

    def train(self, samples: Iterable[tuple[str, str]]) -> NaiveBayes:
        for text, label in samples:
            words = features(text)
            self.class_counts[label] += 1
            self.word_counts[label].update(words)
            self.totals[label] += len(words)
            self.vocabulary.update(words)
        return self

    @property
    def is_trained(self) -> bool:
        return len(self.class_counts) >= 2

    def scores(self, text: str) -> dict[str, float]:
        words = features(text)
        total = sum(self.class_counts.values())
        size = len(self.vocabulary) + 1
        result = {}
        for label, count in self.class_counts.items():
            counts, denominator = self.word_counts[label], self.totals[label] + size
            result[label] = math.log(count / total) + sum(
                math.log((counts[w] + 1) / denominator) for w in words
            )
        return result

    def predict(self, text: str) -> tuple[str, float]:
        """The most likely label and its probability among the labels seen."""
        scores = self.scores(text)
        best = max(scores, key=lambda k: scores[k])
        top = scores[best]
        norm = sum(math.exp(s - top) for s in scores.values())
        return best, 1 / norm


def by_phrases(text: str, labels: Iterable[str], default: str) -> str:
    folded = " ".join(matching.words(text))
    scored = {label: sum(folded.count(p) for p in PHRASES.get(label, ())) for label in labels}
    best = max(scored, key=lambda k: scored[k])
    return best if scored[best] else default


@dataclass(frozen=True)
class Suggestion:
    kind: str
    field: str
    agency_id: int | None
    kind_confidence: float
    field_confidence: float
    learned: bool  # from the office's history rather than from phrases


class _Models:
    def __init__(self) -> None:
        self.kind = NaiveBayes()
        self.field = NaiveBayes()
        self.agencies: dict[tuple[str, int | None], int] = {}
        self.loaded_at = 0.0
        self.lock = threading.Lock()
        self.training = False


_models = _Models()


def train_from_history() -> None:
    """Learn from the most recent confirmed petitions (those decided by a clerk)."""
    from chancery.petitions.models import Petition

    rows = list(
        Petition.objects.exclude(path="")
        .order_by("-id")
        .values_list("summary", "content", "kind", "field", "province_code", "competent_agency_id")[:HISTORY]
    )
    kind, field = NaiveBayes(), NaiveBayes()
    kind.train((f"{s} {c}", k) for s, c, k, _f, _p, _a in rows)
    field.train((f"{s} {c}", f) for s, c, _k, f, _p, _a in rows)
    tally: dict[tuple[str, int | None], Counter[int]] = defaultdict(Counter)
    for _s, _c, _k, f, province, agency in rows:
        if agency:
            tally[(f, province)][agency] += 1
    with _models.lock:
        _models.kind, _models.field = kind, field
        _models.agencies = {key: counts.most_common(1)[0][0] for key, counts in tally.items()}
        _models.loaded_at = time.monotonic()


def forget() -> None:
    _models.loaded_at = 0.0


def _refresh() -> None:
    """Retrain when the model is older than `REFRESH`: once at a time, on a thread unless the settings say
    in line."""
    from django.conf import settings
    from django.db import connection

    if _models.loaded_at and time.monotonic() - _models.loaded_at <= REFRESH:
        return
    with _models.lock:
        if _models.training:
            return
        _models.training = True

    def run() -> None:
        try:
            train_from_history()
        except Exception:
            logger.exception("training the petition classifier failed; the phrases decide until the next try")
            _models.loaded_at = time.monotonic()
        finally:
            _models.training = False
            if background:
                connection.close()

    background = getattr(settings, "CHANCERY_CLASSIFY_IN_BACKGROUND", True)
    if background:
        threading.Thread(target=run, name="petition-classifier", daemon=True).start()
    else:
        run()


def suggest(text: str, *, province_code: int | None = None) -> Suggestion:
    _refresh()
    learned = _models.kind.is_trained and _models.field.is_trained
    if learned:
        kind, kind_p = _models.kind.predict(text)
        field, field_p = _models.field.predict(text)
    else:
        kind, kind_p = by_phrases(text, PetitionKind.values, PetitionKind.RECOMMENDATION), 0.0
        field, field_p = by_phrases(text, Field.values, Field.OTHER), 0.0
    return Suggestion(
        kind=kind,
        field=field,
        agency_id=suggest_agency(field, province_code),
        kind_confidence=round(kind_p, 2),
        field_confidence=round(field_p, 2),
        learned=learned,
    )


def suggest_agency(field: str, province_code: int | None) -> int | None:
    """The agency petitions of this field from this province were most often sent to; else the body the
    field points to (the province's People's Committee for local administration, the inspectorate for
    corruption, the Supreme Court for judgments); clemency is the President's own."""
    from chancery.core.models import Agency
    from chancery.core.provinces import province_name
    from chancery.core.text import fold

    known = _models.agencies.get((field, province_code))
    if known:
        return known
    name: str | None = None
    if field == Field.CORRUPTION:
        name = "Thanh tra Chính phủ"
    elif field == Field.JUSTICE:
        name = "Tòa án nhân dân tối cao"
    elif (
        field in (Field.LAND, Field.ADMINISTRATION, Field.SOCIAL, Field.LABOUR, Field.ECONOMY)
        and province_code
    ):
        province = province_name(province_code)
        name = f"Ủy ban nhân dân {province if province.startswith('Thành phố') else 'tỉnh ' + province}"
    if name is None:
        return None
    agency: Any = (
        Agency.objects.filter(folded=fold(name), is_active=True).values_list("pk", flat=True).first()
    )
    return agency
