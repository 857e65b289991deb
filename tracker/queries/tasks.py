"""Task lists: the visible tasks that match the filters, classified, paged and counted; counts per class.

A task's class comes from its two stored status inputs (services.status, `task_severity_sql`), so a
list, its class filter and its count are index ranges, never a classification of every assignment.
"""
from dataclasses import asdict
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import Assignment, Directive, Task, TaskTally
from tracker.permissions import reads_everything, visible_tasks_clause
from tracker.queries.directives import TASK_ASSIGNMENTS
from tracker.services.status import (BY_SEVERITY, SEVERITY, StatusClass, inputs_severity_sql, task_class_clause,
                                     task_severity_sql)


#: Newest directive first, then the notice's own order.
TASK_ORDER = (Directive.issued_on.desc(), Task.directive_id.desc(), Task.position, Task.id)


def _where(user, filters: Filters, today: date) -> list:
    """Conditions on Task (joined to Directive when a filter or the order needs it) for the visible tasks
    that pass every filter."""
    clauses = [visible_tasks_clause(user), *filters.task_clauses()]
    if filters.unit_id:
        clauses.append(Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == filters.unit_id)))
    if filters.status:
        clauses.append(task_class_clause(filters.status, today))
    return clauses


def task_list_query(user, filters: Filters, today: date, limit: Optional[int] = None,
                    offset: int = 0) -> sa.Select:
    """Select (Task, severity) the user may see, filtered, newest directive first."""
    stmt = (sa.select(Task, task_severity_sql(today))
            .join(Directive, Directive.id == Task.directive_id)
            .where(*_where(user, filters, today))
            .order_by(*filters.rank(), *TASK_ORDER))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return stmt


def task_count(user, filters: Filters, today: date) -> int:
    if _sees_all(user) and _only_status(filters):
        counts = tally_class_counts(today)
        return counts[filters.status] if filters.status else sum(counts.values())
    stmt = sa.select(sa.func.count()).select_from(Task).where(*_where(user, filters, today))
    if filters.on_directive:
        stmt = stmt.join(Directive, Directive.id == Task.directive_id)
    return db.session.scalar(stmt)


def task_page(user, filters: Filters, today: date, page: int, per_page: int):
    """One page of visible tasks with their directive and assignments (their units and extension requests)
    loaded, and the count (once)."""
    stmt = task_list_query(user, filters, today, limit=per_page, offset=(page - 1) * per_page).options(
        selectinload(Task.directive), TASK_ASSIGNMENTS)
    rows = db.session.execute(stmt).all()
    return [(task, BY_SEVERITY.get(sev)) for task, sev in rows], task_count(user, filters, today)


def class_counts(user, today: date, unit_id: Optional[int] = None) -> dict[StatusClass, int]:
    """How many visible tasks are in each class (a task counts once, by its worst lead); `user` None: all of
    them, for the system (the weekly summary).

    Every task, for the system and those who read everything: the sums of TaskTally, a few thousand rows.
    Otherwise one query of ten counts, each a range of the (fixed_severity, open_due_on) or (open_due_on)
    index: counting index ranges is far cheaper than grouping 200,000 rows by an expression."""
    if _sees_all(user) and not unit_id:
        return tally_class_counts(today)
    clauses = [] if user is None else [visible_tasks_clause(user)]
    if unit_id:
        clauses.append(Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == unit_id)))

    def count(*conditions):
        return sa.select(sa.func.count()).select_from(Task).where(*clauses, *conditions).scalar_subquery()

    sev = SEVERITY
    worst, due = Task.fixed_severity == sev[StatusClass.OVERDUE], Task.open_due_on
    settled = [count(due.is_(None), Task.fixed_severity == sev[c])
               for c in (StatusClass.IN_PROGRESS, StatusClass.ONGOING, StatusClass.DONE_LATE, StatusClass.DONE_ON_TIME,
                         StatusClass.CARRIED_OVER)]
    (worst_n, passed, worst_passed, coming, worst_coming, reported, ongoing, late, on_time,
     carried) = db.session.execute(
        sa.select(count(worst), count(due < today), count(worst, due < today), count(due >= today),
                  count(worst, due >= today), *settled)).one()
    return {
        StatusClass.IN_PROGRESS: coming - worst_coming + reported,
        StatusClass.OVERDUE: worst_n + passed - worst_passed,
        StatusClass.DONE_ON_TIME: on_time,
        StatusClass.DONE_LATE: late,
        StatusClass.ONGOING: ongoing,
        StatusClass.CARRIED_OVER: carried,
    }


def _sees_all(user) -> bool:
    return user is None or reads_everything(user)


def _only_status(filters: Filters) -> bool:
    """No filter but the class (any filter added to Filters later counts as one)."""
    return not any(value for name, value in asdict(filters).items() if name != "status")


def tally_class_counts(today: date) -> dict[StatusClass, int]:
    """How many tasks are in each class, from TaskTally (services.status keeps it with the tasks)."""
    sev = inputs_severity_sql(TaskTally.fixed_severity, TaskTally.open_due_on, today)
    counts = dict.fromkeys(StatusClass, 0)
    for value, n in db.session.execute(sa.select(sev, sa.func.sum(TaskTally.tasks)).group_by(sev)):
        counts[BY_SEVERITY[value]] += int(n or 0)
    return counts
