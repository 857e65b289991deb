"""The exactly-once ledger: one write per item, one per message.

A pass first writes its messages (outbox rows, status "sending", claimed by its token), then claims the
items of each with the message's id already set: an INSERT … ON CONFLICT DO NOTHING of the keys, or, for
a key whose message failed, a conditional UPDATE that moves it to the new message. Both are atomic on
SQLite and PostgreSQL, so two passes — on one host or two — never both own a key. The claims are
committed before anything is sent. Each message is then marked sent (or failed) as soon as its SMTP
transaction ends; its items are sent with it, and a failed message frees them for the next pass.

A message still "sending" long after its claim belongs to a pass that died: `reclaim_stale` marks it
failed, so its items go again (the one case where at-least-once wins over at-most-once, so nothing is lost
silently). Claims are dated, and judged stale, by the database's clock: every host agrees on it, and it
is the real time even when a pass runs for another day (`--today`).
"""
import json
import os
import smtplib
import socket
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db
from tracker.models import OutboxMessage, OutboxStatus, Reminder
from tracker.reminders.digest import Delivery

#: A claim older than this belongs to a pass that died.
STALE_AFTER = timedelta(minutes=30)
CHUNK = 500
INSERT_CHUNK = 5000
INTERRUPTED = "Lượt gửi bị gián đoạn (tiến trình dừng giữa chừng); thư có thể đã đi, các mục được gửi lại."

Key = tuple[int, str, date]


