"""The classification suggestions (`chancery.petitions.classify`): accuracy of the suggested kind, field and
competent agency on a held-out labelled set.

The labelled petitions are the demo generator's (real provinces, the 2013 mix of kinds and fields, letters
worded differently by each writer); the model learns from 80% and is scored on the other 20%, which it never
saw. Baseline: the phrases of the law alone (`by_phrases`), what an office with no history gets.

Read the figures for what they are: the demo's labels come from its own templates (a template fixes the
field and allows two or three kinds), so the field and agency are learnable exactly and the kind is capped by
the templates' own ambiguity. The real measure is the same script on the office's confirmed petitions.
"""

import random
from collections import Counter
from datetime import date
from typing import Any

from chancery.core.models import Unit
from chancery.petitions import classify, demo

LABELLED = 12_000


def run(scale: int, requests: int) -> None:
    from chancery.core.demo import load_demo

    load_demo()
    agencies = demo.ensure_agencies()
    unit = Unit.objects.get(code="phong-don-thu")
    items = list(
        demo.generate(LABELLED, year=2024, seed=99, unit=unit, agencies=agencies, until=date(2024, 12, 31))
    )
    rng = random.Random(5)
    rng.shuffle(items)
    cut = len(items) * 4 // 5
    train, test = items[:cut], items[cut:]
    kind = classify.NaiveBayes().train((i.text, i.petition.kind) for i in train)
    field = classify.NaiveBayes().train((i.text, i.petition.field) for i in train)
    tally: dict[tuple[str, int | None], Counter[int]] = {}
    for i in train:
        if i.petition.competent_agency_id:
            tally.setdefault((i.petition.field, i.petition.province_code), Counter())[
                i.petition.competent_agency_id
            ] += 1
    agency_of = {k: c.most_common(1)[0][0] for k, c in tally.items()}

    def score(predict: Any) -> float:
        return sum(predict(i) for i in test) / len(test)

    kind_ours = score(lambda i: kind.predict(i.text)[0] == i.petition.kind)
    field_ours = score(lambda i: field.predict(i.text)[0] == i.petition.field)
    kind_base = score(
        lambda i: (
            classify.by_phrases(i.text, classify.PetitionKind.values, "recommendation") == i.petition.kind
        )
    )
    field_base = score(
        lambda i: classify.by_phrases(i.text, classify.Field.values, "other") == i.petition.field
    )
    with_agency = [i for i in test if i.petition.competent_agency_id]
    agency_ours = sum(
        agency_of.get((i.petition.field, i.petition.province_code)) == i.petition.competent_agency_id
        for i in with_agency
    ) / max(1, len(with_agency))
    print(f"   held-out set: {len(test):,} petitions (trained on {len(train):,})")
    print(f"     kind     learned {kind_ours:.3f}   phrases only {kind_base:.3f}")
    print(f"     field    learned {field_ours:.3f}   phrases only {field_base:.3f}")
    print(f"     agency   learned {agency_ours:.3f}   (by field and province; {len(with_agency):,} had one)")
