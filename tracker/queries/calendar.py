"""What a calendar feed shows: open deadlines (of a unit, or all a user may see) and the committee's meetings."""
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, AssignmentRole, AssignmentState, Directive, Meeting, Task, Unit
from tracker.permissions import listed_assignments_clause
from tracker.services.status import effective_deadline_sql

#: A feed is read by calendar programs every few hours: keep it a bounded, one-query read.
MAX_EVENTS = 2000


def open_deadlines(user, unit_id: Optional[int], start: date, end: date) -> list:
    """Open assignments with a deadline between start and end: the unit's (lead and support) when `unit_id`
    is given, else the lead assignments `user` sees on the lists."""
    deadline = effective_deadline_sql()
    stmt = (sa.select(Assignment.id, Assignment.role, Assignment.extended_deadline_on, deadline.label("deadline"),
                      Unit.name.label("unit"), Task.id.label("task_id"), Task.text, Task.source_ref,
                      Directive.number, Directive.issued_on)
            .join(Task, Task.id == Assignment.task_id).join(Directive, Directive.id == Task.directive_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Assignment.state == AssignmentState.OPEN, deadline.is_not(None), deadline.between(start, end)))
    if unit_id is not None:
        stmt = stmt.where(Assignment.unit_id == unit_id)
    else:
        stmt = stmt.where(Assignment.role == AssignmentRole.LEAD, listed_assignments_clause(user))
    return db.session.execute(stmt.order_by(deadline, Assignment.id).limit(MAX_EVENTS)).all()


def meetings_between(start: date, end: date) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).where(Meeting.held_on.between(start, end))
                                   .order_by(Meeting.held_on).limit(200)))
