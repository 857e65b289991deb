"""Read queries of the unit home page: one unit's assignments grouped by status class."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, defer, selectinload

from tracker.extensions import db
from tracker.models import Assignment, AssignmentState, ExtensionRequest, ExtensionStatus, ProgressReport, Task
from tracker.services.status import CLASS_ORDER, StatusClass, assignment_class_sql, effective_deadline_sql

DONE_CLASSES = (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE)
#: A class with more assignments than this shows the first ones and links to the full task list.
GROUP_LIMIT = 100
#: Finished work shows fewer: the most recent, for the record; the unit's home is for what is still to do
#: (a commune of a province has a hundred finished assignments or more, each a row to render).
DONE_LIMIT = 20


@dataclass
class UnitHome:
    counts: dict[StatusClass, int]
    groups: dict[StatusClass, list[Assignment]]
    #: Assignments (of those shown) with an extension request waiting for a decision.
    pending_extension_ids: set[int] = field(default_factory=set)
    #: Open assignment id → its latest report, which the office returned (the unit must report again).
    returned: dict[int, ProgressReport] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def unit_home(unit_id: int, today: date, limit: int = GROUP_LIMIT) -> UnitHome:
    """The unit's assignments (lead and support) grouped by class with exact counts: up to `limit` of each
    class, DONE_LIMIT of finished work.

    Open work comes soonest deadline first; finished work most recently done first.
    """
    cls = assignment_class_sql(today)
    mine = Assignment.unit_id == unit_id
    counts = {c: 0 for c in StatusClass}
    for value, n in db.session.execute(sa.select(cls, sa.func.count()).where(mine).group_by(cls)):
        counts[StatusClass(value)] = n
    # The first ones of each class (one query, each class its own order and limit), then those rows at once.
    firsts = []
    for status in CLASS_ORDER:
        if not counts[status]:
            continue
        if status in DONE_CLASSES:
            order, most = (Assignment.done_on.desc(), Assignment.id.desc()), min(limit, DONE_LIMIT)
        else:
            order, most = (effective_deadline_sql().asc().nulls_last(), Assignment.task_id, Assignment.id), limit
        firsts.append(sa.select(sa.select(Assignment.id, sa.literal(status.value).label("cls"))
                                .where(mine, cls == status.value).order_by(*order).limit(most).subquery()))
    chosen = db.session.execute(sa.union_all(*firsts)).all() if firsts else []
    loaded = {a.id: a for a in db.session.scalars(
        sa.select(Assignment).join(Task, Task.id == Assignment.task_id)
        .where(Assignment.id.in_([row[0] for row in chosen]))
        .options(contains_eager(Assignment.task).options(selectinload(Task.directive), defer(Task.text_folded)),
                 selectinload(Assignment.unit)))} if chosen else {}
    groups: dict[StatusClass, list[Assignment]] = {}
    for assignment_id, value in chosen:
        groups.setdefault(StatusClass(value), []).append(loaded[assignment_id])
    far = date.max
    for status, rows in groups.items():
        if status in DONE_CLASSES:
            rows.sort(key=lambda a: (a.done_on or date.min, a.id), reverse=True)
        else:
            rows.sort(key=lambda a: (a.due_on or far, a.task_id, a.id))
    groups = {status: groups[status] for status in CLASS_ORDER if status in groups}
    shown = [a.id for rows in groups.values() for a in rows]
    pending = set(db.session.scalars(
        sa.select(ExtensionRequest.assignment_id).where(
            ExtensionRequest.assignment_id.in_(shown), ExtensionRequest.status == ExtensionStatus.PENDING)
    )) if shown else set()
    return UnitHome(counts=counts, groups=groups, pending_extension_ids=pending,
                    returned=returned_reports([a.id for rows in groups.values() for a in rows
                                               if a.state == AssignmentState.OPEN]))


def returned_reports(assignment_ids: list[int]) -> dict[int, ProgressReport]:
    """Assignment id → its latest report when the office returned it."""
    if not assignment_ids:
        return {}
    latest = (sa.select(sa.func.max(ProgressReport.id)).where(ProgressReport.assignment_id.in_(assignment_ids))
              .group_by(ProgressReport.assignment_id))
    return {r.assignment_id: r for r in db.session.scalars(
        sa.select(ProgressReport).where(ProgressReport.id.in_(latest), ProgressReport.returned_at.is_not(None))
        .options(selectinload(ProgressReport.returned_by)))}
