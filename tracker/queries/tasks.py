"""Task lists: the visible tasks that match the filters, classified, paged and counted; counts per class."""
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import Assignment, Directive, Task
from tracker.permissions import reads_everything, visible_tasks_clause
from tracker.services.status import BY_SEVERITY, SEVERITY, StatusClass, task_severity_subquery


#: Newest directive first, then the notice's own order.
TASK_ORDER = (Directive.issued_on.desc(), Task.directive_id.desc(), Task.position, Task.id)


def _matching_task_ids(user, filters: Filters) -> sa.Select:
    """Ids of the visible tasks that pass every filter but the class (which needs the classification)."""
    stmt = (sa.select(Task.id).join(Directive, Directive.id == Task.directive_id)
            .where(visible_tasks_clause(user), *filters.task_clauses()))
    if filters.unit_id:
        stmt = stmt.where(Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == filters.unit_id)))
    return stmt


def task_list_query(user, filters: Filters, today: date, limit: Optional[int] = None,
                    offset: int = 0) -> sa.Select:
    """Select (Task, severity) the user may see, filtered, newest directive first.

    Only the matching tasks are classified; without a class filter, only the requested page is.
    """
    ids = _matching_task_ids(user, filters)
    if filters.status is None and limit is not None:
        ids = ids.order_by(*filters.rank(), *TASK_ORDER).limit(limit).offset(offset)
        severity = task_severity_subquery(today, ids)
    else:
        severity = task_severity_subquery(today, ids if _narrowed(user, filters) else None)
    stmt = (
        sa.select(Task, severity.c.severity)
        .join(Directive, Directive.id == Task.directive_id)
        .outerjoin(severity, severity.c.task_id == Task.id)
        .where(Task.id.in_(ids))
        .order_by(*filters.rank(), *TASK_ORDER)
    )
    if filters.status:
        stmt = stmt.where(severity.c.severity == SEVERITY[filters.status])
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
    return stmt


def _narrowed(user, filters: Filters) -> bool:
    """Whether anything but the class narrows the list (else restricting the classification costs more)."""
    return not reads_everything(user) or any(
        value for key, value in vars(filters).items() if key != "status")


def task_count(user, filters: Filters, today: date) -> int:
    stmt = task_list_query(user, filters, today) if filters.status else _matching_task_ids(user, filters)
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))


def task_page(user, filters: Filters, today: date, page: int, per_page: int):
    """One page of visible tasks with their directive and assignments loaded (two queries more, not N)."""
    stmt = task_list_query(user, filters, today, limit=per_page, offset=(page - 1) * per_page).options(
        selectinload(Task.directive), selectinload(Task.assignments).selectinload(Assignment.unit)
    )
    rows = db.session.execute(stmt).all()
    return [(task, BY_SEVERITY.get(sev)) for task, sev in rows], task_count(user, filters, today)


def class_counts(user, today: date, unit_id: Optional[int] = None) -> dict[StatusClass, int]:
    """How many visible tasks are in each class (a task counts once, by its worst lead); `user` None: all of
    them, for the system (the weekly summary)."""
    filters = Filters(unit_id=unit_id)
    narrowed = user is not None and _narrowed(user, filters)
    severity = task_severity_subquery(today, _matching_task_ids(user, filters) if narrowed else None)
    stmt = sa.select(severity.c.severity, sa.func.count()).group_by(severity.c.severity)
    counts = {c: 0 for c in StatusClass}
    for sev, n in db.session.execute(stmt):
        counts[BY_SEVERITY[sev]] = n
    return counts
