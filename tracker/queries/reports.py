"""Lead assignments for reports: the overdue list (counts per unit, rows in pages) and the dashboard's
scorecard, trend and the list behind each of its numbers.

Everything counts lead assignments (one per unit per task, DESIGN.md) of directives matching the filters,
classed by `assignment_class_sql` as of a day; so the dashboard's overdue cell equals the overdue list's
count for the same day and filters. A fixed number of queries whatever the size.
"""
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import Assignment, AssignmentRole, Directive, ProgressReport, Task, Unit
from tracker.permissions import listed_assignments_clause
from tracker.services.status import (StatusClass, assignment_class_sql, effective_deadline_sql,
                                     overdue_assignment_clause, overdue_assignment_clauses)


def lead_assignments(as_of: date, filters: Filters, user, *columns, directive: bool = True) -> sa.Select:
    """Select `columns` over lead assignments (joined to Task and Directive unless `directive` is False
    and no filter needs them) in scope and matching the filters.

    The period is read from the assignment's copy of its directive's date (`Assignment.issued_on`), so that a
    dashboard filtered by period alone counts from the ix_assignment_lead_issued index (see `lead_issued`)
    without any join."""
    others = replace(filters, period_from=None, period_to=None)
    stmt = sa.select(*columns).select_from(Assignment)
    if directive or others.task_clauses():
        stmt = stmt.join(Task, Task.id == Assignment.task_id)
    if directive or others.on_directive:
        stmt = stmt.join(Directive, Directive.id == Task.directive_id)
    stmt = stmt.where(Assignment.role == AssignmentRole.LEAD, listed_assignments_clause(user), *others.task_clauses())
    if filters.period_from:
        stmt = stmt.where(Assignment.issued_on >= filters.period_from)
    if filters.period_to:
        stmt = stmt.where(Assignment.issued_on <= filters.period_to)
    return stmt.where(Assignment.unit_id == filters.unit_id) if filters.unit_id else stmt


def overdue_where(as_of: date):
    """Overdue as of the day, as index ranges over (state, role, due_on)."""
    return overdue_assignment_clause(as_of)


def unit_join():
    """Assignment → Unit. The "+ 0" keeps SQLite from walking every assignment along the (unit, state) index
    to save a sort; the (state, role) index finds the few open ones far faster. Harmless on PostgreSQL."""
    return Unit.id == Assignment.unit_id + 0


def lead_pending():
    """The lead assignments not yet done, written as the WHERE of the partial index ix_assignment_lead_pending
    (LEAD_PENDING), with literal values: SQLite uses a partial index only for a query that repeats its
    condition, and cannot see through a bound parameter."""
    return sa.and_(Assignment.role == sa.literal_column("'lead'"),
                   Assignment.state.not_in([sa.literal_column("'done'"), sa.literal_column("'carried_over'")]))


def lead_issued():
    """The WHERE of the dashboard's partial index ix_assignment_lead_issued (LEAD_ISSUED), with literal values,
    for the same reason as `lead_pending`. Only the dashboard's queries add it: with the role as a literal
    everywhere, PostgreSQL would take ix_assignment_lead_pending for the overdue counts too, a slower walk."""
    return sa.and_(Assignment.role == sa.literal_column("'lead'"), Assignment.issued_on.is_not(None))


def overdue_counts(as_of: date, filters: Filters, user=None) -> list[tuple[str, int, int]]:
    """[(unit name, overdue count, unit id)] in the unit directory's order.

    The two halves of the rule are read apart (UNION ALL), each from an index alone, never from the rows:
    open work from (state, role, due_on, unit_id), late "done" reports from (state, reported_done_on, …);
    grouped by unit before the units are joined."""
    halves = [lead_assignments(as_of, filters, user, Assignment.unit_id.label("unit_id"), directive=False)
              .where(half) for half in overdue_assignment_clauses(as_of)]
    overdue = sa.union_all(*halves).subquery("overdue")
    per_unit = (sa.select(overdue.c.unit_id, sa.func.count().label("n"))
                .group_by(overdue.c.unit_id).subquery("per_unit"))
    stmt = (sa.select(Unit.id, Unit.name, per_unit.c.n)
            .join(per_unit, per_unit.c.unit_id == Unit.id)
            .order_by(Unit.sort_order, Unit.name, Unit.id))
    return [(name, n, unit_id) for unit_id, name, n in db.session.execute(stmt)]


#: The columns of an overdue row, in the order `tracker.reports.overdue` unpacks them.
OVERDUE_ROW = ("unit_id", "unit", "state", "extended_on", "reported_done_on", "due_on", "task_id", "text",
               "source_ref", "deadline_on", "directive_id", "directive_number", "directive_on", "note",
               "note_on")


