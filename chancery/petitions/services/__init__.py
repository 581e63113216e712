"""Every write on petitions: register (from any channel), classify, split, link or merge duplicates, decide
the path (handle, forward, guide, store), send letters, record the agency's answer, close. One transaction
each, checked, audited; the web UI, the API, the Excel import and the online form all come through here.

Audit events and notifications name a petition by its registry number only (`Petition.__str__`): a
denouncer's name never reaches the audit trail, a notice or a log line.

The package has one module per step: `intake` (register, the petitioners), `clocks` (the legal time
limits the states run), `facts` (classify, the case's facts, split), `duplicates`, `decision` (the path and
its grounds), `follow_up` (letters, reminders, the agency's answer, close, extend), `reception` (citizen
reception, agencies) and `scanning` (a letter of a scan registered); callers import the package.
"""

from __future__ import annotations

from chancery.petitions.services.decision import (
    CHECK_NAMES,
    CHECKS,
    PETITION_PATH_LABELS,
    RECORD_FACTS,
    DecisionData,
    complaint_is_late,
    decide_facts,
    decide_petition,
    facts_of,
    forwarded_before,
)
from chancery.petitions.services.duplicates import (
    decide_duplicate,
    record_duplicate_check,
    record_opening,
)
from chancery.petitions.services.facts import (
    CASE_FACTS,
    PartData,
    classify_petition,
    set_case_facts,
    split_petition,
)
from chancery.petitions.services.follow_up import (
    close_petition,
    extend_handling,
    record_answer,
    send_reminder,
    sign_letter,
)
from chancery.petitions.services.intake import (
    CHANNEL_WORDS,
    KEEP,
    OUTGOING_CODE,
    OUTGOING_NAME,
    OUTGOING_PATTERN,
    REGISTER_CODE,
    REGISTER_NAME,
    REGISTER_PATTERN,
    PersonData,
    PetitionData,
    can_register,
    is_id_number,
    petitions_unit,
    register_petition,
)
from chancery.petitions.services.reception import (
    can_see_reception,
    open_session,
    record_visit,
)
from chancery.petitions.services.scanning import kept_fields, register_scanned_letter

__all__ = [
    "CASE_FACTS",
    "CHANNEL_WORDS",
    "CHECKS",
    "CHECK_NAMES",
    "KEEP",
    "OUTGOING_CODE",
    "OUTGOING_NAME",
    "OUTGOING_PATTERN",
    "PETITION_PATH_LABELS",
    "RECORD_FACTS",
    "REGISTER_CODE",
    "REGISTER_NAME",
    "REGISTER_PATTERN",
    "DecisionData",
    "PartData",
    "PersonData",
    "PetitionData",
    "can_register",
    "can_see_reception",
    "classify_petition",
    "close_petition",
    "complaint_is_late",
    "decide_duplicate",
    "decide_facts",
    "decide_petition",
    "extend_handling",
    "facts_of",
    "forwarded_before",
    "is_id_number",
    "kept_fields",
    "open_session",
    "petitions_unit",
    "record_answer",
    "record_duplicate_check",
    "record_opening",
    "record_visit",
    "register_petition",
    "register_scanned_letter",
    "send_reminder",
    "set_case_facts",
    "sign_letter",
    "split_petition",
]
