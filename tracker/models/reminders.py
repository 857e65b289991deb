"""The reminder ledger: the key that makes reminders exactly-once."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Reminder(db.Model):
    """One row per (assignment, kind, due date): claimed before sending, marked sent after."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"))
    #: "before_7", "overdue", "report_due", "returned", "extension_decided" …
    kind: Mapped[str] = mapped_column(sa.String(40))
    due_on: Mapped[date]
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    #: Who claimed it (host:pid), so a stale claim can be recognised.
    claimed_by: Mapped[Optional[str]] = mapped_column(sa.String(120))
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[Optional[str]] = mapped_column(sa.Text)

    __table_args__ = (sa.UniqueConstraint("assignment_id", "kind", "due_on", name="uq_reminder_key"),)
