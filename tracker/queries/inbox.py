"""In-app notifications: what waits for the office or a leader, and the answers a unit has received."""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from flask import has_request_context, request
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


def _reports_where(user) -> tuple:
    return Assignment.state == AssignmentState.REPORTED_DONE, not_own_unit_clause(user)


def _declines_where(user) -> tuple:
    return Assignment.declined_at.is_not(None), Assignment.state == AssignmentState.OPEN, not_own_unit_clause(user)


def _extensions_where(user) -> tuple:
    return ExtensionRequest.status == ExtensionStatus.PENDING, not_own_unit_clause(user)


def _reports_stmt(user):
    return sa.select(Assignment).where(*_reports_where(user))


def _declines_stmt(user):
    return sa.select(Assignment).where(*_declines_where(user))


def _extension_rows(*columns):
    return sa.select(*columns).select_from(ExtensionRequest).join(Assignment,
                                                                  Assignment.id == ExtensionRequest.assignment_id)


def _extensions_stmt(user):
    return _extension_rows(ExtensionRequest).where(*_extensions_where(user))


def waiting_for(user) -> Waiting:
    """How many reports to confirm, extensions to decide and declined assignments wait for this user: one
    query, asked once per request (the home page and the navigation badge share it)."""
    # Per request, in its WSGI environ: an app context (and its `g`) may outlive many requests in tests.
    cache = request.environ.setdefault("tracker.waiting_for", {}) if has_request_context() else {}
    if user.id in cache:
        return cache[user.id]
    count = sa.func.count()
    counts = {}
    if can("decide_extensions", user=user):
        counts["extensions"] = _extension_rows(count).where(*_extensions_where(user)).scalar_subquery()
    if can("decide_reports", user=user):
        counts["reports"] = sa.select(count).where(*_reports_where(user)).scalar_subquery()
        counts["declines"] = sa.select(count).where(*_declines_where(user)).scalar_subquery()
    waiting = Waiting()
    if counts:
        waiting = Waiting(**dict(zip(counts, db.session.execute(sa.select(*counts.values())).one())))
    cache[user.id] = waiting
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


def _unit_notices_stmt(unit_id: int, since: Optional[datetime] = None, *columns):
    stmt = (sa.select(*(columns or (TaskEvent,))).select_from(TaskEvent)
            .join(Assignment, Assignment.id == TaskEvent.assignment_id)
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
        return db.session.scalar(_unit_notices_stmt(user.unit_id, user.notifications_seen_at, sa.func.count()))
    return waiting_for(user).total