def claim_token() -> str:
    """host:pid:random — who holds a claim, and a value no other pass can have."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def dialect_insert(model):
    """INSERT with ON CONFLICT support, for the database in use."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def db_now() -> datetime:
    """The database's clock (UTC), the one every host shares."""
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalar(sa.select(sa.func.clock_timestamp())).astimezone(timezone.utc)
    text = db.session.scalar(sa.text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def reclaim_stale(now: datetime) -> int:
    """Messages left "sending" by a pass that died become "failed" (their items are then taken again;
    keyed ones are claimed again by their key). Flushes."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < now - STALE_AFTER)
        .values(status=OutboxStatus.FAILED, error=INTERRUPTED, claimed_at=None)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def message_row(digest_kind: str, run_on: date, subject: str, recipients: Iterable[str], token: str,
                 now: datetime, created_at: datetime, unit_id: Optional[int] = None,
                 key: Optional[str] = None, item_count: int = 0) -> dict:
    """An outbox row as this pass claims it (status "sending", dated by the database's clock)."""
    return {"kind": digest_kind, "key": key, "run_on": run_on, "unit_id": unit_id, "subject": subject[:300],
            "recipients": ", ".join(recipients), "item_count": item_count, "status": OutboxStatus.SENDING.value,
            "created_at": created_at, "claimed_at": now, "claimed_by": token, "attempts": 0}


def open_messages(rows: list[dict]) -> list[int]:
    """Insert outbox rows without a key (made by `_message_row`); their ids, in order. Flushes."""
    if not rows:
        return []
    stmt = sa.insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True)
    return list(db.session.scalars(stmt, rows))


def claim_keys(rows: list[dict], token: str, now: datetime, *, new_row: bool = False) -> dict[str, int]:
    """Claim keyed outbox rows (made by `message_row` with a key): insert the new keys, and take again the
    ones whose message failed (or whose pass died) — the same row (a summary, a meeting list), or with
    `new_row` a new one, the failed row keeping its history without the key (a unit's round-up, whose
    items moved to the new message). {key: message id} of the ones this pass now holds. Flushes."""
    if not rows:
        return {}
    insert = (dialect_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
              .returning(OutboxMessage.key, OutboxMessage.id))
    held = dict(db.session.execute(insert, rows).all())
    for row in [row for row in rows if row["key"] not in held]:  # rare: a failed one sent again
        retake = (sa.update(OutboxMessage)
                  .where(OutboxMessage.key == row["key"], OutboxMessage.status != OutboxStatus.SENT,
                         sa.or_(OutboxMessage.status == OutboxStatus.FAILED,
                                OutboxMessage.claimed_at < now - STALE_AFTER))
                  .returning(OutboxMessage.id).execution_options(synchronize_session=False))
        if new_row:
            if db.session.execute(retake.values(key=None)).scalar() is not None:
                held.update(db.session.execute(insert, [row]).all())
            continue
        taken = db.session.execute(retake.values(
            claimed_at=now, claimed_by=token, status=OutboxStatus.SENDING, subject=row["subject"],
            recipients=row["recipients"], run_on=row["run_on"], item_count=row["item_count"], error=None)).scalar()
        if taken is not None:
            held[row["key"]] = taken
    return held


def held_keys(keys: list[str]) -> set[str]:
    """The outbox keys that must not be claimed now: sent, or being sent."""
    found = set()
    for chunk in _chunks(keys):
        found.update(db.session.scalars(sa.select(OutboxMessage.key).where(
            OutboxMessage.key.in_(chunk), OutboxMessage.status != OutboxStatus.FAILED)))
    return found


def _rows_of(keys: list[Key]) -> list[tuple[int, Key, Optional[int], Optional[str]]]:
    """The ledger rows with these keys, as (id, key, message id, message status). Looked up by assignment
    (the unique index leads with it), matched exactly here."""
    wanted = set(keys)
    ids = sorted({a for a, _, _ in wanted})
    first_due = min(d for _, _, d in wanted)
    found = []
    for chunk in _chunks(ids, INSERT_CHUNK):
        stmt = (sa.select(Reminder.assignment_id, Reminder.kind, Reminder.due_on, Reminder.id, Reminder.message_id,
                          sa.type_coerce(OutboxMessage.status, sa.String))
                .outerjoin(OutboxMessage, OutboxMessage.id == Reminder.message_id)
                .where(_one_of(Reminder.assignment_id, chunk), Reminder.due_on >= first_due))
        for a, k, d, rid, message_id, status in db.session.connection().execute(stmt):
            if (a, k, d) in wanted:
                found.append((rid, (a, k, d), message_id, status))
    return found


def _one_of(column, ids: list[int]) -> sa.ColumnElement:
    """`column IN ids` with the ids in one parameter (an array, or a JSON text on SQLite): thousands of bound
    parameters made the statement as long, and the driver's and the database's parsing of it as slow."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam("ids", list(ids), type_=postgresql.ARRAY(sa.Integer)))
    values = sa.func.json_each(sa.bindparam("ids", json.dumps(list(ids)), type_=sa.String))
    return column.in_(sa.select(sa.literal_column("value")).select_from(values))


def blocked(keys: Iterable[Key]) -> set[Key]:
    """The keys that must not be sent now: their message went, or is going (`reclaim_stale` ran first)."""
    keys = list(keys)
    if not keys:
        return set()
    return {key for _, key, _, status in _rows_of(keys) if status is not None and status != OutboxStatus.FAILED}


def claim(keys_by_message: dict[int, list[Key]]) -> dict[Key, int]:
    """Claim each message's keys for it; return {key: message id} of the ones this pass now owns. Flushes.

    New keys are inserted with their message's id (a key another pass inserted first is skipped by ON
    CONFLICT DO NOTHING); a key whose message failed is moved to the new message by an UPDATE that checks,
    under the row lock on PostgreSQL (SQLite runs it alone), that it still points at a failed message.
    """
    message_of = {key: mid for mid, keys in keys_by_message.items() for key in keys}
    keys = sorted(message_of)  # one order for every pass, so two passes cannot deadlock on PostgreSQL
    owned: dict[Key, int] = {}
    if not keys:
        return owned
    for chunk in _chunks(keys, INSERT_CHUNK):
        owned.update(_insert_claims([(a, k, d, message_of[(a, k, d)]) for a, k, d in chunk]))
    taken = [key for key in keys if key not in owned]
    if not taken:
        return owned
    retry: dict[int, list[int]] = {}
    for rid, key, _, status in _rows_of(taken):
        if status is None or status == OutboxStatus.FAILED:
            retry.setdefault(message_of[key], []).append(rid)
    for message_id, ids in retry.items():
        for chunk in _chunks(ids):
            failed = sa.exists().where(OutboxMessage.id == Reminder.message_id,
                                       OutboxMessage.status == OutboxStatus.FAILED)
            rows = db.session.execute(
                sa.update(Reminder)
                .where(Reminder.id.in_(chunk), sa.or_(Reminder.message_id.is_(None), failed))
                .values(message_id=message_id, attempts=Reminder.attempts + 1)
                .returning(Reminder.assignment_id, Reminder.kind, Reminder.due_on, Reminder.message_id)
                .execution_options(synchronize_session=False))
            owned.update({(a, k, d): mid for a, k, d, mid in rows if mid == message_id})
    return owned


#: The keys travel as arrays (PostgreSQL) or one JSON text (SQLite), in one statement: bound row by row, a
#: first pass's 45,000 keys cost seconds of parameter handling (and psycopg parsing a statement as long).
_CLAIMS = {
    "postgresql": """
        INSERT INTO reminder (assignment_id, kind, due_on, attempts, message_id)
        SELECT a, k, d, 1, m FROM unnest(CAST(:a AS integer[]), CAST(:k AS varchar[]), CAST(:d AS date[]),
                                         CAST(:m AS integer[])) AS keys (a, k, d, m)
        ON CONFLICT (assignment_id, kind, due_on) DO NOTHING
        RETURNING assignment_id, kind, due_on, message_id""",
    "sqlite": """
        INSERT INTO reminder (assignment_id, kind, due_on, attempts, message_id)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), 1,
               json_extract(value, '$[3]')
        FROM json_each(:keys) WHERE true
        ON CONFLICT (assignment_id, kind, due_on) DO NOTHING
        RETURNING assignment_id, kind, due_on, message_id""",
}


def _insert_claims(rows: list[tuple[int, str, date, int]]) -> Iterator[tuple[Key, int]]:
    """INSERT … ON CONFLICT DO NOTHING of (assignment, kind, due_on, message) rows, in their order; yields
    ((assignment, kind, due_on), message) of the rows inserted."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        a, k, d, m = zip(*rows)
        result = connection.execute(sa.text(_CLAIMS["postgresql"]), {"a": list(a), "k": list(k), "d": list(d),
                                                                      "m": list(m)})
        for a, k, d, m in result:
            yield (a, k, d), m
        return
    keys = json.dumps([(a, k, d.isoformat(), m) for a, k, d, m in rows])
    for a, k, d, m in connection.execute(sa.text(_CLAIMS["sqlite"]), {"keys": keys}):
        yield (a, k, date.fromisoformat(d)), m


