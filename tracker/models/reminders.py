"""Reminders: the ledger that makes them exactly-once, the outbox ("Hộp thư đi"), and the scheduler's runs.

Exactly-once works by claiming a row before sending and marking it sent after:
- `Reminder` is one row per (assignment, kind, due date); each row travels in exactly one message;
- `OutboxMessage` is one row per email; its `key` is the ledger of digests that are not about one
  assignment (the weekly summary, the list for a meeting);
- `JobRun` is one row per (job, scheduled time) of the scheduler, so a missed run is made up once.
"""
from datetime import date, datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, str_enum, utcnow


class OutboxStatus(StrEnum):
    SENDING = "sending"  # claimed, being sent (or the sender died: retried once the claim is stale)
    SENT = "sent"
    FAILED = "failed"


class OutboxKind(StrEnum):
    UNIT = "unit"          # a unit's daily digest (its mailbox and its users)
    OFFICE = "office"      # the office's daily digest of overdue items
    WEEKLY = "weekly"      # leaders' weekly summary
    MEETING = "meeting"    # the overdue list before a meeting


OUTBOX_KIND_LABELS = {
    OutboxKind.UNIT: "Nhắc việc đơn vị",
    OutboxKind.OFFICE: "Nhắc việc Văn phòng",
    OutboxKind.WEEKLY: "Tổng hợp tuần",
    OutboxKind.MEETING: "Danh sách trước hội nghị",
}

OUTBOX_STATUS_LABELS = {
    OutboxStatus.SENDING: "Đang gửi",
    OutboxStatus.SENT: "Đã gửi",
    OutboxStatus.FAILED: "Lỗi",
}


class OutboxMessage(db.Model):
    """One email: what, to whom, when, and whether it went."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OutboxKind] = mapped_column(str_enum(OutboxKind, "outbox_kind"))
    #: For digests not about one assignment ("weekly:2026-03-02", "meeting:12:2026-03-09"): the exactly-once key.
    key: Mapped[Optional[str]] = mapped_column(sa.String(120), unique=True)
    #: The day of the pass that made it (Asia/Ho_Chi_Minh).
    run_on: Mapped[date] = mapped_column(index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    #: Comma-separated addresses.
    recipients: Mapped[str] = mapped_column(sa.Text)
    item_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.SENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: When the current claim was taken and by whom (host:pid:token), so a stale claim can be recognised.
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    claimed_by: Mapped[Optional[str]] = mapped_column(sa.String(120))
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: Where the message was written when no SMTP server is set (relative to the instance folder).
    file_name: Mapped[Optional[str]] = mapped_column(sa.String(300))

    unit: Mapped[Optional["Unit"]] = relationship()  # noqa: F821

    __table_args__ = (sa.Index("ix_outbox_message_status_created", "status", "created_at"),)


class Reminder(db.Model):
    """One row per (assignment, kind, due date): claimed before sending, marked sent after."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"))
    #: "before_7" … "before_0", "overdue", "office_overdue", "report_due", "returned", "extension_approved" …
    kind: Mapped[str] = mapped_column(sa.String(40))
    #: The day the reminder fell due (for announcements: the day of the event).
    due_on: Mapped[date]
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: Who claimed it (host:pid:token), so a stale claim can be recognised.
    claimed_by: Mapped[Optional[str]] = mapped_column(sa.String(120))
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: The message that carried (or is carrying) it.
    message_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True
    )

    message: Mapped[Optional[OutboxMessage]] = relationship()

    __table_args__ = (sa.UniqueConstraint("assignment_id", "kind", "due_on", name="uq_reminder_key"),)


class JobRun(db.Model):
    """One run of a scheduled job, claimed by the first process to start it."""

    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "daily", "weekly", "meetings".
    job: Mapped[str] = mapped_column(sa.String(40))
    #: The trigger's fire time this run stands for (not when it actually started).
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    host: Mapped[Optional[str]] = mapped_column(sa.String(120))
    #: What the run did, in the words the CLI prints; or the error that stopped it.
    summary: Mapped[Optional[str]] = mapped_column(sa.Text)

    __table_args__ = (sa.UniqueConstraint("job", "scheduled_for", name="uq_job_run_job"),)
