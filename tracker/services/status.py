"""The displayed status class of assignments and tasks: derived, never stored (DESIGN.md "States").

`classify` is the rule. `assignment_class_sql` is the same rule as an SQL expression, for lists,
reports and dashboards that filter or count at scale; tests/test_status.py proves the two agree.
"""
from datetime import date
from enum import StrEnum
from typing import Iterable, Optional

import sqlalchemy as sa

from tracker.models import Assignment, AssignmentRole, AssignmentState, Task


class StatusClass(StrEnum):
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ONGOING = "ongoing"
    #: Taken up by a later notice ("chuyển sang Thông báo số …"): neither done nor overdue here.
    CARRIED_OVER = "carried_over"


LABELS = {
    StatusClass.IN_PROGRESS: "Đang thực hiện trong hạn",
    StatusClass.OVERDUE: "Quá hạn",
    StatusClass.DONE_ON_TIME: "Hoàn thành đúng hạn",
    StatusClass.DONE_LATE: "Hoàn thành quá hạn",
    StatusClass.ONGOING: "Thường xuyên",
    StatusClass.CARRIED_OVER: "Chuyển sang văn bản sau",
}

#: Bootstrap colour of each class's badge.
BADGES = {
    StatusClass.IN_PROGRESS: "primary",
    StatusClass.OVERDUE: "danger",
    StatusClass.DONE_ON_TIME: "success",
    StatusClass.DONE_LATE: "warning",
    StatusClass.ONGOING: "secondary",
    StatusClass.CARRIED_OVER: "info",
}

#: Worst first: a task's class is the worst of its lead assignments.
SEVERITY = {
    StatusClass.OVERDUE: 5,
    StatusClass.IN_PROGRESS: 4,
    StatusClass.ONGOING: 3,
    StatusClass.DONE_LATE: 2,
    StatusClass.DONE_ON_TIME: 1,
    StatusClass.CARRIED_OVER: 0,
}
BY_SEVERITY = {v: k for k, v in SEVERITY.items()}
#: Worst first: how lists of classes read (the unit's home, summaries).
CLASS_ORDER = tuple(sorted(StatusClass, key=SEVERITY.__getitem__, reverse=True))
#: The columns of the standard table of implementation reports (and the dashboard's scorecard).
REPORT_ORDER = (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE, StatusClass.IN_PROGRESS, StatusClass.OVERDUE,
                StatusClass.ONGOING, StatusClass.CARRIED_OVER)


def classify(
    state: AssignmentState | str,
    deadline: Optional[date],
    done_on: Optional[date],
    today: date,
    reported_done_on: Optional[date] = None,
) -> StatusClass:
    """The class of one assignment.

    - done: on time if done on or before the deadline (or there is none), else late;
    - no deadline: ongoing work (thường xuyên);
    - reported done, awaiting the office: judged on the day it was reported, so a slow
      confirmation does not make a unit overdue;
    - open: overdue from the day after the deadline; the deadline day itself is still in time.
    """
    state = AssignmentState(state)
    if state == AssignmentState.CARRIED_OVER:
        return StatusClass.CARRIED_OVER
    if state == AssignmentState.DONE:
        if deadline is None or (done_on is not None and done_on <= deadline):
            return StatusClass.DONE_ON_TIME
        return StatusClass.DONE_LATE
    if deadline is None:
        return StatusClass.ONGOING
    as_of = reported_done_on if state == AssignmentState.REPORTED_DONE and reported_done_on else today
    return StatusClass.OVERDUE if as_of > deadline else StatusClass.IN_PROGRESS


def days_overdue(
    state: AssignmentState | str, deadline: Optional[date], today: date, reported_done_on: Optional[date] = None
) -> int:
    """How many days past the deadline an overdue assignment is, on the day `classify` judges it; 0 otherwise.

    Open work counts up to `today`; a late "done" report counts up to the day it came in.
    """
    if classify(state, deadline, None, today, reported_done_on) != StatusClass.OVERDUE:
        return 0
    state = AssignmentState(state)
    as_of = reported_done_on if state == AssignmentState.REPORTED_DONE and reported_done_on else today
    return (as_of - deadline).days


def assignment_class(assignment: Assignment, today: date) -> StatusClass:
    return classify(
        assignment.state, assignment.deadline_on, assignment.done_on, today, assignment.reported_done_on
    )


def worst(classes: Iterable[StatusClass]) -> Optional[StatusClass]:
    classes = list(classes)
    return max(classes, key=SEVERITY.__getitem__) if classes else None


def task_class(task: Task, today: date) -> StatusClass:
    """The worst of the lead assignments (all assignments if none leads; the deadline if none at all)."""
    assignments = task.leads or task.assignments
    if not assignments:
        return classify(AssignmentState.OPEN, task.deadline_on, None, today)
    return worst(assignment_class(a, today) for a in assignments)


def effective_deadline_sql():
    """The deadline that counts, as SQL: the approved extension, else the task's own (needs Task joined)."""
    return sa.func.coalesce(Assignment.extended_deadline_on, Task.deadline_on)


def assignment_class_sql(today: date):
    """`classify` as an SQL CASE over Assignment joined to Task, giving StatusClass values."""
    deadline = effective_deadline_sql()
    return sa.case(
        (Assignment.state == AssignmentState.CARRIED_OVER, StatusClass.CARRIED_OVER.value),
        (
            Assignment.state == AssignmentState.DONE,
            sa.case(
                (sa.or_(deadline.is_(None), Assignment.done_on <= deadline), StatusClass.DONE_ON_TIME.value),
                else_=StatusClass.DONE_LATE.value,
            ),
        ),
        (deadline.is_(None), StatusClass.ONGOING.value),
        (
            sa.and_(Assignment.state == AssignmentState.REPORTED_DONE, Assignment.reported_done_on.is_not(None)),
            sa.case(
                (Assignment.reported_done_on > deadline, StatusClass.OVERDUE.value),
                else_=StatusClass.IN_PROGRESS.value,
            ),
        ),
        (deadline < today, StatusClass.OVERDUE.value),
        else_=StatusClass.IN_PROGRESS.value,
    )


def severity_sql(class_expr):
    """Map a class expression to its severity, so SQL can take the worst with max()."""
    return sa.case({c.value: s for c, s in SEVERITY.items()}, value=class_expr)


def task_severity_subquery(today: date, task_ids=None):
    """(task_id, severity) for every task with assignments: the worst lead, or the worst of all if none leads.

    `task_ids` (a select of task ids) limits the work to those tasks: a unit's list or one page need not
    classify the whole province.
    """
    sev = severity_sql(assignment_class_sql(today))
    is_lead = Assignment.role == AssignmentRole.LEAD
    lead_sev = sa.func.max(sa.case((is_lead, sev), else_=None))
    any_sev = sa.func.max(sev)
    stmt = (
        sa.select(Assignment.task_id.label("task_id"), sa.func.coalesce(lead_sev, any_sev).label("severity"))
        .join(Task, Task.id == Assignment.task_id)
        .group_by(Assignment.task_id)
    )
    if task_ids is not None:
        stmt = stmt.where(Assignment.task_id.in_(task_ids))
    return stmt.subquery("task_severity")
