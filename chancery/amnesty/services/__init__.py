"""Amnesty's write operations: a campaign and its terms (audited, frozen once appraisal starts), the lists
of the facilities, the appraisal of every prisoner against the law and the terms, overrides, the advisory
council's opinions, the President's decision and the record of who was amnestied.

The package's modules: `campaigns` (who works on amnesty, the campaign and its terms), `lists` (the
facilities' lists) and `appraisal` (the appraisal job, review, the council's opinion and the decision);
callers import the package.
"""

from __future__ import annotations

from chancery.amnesty.services.appraisal import (
    LIFECYCLE,
    PROPOSED_ONCE,
    AmnestyLifecycle,
    appraise_proposals,
    appraise_rows,
    awaiting_council,
    counts_of,
    export_submission,
    facts_of,
    finish_appraisal,
    judge,
    may_give_council_opinion,
    override_verdict,
    prepare_decision,
    record_council_agreement,
    record_council_opinion,
    record_decision,
    reopen_appraisal,
    start_appraisal,
    submission_of,
)
from chancery.amnesty.services.appraisal import (
    _judged as _judged,
)
from chancery.amnesty.services.campaigns import (
    CAMPAIGN_REGISTER,
    add_council_member,
    can_change_campaign,
    can_edit_terms,
    can_take_lists,
    can_work_on_amnesty,
    create_campaign,
    is_council_member,
    refusal,
    terms_refusal,
    update_terms,
)
from chancery.amnesty.services.lists import (
    PrisonerList,
    attach_list_dossier,
    confirm_import,
    import_or_preview,
    open_list,
    start_import,
)

__all__ = [
    "CAMPAIGN_REGISTER",
    "LIFECYCLE",
    "PROPOSED_ONCE",
    "AmnestyLifecycle",
    "PrisonerList",
    "add_council_member",
    "appraise_proposals",
    "appraise_rows",
    "attach_list_dossier",
    "awaiting_council",
    "can_change_campaign",
    "can_edit_terms",
    "can_take_lists",
    "can_work_on_amnesty",
    "confirm_import",
    "counts_of",
    "create_campaign",
    "export_submission",
    "facts_of",
    "finish_appraisal",
    "import_or_preview",
    "is_council_member",
    "judge",
    "may_give_council_opinion",
    "open_list",
    "override_verdict",
    "prepare_decision",
    "record_council_agreement",
    "record_council_opinion",
    "record_decision",
    "refusal",
    "reopen_appraisal",
    "start_appraisal",
    "start_import",
    "submission_of",
    "terms_refusal",
    "update_terms",
]
