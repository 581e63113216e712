"""The audit trail: one way to write an event, to seal events into a hash chain, to anchor the chain's end
outside the database, and to verify all of it.

Services call `record()` inside their transaction. The event is authenticated as it is written: a random
nonce and an HMAC of its content (`mac`) under the audit key, which is not in the database. It is sealed
right after the transaction commits, so writers never wait on each other for the chain while their
transaction runs: sealing takes the chain head's row lock, refuses any pending row whose MAC is missing,
wrong or a copy of another row's (it stays unsealed, is logged, and `chancery audit verify` names it), and
gives every accepted event the next position (`seq`) and a seal: an HMAC over the position, the previous
event's seal, the event's id and its MAC.

A database owner can still delete the newest events and set the chain head back: what is left is a whole
chain. So the chain's end is anchored outside the database: after a seal (at most once every
CHANCERY_AUDIT_CHECKPOINT_SECONDS) and on `chancery audit checkpoint`, a checkpoint (position, seal,
time) is appended to a file outside the database (CHANCERY_AUDIT_CHECKPOINTS), signed with the key and
chained to the line before, and optionally logged. It is written in a short transaction of its own right
after the seal commits, under the same row lock, so that it names only a committed position and checkpoints
from many processes follow each other in order. `verify` checks that the chain reaches every checkpoint
with the seal it recorded, and that the file itself is whole.

The key (CHANCERY_AUDIT_KEY, or var/audit_key) is used for three purposes, each through its own derived key:
event MACs, seals and checkpoints. Events sealed before MACs existed (positions below the chain head's
`mac_from_seq`) keep the seal they were given, over their content, with the key itself.

The package has a module per part, each re-exported here: `signing` (the key, canonical content, MACs),
`events` (writing events), `sealing`, `checkpoints` and `verification`.
"""

from chancery.core.audit.checkpoints import (
    CHECKPOINT_FILE,
    Checkpoint,
    checkpoint_lines,
    checkpoint_path,
    copy_checkpoints,
    key_signed_checkpoints,
    parse_checkpoint,
    write_checkpoint,
)
from chancery.core.audit.events import (
    choice_change,
    client_address,
    current_request,
    diff,
    object_type_of,
    record,
    record_many,
    scope_of,
    snapshot,
    subject_url,
)
from chancery.core.audit.sealing import (
    NO_MAC,
    SEAL_BATCH,
    WRONG_MAC,
    SealReport,
    compute_hash,
    legacy_hash,
    mark_doubtful,
    seal,
    seal_pending,
)
from chancery.core.audit.signing import KEY_FILE, _audit_key, event_mac, read_audit_key, sign_event
from chancery.core.audit.verification import ChainProblem, ChainReport, verify_chain

__all__ = [
    "CHECKPOINT_FILE",
    "KEY_FILE",
    "NO_MAC",
    "SEAL_BATCH",
    "WRONG_MAC",
    "ChainProblem",
    "ChainReport",
    "Checkpoint",
    "SealReport",
    "_audit_key",
    "checkpoint_lines",
    "checkpoint_path",
    "choice_change",
    "client_address",
    "compute_hash",
    "copy_checkpoints",
    "current_request",
    "diff",
    "event_mac",
    "key_signed_checkpoints",
    "legacy_hash",
    "mark_doubtful",
    "object_type_of",
    "parse_checkpoint",
    "read_audit_key",
    "record",
    "record_many",
    "scope_of",
    "seal",
    "seal_pending",
    "sign_event",
    "snapshot",
    "subject_url",
    "verify_chain",
    "write_checkpoint",
]