def overdue_rows_query(as_of: date, filters: Filters, user, limit: Optional[int], offset: int,
                       unit_ids: Optional[list[int]] = None) -> sa.Select:
    """The rows of the overdue list in its order, each with its latest progress note, in one query that reads
    them in index order: the units in the directory's order (ix_unit_directory_order), and for each its lead
    work not yet done by deadline (ix_assignment_lead_pending, which holds every column read from the
    assignment); the note by its stored id. Nothing is sorted but the rows of one unit due the same day.

    `unit_ids` limits the rows to those units (`offset` then counts from the first of them): a page of the
    list needs only the units it shows."""
    stmt = (
        sa.select(Unit.id, Unit.name, sa.type_coerce(Assignment.state, sa.String), Assignment.extended_deadline_on,
                  Assignment.reported_done_on, Assignment.due_on, Task.id, Task.text, Task.source_ref,
                  Task.deadline_on, Directive.id, Directive.number, Directive.issued_on, ProgressReport.text,
                  ProgressReport.reported_on)
        .select_from(Unit)
        .join(Assignment, Assignment.unit_id == Unit.id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .outerjoin(ProgressReport, ProgressReport.id == Assignment.latest_progress_id)
        .where(lead_pending(), overdue_where(as_of), listed_assignments_clause(user), *filters.task_clauses())
        .order_by(Unit.sort_order, Unit.name, Unit.id, Assignment.due_on, Directive.issued_on, Task.position,
                  Task.id)
    )
    if filters.unit_id:
        stmt = stmt.where(Assignment.unit_id == filters.unit_id)
    if unit_ids is not None:
        stmt = stmt.where(Assignment.unit_id.in_(unit_ids))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return stmt


_ALL = tuple(StatusClass)
_BY_VALUE = {c.value: c for c in StatusClass}


@dataclass
class Score:
    label: str
    unit_id: Optional[int] = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(_ALL, 0))

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_rate(self) -> Optional[float]:
        """Done on time out of what has come due: done (on time or late) plus overdue. None if nothing has."""
        due = self.counts[StatusClass.DONE_ON_TIME] + self.counts[StatusClass.DONE_LATE] + \
            self.counts[StatusClass.OVERDUE]
        return self.counts[StatusClass.DONE_ON_TIME] / due if due else None

    def add(self, cls: StatusClass, n: int) -> None:
        self.counts[cls] += n


def scorecard(as_of: date, filters: Filters, user=None,
              unit_ids: Optional[list[int]] = None) -> tuple[list[Score], Score]:
    """(one Score per unit with lead assignments, in directory order; the total). `unit_ids`: only those
    units (a page of the dashboard; the total is then theirs)."""
    cls = assignment_class_sql(as_of).label("cls")
    # Grouped by unit id first (from the index alone), then the units joined: grouping 30,000 rows by a
    # unit's name and order as well costs as much again.
    stmt = lead_assignments(as_of, filters, user, Assignment.unit_id.label("unit_id"), cls,
                            sa.func.count().label("n"), directive=False).where(lead_issued())
    if unit_ids is not None:
        stmt = stmt.where(Assignment.unit_id.in_(unit_ids))
    per_unit = stmt.group_by(Assignment.unit_id, cls).subquery("per_unit")
    stmt = (sa.select(Unit.id, Unit.name, per_unit.c.cls, per_unit.c.n)
            .join(per_unit, per_unit.c.unit_id == Unit.id)
            .order_by(Unit.sort_order, Unit.name, Unit.id))
    rows: dict[int, Score] = {}
    for unit_id, name, value, n in db.session.execute(stmt):
        score = rows.get(unit_id) or rows.setdefault(unit_id, Score(name, unit_id))
        score.add(_BY_VALUE[value], n)
    return list(rows.values()), summed(rows.values())


def scored_units(as_of: date, filters: Filters, user=None) -> list[int]:
    """The ids of the units `scorecard` gives a row, in its order (the directory's): a page of the dashboard
    then scores only its own units."""
    having = (lead_assignments(as_of, filters, user, Assignment.unit_id.label("unit_id"), directive=False)
              .where(lead_issued()).distinct().subquery("having"))
    return list(db.session.scalars(sa.select(Unit.id).join(having, having.c.unit_id == Unit.id)
                                   .order_by(Unit.sort_order, Unit.name, Unit.id)))


def summed(scores: Iterable[Score], label: str = "Tổng cộng") -> Score:
    """One Score adding up others (the units of `scorecard`; the months of `trend`, which add up to the same)."""
    total = Score(label)
    for score in scores:
        for cls, n in score.counts.items():
            total.add(cls, n)
    return total


def month_span(start: date, end: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def trend(as_of: date, filters: Filters, user=None) -> list[Score]:
    """One Score per month the directives were issued in (the work given that month, and how it went)."""
    cls = assignment_class_sql(as_of).label("cls")
    # Counted per day and put in months here: a few thousand groups, and no date function on 30,000 rows.
    stmt = (lead_assignments(as_of, filters, user, Assignment.issued_on, cls, sa.func.count(), directive=False)
            .where(lead_issued()).group_by(Assignment.issued_on, cls))
    found: dict[tuple[int, int], Score] = {}
    for day, value, n in db.session.execute(stmt):
        key = (day.year, day.month)
        score = found.get(key) or found.setdefault(key, Score(f"{key[1]:02d}/{key[0]}"))
        score.add(_BY_VALUE[value], n)
    if not found:
        return []
    first, last = date(*min(found), 1), date(*max(found), 1)
    if filters.period_from and filters.period_to and len(month_span(filters.period_from, filters.period_to)) <= 24:
        first, last = filters.period_from, filters.period_to  # a year or two: every month, empty ones too
    return [found.get(key) or Score(f"{key[1]:02d}/{key[0]}") for key in month_span(first, last)]


def assignment_page(as_of: date, filters: Filters, user, cls: Optional[StatusClass], page: int,
                    per_page: int):
    """The lead assignments behind a dashboard number: (rows, total). Two queries."""
    class_expr = assignment_class_sql(as_of)
    deadline = effective_deadline_sql()
    stmt = lead_assignments(as_of, filters, user, Assignment.id, Assignment.unit_id, Unit.name.label("unit"),
                            Task.id.label("task_id"), Task.text, Task.source_ref, Task.deadline_on,
                            Assignment.extended_deadline_on, Assignment.done_on,
                            Directive.id.label("directive_id"), Directive.number, Directive.issued_on,
                            class_expr.label("cls")).join(Unit, Unit.id == Assignment.unit_id)
    if cls is not None:
        stmt = stmt.where(class_expr == cls.value)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    stmt = stmt.order_by(Unit.sort_order, Unit.name, Unit.id, deadline, Directive.issued_on, Task.position, Task.id)
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total
