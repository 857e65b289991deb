"""Read queries of the reminders. The deciding queries select only what can be due on the day (from
indexes), a batch of units at a time, as plain Core rows, so time follows what is due and memory the batch,
not the number of tasks. A round-up's long-overdue work is counted and ranked in the database; only the
rows its digest lists are read."""
from datetime import date, datetime, time, timedelta
from typing import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker import clock
from tracker.extensions import db
from tracker.models import (
    Assignment, DigestEvery, Directive, ProgressReport, ReminderPlan, ReportEvery,
    Role, Task, TaskEvent, Unit, User,
)
from tracker.reminders.digest import Item, short
from tracker.reminders.due import (
    ANNOUNCE_WINDOW, ANNOUNCED, REPEAT_OVERDUE, Rhythm, Rules, deadline_due, report_asked_since, report_due,
)
from tracker.services.status import effective_deadline_sql

UNIT_BATCH = 100  # units in the first batch; the next ones are sized to hold about BATCH_ITEMS items
BATCH_ITEMS = 5000
MIN_BATCH, MAX_BATCH = 5, 1000
TEXT_FETCH = 400  # characters of a task's text fetched (digests show 300)
YIELD_PER = 1000  # rows a streamed query (the summaries') holds at a time


def unit_batches(target_items: int = BATCH_ITEMS) -> Iterator[list[int]]:
    """Ids of the active units, a batch at a time. The caller says (with `send`) how many items the
    last batch had, and the next batch is sized to hold about `target_items`: memory follows the batch,
    not the number of tasks."""
    ids = db.session.scalars(sa.select(Unit.id).where(Unit.is_active).order_by(Unit.id)).all()
    start, size = 0, UNIT_BATCH
    while start < len(ids):
        batch = list(ids[start:start + size])
        start += len(batch)
        items = yield batch
        if items is not None:
            size = max(MIN_BATCH, min(MAX_BATCH, int(size * target_items / max(items, 1))))


def dedupe(addresses: Iterable[str | None]) -> list[str]:
    seen, out = set(), []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            out.append(address)
    return out


