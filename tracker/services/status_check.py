"""Drift of the stored status inputs: compare them with a recomputation from the history.

The progress reports give each assignment's latest one not returned (`Assignment.latest_progress_id`); its
directive gives its `Assignment.issued_on`.
The extension history (approved ExtensionRequest rows) gives each assignment's latest approved deadline;
with the task's own deadline that gives the deadline that counts (`Assignment.due_on`); the assignments
give the task's `open_due_on` and `fixed_severity` (the rule of services.status.task_inputs, in SQL).
Used by `flask tracker check` and by the tests; a handful of grouped queries, whatever the size.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import (Assignment, AssignmentRole, AssignmentState, Directive, ExtensionRequest,
                            ExtensionStatus, ProgressReport, Task, TaskTally)
from tracker.services.status import SEVERITY, StatusClass


@dataclass
class Drift:
    #: "extension" (extended_deadline_on vs the history), "due_on", "issued_on" (vs the directive's),
    #: "latest_progress", "open_due_on",
    #: "fixed_severity", or "task_tally" (the tasks counted for a pair of inputs vs a recount)
    what: str
    #: The assignment's id, the task's for the task's inputs, the fixed severity for the tally.
    row_id: int
    stored: object
    expected: object


def _latest_approved():
    """The assignment's latest approved extension (correlated scalar subquery)."""
    return (sa.select(ExtensionRequest.new_deadline_on)
            .where(ExtensionRequest.assignment_id == Assignment.id,
                   ExtensionRequest.status == ExtensionStatus.APPROVED)
            .order_by(ExtensionRequest.id.desc()).limit(1).scalar_subquery())


def fixed_severity_sql():
    """`status.fixed_severity` in SQL over Assignment: NULL for open work with a deadline."""
    due, sev = Assignment.due_on, SEVERITY
    return sa.case(
        (Assignment.state == AssignmentState.DONE,
         sa.case((sa.or_(due.is_(None), Assignment.done_on <= due), sev[StatusClass.DONE_ON_TIME]),
                 else_=sev[StatusClass.DONE_LATE])),
        (due.is_(None), sev[StatusClass.ONGOING]),
        (Assignment.state == AssignmentState.REPORTED_DONE,
         sa.case((Assignment.reported_done_on > due, sev[StatusClass.OVERDUE]), else_=sev[StatusClass.IN_PROGRESS])),
        else_=None,
    )


def status_drift(limit: int = 100) -> list[Drift]:
    """Up to `limit` rows of each kind whose stored inputs differ from the recomputation."""
    found: list[Drift] = []
    approved = _latest_approved()
    rows = db.session.execute(
        sa.select(Assignment.id, Assignment.extended_deadline_on, approved)
        .where(Assignment.extended_deadline_on.is_distinct_from(approved)).limit(limit))
    found += [Drift("extension", *row) for row in rows]
    expected_due = sa.func.coalesce(approved, Task.deadline_on)
    rows = db.session.execute(
        sa.select(Assignment.id, Assignment.due_on, expected_due).join(Task, Task.id == Assignment.task_id)
        .where(Assignment.due_on.is_distinct_from(expected_due)).limit(limit))
    found += [Drift("due_on", *row) for row in rows]
    rows = db.session.execute(
        sa.select(Assignment.id, Assignment.issued_on, Directive.issued_on).join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .where(Assignment.issued_on.is_distinct_from(Directive.issued_on)).limit(limit))
    found += [Drift("issued_on", *row) for row in rows]
    latest = (sa.select(sa.func.max(ProgressReport.id))
              .where(ProgressReport.assignment_id == Assignment.id, ProgressReport.returned_at.is_(None))
              .scalar_subquery())
    rows = db.session.execute(sa.select(Assignment.id, Assignment.latest_progress_id, latest)
                              .where(Assignment.latest_progress_id.is_distinct_from(latest)).limit(limit))
    found += [Drift("latest_progress", *row) for row in rows]

    lead = Assignment.role == AssignmentRole.LEAD
    is_open = sa.and_(Assignment.state == AssignmentState.OPEN, Assignment.due_on.is_not(None))
    fixed = fixed_severity_sql()
    per_task = (sa.select(
        Assignment.task_id.label("task_id"),
        sa.func.max(sa.case((lead, 1), else_=0)).label("has_lead"),
        sa.func.min(sa.case((sa.and_(lead, is_open), Assignment.due_on))).label("lead_open"),
        sa.func.min(sa.case((is_open, Assignment.due_on))).label("any_open"),
        sa.func.max(sa.case((lead, fixed))).label("lead_fixed"),
        sa.func.max(fixed).label("any_fixed"),
    ).group_by(Assignment.task_id).subquery())
    has_lead = per_task.c.has_lead == 1
    open_due = sa.case((has_lead, per_task.c.lead_open), else_=per_task.c.any_open)
    fixed_sev = sa.func.coalesce(sa.case((has_lead, per_task.c.lead_fixed), else_=per_task.c.any_fixed), 0)
    for what, stored, expected in (("open_due_on", Task.open_due_on, open_due),
                                   ("fixed_severity", Task.fixed_severity, fixed_sev)):
        rows = db.session.execute(
            sa.select(Task.id, stored, expected).outerjoin(per_task, per_task.c.task_id == Task.id)
            .where(stored.is_distinct_from(expected)).limit(limit))
        found += [Drift(what, *row) for row in rows]
    found += tally_drift(limit)
    return found


def tally_drift(limit: int = 100) -> list[Drift]:
    """Pairs of status inputs whose count in TaskTally differs from a recount of the tasks; stored and
    expected as (open_due_on, tasks)."""
    key = (Task.fixed_severity, Task.open_due_on)
    expected = {(f, d): n for f, d, n in db.session.execute(sa.select(*key, sa.func.count()).group_by(*key))}
    key = (TaskTally.fixed_severity, TaskTally.open_due_on)
    stored = {(f, d): n for f, d, n in db.session.execute(sa.select(*key, sa.func.sum(TaskTally.tasks)).group_by(*key))}
    pairs = sorted((p for p in expected.keys() | stored.keys() if expected.get(p, 0) != stored.get(p, 0)),
                   key=lambda p: (p[0], p[1] is not None, p[1]))
    return [Drift("task_tally", f, (d, stored.get((f, d), 0)), (d, expected.get((f, d), 0))) for f, d in pairs[:limit]]
