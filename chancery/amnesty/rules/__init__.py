"""The Law on Amnesty and each amnesty's decision as pure functions: the time a prisoner has served at the
campaign's reference date, the fraction their group must have served, and the rule set the appraisal engine
(chancery.appraisal.engine) applies to each proposal.

Sources: Luật Đặc xá 2018 (30/2018/QH14), Điều 11 (conditions to be proposed), Điều 12 (not proposed),
Điều 22 (amnesty in a special case); the President's decision of each amnesty sets the reference date, the
fractions by group, the special cases and the excluded offences within the law (Terms below: the campaign's
parameters, edited by an administrator before appraisal and frozen after).

The facts a criterion reads (built by chancery.amnesty.services from the list's row and the records on file):

- kind: "fixed" (tù có thời hạn) | "life_commuted" (tù chung thân đã giảm xuống tù có thời hạn) | "suspended"
  (đang được tạm đình chỉ chấp hành án) | "postponed" (đang được hoãn chấp hành án) | "life" (tù chung thân
  chưa được giảm): the last two only in an amnesty in a special case (Điều 22)
- term_months: the fixed term in months (for a life sentence commuted, the term it was commuted to; 0 for a
  life sentence not commuted)
- start: the date the sentence counts from; pretrial_days: days of tạm giữ, tạm giam not inside it;
  reduction_months, reduction_days: the reductions granted (giảm thời hạn chấp hành án), deducted from what
  remains to be served or counted as served as the campaign's terms say (Terms.reductions)
- articles: the Criminal Code articles of the conviction ("123", "251.2" for a clause)
- birth, offence_date: for the age-based special cases (birth_year_only: the list gave the year alone)
- special: the special-case codes the facility declares (SPECIAL_CASES)
- bad_quarters: quarters rated below "khá" during the sentence; good_quarters: consecutive quarters rated
  "khá" or "tốt" up to the council's meeting, and rated_since: the time since the last rated quarter up to
  that meeting judged "khá" or "tốt" (read where the campaign sets quarters by sentence band); civil: CIVIL_*
  status of the civil obligations; fines_paid, fees_paid; residence: a clear place to live after release
- prior_convictions, cassation_protest, prosecuted, amnestied_before (from the list or the records on file)

The package's modules: `base` (the campaign's terms, the facts, the parameters, and the arithmetic of time
served with its credits) and `criteria` (the criteria of Luật Đặc xá 2018 and the appraisal); callers import
the package.
"""

from __future__ import annotations

from chancery.amnesty.rules.base import (
    CIVIL_DONE,
    CIVIL_HARDSHIP,
    CIVIL_NONE,
    CIVIL_NOT_DONE,
    CIVIL_STATES,
    CIVIL_SUSPENDED,
    CIVIL_WAIVED,
    CORRUPTION,
    FIXED,
    KINDS,
    LAW,
    LAW_IN_FORCE,
    LIFE,
    LIFE_COMMUTED,
    NATIONAL_SECURITY,
    ORDINARY_KINDS,
    POSTPONED,
    REDUCTION_RULES,
    REDUCTIONS_ADDED,
    REDUCTIONS_DEDUCTED,
    REDUCTIONS_GUIDANCE,
    SPECIAL_CASES,
    SPECIAL_ONLY_KINDS,
    SUSPENDED,
    Group,
    QuarterBand,
    Terms,
    add_months,
    age_on,
    covers,
    fraction_text,
    part_of_term,
    reached_on,
    served_months,
    special_cases_of,
)
from chancery.amnesty.rules.criteria import (
    CIVIL,
    CONDUCT,
    KIND,
    LAST_ARTICLE,
    NOT_EXCLUDED,
    RESIDENCE,
    SPECIAL_AMNESTY,
    TIME_SERVED,
    Account,
    ArticleError,
    account,
    article_code,
    articles_of,
    check_articles,
    describe,
    describe_quarters,
    parse_fraction,
    required_quarters,
    rule_set,
)
from chancery.amnesty.rules.criteria import (
    _impossible_credits as _impossible_credits,
)

__all__ = [
    "CIVIL",
    "CIVIL_DONE",
    "CIVIL_HARDSHIP",
    "CIVIL_NONE",
    "CIVIL_NOT_DONE",
    "CIVIL_STATES",
    "CIVIL_SUSPENDED",
    "CIVIL_WAIVED",
    "CONDUCT",
    "CORRUPTION",
    "FIXED",
    "KIND",
    "KINDS",
    "LAST_ARTICLE",
    "LAW",
    "LAW_IN_FORCE",
    "LIFE",
    "LIFE_COMMUTED",
    "NATIONAL_SECURITY",
    "NOT_EXCLUDED",
    "ORDINARY_KINDS",
    "POSTPONED",
    "REDUCTIONS_ADDED",
    "REDUCTIONS_DEDUCTED",
    "REDUCTIONS_GUIDANCE",
    "REDUCTION_RULES",
    "RESIDENCE",
    "SPECIAL_AMNESTY",
    "SPECIAL_CASES",
    "SPECIAL_ONLY_KINDS",
    "SUSPENDED",
    "TIME_SERVED",
    "Account",
    "ArticleError",
    "Group",
    "QuarterBand",
    "Terms",
    "account",
    "add_months",
    "age_on",
    "article_code",
    "articles_of",
    "check_articles",
    "covers",
    "describe",
    "describe_quarters",
    "fraction_text",
    "parse_fraction",
    "part_of_term",
    "reached_on",
    "required_quarters",
    "rule_set",
    "served_months",
    "special_cases_of",
]
