"""One reminder pass: decide what is due, claim it, send one digest per unit, mark each as it goes.

Units are taken a batch at a time: for each batch the deciding queries are streamed, the due items are
checked against the ledger, the messages written and their items claimed (commit), then sent over one
SMTP connection, each message marked sent (commit) as soon as its SMTP transaction ends. The office's
digest of newly overdue items goes out at the end. Email is only sent after the claim is committed.
"""
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Iterable, Iterator, Optional

import sqlalchemy as sa
from flask import current_app

from tracker import clock
from tracker.extensions import db
from tracker.mailer import SEND_ERRORS, open_transport
from tracker.models import OutboxKind
from tracker.queries import reminders as queries
from tracker.reminders import digest as digests, ledger
from tracker.reminders.digest import Delivery, Digest, Item, OfficeList, office_digest, unit_digest, unit_subject
from tracker.reminders.due import OVERDUE, REPEAT_OVERDUE, REPEAT_REPORT, REPORT_DUE, Rhythm, Rules

log = logging.getLogger(__name__)

#: pg_try_advisory_xact_lock key shared by every reminder job ("DonDoc" in ASCII).
LOCK_KEY = 0x446F6E446F63
LOCK_WAIT_SECONDS = 900


@dataclass
class PassSummary:
    day: date
    dry_run: bool = False
    skipped: bool = False  # another pass held the lock
    recipients: set[str] = field(default_factory=set)
    messages: int = 0
    items: int = 0
    sent_messages: int = 0
    sent_items: int = 0
    failed_messages: int = 0
    failed_items: int = 0
    no_address_items: int = 0
    errors: list[str] = field(default_factory=list)
    connections: int = 0  # transports opened (SMTP connections when a server is set)
    decide_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed_messages

    def lines(self) -> list[str]:
        head = f"Lượt nhắc việc ngày {self.day:%d/%m/%Y}"
        if self.skipped:
            return [head + ": bỏ qua, một lượt nhắc khác đang chạy quá lâu."]
        lines = [head + (" (chạy thử, không gửi thư):" if self.dry_run else ":"),
                 f"  người nhận: {len(self.recipients)} · thư: {self.messages} · mục nhắc: {self.items}"]
        if not self.dry_run:
            lines.append(f"  đã gửi: {self.sent_messages} thư ({self.sent_items} mục) · "
                         f"lỗi: {self.failed_messages} thư ({self.failed_items} mục)")
        if self.no_address_items:
            lines.append(f"  không có địa chỉ nhận: {self.no_address_items} mục")
        lines.extend(f"  lỗi gửi: {e}" for e in self.errors[:5])
        lines.append(f"  thời gian: quyết định {self.decide_seconds:.2f} s, cả lượt {self.total_seconds:.2f} s")
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())


@contextmanager
def pass_lock(wait_seconds: int = LOCK_WAIT_SECONDS) -> Iterator[bool]:
    """On PostgreSQL, one reminder job at a time across hosts: a transaction-level advisory lock on a
    connection of its own, held until the job ends. A second job waits for it (up to `wait_seconds`), then
    finds in the ledger that there is nothing left to send. SQLite has one host; the ledger suffices there."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as conn:
        try:
            conn.execute(sa.text(f"SET LOCAL lock_timeout = '{int(wait_seconds)}s'"))
            try:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
                got = True
            except sa.exc.OperationalError:  # lock_timeout: another job has run for too long
                got = False
            yield got
        finally:
            conn.rollback()


def deliver(messages: Iterable[tuple[int, Digest]], summary: Optional[PassSummary] = None) -> list[Delivery]:
    """Send claimed messages over one transport, each marked sent (or failed), and the mark committed, as soon
    as its SMTP transaction ends. Never raises for SMTP. `messages` may be a generator: each digest is built
    just before it is sent, so a batch's messages are not all in memory at once.

    Three things overlap: the next digest is built while the server reads this message (its answer is read
    after), and a message's mark is written by a thread of its own while the next envelope goes (on PostgreSQL a
    mark is a round trip to the server). A mark is committed before the next message's content goes: a pass
    that dies leaves at most one message sent but not marked, as when each step waited for the last."""
    deliveries: list[Delivery] = []
    pending = iter(messages)
    with _marks_connection() as marks, ThreadPoolExecutor(1, thread_name_prefix="reminder-marks") as writer:
        written: list[Future] = []

        def record(delivery: Delivery, digest: Digest) -> None:
            written.append(writer.submit(_mark, delivery, clock.now(), marks))
            deliveries.append(_record(delivery, digest, summary))

        def settle() -> None:
            """Wait for the marks in flight (and raise what writing them raised)."""
            while written:
                written.pop(0).result()

        def answer(transport, message_id: int, digest: Digest, file_name: Optional[str]) -> None:
            """Read the server's answer to the message whose content went last, and record it."""
            try:
                transport.wait()
                record(Delivery(message_id, True, file_name=file_name), digest)
            except SEND_ERRORS as error:
                record(Delivery(message_id, False, ledger.describe_error(error)), digest)

        try:
            with open_transport() as transport:
                if summary is not None:
                    summary.connections += 1
                unanswered = None  # the message whose content went, the server's answer not read yet
                for message_id, digest in pending:  # built while the server reads the one before
                    if unanswered:
                        answer(transport, *unanswered)
                        unanswered = None
                    try:
                        file_name = transport.start(digest, name=str(message_id), ready=settle)
                        unanswered = (message_id, digest, file_name)
                    except SEND_ERRORS as error:
                        record(Delivery(message_id, False, ledger.describe_error(error)), digest)
                if unanswered:
                    answer(transport, *unanswered)
        except SEND_ERRORS as error:  # could not connect (or log in): the rest of the batch did not go
            for message_id, digest in pending:
                record(Delivery(message_id, False, ledger.describe_error(error)), digest)
        settle()
    return deliveries