def set_subject(message_id: int, subject: str, item_count: int) -> None:
    """Give a claimed message its final subject and count, when they are not the ones it was written with
    (the office's, known at the end; a unit's, when another pass owned some of its items). Flushes."""
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(subject=subject[:300], item_count=item_count)
                       .execution_options(synchronize_session=False))


def drop_messages(message_ids: list[int]) -> None:
    """Outbox rows that ended up carrying nothing (another pass owned every item). Flushes."""
    for chunk in _chunks(message_ids):
        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id.in_(chunk))
                           .execution_options(synchronize_session=False))


_outbox = OutboxMessage.__table__
#: Core statements, made once: the ORM's bulk UPDATE cost 1.7 ms a message.
_MARK_SENT = (sa.update(_outbox).where(_outbox.c.id == sa.bindparam("message_id"))
              .values(status=OutboxStatus.SENT, sent_at=sa.bindparam("now"), error=None,
                      file_name=sa.bindparam("file_name"), attempts=_outbox.c.attempts + 1))
_MARK_FAILED = (sa.update(_outbox).where(_outbox.c.id == sa.bindparam("message_id"))
                .values(status=OutboxStatus.FAILED, sent_at=None, error=sa.bindparam("error"), claimed_at=None,
                        file_name=sa.bindparam("file_name"), attempts=_outbox.c.attempts + 1))


def mark(delivery: Delivery, now: datetime, connection: Optional[sa.Connection] = None) -> None:
    """Mark one message sent (its items with it) or failed (its items free again), on `connection` (the
    session's by default). Does not commit."""
    connection = connection or db.session.connection()
    params = {"message_id": delivery.message_id, "file_name": delivery.file_name}
    if delivery.ok:
        connection.execute(_MARK_SENT, {**params, "now": now})
    else:
        connection.execute(_MARK_FAILED, {**params, "error": delivery.error})


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



__all__ = ["Key", "STALE_AFTER", "blocked", "claim", "claim_keys", "claim_token", "db_now",
           "describe_error", "dialect_insert", "drop_messages", "held_keys", "mark", "message_row",
           "open_messages", "reclaim_stale", "set_subject"]
