"""The bodies of the scheduled jobs. Each is safe to run twice or on two hosts: the daily pass keys every
item in the ledger, the weekly summary and the meeting lists key their one message in the outbox."""
import logging
from datetime import date, timedelta
from typing import Optional

import sqlalchemy as sa
from flask import current_app

from tracker import clock
from tracker.extensions import db
from tracker.models import Meeting, OutboxKind, OutboxMessage, OutboxStatus, Role
from tracker.queries import reminders as queries
from tracker.queries import summaries
from tracker.reminders import ledger
from tracker.reminders.digest import Delivery, Digest, by_unit, render
from tracker.reminders.run import PassSummary, deliver, pass_lock, run_pass
from tracker.reports import FORMATS, TooManyRows, build_overdue_list, filename
from tracker.reports import render as render_report
from tracker.services import report_files

log = logging.getLogger(__name__)


def _status(key: str) -> Optional[OutboxStatus]:
    return db.session.scalar(sa.select(OutboxMessage.status).where(OutboxMessage.key == key))


def _send_keyed(digest: Digest, today: date) -> Optional[Delivery]:
    """Claim the message by its key, send it, mark it. None if another pass has it (or it went already)."""
    with pass_lock() as got:
        if not got:
            log.info("%s: another reminder job holds the lock", digest.key)
            return None
        token, now = ledger.claim_token(), ledger.db_now()
        row = ledger.message_row(digest.kind, today, digest.subject, digest.recipients, token, now, clock.now(),
                                 key=digest.key, item_count=digest.item_count)
        held = ledger.claim_keys([row], token, now)
        if digest.key not in held:
            db.session.rollback()
            return None
        db.session.commit()
        (delivery,) = deliver([(held[digest.key], digest)])
    return delivery


def weekly_key(today: date) -> str:
    return f"weekly:{(today - timedelta(days=today.weekday())).isoformat()}"


def send_weekly_summary(today: Optional[date] = None) -> Optional[Delivery]:
    """Leaders' summary of the week `today` is in: tasks by class, units by class, the worst overdue items."""
    today = today or clock.today()
    key = weekly_key(today)
    recipients = queries.role_addresses(Role.LEADER)
    if not recipients or _status(key) == OutboxStatus.SENT:
        return None
    totals = summaries.class_totals(today)
    units, more = summaries.unit_table(today)
    worst = summaries.worst_overdue(today)
    html, text = render("weekly", today=today, totals=totals, units=units, more_units=more, worst=worst,
                        class_labels=[label for label, _ in totals])
    digest = Digest(OutboxKind.WEEKLY.value, f"[Đôn đốc] Tổng hợp tình hình thực hiện nhiệm vụ tuần {today:%d/%m/%Y}",
                    tuple(recipients), html, text, item_count=sum(n for _, n in totals), key=key)
    return _send_keyed(digest, today)


def send_meeting_list(meeting: Meeting, today: Optional[date] = None) -> Optional[Delivery]:
    """The overdue list for one meeting, to the office and the leaders, once per meeting date.

    The one place the meeting's list is made: the report issue can attach its DOCX/PDF here.
    """
    today = today or clock.today()
    key = f"meeting:{meeting.id}:{meeting.held_on.isoformat()}"
    recipients = queries.dedupe(queries.office_addresses(current_app.config) + queries.role_addresses(Role.LEADER))
    if not recipients or _status(key) == OutboxStatus.SENT:
        return None
    # The list the meeting will discuss: what is overdue on its day, as the report pages and exports show it.
    as_of = meeting.held_on
    items = summaries.overdue_list(as_of)
    attachments = meeting_attachments(meeting)
    title = meeting.title or meeting.kind
    html, text = render("meeting", meeting=meeting, title=title, units=by_unit(items), total=len(items), today=as_of,
                        attachments=[name for name, _, _ in attachments])
    digest = Digest(OutboxKind.MEETING.value,
                    f"[Đôn đốc] Danh sách nhiệm vụ quá hạn – {title} ngày {meeting.held_on:%d/%m/%Y}"[:300],
                    tuple(recipients), html, text, item_count=len(items), key=key, attachments=tuple(attachments))
    return _send_keyed(digest, today)


def meeting_attachments(meeting: Meeting) -> list[tuple[str, str, bytes]]:
    """The meeting's overdue list as DOCX and PDF, in the Party's document style (none if it is too long to print)."""
    try:
        report = build_overdue_list(meeting.held_on, meeting=meeting,
                                    max_rows=current_app.config["MEETING_ATTACH_MAX_ROWS"])
    except TooManyRows:
        return []
    return [(filename(report, fmt), FORMATS[fmt].mimetype, render_report(report, fmt)) for fmt in ("docx", "pdf")]


def send_meeting_lists(today: Optional[date] = None) -> list[Delivery]:
    """Every meeting within MEETING_LEAD_DAYS whose list has not gone yet."""
    today = today or clock.today()
    sent = []
    for meeting in summaries.meetings_ahead(today, current_app.config["MEETING_LEAD_DAYS"]):
        out = send_meeting_list(meeting, today)
        if out is not None:
            sent.append(out)
    return sent


def daily(today: Optional[date] = None) -> str:
    """The daily job: the reminder pass, a retry of this week's summary if it failed, and the upload folder's
    orphans (files of requests that died before their commit)."""
    today = today or clock.today()
    summary: PassSummary = run_pass(today)
    lines = summary.lines()
    orphans = report_files.remove_orphans()
    if orphans:
        lines.append(f"Đã xóa {orphans} tệp tải lên không thuộc báo cáo nào.")
    if _status(weekly_key(today)) == OutboxStatus.FAILED:
        out = send_weekly_summary(today)
        lines.append(f"Gửi lại tổng hợp tuần: {'đã gửi' if out and out.ok else 'lỗi'}")
    return "\n".join(lines)


def meetings(today: Optional[date] = None) -> str:
    sent = send_meeting_lists(today)
    return f"Danh sách trước hội nghị: {sum(o.ok for o in sent)} đã gửi, {sum(not o.ok for o in sent)} lỗi."


def weekly(today: Optional[date] = None) -> str:
    out = send_weekly_summary(today)
    if out is None:
        return "Tổng hợp tuần: không có người nhận hoặc đã gửi."
    return f"Tổng hợp tuần: {'đã gửi' if out.ok else 'lỗi: ' + (out.error or '')}"


JOBS = {"daily": daily, "meetings": meetings, "weekly": weekly}