def _mark(delivery: Delivery, now: datetime, marks: sa.Connection) -> None:
    with marks.begin():
        ledger.mark(delivery, now, marks)


@contextmanager
def _marks_connection() -> Iterator[sa.Connection]:
    """A connection of its own for the marks, one short transaction per message, committed without waiting for
    the disk: PostgreSQL's synchronous_commit off, SQLite's synchronous=NORMAL in WAL mode (on this connection,
    while it marks). A mark survives the pass's own crash either way; one lost with the machine (power cut,
    server crash) leaves its message "sending", and a later pass sends it again, as after a crash between a
    send and its mark. (A flush per message cost 3.5 ms on SQLite, and the session's commit machinery a
    millisecond more.) On PostgreSQL the connection autocommits: a mark is one UPDATE, so one round trip
    instead of four (BEGIN, SET LOCAL, UPDATE, COMMIT: a second in all of a province's first pass)."""
    with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("SET synchronous_commit TO OFF")
            connection.commit()  # ends SQLAlchemy's autobegun transaction (none is open on the server)
            try:
                yield connection
            finally:
                if connection.in_transaction():
                    connection.rollback()
                connection.exec_driver_sql("RESET synchronous_commit")
            return
        before = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
        connection.commit()  # ends SQLAlchemy's autobegun transaction (SQLite had none open: PRAGMA begins none)
        try:
            yield connection
        finally:
            if connection.in_transaction():
                connection.rollback()
            connection.exec_driver_sql(f"PRAGMA synchronous = {int(before)}")


def _record(delivery: Delivery, digest: Digest, summary: Optional[PassSummary]) -> Delivery:
    if delivery.ok:
        log.info("sent %s message %s to %s", digest.kind, delivery.message_id, ", ".join(digest.recipients))
    else:
        log.warning("could not send %s message %s: %s", digest.kind, delivery.message_id, delivery.error)
    if summary is not None:
        if delivery.ok:
            summary.sent_messages += 1
            summary.sent_items += digest.item_count
        else:
            summary.failed_messages += 1
            summary.failed_items += digest.item_count
            if delivery.error and delivery.error not in summary.errors:
                summary.errors.append(delivery.error)
    return delivery


def roundup_key(unit_id: int, day: date) -> str:
    """The outbox key of a unit's round-up: it goes once, in the digest of the first pass that owes it."""
    return f"roundup:{unit_id}:{day.isoformat()}"


@dataclass(frozen=True)
class Draft:
    """A unit's digest before its items are claimed: the new items, and the round-up it owes (if any)."""

    unit_id: int
    name: str
    recipients: tuple[str, ...]
    today: date
    items: tuple[Item, ...]
    repeats: tuple[Item, ...] = ()
    roundup_on: Optional[date] = None
    #: Long-overdue items of the round-up counted but not read (they would not be listed in the digest).
    unlisted: int = 0

    def all_items(self) -> list[Item]:
        return list(self.items) + list(self.repeats)

    @property
    def item_count(self) -> int:
        return len(self.items) + len(self.repeats) + self.unlisted

    @property
    def subject(self) -> str:
        return unit_subject(self.name, self.all_items(), self.today, self.unlisted)

    def digest(self) -> Digest:
        return unit_digest(self.unit_id, self.name, list(self.recipients), self.all_items(), self.today,
                           self.roundup_on, self.unlisted)


