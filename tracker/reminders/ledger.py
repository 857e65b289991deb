"""The exactly-once ledger: a row is claimed (and the claim committed) before sending, marked sent after.

A claim is an INSERT … ON CONFLICT DO NOTHING of the key, or an UPDATE of a row whose last attempt
failed (or whose sender died: the claim is stale). Both are atomic on SQLite and PostgreSQL, so two
passes — on one host or two — never both own a key. The rows a pass owns are the ones that carry its
token afterwards. A failed send releases its rows, so the next pass takes them again.
"""
import os
import smtplib
import socket
import uuid
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db
from tracker.models import OutboxMessage, OutboxStatus, Reminder
from tracker.reminders.digest import Outgoing

#: A claim older than this belongs to a pass that died; its rows are taken again (and may go out twice:
#: the one case where at-least-once wins over at-most-once, so nothing is lost silently).
STALE_AFTER = timedelta(minutes=30)
CHUNK = 500

Key = tuple[int, str, date]


def claim_token() -> str:
    """host:pid:random — who holds a claim, and a value no other pass can have."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def dialect_insert(model):
    """INSERT with ON CONFLICT support, for the database in use."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _rows_of(keys: list[Key], *conditions, full: bool = True) -> list:
    """The ledger rows with these keys, as (id, key, sent_at, claimed_at, claimed_by), or just the keys
    (`full=False`). Looked up by assignment (the unique index leads with it), matched exactly here."""
    wanted = set(keys)
    ids = sorted({a for a, _, _ in wanted})
    first_due = min(d for _, _, d in wanted)
    columns = [Reminder.assignment_id, Reminder.kind, Reminder.due_on]
    if full:
        columns += [Reminder.id, Reminder.sent_at, Reminder.claimed_at, Reminder.claimed_by]
    found = []
    for chunk in _chunks(ids):
        stmt = sa.select(*columns).where(Reminder.assignment_id.in_(chunk), Reminder.due_on >= first_due, *conditions)
        for row in db.session.execute(stmt):
            key = tuple(row[:3])
            if key in wanted:
                found.append((row[3], key, row[4], row[5], row[6]) if full else key)
    return found


def blocked(keys: Iterable[Key], now: datetime) -> set[Key]:
    """The keys that must not be sent now: already sent, or claimed by a pass that is still at it."""
    keys = list(keys)
    if not keys:
        return set()
    return set(_rows_of(keys, sa.or_(Reminder.sent_at.is_not(None), Reminder.claimed_at >= now - STALE_AFTER),
                        full=False))


def claim(keys: Iterable[Key], token: str, now: datetime, message_id: Optional[int] = None) -> dict[Key, int]:
    """Claim these keys for this pass; return {key: reminder id} of the ones it now owns. Flushes, no commit.

    New keys are inserted (a key another pass inserted first is skipped by ON CONFLICT DO NOTHING); keys
    that exist are taken over only if their last attempt failed or its pass died: a conditional UPDATE,
    which PostgreSQL re-checks under the row lock and SQLite runs alone. `message_id` ties the rows to a
    message that exists already (the office's, claimed batch by batch).
    """
    keys = sorted(set(keys))  # one order for every pass, so two passes cannot deadlock on PostgreSQL
    owned: dict[Key, int] = {}
    if not keys:
        return owned
    insert = (dialect_insert(Reminder).on_conflict_do_nothing(index_elements=["assignment_id", "kind", "due_on"])
              .returning(Reminder.id, Reminder.assignment_id, Reminder.kind, Reminder.due_on))
    for chunk in _chunks(keys):
        rows = db.session.execute(insert, [{"assignment_id": a, "kind": k, "due_on": d, "claimed_at": now,
                                            "claimed_by": token, "attempts": 0, "message_id": message_id}
                                           for a, k, d in chunk])
        owned.update({(a, k, d): rid for rid, a, k, d in rows})
    taken = [key for key in keys if key not in owned]
    if not taken:
        return owned
    retry = [rid for rid, _, _, claimed_at, _ in _rows_of(taken, Reminder.sent_at.is_(None))
             if claimed_at is None or claimed_at < now - STALE_AFTER]
    for chunk in _chunks(retry):
        db.session.execute(
            sa.update(Reminder)
            .where(Reminder.id.in_(chunk), Reminder.sent_at.is_(None),
                   sa.or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < now - STALE_AFTER))
            .values(claimed_at=now, claimed_by=token, message_id=message_id)
            .execution_options(synchronize_session=False))
    if retry:
        owned.update({key: rid for rid, key, _, _, by in _rows_of(taken, Reminder.sent_at.is_(None)) if by == token})
    return owned


