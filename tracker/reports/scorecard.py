"""The leaders' dashboard in numbers: per-unit scorecard, month-by-month trend, and the list behind each number.

Everything counts lead assignments (one per unit per task, DESIGN.md) of directives matching the filters,
classed by `assignment_class_sql` as of a day; so the overdue cell equals the overdue list's count for
the same day and filters. One GROUP BY query each, whatever the number of tasks.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, Directive, Task, Unit
from tracker.reports.filters import ReportFilters
from tracker.reports.overdue import lead_assignments
from tracker.services.status import LABELS, StatusClass, assignment_class_sql, effective_deadline_sql

#: The scorecard's columns after "assigned", in reading order.
COLUMNS = [StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE, StatusClass.IN_PROGRESS, StatusClass.OVERDUE,
           StatusClass.ONGOING]
SHORT_LABELS = {
    StatusClass.DONE_ON_TIME: "Hoàn thành đúng hạn",
    StatusClass.DONE_LATE: "Hoàn thành quá hạn",
    StatusClass.IN_PROGRESS: "Đang thực hiện trong hạn",
    StatusClass.OVERDUE: "Quá hạn",
    StatusClass.ONGOING: "Thường xuyên",
}


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


def scorecard(as_of: date, filters: ReportFilters, user=None) -> tuple[list[Score], Score]:
    """(one Score per unit with lead assignments, in directory order; the total)."""
    cls = assignment_class_sql(as_of).label("cls")
    stmt = (lead_assignments(as_of, filters, user, Unit.id, Unit.name, cls, sa.func.count())
            .join(Unit, Unit.id == Assignment.unit_id)
            .group_by(Unit.id, Unit.name, Unit.sort_order, cls)
            .order_by(Unit.sort_order, Unit.name, Unit.id))
    rows: dict[int, Score] = {}
    total = Score("Tổng cộng")
    for unit_id, name, value, n in db.session.execute(stmt):
        score = rows.get(unit_id) or rows.setdefault(unit_id, Score(name, unit_id))
        cls = _BY_VALUE[value]
        score.counts[cls] += n
        total.counts[cls] += n
    return list(rows.values()), total


def month_span(start: date, end: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def trend(as_of: date, filters: ReportFilters, user=None) -> list[Score]:
    """One Score per month the directives were issued in (the work given that month, and how it went)."""
    cls = assignment_class_sql(as_of).label("cls")
    year = sa.extract("year", Directive.issued_on).label("y")
    month = sa.extract("month", Directive.issued_on).label("m")
    stmt = lead_assignments(as_of, filters, user, year, month, cls, sa.func.count()).group_by(year, month, cls)
    found: dict[tuple[int, int], Score] = {}
    for y, m, value, n in db.session.execute(stmt):
        key = (int(y), int(m))
        found.setdefault(key, Score(f"{key[1]:02d}/{key[0]}")).add(_BY_VALUE[value], n)
    if not found:
        return []
    first, last = date(*min(found), 1), date(*max(found), 1)
    if filters.period_from and filters.period_to and len(month_span(filters.period_from, filters.period_to)) <= 24:
        first, last = filters.period_from, filters.period_to  # a year or two: every month, empty ones too
    return [found.get(key) or Score(f"{key[1]:02d}/{key[0]}") for key in month_span(first, last)]


def assignment_page(as_of: date, filters: ReportFilters, user, cls: Optional[StatusClass], page: int,
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


__all__ = ["COLUMNS", "LABELS", "SHORT_LABELS", "Score", "assignment_page", "month_span", "scorecard", "trend"]