def _owed_roundups(unit_ids: list[int], today: date, rules: Rules, units: dict[int, Rhythm]) -> dict[int, date]:
    """{unit id: round-up day} of the units whose latest round-up (within the window) has not gone."""
    oldest = today - timedelta(days=rules.window - 1)
    owed = {}
    for unit_id in unit_ids:
        day = (units.get(unit_id) or rules.rhythm).last_roundup(today)
        if day >= oldest:
            owed[unit_id] = day
    held = ledger.held_keys([roundup_key(u, d) for u, d in owed.items()])
    return {u: d for u, d in owed.items() if roundup_key(u, d) not in held}


def _decide(unit_ids: list[int], today: date, rules: Rules, units: dict[int, Rhythm], notices: dict[int, list[Item]],
            office: bool, summary: PassSummary) -> tuple[list[Draft], list[Item], int]:
    """The digests due today for these units, and the office's copies of their newly overdue items, minus
    what the ledger says went (or is going) already; and how many items were looked at (to size the next
    batch). In a round-up, an overdue item or a report request that went already comes again as a repeat."""
    started = time.perf_counter()
    addresses = queries.unit_addresses(unit_ids)
    names = {uid: name for uid, (name, _) in addresses.items()}
    roundups = _owed_roundups(unit_ids, today, rules, units)
    items = list(queries.due_items(unit_ids, sorted(roundups), today, rules, units, names))
    long_overdue, totals = queries.long_overdue(sorted(roundups), today, rules, units, names, max(digests.REPEAT_LIMIT, 1))
    items += long_overdue
    unlisted = Counter(totals)
    unlisted.subtract(Counter(item.unit_id for item in long_overdue))
    for unit_id in unit_ids:
        for item in notices.get(unit_id, ()):
            items.append(replace(item, unit_name=names.get(unit_id, "")))
    office_items = [item.office_copy() for item in items if item.kind == OVERDUE] if office else []
    done = ledger.blocked([i.key for i in items if i.kind != REPEAT_OVERDUE] + [i.key for i in office_items])
    new: dict[int, list[Item]] = {}
    repeats: dict[int, list[Item]] = {}
    for item in items:
        if item.kind == REPEAT_OVERDUE or item.key in done:
            if item.unit_id not in roundups or item.kind not in REPEATED:
                continue
            item.kind = REPEATED[item.kind]  # an item of this pass's own making
        rhythm = units.get(item.unit_id) or rules.rhythm
        if rhythm.weekly and item.unit_id not in roundups:
            continue  # a unit that takes its digest weekly hears of everything on its round-up day
        if not addresses.get(item.unit_id, ("", []))[1]:
            summary.no_address_items += 1 + unlisted.pop(item.unit_id, 0)
            continue
        (repeats if item.kind in REPEATED.values() else new).setdefault(item.unit_id, []).append(item)
    drafts = [Draft(uid, addresses[uid][0], tuple(addresses[uid][1]), today, tuple(new.get(uid, ())),
                    tuple(repeats.get(uid, ())), roundups.get(uid), unlisted.get(uid, 0))
              for uid in unit_ids if uid in new or uid in repeats]
    summary.decide_seconds += time.perf_counter() - started
    return drafts, [i for i in office_items if i.key not in done], len(items) + len(office_items)


#: What an item becomes when it is repeated in a round-up.
REPEATED = {OVERDUE: REPEAT_OVERDUE, REPEAT_OVERDUE: REPEAT_OVERDUE, REPORT_DUE: REPEAT_REPORT}


