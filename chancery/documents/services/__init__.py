"""Every write on official documents. Incoming: register, route to a lead unit and cooperating units with a
time limit, record each unit's handling, close with the outcome or the answer, return to the sender.
Outgoing: draft (from the template, in versions), submit to an approval circuit, approve or return, send for
signature (a number is reserved), issue (the number is confirmed), send to units and agencies; a reserved
number that is not used is cancelled and stays in the register.

One transaction each, checked against the access policy, audited. Audit messages and notifications name a
document by its number only (`__str__`): the summary of a secret document never leaves its record.

The package has one module per section, in the order a document goes: `common`, `incoming`, `drafting`,
`approval`, `issuing`, `dispatch` (with the edXML exchange), `exchange_requests` (what a sender asks of a
document it sent: to take it back, revoke, update or replace it); callers import the package.
"""

from __future__ import annotations

from chancery.documents.services.approval import (
    decide_step,
    open_step_of,
    submit_for_approval,
)
from chancery.documents.services.common import (
    HANDLING_CLOCK,
    PRESENTATION_CLOCK,
    can_draft,
    can_register,
    can_route,
    clerical_unit,
    record_signatures,
)
from chancery.documents.services.dispatch import (
    dispatch_document,
    exchange_status,
    export_exchange,
    import_exchange,
    record_dispatch_status,
    record_exchange_status,
)
from chancery.documents.services.drafting import (
    SIGNING_ROLES,
    DraftData,
    create_draft,
    current_version,
    draft_from_file,
    may_sign_documents,
    president_signature,
    update_draft,
    upload_version,
)
from chancery.documents.services.exchange_requests import (
    answer_package,
    answer_recall,
    find_replacement,
    receive_exchange,
    record_recall_request,
    request_history,
    request_preview,
    request_recall,
    request_token,
)
from chancery.documents.services.incoming import (
    WORKING_UNIT_KINDS,
    IncomingData,
    Routing,
    can_close,
    close_incoming,
    record_handling,
    register_incoming,
    return_incoming,
    route_incoming,
    working_units,
)
from chancery.documents.services.issuing import (
    can_sign,
    issue_document,
    refuse_signature,
    send_for_signature,
    series_of,
    withdraw_document,
)

__all__ = [
    "HANDLING_CLOCK",
    "PRESENTATION_CLOCK",
    "SIGNING_ROLES",
    "WORKING_UNIT_KINDS",
    "DraftData",
    "IncomingData",
    "Routing",
    "answer_package",
    "answer_recall",
    "can_close",
    "can_draft",
    "can_register",
    "can_route",
    "can_sign",
    "clerical_unit",
    "close_incoming",
    "create_draft",
    "current_version",
    "decide_step",
    "dispatch_document",
    "draft_from_file",
    "exchange_status",
    "export_exchange",
    "find_replacement",
    "import_exchange",
    "issue_document",
    "may_sign_documents",
    "open_step_of",
    "president_signature",
    "receive_exchange",
    "record_dispatch_status",
    "record_exchange_status",
    "record_handling",
    "record_recall_request",
    "record_signatures",
    "refuse_signature",
    "register_incoming",
    "request_history",
    "request_preview",
    "request_recall",
    "request_token",
    "return_incoming",
    "route_incoming",
    "send_for_signature",
    "series_of",
    "submit_for_approval",
    "update_draft",
    "upload_version",
    "withdraw_document",
    "working_units",
]
