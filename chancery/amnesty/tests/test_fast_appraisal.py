"""The appraisal job's fast path (each proposal read as a plain row, the campaign's rule set applied on both
cores, the findings written as JSON text) gives the verdict of the rule called per row, and stores what the
path of model objects stores."""

import json
import random
from datetime import date
from functools import partial
from unittest import mock

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.amnesty import demo, rules, services
from chancery.amnesty.models import Proposal, Verdict
from chancery.amnesty.tests.factories import (
    appraise,
    import_list,
    make_amnesty,
    make_campaign,
    open_list,
    prisoner_row,
    workbook,
)
from chancery.appraisal import parallel
from chancery.appraisal.engine import appraise as rule_per_row
from chancery.appraisal.engine import sentences


def _facts(rng, reference):
    """One proposal's facts as the appraisal reads them, varied: the demo's prisoners who meet the
    conditions and who do not, amnestied before, proposed by another facility too."""
    facts, _prisoner = demo._row(rng, reference, meets=rng.random() < 0.6)
    if rng.random() < 0.1:
        facts["amnestied_before"] = "Quyết định 1/2021/QĐ-CTN ngày 02/09/2021"
    facts["other_lists"] = ["Trại giam Thanh Xuân"] if rng.random() < 0.1 else []
    return facts


def _terms(rng, reference):
    return rules.Terms(
        reference_date=reference,
        special_amnesty=rng.random() < 0.1,
        max_prior_convictions=rng.choice([0, 1]),
    )


def _expected(rule_set, facts):
    """The reference: the campaign's rule set called on the row alone, stored as the job stores it."""
    verdict = rule_per_row(rule_set, facts)
    findings = [f.as_dict() for f in verdict.findings]
    outcome = str(verdict.outcome)
    if facts["other_lists"]:
        findings.append(
            {
                "code": services.PROPOSED_ONCE,
                "title": "Đề nghị trùng trong đợt",
                "outcome": "review",
                "reason": f"Cùng người được đề nghị trong danh sách của {', '.join(facts['other_lists'][:3])}.",
                "article": "",
                "facts": {},
            }
        )
        outcome = "fail" if outcome == "fail" else "review"
    summary = sentences(f"{f['title']}: {f['reason']}" for f in findings if f["outcome"] != "pass")
    return outcome, json.loads(json.dumps(findings)), summary[:500]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), reference=st.dates(date(2019, 1, 1), date(2027, 12, 31)))
def test_the_jobs_judgement_of_a_row_is_the_rule_called_on_it(seed, reference):
    rng = random.Random(seed)
    rule_set = rules.rule_set(_terms(rng, reference))
    for _ in range(10):
        facts = _facts(rng, reference)
        verdict, findings, summary = services._judged(rule_set, True, facts)
        assert (verdict, json.loads(findings), summary) == _expected(rule_set, facts)


def test_the_rules_applied_on_both_cores_give_the_rules_own_verdicts_in_order():
    rng = random.Random(25)
    for reference in (date(2021, 4, 30), date(2025, 8, 31), date(2026, 9, 2)):
        rule_set = rules.rule_set(_terms(rng, reference))
        work = [_facts(rng, reference) for _ in range(200)]
        with (
            override_settings(CHANCERY_LIST_HELPER=True),
            mock.patch.object(parallel, "MIN_JOB", 0),
            mock.patch.object(parallel, "MIN_SPLIT", 2),
            parallel.Split(partial(services._judged, rule_set, True), size=len(work)) as split,
        ):
            if parallel._can_fork():
                assert split.pool is not None
            judged = split.map(work)
        expected = [_expected(rule_set, facts) for facts in work]
        assert [(v, json.loads(f), s) for v, f, s in judged] == expected
        assert len({v for v, *_ in expected}) > 1  # the sample is varied: more than one outcome


@pytest.mark.django_db
def test_the_appraisal_job_stores_what_the_object_path_stores():
    a = make_amnesty()
    campaign = make_campaign(a)
    rows = [prisoner_row(n) for n in range(1, 11)]
    rows[2] = prisoner_row(3, start="10/01/2025")  # a third not yet served
    rows[4] = prisoner_row(5, civil="Chưa")  # compensation not paid
    import_list(a, open_list(a, campaign), workbook(rows))
    import_list(a, open_list(a, campaign, a.detention), workbook([prisoner_row(1)]))  # row 1 again elsewhere
    with (
        override_settings(CHANCERY_LIST_HELPER=True),
        mock.patch.object(parallel, "MIN_JOB", 0),
        mock.patch.object(parallel, "MIN_SPLIT", 2),
    ):
        job = appraise(a, campaign)
    assert job.status == "done"

    def stored():
        return list(
            Proposal.objects.filter(campaign=campaign)
            .order_by("pk")
            .values_list("verdict", "findings", "summary", "outcome")
        )

    by_job = stored()
    rule_set = rules.rule_set(campaign.rule_terms, code=f"dac-xa-{campaign.code}", title=str(campaign))
    services.appraise_proposals(list(Proposal.objects.filter(campaign=campaign)), campaign, rule_set)
    assert stored() == by_job
    assert {row[0] for row in by_job} >= {Verdict.PASS, Verdict.FAIL, Verdict.REVIEW}