def _claim(drafts: list[Draft], office_items: list[Item], office_id: Optional[int], today: date,
           token: str) -> tuple[list[tuple[int, Draft]], list[Item]]:
    """Write the batch's messages (a unit's round-up by its key), claim their items with the message's id,
    commit. Returns the drafts this pass now owns (with what it owns of them) and the office's items."""
    now, created = ledger.db_now(), clock.now()

    def row(draft: Draft, key: Optional[str] = None) -> dict:
        return ledger.message_row(OutboxKind.UNIT.value, today, draft.subject, draft.recipients, token, now, created,
                                  draft.unit_id, key, draft.item_count)

    keyed = {roundup_key(d.unit_id, d.roundup_on): d for d in drafts if d.roundup_on}
    held = ledger.claim_keys([row(d, key) for key, d in keyed.items()], token, now, new_row=True)
    message_of = {d.unit_id: held[key] for key, d in keyed.items() if key in held}
    # The others, and the units whose round-up another pass holds, get a plain message for their new items.
    drafts = [d if d.unit_id in message_of else replace(d, repeats=(), roundup_on=None, unlisted=0) for d in drafts]
    plain = [d for d in drafts if d.unit_id not in message_of and d.items]
    message_of.update(zip([d.unit_id for d in plain], ledger.open_messages([row(d) for d in plain])))
    drafts = [d for d in drafts if d.unit_id in message_of]
    keys = {message_of[d.unit_id]: [i.key for i in d.items] for d in drafts}
    if office_id is not None and office_items:
        keys[office_id] = [i.key for i in office_items]
    owned = ledger.claim(keys)
    claimed, empty = [], []
    for draft in drafts:
        message_id = message_of[draft.unit_id]
        mine = tuple(i for i in draft.items if owned.get(i.key) == message_id)
        if not mine and not draft.repeats:
            empty.append(message_id)
            continue
        if len(mine) != len(draft.items):  # another pass took some: the row says what this one carries
            draft = replace(draft, items=mine)
            ledger.set_subject(message_id, draft.subject, draft.item_count)
        claimed.append((message_id, draft))
    ledger.drop_messages(empty)
    db.session.commit()
    return claimed, [i for i in office_items if owned.get(i.key) == office_id]


def _digests(claimed: list[tuple[int, Draft]]) -> Iterator[tuple[int, Digest]]:
    for message_id, draft in claimed:
        yield message_id, draft.digest()


def run_pass(today: Optional[date] = None, *, dry_run: bool = False, lock: bool = True) -> PassSummary:
    """The daily pass (also `flask tracker remind`). Safe to run twice, or on two hosts at once."""
    today = today or clock.today()
    summary = PassSummary(day=today, dry_run=dry_run)
    started = time.perf_counter()
    with (pass_lock() if lock and not dry_run else _no_lock()) as got:
        if not got:
            summary.skipped = True
            return summary
        rules = Rules.from_config(current_app.config)
        office_to = queries.office_addresses(current_app.config)
        token = ledger.claim_token()
        if not dry_run:
            ledger.reclaim_stale(ledger.db_now())
            db.session.commit()
        office_list = OfficeList()
        # The office's message exists from the start, so its items can be claimed for it batch by batch.
        office_id = None if dry_run or not office_to else _open_office_message(office_to, today, token)
        notices = queries.announcements(today)
        units = queries.rhythms(rules)
        batches = queries.unit_batches()
        unit_ids = next(batches, None)
        while unit_ids is not None:
            drafts, office_items, looked_at = _decide(unit_ids, today, rules, units, notices, bool(office_to), summary)
            unit_ids = _next(batches, looked_at)
            if dry_run:
                for draft in drafts:
                    _tally(summary, draft.digest())  # built, not sent
                for item in office_items:
                    office_list.add(item)
                db.session.rollback()
                continue
            claimed, office_owned = _claim(drafts, office_items, office_id, today, token)
            for item in office_owned:
                office_list.add(item)
            for _, draft in claimed:
                _tally(summary, draft)
            if claimed:  # no SMTP connection for a batch with nothing to send
                deliver(_digests(claimed), summary)
        if office_list.total:
            digest = office_digest(office_to, office_list, today)
            _tally(summary, digest)
            if office_id is not None:
                ledger.set_subject(office_id, digest.subject, digest.item_count)
                db.session.commit()
                deliver([(office_id, digest)], summary)
        elif office_id is not None:
            ledger.drop_messages([office_id])
            db.session.commit()
        db.session.rollback()  # a dry run leaves nothing behind (and a real one has committed)
    summary.total_seconds = time.perf_counter() - started
    log.info("%s", summary.text())
    return summary


def _open_office_message(recipients: list[str], today: date, token: str) -> int:
    row = ledger.message_row(OutboxKind.OFFICE.value, today, f"[Đôn đốc] Nhiệm vụ quá hạn ngày {today:%d/%m/%Y}",
                             recipients, token, ledger.db_now(), clock.now())
    (office_id,) = ledger.open_messages([row])
    db.session.commit()
    return office_id


def _next(batches, items: int) -> Optional[list[int]]:
    try:
        return batches.send(items)
    except StopIteration:
        return None


@contextmanager
def _no_lock():
    yield True


def _tally(summary: PassSummary, digest: Digest | Draft) -> None:
    summary.messages += 1
    summary.items += digest.item_count
    summary.recipients.update(a.lower() for a in digest.recipients)
