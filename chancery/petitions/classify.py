"""Suggesting a petition's kind, field and competent agency from its text and from the petitions already
classified; the clerk confirms or corrects, and what the clerk confirms is what the next suggestion learns
from.

The model is a multinomial naive Bayes over the folded words and word pairs of the summary and content,
trained on the confirmed petitions on file (`learn_from_history`) by the job that learns the suggestions
(chancery.petitions.learning), stored, and read by every process: a clerk's keystroke never waits for it,
and until the first model is stored (or with no history at all) the phrases the law uses for each kind and
field decide. The test settings train in line (CHANCERY_CLASSIFY_IN_BACKGROUND = False). bench/classify.py
measures the accuracy on a held-out labelled set.

Two things outrank the model (`suggest`): what the writer says the letter is ("Tôi khiếu nại", "Tôi tố cáo",
"Chúng tôi kiến nghị", "xin phản ánh", a title "ĐƠN TỐ CÁO": `declared_kind`), and a civil dispute between
citizens (a deposit, a debt, an inheritance, a contract, with no official's misconduct and no crime alleged:
`is_civil_dispute`), which is not a denunciation whatever it calls itself: it is suggested as a
recommendation in the field "civil disputes", with the case fact `is_civil_dispute` the rules guide to the
court by (chancery.petitions.rules).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as attribute
from typing import Any

from chancery.core.text import fold
from chancery.petitions import learning, matching
from chancery.petitions.models import Field, PetitionKind

logger = logging.getLogger(__name__)

REFRESH = 3600  # in line (the tests): learnt again when older
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
    Field.ENVIRONMENT: (
        "o nhiem",
        "moi truong",
        "xa thai",
        "nuoc thai",
        "khi thai",
        "rac thai",
        "chat thai",
        "mui hoi",
        "khoi bui",
        "khai thac cat",
        "pha rung",
    ),
    Field.CIVIL: (
        "dat coc",
        "tien coc",
        "vay tien",
        "no tien",
        "tra no",
        "thua ke",
        "di chuc",
        "hop dong mua ban",
    ),
}

# What the writer says the letter is (folded), first person or the title; "đã khiếu nại" (an earlier step) and
# a denial ("không tố cáo") do not count.
_SUBJECT = r"(?:toi|chung toi|gia dinh toi|nay toi|nay chung toi|cac ho dan chung toi)"
_VERB = r"(?:xin |kinh |lam don (?:nay )?(?:de )?|viet don (?:nay )?(?:de )?|gui don (?:nay )?(?:de )?)*"
DECLARATIONS: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"\b(?:{_SUBJECT} {_VERB}{word}|don {word}|(?:xin|kinh) {word})\b")
    for kind, word in (
        (PetitionKind.COMPLAINT, "khieu nai"),
        (PetitionKind.DENUNCIATION, "to cao"),
        (PetitionKind.RECOMMENDATION, "kien nghi"),
        (PetitionKind.REFLECTION, "phan anh"),
    )
}
_WORD = re.compile(r"[a-z0-9]+")
_DENIAL = re.compile(r"\b(?:khong|chua|chang|da|dang|tung|se)\s+$")

# A dispute between citizens over money or property: the Office guides the writer to the court.
CIVIL_DISPUTE = re.compile(
    r"\b(?:dat coc|tien coc|vay tien|cho vay|muon tien|vay no|no tien|khong tra no|quyt no|tra no|thua ke|"
    r"di chuc|chia di san|chia tai san|hop dong mua ban|hop dong chuyen nhuong|vi pham hop dong|"
    r"tranh chap hop dong|gop von|choi hui|tien hui)\b"
)
# ... unless an official's misconduct, an administrative decision or a crime is what the letter is about.
NOT_CIVIL = re.compile(
    r"\b(?:can bo|cong chuc|chu tich|pho chu tich|truong thon|lanh dao|chuc vu|quyen han|tham nhung|hoi lo|"
    r"sach nhieu|thi hanh cong vu|quyet dinh (?:thu hoi|xu phat|hanh chinh|giai quyet)|lua dao|chiem doat|"
    r"de doa|danh dap|gay thuong tich|cuop|trom|ma tuy|ban an|toa an)\b"
)


def declared_kind(text: str) -> tuple[str, str] | None:
    """(kind, the words) the writer declares the letter to be, the first one in the text; None if none."""
    folded = " ".join(_WORD.findall(fold(text)))
    found = []
    for kind, pattern in DECLARATIONS.items():
        for match in pattern.finditer(folded):
            if not _DENIAL.search(folded[max(0, match.start() - 8) : match.start()]):
                found.append((match.start(), kind, match.group()))
                break
    if not found:
        return None
    _start, kind, words = min(found)
    return kind, words


def is_civil_dispute(text: str) -> bool:
    """A dispute between citizens over a deposit, a debt, an inheritance or a contract (`CIVIL_DISPUTE`),
    with no official's misconduct, administrative decision or crime in it (`NOT_CIVIL`)."""
    folded = " ".join(matching.plain_words(text))  # "Kính gửi Chủ tịch nước" is no chairman's misconduct
    return bool(CIVIL_DISPUTE.search(folded)) and not NOT_CIVIL.search(folded)


