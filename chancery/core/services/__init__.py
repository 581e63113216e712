"""Write operations on the organisation and on assignments: one transaction each, checked and audited.

Views, the API, the admin screens and commands call these; none of them saves a model directly.

The package has a module per area, each re-exported here: `organisation` (units, staff accounts),
`access_proposals` (the four-eyes rule), `assignments`, `calendar_days`, `agencies`, `numbering` (registers)
and `attachments`.
"""

from chancery.core import selectors  # callers reach the platform's reads as services.selectors
from chancery.core.services.access_proposals import (
    AccountChange,
    confirm_access_proposal,
    confirmers_of,
    describe_changes,
    propose_access,
    reject_access_proposal,
    withdraw_access_proposal,
)
from chancery.core.services.agencies import create_agency
from chancery.core.services.assignments import assign_record, end_assignment, record_view, work_done
from chancery.core.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    attach_file,
    attach_files,
    verify_attachment,
)
from chancery.core.services.calendar_days import check_calendar_day, remove_calendar_day, set_calendar_day
from chancery.core.services.numbering import check_number_pattern, take_number
from chancery.core.services.organisation import (
    STAFF_FIELDS,
    UNIT_FIELDS,
    account_facts,
    changed_facts,
    check_access_change,
    check_unit_change,
    create_staff,
    create_unit,
    set_staff_password,
    units_named_in_settings,
    update_staff,
    update_unit,
)

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "STAFF_FIELDS",
    "UNIT_FIELDS",
    "AccountChange",
    "account_facts",
    "assign_record",
    "attach_file",
    "attach_files",
    "changed_facts",
    "check_access_change",
    "check_calendar_day",
    "check_number_pattern",
    "check_unit_change",
    "confirm_access_proposal",
    "confirmers_of",
    "create_agency",
    "create_staff",
    "create_unit",
    "describe_changes",
    "end_assignment",
    "propose_access",
    "record_view",
    "reject_access_proposal",
    "remove_calendar_day",
    "selectors",
    "set_calendar_day",
    "set_staff_password",
    "take_number",
    "units_named_in_settings",
    "update_staff",
    "update_unit",
    "verify_attachment",
    "withdraw_access_proposal",
    "work_done",
]
