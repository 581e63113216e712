"""Organisation, people, access facts and the audit trail: what every module of Chancery stands on.

The package has a module per area, each imported here (Django finds every model through this package):
`organisation`, `calendar_days`, `assignments`, `audit_trail`, `notifications`, `jobs`, `attachments` and
`accounts`.
"""

# In the order the models were declared, the order Django registers them in.
# isort: off
from chancery.core.models.organisation import (
    Agency,
    ProtectedRecord,
    Role,
    RoleCode,
    SecrecyLevel,
    StaffManager,
    Unit,
    UnitKind,
    User,
)
from chancery.core.models.calendar_days import CalendarDay, CalendarDayKind, CalendarDayOrigin
from chancery.core.models.assignments import Assignment, AssignmentKind, NumberRegister
from chancery.core.models.audit_trail import CHANGE_LABELS, AuditAction, AuditChainHead, AuditEvent
from chancery.core.models.notifications import Notification, NotificationKind
from chancery.core.models.jobs import Job, JobStatus, JobUpload
from chancery.core.models.attachments import Attachment, RecordLink
from chancery.core.models.accounts import AccessProposal, ApiToken, PasswordSetLink, ProposalStatus
# isort: on

__all__ = [
    "CHANGE_LABELS",
    "AccessProposal",
    "Agency",
    "ApiToken",
    "Assignment",
    "AssignmentKind",
    "Attachment",
    "AuditAction",
    "AuditChainHead",
    "AuditEvent",
    "CalendarDay",
    "CalendarDayKind",
    "CalendarDayOrigin",
    "Job",
    "JobStatus",
    "JobUpload",
    "Notification",
    "NotificationKind",
    "NumberRegister",
    "PasswordSetLink",
    "ProposalStatus",
    "ProtectedRecord",
    "RecordLink",
    "Role",
    "RoleCode",
    "SecrecyLevel",
    "StaffManager",
    "Unit",
    "UnitKind",
    "User",
]