def _phrase_score(text: str, label: str) -> int:
    folded = " ".join(matching.plain_words(text))
    return sum(folded.count(p) for p in PHRASES.get(label, ()))


def features(text: str) -> list[str]:
    found = matching.plain_words(text)
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "classes": dict(self.class_counts),
            "words": {label: dict(counts) for label, counts in self.word_counts.items()},
            "totals": dict(self.totals),
        }

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> NaiveBayes:
        model = cls()
        model.class_counts = Counter(stored["classes"])
        model.word_counts = defaultdict(Counter, {k: Counter(v) for k, v in stored["words"].items()})
        model.totals = Counter(stored["totals"])
        model.vocabulary = {word for counts in model.word_counts.values() for word in counts}
        return model

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
    folded = " ".join(matching.plain_words(text))
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
    declared: str = ""  # the writer's own words that set the kind ("toi kien nghi"), if any
    civil_dispute: bool = False  # a dispute between citizens: not a denunciation, guided to the court


@dataclass
class Learnt:
    """What the classifier learnt: the kind's and the field's models, the usual agency of each field and
    province, and from how many petitions."""

    kind: NaiveBayes = attribute(default_factory=NaiveBayes)
    field: NaiveBayes = attribute(default_factory=NaiveBayes)
    agencies: dict[tuple[str, int | None], int] = attribute(default_factory=dict)
    petitions: int = 0


class _Models:
    def __init__(self) -> None:
        self.learnt = Learnt()
        self.loaded_at = 0.0  # in line: when it was learnt (monotonic)


_models = _Models()


def learn_from_history() -> Learnt:
    """Learn from the most recent confirmed petitions (those decided by a clerk)."""
    from chancery.petitions.models import Petition

    rows = list(
        Petition.objects.exclude(path="")
        .order_by("-id")
        .values_list("summary", "content", "kind", "field", "province_code", "competent_agency_id")[:HISTORY]
    )
    kind, field_model = NaiveBayes(), NaiveBayes()
    kind.train((f"{s} {c}", k) for s, c, k, _f, _p, _a in rows)
    field_model.train((f"{s} {c}", f) for s, c, _k, f, _p, _a in rows)
    tally: dict[tuple[str, int | None], Counter[int]] = defaultdict(Counter)
    for _s, _c, _k, f, province, agency in rows:
        if agency:
            tally[(f, province)][agency] += 1
    agencies = {key: counts.most_common(1)[0][0] for key, counts in tally.items()}
    return Learnt(kind, field_model, agencies, len(rows))


def dump(learnt: Learnt) -> bytes:
    return learning.dump_json(
        {
            "kind": learnt.kind.as_dict(),
            "field": learnt.field.as_dict(),
            "agencies": [[f, province, agency] for (f, province), agency in learnt.agencies.items()],
            "petitions": learnt.petitions,
        }
    )


