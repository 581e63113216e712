"""Starting, pausing, resuming, extending and stopping legal clocks: checked, one transaction, audited on the
record the clock runs on.

The package has a module per area, each re-exported here: `clocks` (legal clocks), `transitions` (workflow
transitions and their side effects), `reassignment`, `opinions` (opinions from other units) and
`saved_filters` (of case lists).
"""

from chancery.casework.services.clocks import (
    MODE_WORDS,
    UNIT_WORDS,
    ClockRow,
    clocks_of,
    extend_clock,
    load_clocks,
    pause_clock,
    read,
    resume_clock,
    set_clock_length,
    start_clock,
    stop_clock,
    store_due_date,
)
from chancery.casework.services.opinions import (
    OPINION_NOTE,
    answer_opinion,
    can_answer,
    grant_unit_access,
    opinions_on,
    request_opinions,
    withdraw_opinions,
)
from chancery.casework.services.reassignment import reassign
from chancery.casework.services.saved_filters import SAVED_FILTERS_PER_LIST, delete_filter, save_filter
from chancery.casework.services.transitions import C, notifies, starts_clock, stops_clock, transition

__all__ = [
    "MODE_WORDS",
    "OPINION_NOTE",
    "SAVED_FILTERS_PER_LIST",
    "UNIT_WORDS",
    "C",
    "ClockRow",
    "answer_opinion",
    "can_answer",
    "clocks_of",
    "delete_filter",
    "extend_clock",
    "grant_unit_access",
    "load_clocks",
    "notifies",
    "opinions_on",
    "pause_clock",
    "read",
    "reassign",
    "request_opinions",
    "resume_clock",
    "save_filter",
    "set_clock_length",
    "start_clock",
    "starts_clock",
    "stop_clock",
    "stops_clock",
    "store_due_date",
    "transition",
    "withdraw_opinions",
]
