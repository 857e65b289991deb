"""All models, importable from one place: `from tracker.models import Task`."""
from tracker.models.directives import Directive, Meeting
from tracker.models.followup import CarryMode, ReportKind, ReportText, TaskCarryOver
from tracker.models.org import ROLE_LABELS, UNIT_KIND_LABELS, Role, Unit, UnitKind, User
from tracker.models.reminders import JobRun, OutboxKind, OutboxMessage, OutboxStatus, Reminder
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
)

__all__ = [
    "Assignment", "AssignmentRole", "AssignmentState", "Directive", "ExtensionRequest", "ExtensionStatus",
    "Meeting", "ProgressReport", "REPORT_EVERY_LABELS", "ROLE_LABELS", "Reminder", "ReportEvery", "ReportFile",
    "Role", "Task", "TaskEvent", "UNIT_KIND_LABELS", "Unit", "UnitKind", "User",
    "JobRun", "OutboxKind", "OutboxMessage", "OutboxStatus", "CarryMode", "ReportKind", "ReportText",
    "TaskCarryOver",
]
