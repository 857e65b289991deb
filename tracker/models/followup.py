"""What the follow-up reports keep: the office's (or a unit's) own words in a report, version by version,
and the link from a task to the later notice it was carried over into."""
from datetime import date, datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, str_enum, utcnow


class ReportKind(StrEnum):
    NOTICE = "notice"  # Báo cáo kết quả thực hiện Thông báo kết luận số … (the office)
    PERIOD = "period"  # Báo cáo tình hình thực hiện các kết luận, chỉ đạo … (quarter, 6 months, year)
    UNIT = "unit"      # the unit's own report back to the committee on one notice


class ReportText(db.Model):
    """One saved version of a report's introduction and assessment. Saving never overwrites: the newest
    version of a report (same kind and scope) is the one printed, the older ones stay as its history."""

    __tablename__ = "report_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind, "report_kind"))
    #: Which report: "directive:12", "directive:12:unit:5", "period:2024-01-01:2024-06-30:<issuer>".
    scope: Mapped[str] = mapped_column(sa.String(300))
    version: Mapped[int]
    directive_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("directive.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"))
    #: The opening paragraph(s) ("Thực hiện Thông báo kết luận số …").
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    #: The closing assessment ("Đánh giá chung", difficulties, proposals).
    assessment: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Optional["User"]] = relationship()  # noqa: F821

    __table_args__ = (sa.UniqueConstraint("kind", "scope", "version", name="uq_report_text_version"),)


class CarryMode(StrEnum):
    CARRIED = "carried"    # a new task in the new notice; the old one closed as "chuyển sang …"
    RESTATED = "restated"  # the old task stays, with the new notice's deadline


class TaskCarryOver(db.Model):
    """A task of an earlier notice taken up again by a later notice of the same committee."""

    __tablename__ = "task_carry_over"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    to_directive_id: Mapped[int] = mapped_column(sa.ForeignKey("directive.id", ondelete="CASCADE"), index=True)
    #: The new task (CARRIED only).
    to_task_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    mode: Mapped[CarryMode] = mapped_column(str_enum(CarryMode, "carry_mode"))
    new_deadline_on: Mapped[Optional[date]]
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    from_task: Mapped["Task"] = relationship(foreign_keys=[from_task_id])  # noqa: F821
    to_task: Mapped[Optional["Task"]] = relationship(foreign_keys=[to_task_id])  # noqa: F821
    to_directive: Mapped["Directive"] = relationship()  # noqa: F821

    __table_args__ = (
        # A task is taken up by a given later notice once.
        sa.UniqueConstraint("from_task_id", "to_directive_id", name="uq_task_carry_over_once"),
    )
