"""Meetings and the directives (conclusion notices) that come out of them."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, utcnow
from tracker.search import folded_column, trigram_index


class Meeting(db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    #: "Hội nghị Ban Thường vụ", "Giao ban Thường trực" …
    kind: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[Optional[str]] = mapped_column(sa.String(300))
    chair: Mapped[Optional[str]] = mapped_column(sa.String(120))
    #: The committee holding it (free text: "Ban Thường vụ Huyện ủy").
    committee: Mapped[Optional[str]] = mapped_column(sa.String(200))

    directives: Mapped[list["Directive"]] = relationship(back_populates="meeting")


class Directive(db.Model):
    __tablename__ = "directive"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Document number as written: "123-TB/HU".
    number: Mapped[Optional[str]] = mapped_column(sa.String(60), index=True)
    issued_on: Mapped[date] = mapped_column(index=True)
    #: Issuing body: "Thường trực Huyện ủy".
    issuer: Mapped[str] = mapped_column(sa.String(200), index=True)
    meeting_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    signer: Mapped[Optional[str]] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(500))
    full_text: Mapped[str] = mapped_column(sa.Text, default="")
    #: Title, number and issuer folded for search, kept by tracker.search.
    search_folded: Mapped[str] = folded_column("title", "number", "issuer")
    #: Last day of the period the notice plans for ("chương trình công tác tháng 9"): default deadline.
    period_end_on: Mapped[Optional[date]]
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Optional["Meeting"]] = relationship(back_populates="directives")
    tasks: Mapped[list["Task"]] = relationship(  # noqa: F821
        back_populates="directive", order_by="Task.position, Task.id", cascade="all, delete-orphan"
    )

    __folded__ = True
    #: The file the notice was imported from (the signed document), if it was uploaded.
    original: Mapped[Optional["DirectiveFile"]] = relationship(back_populates="directive",
                                                                cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("number", "issuer", "issued_on", name="uq_directive_number"),
                      trigram_index("ix_directive_search_folded_trgm", "search_folded"))

    @property
    def reference(self) -> str:
        """"Số 123-TB/HU, ngày 12/9/2023" as documents cite each other."""
        day = self.issued_on.strftime("%d/%m/%Y")
        return f"Số {self.number}, ngày {day}" if self.number else f"Ngày {day}"


class DirectiveFile(db.Model):
    """The uploaded original of an imported notice, kept so the signed document travels with its tasks."""

    __tablename__ = "directive_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(sa.ForeignKey("directive.id", ondelete="CASCADE"), unique=True)
    #: The name the user gave the file (sanitised), shown and used on download.
    original_name: Mapped[str] = mapped_column(sa.String(255))
    #: Random name under the instance folder's uploads/; never derived from user input.
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]

    directive: Mapped[Directive] = relationship(back_populates="original")
