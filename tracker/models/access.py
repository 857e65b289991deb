"""Secrets a user hands to another program: personal API tokens and calendar feed addresses.

Only a SHA-256 of each secret is kept: the secret is random (256 bits), so a fast hash is as safe as a slow
one, and looking a token up on every API call stays one indexed read.
"""
from datetime import datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, str_enum, utcnow


class TokenKind(StrEnum):
    API = "api"            # Authorization: Bearer … on /api/
    CALENDAR = "calendar"  # the secret part of an iCalendar feed's address


class AccessToken(db.Model):
    __tablename__ = "access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TokenKind] = mapped_column(str_enum(TokenKind, "token_kind"))
    #: What the user calls it ("Hệ thống quản lý văn bản", "Điện thoại").
    name: Mapped[str] = mapped_column(sa.String(120))
    #: A calendar feed of this unit's deadlines; None: the user's own feed (or an API token).
    unit_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"))
    #: SHA-256 hex of the secret; the secret itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The secret's last four characters, so the user can tell tokens apart.
    hint: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship()  # noqa: F821
    unit: Mapped[Optional["Unit"]] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
