"""One reminder pass: decide what is due, claim it, send one digest per recipient group, mark what went.

Units are taken a batch at a time: for each batch the deciding query is streamed, the due items are
checked against the ledger, claimed (commit), sent over one SMTP connection, and marked (commit). The
office's digest of overdue items goes out at the end. Email is only sent after the claim is committed.
"""
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Optional

import sqlalchemy as sa
from flask import current_app

from tracker import clock
from tracker.extensions import db
from tracker.mailer import SEND_ERRORS, open_transport
from tracker.models import OutboxKind, OutboxMessage
from tracker.reminders import ledger, queries
from tracker.reminders.digest import Item, OfficeList, Outgoing, office_digest, unit_digest
from tracker.reminders.due import OVERDUE, Rules

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


def deliver(outgoing: list[Outgoing], summary: Optional[PassSummary] = None) -> None:
    """Send a batch over one transport; each message ends ok or with its error. Never raises for SMTP."""
    pending = [out for out in outgoing if out.outbox_id is not None]
    if not pending:
        return
    try:
        with open_transport() as transport:
            for out in pending:
                try:
                    out.file_name = transport.send(out.message(), name=str(out.outbox_id))
                    out.ok = True
                except SEND_ERRORS as error:
                    out.error = ledger.describe_error(error)
    except SEND_ERRORS as error:  # could not connect (or log in): nothing of the batch went
        for out in pending:
            if not out.ok and not out.error:
                out.error = ledger.describe_error(error)
    for out in pending:
        if out.ok:
            log.info("sent %s message %s to %s", out.kind, out.outbox_id, ", ".join(out.recipients))
        else:
            log.warning("could not send %s message %s: %s", out.kind, out.outbox_id, out.error)
        if summary is not None:
            _result(summary, out)


def _result(summary: PassSummary, out: Outgoing) -> None:
    if out.ok:
        summary.sent_messages += 1
        summary.sent_items += out.item_count
    else:
        summary.failed_messages += 1
        summary.failed_items += out.item_count
        if out.error and out.error not in summary.errors:
            summary.errors.append(out.error)


def send_claimed(outgoing: list[Outgoing], summary: Optional[PassSummary] = None) -> None:
    """After the claims are committed: send, then mark (one transaction)."""
    deliver(outgoing, summary)
    ledger.finish(outgoing, clock.now())
    db.session.commit()


@dataclass
class Draft:
    """A unit's digest before its items are claimed."""

    unit_id: int
    name: str
    recipients: list[str]
    items: list[Item]


def _decide(unit_ids: list[int], today: date, rules: Rules, notices: dict[int, list[Item]], office: bool,
            summary: PassSummary) -> tuple[list[Draft], list[Item], int]:
    """The digests due today for these units, and the office's copies of their overdue items, minus what
    the ledger says went (or is going) already; and how many items were looked at (to size the next batch)."""
    started = time.perf_counter()
    addresses = queries.unit_addresses(unit_ids)
    names = {uid: name for uid, (name, _) in addresses.items()}
    items = list(queries.due_items(unit_ids, today, rules, names))
    for unit_id in unit_ids:
        for item in notices.get(unit_id, ()):
            item.unit_name = names.get(unit_id, "")
            items.append(item)
    office_items = [item.office_copy() for item in items if item.kind == OVERDUE] if office else []
    done = ledger.blocked([i.key for i in items] + [i.key for i in office_items], clock.now())
    by_unit: dict[int, list[Item]] = {}
    for item in items:
        if item.key in done:
            continue
        if not addresses.get(item.unit_id, ("", []))[1]:
            summary.no_address_items += 1
            continue
        by_unit.setdefault(item.unit_id, []).append(item)
    drafts = [Draft(uid, addresses[uid][0], addresses[uid][1], unit_items) for uid, unit_items in by_unit.items()]
    summary.decide_seconds += time.perf_counter() - started
    return drafts, [i for i in office_items if i.key not in done], len(items) + len(office_items)


def _claim(drafts: list[Draft], office_items: list[Item], office: Optional[Outgoing], today: date,
           token: str) -> tuple[list[Outgoing], list[Item]]:
    """Claim a batch (its unit digests and the office's items), write the outbox rows, commit.
    Returns the unit digests and the office items this pass now owns."""
    now = clock.now()
    owned = ledger.claim([i.key for d in drafts for i in d.items], token, now)
    office_owned = []
    if office is not None and office_items:
        mine = ledger.claim([i.key for i in office_items], token, now, message_id=office.outbox_id)
        office_owned = [i for i in office_items if i.key in mine]
    outgoing = []
    for draft in drafts:
        items = [i for i in draft.items if i.key in owned]
        if items:
            out = unit_digest(draft.unit_id, draft.name, draft.recipients, items, today)
            out.reminder_ids = [owned[i.key] for i in items]
            ledger.record_message(out, today, token, now)
            outgoing.append(out)
    db.session.commit()
    return outgoing, office_owned


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
        office_list = OfficeList()
        # The office's message exists from the start, so its items can be claimed for it batch by batch.
        office = None if dry_run or not office_to else _open_office_message(office_to, today, token)
        notices = queries.announcements(today)
        batches = queries.unit_batches()
        unit_ids = next(batches, None)
        while unit_ids is not None:
            drafts, office_items, looked_at = _decide(unit_ids, today, rules, notices, bool(office_to), summary)
            unit_ids = _next(batches, looked_at)
            if dry_run:
                for draft in drafts:
                    unit_digest(draft.unit_id, draft.name, draft.recipients, draft.items, today)  # built, not sent
                    _tally(summary, draft.recipients, len(draft.items))
                for item in office_items:
                    office_list.add(item)
                db.session.rollback()
                continue
            outgoing, office_owned = _claim(drafts, office_items, office, today, token)
            for item in office_owned:
                office_list.add(item)
            for out in outgoing:
                _tally(summary, out.recipients, out.item_count)
            send_claimed(outgoing, summary)
        if office_list.total:
            built = office_digest(office_to, office_list, today)
            _tally(summary, office_to, built.item_count)
            if office is not None:
                _close_office_message(office, built)
                send_claimed([office], summary)
        elif office is not None:
            db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id == office.outbox_id))
            db.session.commit()
        db.session.rollback()  # a dry run leaves nothing behind (and a real one has committed)
    summary.total_seconds = time.perf_counter() - started
    log.info("%s", summary.text())
    return summary


def _open_office_message(recipients: list[str], today: date, token: str) -> Outgoing:
    office = Outgoing(OutboxKind.OFFICE.value, f"[Đôn đốc] Nhiệm vụ quá hạn ngày {today:%d/%m/%Y}", recipients,
                      "", "", by_message=True)
    ledger.record_message(office, today, token, clock.now())
    db.session.commit()
    return office


def _close_office_message(office: Outgoing, built: Outgoing) -> None:
    office.subject, office.html, office.text, office.count = built.subject, built.html, built.text, built.count
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == office.outbox_id)
                       .values(subject=office.subject, item_count=office.count))
    db.session.commit()


def _next(batches, items: int) -> Optional[list[int]]:
    try:
        return batches.send(items)
    except StopIteration:
        return None


@contextmanager
def _no_lock():
    yield True


def _tally(summary: PassSummary, recipients: list[str], items: int) -> None:
    summary.messages += 1
    summary.items += items
    summary.recipients.update(a.lower() for a in recipients)
