"""What the duplicate check learns from the petitions on file (`chancery.petitions.matching.Corpus`): how
rare each word and word pair is, and which segments are the boilerplate of a pre-printed form or a model
letter.

It learns from the parses of the newest HISTORY petitions (`MatchText`), by the job that learns the
suggestions (chancery.petitions.learning), stored, and read by every process: a check never waits for it,
and until the first corpus is stored every term weighs the same and no segment is boilerplate (the explicit
subjects, facts and petitioners still decide). The test settings learn in line
(CHANCERY_CLASSIFY_IN_BACKGROUND = False), again whenever the petitions on file have changed.
"""

from __future__ import annotations

import numpy as np

from chancery.petitions import learning
from chancery.petitions.matching import Corpus, Parsed

HISTORY = 20_000


class _State:
    def __init__(self) -> None:
        self.corpus = Corpus()
        self.fingerprint: tuple[int, int] | None = None  # in line: of the petitions it was learnt from


_state = _State()


def _fingerprint() -> tuple[int, int]:
    from chancery.petitions.models import MatchText

    newest = MatchText.objects.order_by("-petition_id").values_list("petition_id", flat=True).first()
    return newest or 0, MatchText.objects.count()


def fit_from_history() -> Corpus:
    """Learn from the newest HISTORY petitions on file."""
    from chancery.petitions.models import MatchText

    rows = MatchText.objects.order_by("-petition_id").values_list("words", "shapes", "sizes", "facts")
    return Corpus.fit(Parsed.from_stored(*row) for row in rows[:HISTORY].iterator(chunk_size=2000))


def learn() -> Corpus:
    """Learn now, in this process, and use it (in line)."""
    _state.corpus = fit_from_history()
    return _state.corpus


def dump(corpus: Corpus) -> bytes:
    return learning.dump_arrays(
        documents=np.array([corpus.documents], dtype=np.int64), idf=corpus.idf, templates=corpus.templates
    )


def load(data: bytes) -> Corpus:
    arrays = learning.load_arrays(data)
    return Corpus(int(arrays["documents"][0]), arrays["idf"], arrays["templates"])


_stored = learning.Kept(learning.CORPUS, load)  # by the job: the stored one, looked at every minute


def forget() -> None:
    """Forget what was learnt (the next check learns, or reads, again)."""
    _state.corpus, _state.fingerprint = Corpus(), None
    _stored.forget()


def current() -> Corpus:
    """The corpus to compare with. In line: learnt again whenever the petitions on file changed. Else: the
    stored one, looked at most every learning.CHECK seconds; the job asked for when it is old or missing;
    never learnt here."""
    if learning.in_line():
        fingerprint = _fingerprint()
        if fingerprint != _state.fingerprint:
            learn()
            _state.fingerprint = fingerprint
        return _state.corpus
    learnt = _stored.newer()
    if learnt is not None:
        _state.corpus = learnt
    return _state.corpus