def load(data: bytes) -> Learnt:
    stored = learning.load_json(data)
    return Learnt(
        NaiveBayes.from_dict(stored["kind"]),
        NaiveBayes.from_dict(stored["field"]),
        {(f, province): agency for f, province, agency in stored["agencies"]},
        stored["petitions"],
    )


_stored = learning.Kept(learning.CLASSIFIER, load)  # by the job: the stored one, looked at every minute


def train_from_history() -> None:
    """Learn now, in this process, and use it (in line)."""
    _models.learnt = learn_from_history()
    _models.loaded_at = time.monotonic()


def forget() -> None:
    """Forget what was learnt (the next suggestion learns, or reads, again)."""
    _models.learnt, _models.loaded_at = Learnt(), 0.0
    _stored.forget()


def _refresh() -> None:
    """In line: learn when what was learnt is older than REFRESH. Else: at most every learning.CHECK
    seconds, take the stored model when a newer one is there, and ask for the job when it is old or
    missing; never learn here."""
    if learning.in_line():
        if _models.loaded_at and time.monotonic() - _models.loaded_at <= REFRESH:
            return
        try:
            train_from_history()
        except Exception:
            logger.exception("training the petition classifier failed; the phrases decide until the next try")
            _models.loaded_at = time.monotonic()
        return
    learnt = _stored.newer()
    if learnt is not None:
        _models.learnt = learnt


def suggest(text: str, *, province_code: int | None = None) -> Suggestion:
    """The suggested kind, field and agency. The model's guess (or, without a model, the law's phrases),
    then what outranks it: the kind the writer declares (`declared_kind`); a civil dispute
    (`is_civil_dispute`), never a denunciation, in the field of civil disputes; and a field the model has not
    learnt yet (the environment in an office that has never had one) whose phrases say more than those of
    the model's field."""
    _refresh()
    models = _models.learnt
    learned = models.kind.is_trained and models.field.is_trained
    if learned:
        kind, kind_p = models.kind.predict(text)
        field, field_p = models.field.predict(text)
        unknown = [f for f in Field.values if f not in models.field.class_counts]
        best = max(unknown, key=lambda f: _phrase_score(text, f), default=None)
        if best is not None and _phrase_score(text, best) >= 2 > _phrase_score(text, field):
            field, field_p = best, 0.0
    else:
        kind, kind_p = by_phrases(text, PetitionKind.values, PetitionKind.RECOMMENDATION), 0.0
        field, field_p = by_phrases(text, Field.values, Field.OTHER), 0.0
    declared = declared_kind(text)
    if declared:
        kind, kind_p = declared[0], 1.0
    civil = is_civil_dispute(text)
    if civil:
        field, field_p = Field.CIVIL, 1.0
        if kind == PetitionKind.DENUNCIATION:
            kind, kind_p = PetitionKind.RECOMMENDATION, 1.0
    return Suggestion(
        kind=kind,
        field=field,
        agency_id=suggest_agency(field, province_code),
        kind_confidence=round(kind_p, 2),
        field_confidence=round(field_p, 2),
        learned=learned,
        declared=declared[1] if declared else "",
        civil_dispute=civil,
    )


def suggest_agency(field: str, province_code: int | None) -> int | None:
    """The agency petitions of this field from this province were most often sent to; else the body the
    field points to (the province's People's Committee for local administration, the inspectorate for
    corruption, the Supreme Court for judgments); clemency is the President's own, and a civil dispute goes
    to a court the writer chooses (none is suggested)."""
    from chancery.core.models import Agency
    from chancery.core.provinces import province_name
    from chancery.core.text import fold

    if field == Field.CIVIL:
        return None
    known = _models.learnt.agencies.get((field, province_code))
    if known:
        return known
    name: str | None = None
    if field == Field.CORRUPTION:
        name = "Thanh tra Chính phủ"
    elif field == Field.JUSTICE:
        name = "Tòa án nhân dân tối cao"
    elif (
        field
        in (Field.LAND, Field.ADMINISTRATION, Field.SOCIAL, Field.LABOUR, Field.ECONOMY, Field.ENVIRONMENT)
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
