"""Reads for the follow-up reports and carry-over: a notice's tasks with everything its report prints, a
unit's assignments on a notice, the period's lead assignments of one class, the progress that counts, and
the still-open tasks of a committee's earlier notices."""
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import (
    Assignment, AssignmentRole, AssignmentState, Directive, ProgressReport, Task, TaskCarryOver, Unit,
)
from tracker.queries.reports import lead_assignments
from tracker.services.status import StatusClass, assignment_class_sql, effective_deadline_sql


@dataclass
class Note:
    """The progress that counts for an assignment: its text and day, and whether the office has still to
    confirm it (a "done" report waiting)."""

    text: str
    reported_on: date
    pending: bool = False
    is_done_report: bool = False


def accepted_note(assignment: Assignment, skip: Optional[Callable[[ProgressReport], bool]] = None) -> Optional[Note]:
    """The latest progress of an assignment that counts (its `reports` loaded).

    Ordinary progress notes always count. Of the "done" reports only the last can, and only while the
    assignment is reported done (pending) or done: every earlier one, and the last one of an assignment that
    is open again, was returned by the office, and a returned report is never progress (DESIGN.md).
    `skip` leaves out some reports (the unit's own earlier report documents, in its next draft).
    """
    done_reports = [r for r in assignment.reports if r.is_done_report]
    counting = [r for r in assignment.reports if not r.is_done_report]
    if done_reports and assignment.state in (AssignmentState.REPORTED_DONE, AssignmentState.DONE):
        counting.append(done_reports[-1])
    if skip is not None:
        counting = [r for r in counting if not skip(r)]
    if not counting:
        return None
    latest = max(counting, key=lambda r: r.id)
    return Note(latest.text, latest.reported_on, pending=latest.is_done_report and
                assignment.state == AssignmentState.REPORTED_DONE, is_done_report=latest.is_done_report)


def _with_everything(stmt):
    return stmt.options(selectinload(Task.assignments).selectinload(Assignment.unit),
                        selectinload(Task.assignments).selectinload(Assignment.reports))


def notice_tasks(directive: Directive) -> list[Task]:
    """Every task of the notice in its own order, with units and progress."""
    return list(db.session.scalars(_with_everything(
        sa.select(Task).where(Task.directive_id == directive.id).order_by(Task.position, Task.id))))


def unit_tasks(directive: Directive, unit_id: int) -> list[Task]:
    """The notice's tasks in which the unit has a part, in the notice's order."""
    return list(db.session.scalars(_with_everything(
        sa.select(Task).where(Task.directive_id == directive.id,
                              Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == unit_id)))
        .order_by(Task.position, Task.id))))


def carried_to(task_ids: Iterable[int]) -> dict[int, list[TaskCarryOver]]:
    """task id → the later notices that took it up (carried or re-stated), oldest first."""
    task_ids = list(task_ids)
    if not task_ids:
        return {}
    out: dict[int, list[TaskCarryOver]] = {}
    stmt = (sa.select(TaskCarryOver).where(TaskCarryOver.from_task_id.in_(task_ids))
            .options(selectinload(TaskCarryOver.to_directive), selectinload(TaskCarryOver.to_task))
            .order_by(TaskCarryOver.id))
    for link in db.session.scalars(stmt):
        out.setdefault(link.from_task_id, []).append(link)
    return out


def carried_from(task_ids: Iterable[int]) -> dict[int, TaskCarryOver]:
    """new task id → the link to the earlier task it carries on."""
    task_ids = list(task_ids)
    if not task_ids:
        return {}
    stmt = (sa.select(TaskCarryOver).where(TaskCarryOver.to_task_id.in_(task_ids))
            .options(selectinload(TaskCarryOver.from_task).selectinload(Task.directive)))
    return {link.to_task_id: link for link in db.session.scalars(stmt)}


def class_assignments(as_of: date, filters: Filters, classes: tuple[StatusClass, ...], *,
                      limit: Optional[int] = None) -> list[Assignment]:
    """The lead assignments of these classes as of the day (the dashboard's scope and filters), in the
    unit directory's order, then by deadline and notice; with task, notice, unit and progress loaded."""
    ids = (lead_assignments(as_of, filters, None, Assignment.id)
           .join(Unit, Unit.id == Assignment.unit_id)
           .where(assignment_class_sql(as_of).in_([c.value for c in classes]))
           .order_by(Unit.sort_order, Unit.name, Unit.id, effective_deadline_sql(), Directive.issued_on,
                     Task.position, Task.id))
    if limit is not None:
        ids = ids.limit(limit)
    order = [row[0] for row in db.session.execute(ids)]
    if not order:
        return []
    found = {a.id: a for a in db.session.scalars(
        sa.select(Assignment).where(Assignment.id.in_(order))
        .options(selectinload(Assignment.task).selectinload(Task.directive), selectinload(Assignment.unit),
                 selectinload(Assignment.reports)))}
    return [found[i] for i in order]


def unit_kinds(unit_ids: Iterable[int]) -> dict[int, str]:
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    return dict(db.session.execute(sa.select(Unit.id, Unit.kind).where(Unit.id.in_(unit_ids))).all())


def open_earlier_tasks(directive: Directive) -> list[Task]:
    """Tasks of the same committee's earlier notices that some lead unit still works on (open), and that this
    notice has not taken up yet; oldest notice first, each in its own order."""
    open_lead = sa.select(Assignment.task_id).where(Assignment.role == AssignmentRole.LEAD,
                                                   Assignment.state == AssignmentState.OPEN)
    taken = sa.select(TaskCarryOver.from_task_id).where(TaskCarryOver.to_directive_id == directive.id)
    stmt = (sa.select(Task).join(Directive, Directive.id == Task.directive_id)
            .where(Directive.issuer == directive.issuer, Directive.id != directive.id,
                   sa.or_(Directive.issued_on < directive.issued_on,
                          sa.and_(Directive.issued_on == directive.issued_on, Directive.id < directive.id)),
                   Task.id.in_(open_lead), Task.id.not_in(taken))
            .order_by(Directive.issued_on, Directive.id, Task.position, Task.id)
            .options(selectinload(Task.directive), selectinload(Task.assignments).selectinload(Assignment.unit)))
    return list(db.session.scalars(stmt))


__all__ = ["Note", "accepted_note", "carried_from", "carried_to", "class_assignments",
           "notice_tasks", "open_earlier_tasks", "unit_kinds", "unit_tasks"]
