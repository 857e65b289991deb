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
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.tasks import Assignment
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
    """One row per (assignment, kind, due date), written once: when a pass claims it for a message.

    Whether it went is the message's business: a row is sent when its message is sent, being sent while its
    message is "sending", and free to be claimed again by a later message when its message failed. So a
    pass writes one row per item and one per message, and never updates the items after sending.
    """

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"))
    #: "before_7" … "before_0", "overdue" (the first overdue day), "office_overdue", "report_due", "returned" …
    kind: Mapped[str] = mapped_column(sa.String(40))
    #: The day the reminder fell due (for announcements: the day of the event).
    due_on: Mapped[date]
    #: The message that carries it (the latest one, when an earlier one failed). No foreign key and no
    #: index: it is written with the row and only read back by the outbox page.
    message_id: Mapped[Optional[int]]
    #: How many messages it was put in (1, or more after failed sends).
    attempts: Mapped[int] = mapped_column(default=1)

    message: Mapped[Optional[OutboxMessage]] = relationship(
        primaryjoin="foreign(Reminder.message_id) == OutboxMessage.id", viewonly=True)

    __table_args__ = (sa.UniqueConstraint("assignment_id", "kind", "due_on", name="uq_reminder_key"),)

    @hybrid_property
    def sent_at(self) -> Optional[datetime]:
        """When its message went (None while it has not)."""
        message = self.message
        return message.sent_at if message is not None and message.status == OutboxStatus.SENT else None

    @sent_at.inplace.expression
    @classmethod
    def _sent_at_expression(cls):
        return (sa.select(OutboxMessage.sent_at)
                .where(OutboxMessage.id == cls.message_id, OutboxMessage.status == OutboxStatus.SENT)
                .scalar_subquery())

    @property
    def claimed_at(self) -> Optional[datetime]:
        """When the pass sending it now claimed its message (None unless a send is under way)."""
        message = self.message
        return message.claimed_at if message is not None and message.status == OutboxStatus.SENDING else None

    @property
    def last_error(self) -> Optional[str]:
        message = self.message
        return message.error if message is not None and message.status == OutboxStatus.FAILED else None


class DigestEvery(StrEnum):
    DAILY = "daily"    # new things the day they happen, repeats on the round-up day
    WEEKLY = "weekly"  # everything on the round-up day only


DIGEST_EVERY_LABELS = {
    DigestEvery.DAILY: "Hằng ngày, khi có việc mới (việc quá hạn được nhắc lại vào ngày tổng hợp)",
    DigestEvery.WEEKLY: "Một thư vào ngày tổng hợp (gồm cả việc mới trong kỳ)",
}


class ReminderPlan(db.Model):
    """A unit's reminder rhythm, where it differs from the installation's (TRACKER_REMIND_ROUNDUP_*).

    The office sets the round-up day and how many weeks apart round-ups are, and whether the unit may take
    its digests weekly; the unit chooses daily or weekly within that.
    """

    __tablename__ = "reminder_plan"

    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    #: ISO weekday of the round-up, 1 = Monday (thứ Hai) … 7 = Sunday; None: the installation's.
    roundup_weekday: Mapped[Optional[int]]
    #: Round-ups every N weeks (1–4), counted from the week of 05/01/2026.
    roundup_every_weeks: Mapped[int] = mapped_column(default=1)
    #: Set by the office: the unit may choose weekly digests.
    is_weekly_allowed: Mapped[bool] = mapped_column(default=True)
    #: The unit's choice (only honoured while the office allows it).
    digest_every: Mapped[DigestEvery] = mapped_column(str_enum(DigestEvery, "digest_every"),
                                                      default=DigestEvery.DAILY)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


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


#: The reminder pass finds the assignments whose extended deadline reaches an offset or passes from this
#: index (the task's own deadline has one already). Declared here, beside the pass that needs it.
ix_assignment_extended_deadline = sa.Index("ix_assignment_extended_deadline_on", Assignment.extended_deadline_on)

#: A round-up counts each unit's long-overdue work and ranks it by deadline from this index alone: open,
#: undeclined assignments by unit and deadline. Every column the query reads is in it (state and declined_at
#: too, though the condition fixes them: SQLite's planner counts the index as covering only then, and prefers
#: it to ix_assignment_unit_state_due only with state in the same place), so PostgreSQL scans it index-only.
ix_assignment_open_unit_due = sa.Index(
    "ix_assignment_open_unit_due", Assignment.unit_id, Assignment.state, Assignment.due_on, Assignment.role,
    Assignment.task_id, Assignment.declined_at, Assignment.id, sqlite_where=sa.text("state = 'open' AND declined_at IS NULL"),
    postgresql_where=sa.text("state = 'open' AND declined_at IS NULL"))

#: Whether some lead of a task still works on it (a supporting unit is reminded only then): one probe of a
#: small index, without reading the assignment rows.
ix_assignment_lead_open = sa.Index(
    "ix_assignment_lead_open", Assignment.task_id, sqlite_where=sa.text("role = 'lead' AND state <> 'done'"),
    postgresql_where=sa.text("role = 'lead' AND state <> 'done'"))
