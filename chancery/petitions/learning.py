"""What the petitions suggestions learn from the petitions on file, learnt by a job and read by everyone.

Two things are learnt: the classifier's counts (chancery.petitions.classify: the kind, field and agency a
text suggests) and the duplicate check's corpus (chancery.petitions.corpus: how rare each term is, which
segments are boilerplate). The job `petitions_learn` learns both from the history and stores each whole
(`Learned`, one row each); every web process and worker reads the stored ones (`stored`), looking at most
every CHECK seconds whether a newer one is there. No request learns: when what is stored is older than
REFRESH, or missing, the next suggestion asks for the job (`ask_to_learn`, once while one is waiting) and
goes on with what it has (the law's phrases before the first model). The test settings learn in line
(CHANCERY_CLASSIFY_IN_BACKGROUND = False).

The stored forms are data, never code: the counts as compressed JSON, the corpus as numpy arrays read
without pickle."""

from __future__ import annotations

import gzip
import io
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

import numpy as np
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core import jobs
from chancery.core.models import Job, JobStatus
from chancery.petitions.models import Learned

logger = logging.getLogger(__name__)

CLASSIFIER = "classifier"
CORPUS = "corpus"
KIND = "petitions_learn"
CHECK = 60  # seconds between two looks at what is stored, in each process
REFRESH = timedelta(hours=1)  # what is older is learnt again


def in_line() -> bool:
    """Learn in the request that needs it (the test settings), rather than by the job."""
    return not getattr(settings, "CHANCERY_CLASSIFY_IN_BACKGROUND", True)


# --- the stored forms ---------------------------------------------------------------------------------------


def dump_json(value: Any) -> bytes:
    return gzip.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def load_json(data: bytes) -> Any:
    return json.loads(gzip.decompress(data))


def dump_arrays(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def load_arrays(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return {name: arrays[name] for name in arrays.files}


def store(name: str, data: bytes, petitions: int) -> None:
    Learned.objects.update_or_create(
        name=name, defaults={"data": data, "petitions": petitions, "learnt_at": timezone.now()}
    )


def learnt_at(name: str) -> datetime | None:
    """When the stored `name` was learnt (None: never, or the database did not answer)."""
    try:
        return Learned.objects.filter(name=name).values_list("learnt_at", flat=True).first()
    except DatabaseError:
        logger.exception("reading when the petitions suggestions were learnt failed")
        return None


def stored(name: str) -> bytes | None:
    data = Learned.objects.filter(name=name).values_list("data", flat=True).first()
    return bytes(data) if data is not None else None


# --- the job ------------------------------------------------------------------------------------------------


def learn() -> dict[str, int]:
    """Learn both from the petitions on file now and store them (the job's work)."""
    from chancery.petitions import classify, corpus

    learnt = classify.learn_from_history()
    store(CLASSIFIER, classify.dump(learnt), learnt.petitions)
    letters = corpus.fit_from_history()
    store(CORPUS, corpus.dump(letters), letters.documents)
    return {"petitions": learnt.petitions, "letters": letters.documents}


@jobs.job_kind(KIND, _("Suggestions learnt again from the petitions on file"))
def learn_job(ctx: jobs.JobContext) -> dict[str, int]:
    return learn()


def ask_to_learn() -> None:
    """Queue the learning job, unless one is waiting or running (a process that finds the stored models old
    or missing asks; the next ones see it queued)."""
    try:
        if Job.objects.filter(kind=KIND, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            return
        jobs.start_job(actor=None, kind=KIND)
    except DatabaseError:
        logger.exception("asking for the petitions suggestions to be learnt again failed")


def stale(at: datetime | None) -> bool:
    return at is None or timezone.now() - at > REFRESH


_T = TypeVar("_T")


class Kept(Generic[_T]):
    """What one process keeps of a stored model (`name`): `newer()` gives the stored one when a newer one is
    there, looking at most every CHECK seconds, and asks for the job when what is stored is old or missing;
    a stored one that cannot be read is logged and the one in use stays."""

    def __init__(self, name: str, load: Callable[[bytes], _T]) -> None:
        self.name, self.load = name, load
        self.checked_at = 0.0  # when the stored one was last looked at (monotonic)
        self.learnt_at: datetime | None = None  # when the one in use was learnt

    def newer(self) -> _T | None:
        now = time.monotonic()
        if self.checked_at and now - self.checked_at < CHECK:
            return None
        self.checked_at = now
        at = learnt_at(self.name)
        if stale(at):
            ask_to_learn()
        if at is None or at == self.learnt_at:
            return None
        try:
            data = stored(self.name)
            value = self.load(data) if data is not None else None
        except Exception:
            logger.exception(
                "reading the stored %s of the petitions suggestions failed; the one in use stays", self.name
            )
            return None
        if value is not None:
            self.learnt_at = at
        return value

    def forget(self) -> None:
        self.checked_at, self.learnt_at = 0.0, None
