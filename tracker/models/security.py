"""Security records: the login rate-limit counters (shared by every worker and host through the database) and
the accounts' audit log."""
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, utcnow


class RateLimitCounter(db.Model):
    """One fixed window of one limit (Flask-Limiter's key: the limit, the account or the client address)."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    #: When the window ends, in seconds since the epoch (the limits library's own clock).
    expires_at: Mapped[float] = mapped_column(sa.Float, index=True)


class AuditEvent(db.Model):
    """One line of the accounts' and the directory's log (the admin's audit page): logins, failed logins,
    logouts, new passwords, account and unit changes. Task changes are TaskEvents."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    #: "login", "login_failed", "logout", "password_changed", "user_created", "user_changed", "unit_created", …
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    #: Whom or what it concerns: the user name typed, the account, the unit.
    subject: Mapped[Optional[str]] = mapped_column(sa.String(255))
    #: The client address of the request, when there was one.
    address: Mapped[Optional[str]] = mapped_column(sa.String(64))
    before: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    after: Mapped[Optional[dict]] = mapped_column(sa.JSON)

    actor: Mapped[Optional["User"]] = relationship()  # noqa: F821