def claim_keyed(out: Outgoing, run_on: date, token: str, now: datetime) -> bool:
    """Claim a digest that is not about one assignment (weekly summary, meeting list) by its outbox key."""
    values = {"kind": out.kind, "key": out.key, "run_on": run_on, "subject": out.subject,
              "recipients": ", ".join(out.recipients), "item_count": out.item_count,
              "status": OutboxStatus.SENDING.value, "created_at": now, "claimed_at": now, "claimed_by": token,
              "attempts": 0}
    db.session.execute(dialect_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"]), [values])
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.key == out.key, OutboxMessage.status != OutboxStatus.SENT,
               sa.or_(OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.claimed_at < now - STALE_AFTER))
        .values(claimed_at=now, claimed_by=token, status=OutboxStatus.SENDING, subject=out.subject,
                recipients=values["recipients"], run_on=run_on, error=None)
        .execution_options(synchronize_session=False))
    out.outbox_id = db.session.scalar(sa.select(OutboxMessage.id).where(
        OutboxMessage.key == out.key, OutboxMessage.claimed_by == token, OutboxMessage.status == OutboxStatus.SENDING))
    return out.outbox_id is not None


def record_message(out: Outgoing, run_on: date, token: str, now: datetime) -> None:
    """The outbox row of a digest whose items were just claimed (status "sending"). Flushes."""
    row = OutboxMessage(kind=out.kind, run_on=run_on, unit_id=out.unit_id, subject=out.subject,
                        recipients=", ".join(out.recipients), item_count=out.item_count,
                        status=OutboxStatus.SENDING, created_at=now, claimed_at=now, claimed_by=token, attempts=0)
    db.session.add(row)
    db.session.flush()
    out.outbox_id = row.id


def finish(outgoing: list[Outgoing], now: datetime) -> None:
    """Mark what went (sent) and release what did not (failed, for the next pass). Flushes, no commit."""
    for out in outgoing:
        if out.outbox_id is not None:
            db.session.execute(
                sa.update(OutboxMessage).where(OutboxMessage.id == out.outbox_id)
                .values(status=OutboxStatus.SENT if out.ok else OutboxStatus.FAILED,
                        sent_at=now if out.ok else None, error=None if out.ok else out.error,
                        file_name=out.file_name, attempts=OutboxMessage.attempts + 1,
                        claimed_at=None if not out.ok else OutboxMessage.claimed_at)
                .execution_options(synchronize_session=False))
        if out.ok:
            values = {"sent_at": now, "last_error": None}
        else:
            values = {"claimed_at": None, "claimed_by": None, "last_error": out.error}
        values.update(message_id=out.outbox_id, attempts=Reminder.attempts + 1)
        if out.by_message:
            wheres = [[Reminder.message_id == out.outbox_id, Reminder.sent_at.is_(None)]]
        else:
            wheres = [[Reminder.id.in_(chunk)] for chunk in _chunks(out.reminder_ids)]
        for where in wheres:
            db.session.execute(sa.update(Reminder).where(*where).values(**values)
                               .execution_options(synchronize_session=False))


def describe_error(error: BaseException) -> str:
    """What the outbox page and the CLI show: the SMTP code and the server's words when there are some."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in error.recipients.items())
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = str(error) or ""
    return f"{type(error).__name__}: {text}".rstrip(": ")[:1000]


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


__all__ = ["Key", "STALE_AFTER", "blocked", "claim", "claim_keyed", "claim_token", "describe_error",
           "dialect_insert", "finish", "record_message"]
