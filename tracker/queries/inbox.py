"""In-app notifications: what waits for the office or a leader, and the answers a unit has received."""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Assignment, AssignmentState, ExtensionRequest, ExtensionStatus, Task, TaskEvent
from tracker.permissions import can, is_unit_user, not_own_unit_clause

#: Events a unit is told about: the office's or a leader's answers, and work given to it.
UNIT_NOTICE_KINDS = ("returned", "confirmed", "extension_approved", "extension_refused", "reassigned",
                     "decline_rejected")
LIST_LIMIT = 200


@dataclass
class Waiting:
    reports: int = 0
    extensions: int = 0
    declines: int = 0

    @property
    def total(self) -> int:
        return self.reports + self.extensions + self.declines


def _reports_stmt(user):
    return sa.select(Assignment).where(Assignment.state == AssignmentState.REPORTED_DONE, not_own_unit_clause(user))


def _declines_stmt(user):
    return sa.select(Assignment).where(Assignment.declined_at.is_not(None),
                                       Assignment.state == AssignmentState.OPEN, not_own_unit_clause(user))


def _extensions_stmt(user):
    return (sa.select(ExtensionRequest).join(Assignment, Assignment.id == ExtensionRequest.assignment_id)
            .where(ExtensionRequest.status == ExtensionStatus.PENDING, not_own_unit_clause(user)))


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))


def waiting_for(user) -> Waiting:
    """How many reports to confirm, extensions to decide and declined assignments wait for this user."""
    waiting = Waiting()
    if can("decide_extensions", user=user):
        waiting.extensions = _count(_extensions_stmt(user))
    if can("decide_reports", user=user):
        waiting.reports = _count(_reports_stmt(user))
        waiting.declines = _count(_declines_stmt(user))
    return waiting


def _with_task(stmt):
    return stmt.options(selectinload(Assignment.unit),
                        selectinload(Assignment.task).selectinload(Task.directive))


def reports_to_confirm(user) -> list[Assignment]:
    """Oldest report first: it has waited longest."""
    stmt = _with_task(_reports_stmt(user)).order_by(Assignment.reported_done_on, Assignment.id)
    return list(db.session.scalars(stmt.limit(LIST_LIMIT)))


def declined_assignments(user) -> list[Assignment]:
    stmt = _with_task(_declines_stmt(user)).order_by(Assignment.declined_at, Assignment.id)
    return list(db.session.scalars(stmt.limit(LIST_LIMIT)))


def extensions_to_decide(user) -> list[ExtensionRequest]:
    stmt = (_extensions_stmt(user).order_by(ExtensionRequest.requested_at, ExtensionRequest.id)
            .options(selectinload(ExtensionRequest.requested_by),
                     selectinload(ExtensionRequest.assignment).selectinload(Assignment.unit),
                     selectinload(ExtensionRequest.assignment).selectinload(Assignment.task)
                     .selectinload(Task.directive)))
    return list(db.session.scalars(stmt.limit(LIST_LIMIT)))


def _unit_notices_stmt(unit_id: int, since: Optional[datetime] = None):
    stmt = (sa.select(TaskEvent).join(Assignment, Assignment.id == TaskEvent.assignment_id)
            .where(Assignment.unit_id == unit_id, TaskEvent.kind.in_(UNIT_NOTICE_KINDS)))
    return stmt.where(TaskEvent.created_at > since) if since else stmt


def unit_notices(unit_id: int, limit: int = 50) -> list[TaskEvent]:
    """The answers the unit received, newest first."""
    stmt = (_unit_notices_stmt(unit_id).order_by(TaskEvent.id.desc()).limit(limit)
            .options(selectinload(TaskEvent.actor),
                     selectinload(TaskEvent.task).selectinload(Task.directive)))
    return list(db.session.scalars(stmt))


def unread_count(user) -> int:
    """The badge: waiting items for deciders, unread answers for a unit user."""
    if is_unit_user(user):
        if user.unit_id is None:
            return 0
        return _count(_unit_notices_stmt(user.unit_id, user.notifications_seen_at))
    return waiting_for(user).total
