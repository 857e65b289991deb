"""Directives and meetings: the visible directives (searched, paged), one directive's tasks, the meetings."""
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from tracker.extensions import db
from tracker.models import Assignment, Directive, Meeting, Task
from tracker.permissions import reads_everything, visible_tasks_clause
from tracker.search import exact_first, matches

#: Loader option for tasks shown with their units: each assignment's unit and extension requests (the pending
#: one decides the actions offered), one query each for the whole list instead of one per assignment.
TASK_ASSIGNMENTS = selectinload(Task.assignments).options(selectinload(Assignment.unit),
                                                          selectinload(Assignment.extensions))


def visible_directives(user, q: str = "") -> sa.Select:
    """The directives the user may see (a unit user: those with a task of its unit), newest first, whose
    title, number or issuer hold the words of `q` (with or without diacritics; exact matches first)."""
    stmt = sa.select(Directive)
    if not reads_everything(user):
        stmt = stmt.where(Directive.id.in_(sa.select(Task.directive_id).where(visible_tasks_clause(user))))
    if q:
        stmt = stmt.where(matches(Directive.search_folded, q))
    rank = exact_first(q, Directive.title, Directive.number, Directive.issuer) if q else []
    return stmt.order_by(*rank, Directive.issued_on.desc(), Directive.id.desc())


def is_directive_visible(user, directive: Directive) -> bool:
    if reads_everything(user):
        return True
    seen = db.session.scalar(sa.select(sa.func.count()).select_from(Task).where(
        Task.directive_id == directive.id, visible_tasks_clause(user)))
    return seen > 0


def task_counts(directive_ids: list[int]) -> dict[int, int]:
    """How many tasks each directive has."""
    if not directive_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Task.directive_id, sa.func.count()).where(Task.directive_id.in_(directive_ids))
        .group_by(Task.directive_id)).all())


def directive_tasks(user, directive: Directive) -> list[Task]:
    """The directive's tasks the user may see, in the notice's order, with their units."""
    return list(db.session.scalars(
        sa.select(Task).where(Task.directive_id == directive.id, visible_tasks_clause(user))
        .options(TASK_ASSIGNMENTS)
        .order_by(Task.position, Task.id)))


def next_meeting(today: date) -> Optional[Meeting]:
    """The first meeting on or after `today`."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.held_on >= today)
                             .order_by(Meeting.held_on, Meeting.id).limit(1))


def coming_meetings(today: date) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).where(Meeting.held_on >= today)
                                   .order_by(Meeting.held_on, Meeting.id)))


def past_meetings(today: date, limit: int = 50) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).where(Meeting.held_on < today)
                                   .options(selectinload(Meeting.directives))
                                   .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(limit)))


def recent_meetings(limit: int = 60) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
                                   .limit(limit)))


def meeting_choices() -> list[tuple[int, str]]:
    """The meetings a directive may come out of, newest first, with "none" first."""
    return [(0, "— Không —")] + [(m.id, f"{m.held_on:%d/%m/%Y} – {m.title or m.kind}")
                                 for m in recent_meetings(200)]


def _issuers_walk() -> sa.Select:
    walk = sa.select(sa.func.min(Directive.issuer).label("issuer")).cte("issuers", recursive=True)
    following = aliased(Directive)
    step = sa.select(sa.select(sa.func.min(following.issuer)).where(following.issuer > walk.c.issuer)
                     .scalar_subquery()).where(walk.c.issuer.is_not(None))
    walk = walk.union_all(step)
    return sa.select(walk.c.issuer).where(walk.c.issuer.is_not(None)).order_by(walk.c.issuer)


_ISSUERS = _issuers_walk()


def committee_choices() -> list[str]:
    """The issuing bodies that appear on directives, in order: a walk along the issuer index from each to
    the next, a probe per body (a DISTINCT read all of a province's 20,000 directives: 4 ms on PostgreSQL)."""
    return list(db.session.scalars(_ISSUERS))


def same_notice(number, issued_on, title=None) -> Directive | None:
    """A directive already saved with this number and date (without a number: this title and date), which
    importing the notice again would duplicate."""
    number, title = (number or "").strip(), (title or "").strip()
    if issued_on is None or not (number or title):
        return None
    same = Directive.number == number if number else sa.and_(Directive.number.is_(None), Directive.title == title)
    return db.session.scalar(sa.select(Directive).where(same, Directive.issued_on == issued_on)
                             .order_by(Directive.id).limit(1))
