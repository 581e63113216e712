"""The law of honours as pure functions: the awards the President confers, their ladders, and the rule sets
the appraisal engine (chancery.appraisal.engine) applies to each nomination.

Sources: Luật Thi đua, khen thưởng 2022 (06/2022/QH15, in force 1 January 2024), Nghị định 98/2023/NĐ-CP
detailing it (replaced from 1 July 2025 by Nghị định 152/2025/NĐ-CP, which keeps the law's thresholds for the
criteria below and details the awards for long contribution); before 2024, the 2003 law as amended in 2013
with Nghị định 91/2017/NĐ-CP (in force 1 October 2017); Pháp lệnh "Bà mẹ Việt Nam anh hùng" 1994 as amended
by Pháp lệnh 05/2012/UBTVQH13.

The facts a criterion reads (built by chancery.honours.services from the nominee's row and the history on
file):

- subject: "individual" | "collective"; nationality (ISO code, "VN" by default); is_enterprise
- proposed_on: the date of the proposing body's submission (the rule set in force on it applies)
- ground: "achievement" (the ladder: a prior award, then years of results), "exceptional" (thành tích đột
  xuất), "contribution" (quá trình cống hiến)
- ratings: {year: "excellent" | "good" | "completed" | "not_completed"} (xếp loại hằng năm)
- titles: [(year, code)] emulation titles and recognitions: TITLE_* codes
- claimed_prior: {"award", "decision_number", "decided_on"} the prior award the row declares, or None
- held: [{"award", "decision_number", "decided_on", "revoked"}] the honours history on file
- discipline_years, under_investigation, tax_debt, insurance_debt
- other_proposals: [{"award", "batch"}] other nominations of the same subject in the same year
- service_years: continuous years of service (the armed forces' medals)
- posthumous, died_on: a proposal to award a person who has died (truy tặng), and the date of death
- post, post_years: for a long contribution (quá trình cống hiến), the post held (a POSTS code, or the
  body's own words when it is none of them) and the years in it
- martyrs: for Bà mẹ Việt Nam anh hùng, {"children", "children_martyrs", "children_invalid_81",
  "husband_martyr", "self_martyr", "self_invalid_81"}

The package's modules: `base` (the subjects, awards and facts a rule reads), `facts` (helpers over the
facts), `shared` (the criteria every rule set shares), `ladder` (a prior award, then consecutive years and
titles), `special` (a long contribution, Bà mẹ Việt Nam anh hùng, Huân chương Hữu nghị, the highest orders,
the medals for years of service) and `book` (the rule book); callers import the package.
"""

from __future__ import annotations

from chancery.honours.rules.base import (
    ANNEX_ORDER,
    AWARDS,
    COLLECTIVE,
    DECREE_91_2017,
    DECREE_152_2025,
    GROUNDS,
    INDIVIDUAL,
    LAW_2022,
    RATING_LABELS,
    RATINGS,
    TITLE_EXCELLENT_COLLECTIVE,
    TITLE_GOVERNMENT_FLAG,
    TITLE_GRASSROOTS_FIGHTER,
    TITLE_MINISTRY_FIGHTER,
    TITLE_MINISTRY_FLAG,
    TITLE_MINISTRY_INITIATIVE,
    TITLE_MINISTRY_MERIT,
    TITLE_NATIONAL_FIGHTER,
    TITLES,
    Award,
    award_name,
)
from chancery.honours.rules.book import (
    ALL_GROUNDS,
    LADDER_PARAMETERS,
    RULE_BOOK,
    rule_set_code,
    show,
)
from chancery.honours.rules.facts import (
    held_awards,
    reference_year,
    streak,
    titles_in,
)
from chancery.honours.rules.ladder import (
    PERIOD_RULE,
    PERIOD_RULE_IN_FORCE,
    CountStart,
    count_start,
    ladder,
)
from chancery.honours.rules.shared import (
    CLEAN_RECORD,
    POSTHUMOUS,
    PROPOSED_ONCE,
)
from chancery.honours.rules.special import (
    ARMY,
    CONTRIBUTION,
    FORCES,
    HIGHER_ORDERS,
    LABOUR_THIRD_POSTS,
    MEDAL_FORCES,
    NO_FORCE,
    POLICE,
    POST_DEPUTY_DIRECTOR,
    POST_DEPUTY_GENERAL_DIRECTOR,
    POST_DIRECTOR,
    POST_GENERAL_DIRECTOR,
    POSTS,
)

__all__ = [
    "ALL_GROUNDS",
    "ANNEX_ORDER",
    "ARMY",
    "AWARDS",
    "CLEAN_RECORD",
    "COLLECTIVE",
    "CONTRIBUTION",
    "DECREE_91_2017",
    "DECREE_152_2025",
    "FORCES",
    "GROUNDS",
    "HIGHER_ORDERS",
    "INDIVIDUAL",
    "LABOUR_THIRD_POSTS",
    "LADDER_PARAMETERS",
    "LAW_2022",
    "MEDAL_FORCES",
    "NO_FORCE",
    "PERIOD_RULE",
    "PERIOD_RULE_IN_FORCE",
    "POLICE",
    "POSTHUMOUS",
    "POSTS",
    "POST_DEPUTY_DIRECTOR",
    "POST_DEPUTY_GENERAL_DIRECTOR",
    "POST_DIRECTOR",
    "POST_GENERAL_DIRECTOR",
    "PROPOSED_ONCE",
    "RATINGS",
    "RATING_LABELS",
    "RULE_BOOK",
    "TITLES",
    "TITLE_EXCELLENT_COLLECTIVE",
    "TITLE_GOVERNMENT_FLAG",
    "TITLE_GRASSROOTS_FIGHTER",
    "TITLE_MINISTRY_FIGHTER",
    "TITLE_MINISTRY_FLAG",
    "TITLE_MINISTRY_INITIATIVE",
    "TITLE_MINISTRY_MERIT",
    "TITLE_NATIONAL_FIGHTER",
    "Award",
    "CountStart",
    "award_name",
    "count_start",
    "held_awards",
    "ladder",
    "reference_year",
    "rule_set_code",
    "show",
    "streak",
    "titles_in",
]
