"""The appraisal job's fast path (each nominee read as a plain row, the rule set applied on both cores, the
findings written as JSON text) gives the verdict of the rule called per row, and stores what the path of
model objects stores."""

import json
import random
from datetime import date
from functools import partial
from unittest import mock

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.appraisal import parallel
from chancery.honours import demo, rules, services
from chancery.honours.models import AwardRecord, Nomination, Verdict
from chancery.honours.tests.factories import (
    appraise,
    good_row,
    import_list,
    make_batch,
    make_honours,
    workbook,
)

GROUNDS = ["achievement", "achievement", "exceptional", "contribution"]


def _work(rng, proposed_on):
    """One nominee's (award, subject, facts) as the appraisal reads them, varied: every award of the demo's
    mix, prior awards held or revoked, another proposal of the year, foreigners, enterprises."""
    award, subject, _weight = rng.choices(demo.MIX, weights=[m[2] for m in demo.MIX])[0]
    year = proposed_on.year
    prior_year = rng.randint(year - 11, year - 3)
    facts = demo._facts(rng, award, subject, prior_year, year)
    held = []
    if award in demo.PRIOR and rng.random() < 0.8:
        number = f"{rng.randint(1, 999)}/QĐ-TTg"
        decided = date(prior_year, rng.randint(1, 12), 1)
        facts["claimed_prior"] = {
            "decision_number": number,
            "decided_on": decided.isoformat(),
            "period": None,
        }
        revoked = rng.random() < 0.1
        held.append(
            {
                "award": rng.choice([demo.PRIOR[award], award, "bk-ttg"]),
                "decision_number": number,
                "decided_on": decided,
                "revoked": revoked,
                "revoked_by": "9/QĐ-CTN" if revoked else "",
                "period_from": prior_year - 4 if rng.random() < 0.5 else None,
                "period_to": prior_year - 1 if rng.random() < 0.5 else None,
            }
        )
    facts.update(
        subject=subject,
        ground=rng.choice(GROUNDS),
        posthumous=rng.random() < 0.05,
        proposed_on=proposed_on,
        nationality=rng.choice(["VN", "VN", "VN", "LA"]),
        is_enterprise=rng.random() < 0.1,
        held=held,
        other_proposals=[{"award": award, "batch": "3/2025"}] if rng.random() < 0.05 else [],
        post=rng.choice(["", rules.POST_DIRECTOR, "Trưởng phòng"]),
        post_years=rng.choice([None, 3, 8, 12]),
        force=rng.choice([None, rules.ARMY, rules.NO_FORCE]),
        died_on=None,
    )
    return award, subject, facts


def _rule_per_row(award, subject, proposed_on, facts):
    """The reference: the rule book called on the row alone, stored as the job stores it."""
    verdict = rules.RULE_BOOK.appraise(rules.rule_set_code(award, subject), proposed_on, facts)
    findings = json.loads(json.dumps([f.as_dict() for f in verdict.findings]))
    version = f"{verdict.rule_set}@{verdict.version}" if verdict.version else ""
    return str(verdict.outcome), findings, version, verdict.summary[:500]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), proposed_on=st.dates(date(2016, 1, 1), date(2027, 12, 31)))
def test_the_jobs_judgement_of_a_row_is_the_rule_called_on_it(seed, proposed_on):
    rng = random.Random(seed)
    for _ in range(10):
        award, subject, facts = _work(rng, proposed_on)
        verdict, findings, version, summary = services._judged(proposed_on, True, (award, subject, facts))
        assert (verdict, json.loads(findings), version, summary) == _rule_per_row(
            award, subject, proposed_on, facts
        )


def test_the_rules_applied_on_both_cores_give_the_rules_own_verdicts_in_order():
    rng = random.Random(25)
    dates = [date(2018, 6, 1), date(2023, 12, 20), date(2025, 7, 1), date(2026, 3, 1)]
    for proposed_on in dates:
        work = [_work(rng, proposed_on) for _ in range(150)]
        with (
            override_settings(CHANCERY_LIST_HELPER=True),
            mock.patch.object(parallel, "MIN_JOB", 0),
            mock.patch.object(parallel, "MIN_SPLIT", 2),
            parallel.Split(partial(services._judged, proposed_on, True), size=len(work)) as split,
        ):
            if parallel._can_fork():
                assert split.pool is not None
            judged = split.map(work)
        expected = [_rule_per_row(award, subject, proposed_on, facts) for award, subject, facts in work]
        assert [(v, json.loads(f), r, s) for v, f, r, s in judged] == expected
        assert len({v for v, *_ in expected}) > 1  # the sample is varied: more than one outcome


@pytest.mark.django_db
def test_the_appraisal_job_stores_what_the_object_path_stores():
    h = make_honours()
    batch = make_batch(h)
    rows = [good_row(n) for n in range(1, 13)]
    rows[3][7] = ""  # no year rated excellent: fails
    rows[5][5] = rows[5][6] = ""  # no prior award declared
    import_list(h, batch, workbook(rows))
    first = Nomination.objects.filter(batch=batch).order_by("row").select_related("honoree").first()
    assert first is not None
    AwardRecord.objects.create(
        honoree=first.honoree, award="bk-ttg", decision_number="101/QĐ-TTg", decided_on=date(2018, 6, 1)
    )
    with (
        override_settings(CHANCERY_LIST_HELPER=True),
        mock.patch.object(parallel, "MIN_JOB", 0),
        mock.patch.object(parallel, "MIN_SPLIT", 2),
    ):
        job = appraise(h, batch)
    assert job.status == "done"

    def stored():
        return list(
            Nomination.objects.filter(batch=batch)
            .order_by("row")
            .values_list("verdict", "findings", "rule_version", "summary", "outcome")
        )

    by_job = stored()
    services.appraise_nominations(
        list(Nomination.objects.filter(batch=batch).select_related("honoree")), batch
    )
    assert stored() == by_job
    assert {row[0] for row in by_job} >= {Verdict.PASS, Verdict.FAIL}
