"""Read queries of the leaders' weekly summary and of the plain overdue list sent before a meeting."""
from datetime import date, timedelta
from typing import Iterator

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, AssignmentRole, Directive, Meeting, Task, Unit
from tracker.reminders.digest import Item, short
from tracker.reminders.due import OVERDUE
from tracker.queries.reminders import TEXT_FETCH, YIELD_PER
from tracker.queries.reports import overdue_where, unit_join
from tracker.queries.tasks import class_counts
from tracker.services.status import CLASS_ORDER, LABELS, assignment_class_sql, effective_deadline_sql


def class_totals(today: date) -> list[tuple[str, int]]:
    """Tasks by class (a task counts once, by its worst lead), as (label, count) in CLASS_ORDER."""
    counts = class_counts(None, today)
    return [(LABELS[c], counts[c]) for c in CLASS_ORDER]


def unit_table(today: date, limit: int = 30) -> tuple[list[tuple[str, list[int]]], int]:
    """Lead assignments per unit and class, the units with most overdue first; (rows, units left out)."""
    cls = assignment_class_sql(today).label("cls")
    stmt = (sa.select(Unit.id, Unit.name, cls, sa.func.count())
            .select_from(Assignment)
            .join(Task, Task.id == Assignment.task_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Assignment.role == AssignmentRole.LEAD)
            .group_by(Unit.id, Unit.name, cls))
    units: dict[int, tuple[str, dict[str, int]]] = {}
    for unit_id, name, value, n in db.session.execute(stmt):
        units.setdefault(unit_id, (name, {}))[1][value] = n
    rows = [(name, [counts.get(c.value, 0) for c in CLASS_ORDER]) for name, counts in units.values()]
    rows.sort(key=lambda r: (-r[1][0], -r[1][1], r[0]))
    return rows[:limit], max(0, len(rows) - limit)


def _overdue_query(today: date) -> sa.Select:
    """Overdue lead assignments: the same rule (and index-friendly joins) as the overdue list report."""
    deadline = effective_deadline_sql()
    return (
        sa.select(Assignment.id, Assignment.unit_id, Unit.name, Assignment.role, Task.id, Task.source_ref,
                  sa.func.substr(Task.text, 1, TEXT_FETCH), deadline, Directive.number, Directive.issued_on)
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, unit_join())
        .where(Assignment.role == AssignmentRole.LEAD, overdue_where(today))
    )


def _items(stmt: sa.Select, today: date) -> Iterator[Item]:
    for (assignment_id, unit_id, unit_name, role, task_id, source_ref, text, deadline, number,
         issued_on) in db.session.execute(stmt.execution_options(yield_per=YIELD_PER)):
        yield Item(kind=OVERDUE, due_on=today, assignment_id=assignment_id, task_id=task_id, unit_id=unit_id,
                   unit_name=unit_name, role=str(role), directive_number=number, directive_issued_on=issued_on,
                   source_ref=source_ref, text=short(text), deadline=deadline, today=today)


def worst_overdue(today: date, limit: int = 20) -> list[Item]:
    """The lead assignments longest overdue."""
    stmt = _overdue_query(today).order_by(effective_deadline_sql(), Assignment.id).limit(limit)
    return list(_items(stmt, today))


def overdue_list(today: date) -> list[Item]:
    """Every overdue lead assignment, by unit then deadline: the plain list sent before a meeting."""
    stmt = _overdue_query(today).order_by(Unit.name, effective_deadline_sql(), Assignment.id)
    return list(_items(stmt, today))


def meetings_ahead(today: date, lead_days: int) -> list[Meeting]:
    """Meetings held from today to `lead_days` days ahead: their list is due."""
    return list(db.session.scalars(sa.select(Meeting).where(
        Meeting.held_on >= today, Meeting.held_on <= today + timedelta(days=lead_days)).order_by(Meeting.held_on)))
