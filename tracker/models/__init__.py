"""All models, importable from one place: `from tracker.models import Task`."""
from tracker.models.access import AccessToken, TokenKind
from tracker.models.directives import Directive, DirectiveFile, Meeting
from tracker.models.followup import CarryMode, ReportKind, ReportText, TaskCarryOver
from tracker.models.org import ROLE_LABELS, UNIT_KIND_LABELS, Role, Unit, UnitKind, User
from tracker.models.reminders import (
    DigestEvery, JobRun, OutboxKind, OutboxMessage, OutboxStatus, Reminder, ReminderPlan,
)
from tracker.models.security import AuditEvent, RateLimitCounter
from tracker.models.tasks import (
    REPORT_EVERY_LABELS,
    Assignment,
    AssignmentRole,
    AssignmentState,
    ExtensionRequest,
    ExtensionStatus,
    ProgressReport,
    ReportEvery,
    ReportFile,
    Task,
    TaskEvent,
    TaskTally,
)

__all__ = [
    "AccessToken", "TokenKind",
    "Assignment", "AssignmentRole", "AssignmentState", "Directive", "DirectiveFile", "ExtensionRequest", "ExtensionStatus",
    "Meeting", "ProgressReport", "REPORT_EVERY_LABELS", "ROLE_LABELS", "Reminder", "ReportEvery", "ReportFile",
    "Role", "Task", "TaskEvent", "TaskTally", "UNIT_KIND_LABELS", "Unit", "UnitKind", "User",
    "DigestEvery", "JobRun", "OutboxKind", "OutboxMessage", "OutboxStatus", "ReminderPlan", "RateLimitCounter", "AuditEvent",
    "CarryMode", "ReportKind", "ReportText", "TaskCarryOver",
]