def unit_addresses(unit_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """{unit id: (name, addresses)}: the unit's mailbox and its own users who want reminders."""
    units = {uid: (name, [email]) for uid, name, email in db.session.execute(
        sa.select(Unit.id, Unit.name, Unit.email).where(Unit.id.in_(unit_ids), Unit.is_active))}
    users = sa.select(User.unit_id, User.email).where(
        User.unit_id.in_(unit_ids), User.role == Role.UNIT, User.is_active, User.wants_reminders,
        User.email.is_not(None)).order_by(User.unit_id, User.id)
    for uid, email in db.session.execute(users):
        if uid in units:
            units[uid][1].append(email)
    return {uid: (name, dedupe(emails)) for uid, (name, emails) in units.items()}


def role_addresses(*roles: Role) -> list[str]:
    """Active users of these roles who want reminders and have an address."""
    return dedupe(db.session.scalars(sa.select(User.email).where(
        User.role.in_(roles), User.is_active, User.wants_reminders, User.email.is_not(None)).order_by(User.id)))


def office_addresses(config) -> list[str]:
    return dedupe([config.get("OFFICE_EMAIL"), *role_addresses(Role.OFFICE)])


def rhythms(rules: Rules) -> dict[int, Rhythm]:
    """Each unit's rhythm where its plan differs from the installation's (a small table, read once a pass)."""
    out = {}
    for unit_id, weekday, every, allowed, digest_every in db.session.execute(sa.select(
            ReminderPlan.unit_id, ReminderPlan.roundup_weekday, ReminderPlan.roundup_every_weeks,
            ReminderPlan.is_weekly_allowed, ReminderPlan.digest_every)):
        out[unit_id] = Rhythm(weekday=weekday or rules.roundup_weekday, every_weeks=max(1, every),
                              weekly=bool(allowed) and digest_every == DigestEvery.WEEKLY)
    return out


def _literal(value: str):
    """A constant written into the SQL, not bound: the partial indexes' conditions must be seen to hold when
    the query is planned (SQLite and a prepared PostgreSQL plan cannot see through a parameter)."""
    return sa.literal_column(f"'{value}'")


def _still_led(assignment) -> sa.ColumnElement:
    """1 when some lead of the assignment's task still works on it, else NULL: a probe of the partial index
    of open leads, per row (an EXISTS in the WHERE clause made PostgreSQL hash every assignment)."""
    lead = aliased(Assignment)
    return (sa.select(sa.literal(1)).where(lead.task_id == assignment.task_id, lead.role == _literal("lead"),
                                           lead.state != _literal("done")).limit(1).scalar_subquery())


#: Columns read as the strings they are stored as (the Enum types' per-row processing cost a tenth of the pass).
_ROLE = sa.type_coerce(Assignment.role, sa.String)
_EVERY = sa.type_coerce(Task.report_every, sa.String)


def _select(deadline) -> sa.Select:
    """The columns of a candidate, and the joins: open, undeclined assignments with their task and notice.
    For a supporting unit, whether some lead of the task still works on it (it is reminded only then)."""
    last_report = (sa.select(sa.func.max(ProgressReport.reported_on))
                   .where(ProgressReport.assignment_id == Assignment.id).scalar_subquery())
    return (
        sa.select(
            Assignment.id, Assignment.unit_id, _ROLE, Task.id, Task.source_ref,
            sa.func.substr(Task.text, 1, TEXT_FETCH), deadline, _EVERY, Directive.number,
            Directive.issued_on, sa.case((Task.report_every.is_not(None), last_report), else_=None),
            sa.case((Assignment.role == _literal("support"), _still_led(Assignment)), else_=1),
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .where(Assignment.state == _literal("open"), Assignment.declined_at.is_(None))
    )


def _oldest_new_deadline(today: date, window: int) -> date:
    """Deadlines before this one are overdue for longer than the window: only ever repeated in round-ups."""
    return today - timedelta(days=window)


def _candidates(unit_ids: list[int], roundup_ids: list[int], today: date, rules: Rules, window: int) -> list[sa.Select]:
    """Only the rows that can be new today, each part from an index: deadlines that reach an offset or
    passed within the window (by the task's deadline, or by the extended one), ongoing tasks whose report
    is asked within the window, and for the units whose round-up is due, all their ongoing work (its
    report requests are repeated). Their long-overdue work is `long_overdue`'s."""
    deadline = effective_deadline_sql()
    lo, hi = _oldest_new_deadline(today, window), today + timedelta(days=max(rules.horizon, 0))
    oldest = lo + timedelta(days=1)
    parts = []
    if unit_ids:
        parts += [
            _select(deadline).where(Task.deadline_on.between(lo, hi), Assignment.extended_deadline_on.is_(None),
                                    Assignment.unit_id.in_(unit_ids)),
            _select(deadline).where(Assignment.extended_deadline_on.between(lo, hi), Assignment.unit_id.in_(unit_ids)),
        ]
        asked = [every for every in ReportEvery if report_asked_since(every, oldest, today, rules)]
        others = sorted(set(unit_ids) - set(roundup_ids))  # the round-up's units: all their ongoing work, below
        if asked and others:
            parts.append(_select(deadline).where(Task.deadline_on.is_(None), Assignment.extended_deadline_on.is_(None),
                                                 Task.report_every.in_(asked), Assignment.unit_id.in_(others)))
    if roundup_ids:
        parts.append(_select(deadline).where(Assignment.unit_id.in_(roundup_ids), deadline.is_(None),
                                             Task.report_every.is_not(None)))
    return parts


def _window(rules: Rules, units: dict[int, Rhythm]) -> int:
    return max([rules.window] + [r.window(rules) for r in units.values()])


def due_items(unit_ids: list[int], roundup_ids: list[int], today: date, rules: Rules,
              units: dict[int, Rhythm], names: dict[int, str]) -> Iterator[Item]:
    """The items of these units that are new today, and for the units in `roundup_ids` their ongoing work and
    their overdue work of the window; each once, with the reminder it owes (not yet checked against the ledger).

    Overdue work that is not new comes as REPEAT_OVERDUE; an ongoing task comes with the request of its
    period (REPORT_DUE), which the pass turns into a repeat if it went already. Work overdue for longer than
    the window is `long_overdue`'s.
    """
    window = _window(rules, units)
    seen: set[int] = set()
    conn = db.session.connection()
    for stmt in _candidates(unit_ids, roundup_ids, today, rules, window):
        for (assignment_id, unit_id, role, task_id, source_ref, text, deadline, every, number, issued_on,
             last_report, still_led) in conn.execute(stmt):
            if not still_led or assignment_id in seen:
                continue
            seen.add(assignment_id)
            rhythm = units.get(unit_id) or rules.rhythm
            period_end = None
            if deadline is not None:
                due = deadline_due(deadline, today, rules, rhythm.window(rules))
                if due is None and deadline < today:
                    due = (REPEAT_OVERDUE, today)
            else:
                found = report_due(every, today, last_report, rules)
                due, period_end = (found[:2], found[2]) if found else (None, None)
            if due is None:
                continue
            yield Item(kind=due[0], due_on=due[1], assignment_id=assignment_id, task_id=task_id, unit_id=unit_id,
                       unit_name=names.get(unit_id, ""), role=role, directive_number=number,
                       directive_issued_on=issued_on, source_ref=source_ref, text=short(text), deadline=deadline,
                       today=today, period_end=period_end)


def long_overdue(roundup_ids: list[int], today: date, rules: Rules, units: dict[int, Rhythm], names: dict[int, str],
                 listed: int) -> tuple[list[Item], dict[int, int]]:
    """The round-up's repeats of work overdue for longer than the window: per unit, how many there are, and
    the oldest `listed` of them (with every item tied with the last one on its deadline, so that the digest's
    own order picks the same ones it would among all). Counted and ranked in the database, from the partial
    index of open work; only the listed rows are read with their text."""
    if not roundup_ids or listed <= 0:
        return [], {}
    before = _oldest_new_deadline(today, _window(rules, units))
    open_work = (
        sa.select(Assignment.id, Assignment.unit_id, Assignment.role, Assignment.task_id, Assignment.due_on)
        .where(Assignment.unit_id.in_(roundup_ids), Assignment.state == _literal("open"),
               Assignment.declined_at.is_(None), Assignment.due_on < before,
               sa.or_(Assignment.role == _literal("lead"), _still_led(Assignment).is_not(None)))
        .subquery())
    ranked = sa.select(
        open_work, sa.func.rank().over(partition_by=open_work.c.unit_id, order_by=open_work.c.due_on).label("rank"),
        sa.func.count().over(partition_by=open_work.c.unit_id).label("total")).subquery()
    stmt = (
        sa.select(ranked.c.id, ranked.c.unit_id, sa.type_coerce(ranked.c.role, sa.String), Task.id, Task.source_ref,
                  sa.func.substr(Task.text, 1, TEXT_FETCH), ranked.c.due_on, Directive.number, Directive.issued_on,
                  ranked.c.total)
        .join(Task, Task.id == ranked.c.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .where(ranked.c.rank <= listed))
    items, totals = [], {}
    for (assignment_id, unit_id, role, task_id, source_ref, text, deadline, number, issued_on,
         total) in db.session.connection().execute(stmt):
        totals[unit_id] = total
        items.append(Item(kind=REPEAT_OVERDUE, due_on=today, assignment_id=assignment_id, task_id=task_id,
                          unit_id=unit_id, unit_name=names.get(unit_id, ""), role=role, directive_number=number,
                          directive_issued_on=issued_on, source_ref=source_ref, text=short(text), deadline=deadline,
                          today=today))
    return items, totals


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=clock.TZ)


def announcements(today: date) -> dict[int, list[Item]]:
    """Returned reports and decided extensions of the last days, one item per (assignment, kind, day), by
    unit. One query per pass: how many there are follows the week's activity, not the number of tasks."""
    deadline = effective_deadline_sql()
    stmt = (
        sa.select(TaskEvent.kind, TaskEvent.created_at, TaskEvent.note, Assignment.id, Assignment.unit_id,
                  Assignment.role, Task.id, Task.source_ref, sa.func.substr(Task.text, 1, TEXT_FETCH), deadline,
                  Directive.number, Directive.issued_on)
        .join(Assignment, Assignment.id == TaskEvent.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .where(
            TaskEvent.kind.in_(ANNOUNCED),
            TaskEvent.created_at >= _local_midnight_utc(today - ANNOUNCE_WINDOW + timedelta(days=1)),
            TaskEvent.created_at < _local_midnight_utc(today + timedelta(days=1)),
            Assignment.declined_at.is_(None),
        )
        .order_by(TaskEvent.id)
    )
    found: dict[tuple, Item] = {}
    for (kind, created_at, note, assignment_id, unit_id, role, task_id, source_ref, text, dl, number,
         issued_on) in db.session.execute(stmt):
        item = Item(kind=kind, due_on=created_at.astimezone(clock.TZ).date(), assignment_id=assignment_id,
                    task_id=task_id, unit_id=unit_id, unit_name="", role=str(role),
                    directive_number=number, directive_issued_on=issued_on, source_ref=source_ref,
                    text=short(text), deadline=dl, today=today, note=note)
        found[item.key] = item  # the latest event of the day wins
    by_unit: dict[int, list[Item]] = {}
    for item in found.values():
        by_unit.setdefault(item.unit_id, []).append(item)
    return by_unit
