"""What the duplicate check learns from the petitions on file (`chancery.petitions.matching.Corpus`): how
rare each word and word pair is, and which segments are the boilerplate of a pre-printed form or a model
letter.

It learns from the parses of the newest HISTORY petitions (`MatchText`), refreshed at most every REFRESH
seconds on a thread beside the requests, as the classifier does (chancery.petitions.classify): a check never
waits for it, and until the first corpus is ready every term weighs the same and no segment is boilerplate
(the explicit subjects, facts and petitioners still decide). The test settings learn in line
(CHANCERY_CLASSIFY_IN_BACKGROUND = False), again whenever the petitions on file have changed.
"""

from __future__ import annotations

import logging
import threading
import time

from chancery.petitions.matching import Corpus, Parsed

logger = logging.getLogger(__name__)

REFRESH = 3600
HISTORY = 20_000


class _State:
    def __init__(self) -> None:
        self.corpus = Corpus()
        self.loaded_at = 0.0
        self.fingerprint: tuple[int, int] | None = None
        self.lock = threading.Lock()
        self.training = False


_state = _State()


def _fingerprint() -> tuple[int, int]:
    from chancery.petitions.models import MatchText

    newest = MatchText.objects.order_by("-petition_id").values_list("petition_id", flat=True).first()
    return newest or 0, MatchText.objects.count()


def learn() -> Corpus:
    """Learn from the newest HISTORY petitions on file, now, and use what was learnt from then on."""
    from chancery.petitions.models import MatchText

    rows = MatchText.objects.order_by("-petition_id").values_list("words", "shapes", "sizes", "facts")
    corpus = Corpus.fit(Parsed.from_stored(*row) for row in rows[:HISTORY].iterator(chunk_size=2000))
    with _state.lock:
        _state.corpus, _state.loaded_at = corpus, time.monotonic()
    return corpus


def forget() -> None:
    """Forget what was learnt (the next check learns again)."""
    with _state.lock:
        _state.corpus, _state.loaded_at, _state.fingerprint = Corpus(), 0.0, None


def current() -> Corpus:
    """The corpus to compare with: learnt again when older than REFRESH (on a thread unless the settings
    say in line; in line, also whenever the petitions on file changed)."""
    from django.conf import settings
    from django.db import connection

    background = getattr(settings, "CHANCERY_CLASSIFY_IN_BACKGROUND", True)
    if not background:
        fingerprint = _fingerprint()
        if fingerprint != _state.fingerprint:
            learn()
            _state.fingerprint = fingerprint
        return _state.corpus
    if _state.loaded_at and time.monotonic() - _state.loaded_at <= REFRESH:
        return _state.corpus
    with _state.lock:
        if _state.training:
            return _state.corpus
        _state.training = True

    def run() -> None:
        try:
            learn()
        except Exception:
            logger.exception("learning the duplicate check's corpus failed; it is tried again in an hour")
            _state.loaded_at = time.monotonic()
        finally:
            _state.training = False
            connection.close()

    threading.Thread(target=run, name="petition-corpus", daemon=True).start()
    return _state.corpus
