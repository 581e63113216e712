"""The duplicate check on intake (`chancery.petitions.selectors.find_matches`) against 1,000,000 petitions on
file: its latency, and its recall against the exhaustive comparison of the query with every petition on file.

The exhaustive comparison computes the same similarity (Jaccard of word 3-gram shingles, and the same
petitioner) with every petition: all shingle hashes are held in memory as one numpy array, and one query looks
every one of them up in its own sorted shingles (so the baseline is an optimistic one: no database, no Python
loop). Both decide "same matter" by the same rule (`matching.is_same_matter`); recall = the pairs the check
finds / the pairs the exhaustive comparison finds.

The petitions are the demo generator's (`chancery.petitions.demo`): real provinces and fields, letters from
templates with varied details, about 15% resends, co-signed copies and matters coming back.
"""

import random
import time

import numpy as np

from bench.timing import measure
from chancery.core.demo import load_demo
from chancery.petitions import demo, matching, selectors
from chancery.petitions.models import MatchKey, Petition

QUERIES = 200
RECALL_QUERIES = 100  # the exhaustive side takes seconds a query at 1,000,000
EXHAUSTIVE_TIMED = 20


def _seed(scale: int) -> None:
    load_demo()
    have = Petition.objects.count()
    if have >= scale:
        print(f"   seeded already: {have:,} petitions")
        return
    print(f"   seeding {scale - have:,} petitions ...", flush=True)
    started = time.perf_counter()
    years = max(1, (scale - have) // 100_000)
    per_year = (scale - have) // years
    for offset in range(years):
        count = per_year if offset < years - 1 else scale - Petition.objects.count()
        demo.load(
            count,
            year=2025 - offset,
            seed=have + offset,
            chunk=5000,
            searchable=False,
            progress=lambda n: print(f"     {n:,}", flush=True) if n % 100_000 == 0 else None,
        )
    print(f"   seeded in {time.perf_counter() - started:.0f} s", flush=True)


class Exhaustive:
    """Every petition's shingles and person keys in memory, compared with a query all at once."""

    def __init__(self) -> None:
        started = time.perf_counter()
        ids, sizes, chunks = [], [], []
        rows = Petition.objects.order_by("pk").values_list("pk", "summary", "content")
        for pk, summary, content in rows.iterator(chunk_size=10_000):
            items = np.fromiter(matching.shingles(f"{summary} {content}"), dtype=np.uint64)
            ids.append(pk)
            sizes.append(len(items))
            chunks.append(items)
        self.ids = np.array(ids, dtype=np.int64)
        self.sizes = np.array(sizes, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(self.sizes)[:-1]])
        self.flat = np.concatenate(chunks)
        self.people: dict[int, set[int]] = {}
        for pk, key in (
            MatchKey.objects.filter(is_person=True)
            .values_list("petition_id", "key")
            .iterator(chunk_size=50_000)
        ):
            self.people.setdefault(key, set()).add(pk)
        print(
            f"   exhaustive comparison loaded: {len(ids):,} petitions, {len(self.flat):,} shingles "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )

    def matches(self, text: str, person_keys: list[int], exclude: int) -> set[int]:
        query = np.sort(np.fromiter(matching.shingles(text), dtype=np.uint64))
        if len(query) == 0:
            return set()
        # every shingle on file looked up in the query's (sorted) shingles: one vectorised pass
        index = np.searchsorted(query, self.flat)
        index[index == len(query)] = 0
        hit = query[index] == self.flat
        common = np.add.reduceat(hit.astype(np.int64), self.starts)
        common[self.sizes == 0] = 0
        union = self.sizes + len(query) - common
        score = np.divide(common, union, out=np.zeros(len(union)), where=union > 0)
        same = set().union(*(self.people.get(k, set()) for k in person_keys)) if person_keys else set()
        found = set(self.ids[score >= matching.DUPLICATE_SIMILARITY].tolist())
        if same:
            index = np.searchsorted(self.ids, np.array(sorted(same), dtype=np.int64))
            found |= {int(self.ids[i]) for i in index if score[i] >= matching.SAME_PETITIONER_SIMILARITY}
        found.discard(exclude)
        return found


def run(scale: int, requests: int) -> None:
    _seed(scale)
    rng = random.Random(7)
    top = Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with_matter = list(
        Petition.objects.filter(matter__isnull=False)
        .order_by("?")
        .values_list("pk", flat=True)[: QUERIES // 2]
    )
    chosen = with_matter + [rng.randint(1, top) for _ in range(QUERIES - len(with_matter))]
    queries = []
    for petition in Petition.objects.filter(pk__in=chosen):
        people = selectors.lookup_keys_of(petition.pk)
        queries.append((petition.pk, f"{petition.summary} {petition.content}", people))
    by_id = {str(q[0]): q for q in queries}

    def check(pk: str) -> object:
        _id, text, people = by_id[pk]
        return selectors.find_matches(text=text, people=people, exclude=int(pk))

    ours = measure(check, list(by_id) * max(1, requests // len(by_id) + 1))
    print(f"   the check over {len(by_id)} queries: {ours}", flush=True)
    exhaustive = Exhaustive()
    truth_pairs = found_pairs = agreed = 0
    for pk, text, people in queries[:RECALL_QUERIES]:
        truth = exhaustive.matches(text, people, pk)
        found = {m.petition_id for m in selectors.find_matches(text=text, people=people, exclude=pk)}
        truth_pairs += len(truth)
        found_pairs += len(found)
        agreed += len(truth & found)
    baseline = measure(
        lambda pk: exhaustive.matches(by_id[pk][1], by_id[pk][2], int(pk)),
        list(by_id)[:EXHAUSTIVE_TIMED],
        warmup=1,
    )
    recall = agreed / truth_pairs if truth_pairs else 1.0
    precision = agreed / found_pairs if found_pairs else 1.0
    print(f"   one duplicate check against {Petition.objects.count():,} petitions ({len(queries)} queries)")
    print(f"     Chancery          {ours}")
    print(f"     exhaustive        {baseline}")
    ratio = baseline.p95 / ours.p95 if ours.p95 else float("inf")
    print(f"     ratio (exhaustive p95 / Chancery p95): {ratio:6.1f}x")
    print(
        f"     recall {recall:.3f} ({agreed:,} of {truth_pairs:,} same-matter pairs found by the exhaustive "
        f"comparison); the check found {found_pairs:,} pairs, {precision:.3f} of them also exhaustive"
    )
