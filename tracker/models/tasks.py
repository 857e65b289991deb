"""Tasks taken from a directive, the units assigned to them, and what happens to those assignments."""
from datetime import date, datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, str_enum, utcnow
from tracker.search import folded_column, trigram_index


class ReportEvery(StrEnum):
    """How often an ongoing task (no deadline) reports."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


REPORT_EVERY_LABELS = {
    ReportEvery.WEEK: "Hằng tuần",
    ReportEvery.MONTH: "Hằng tháng",
    ReportEvery.QUARTER: "Hằng quý",
    ReportEvery.HALF_YEAR: "6 tháng",
    ReportEvery.YEAR: "Hằng năm",
}


class AssignmentRole(StrEnum):
    LEAD = "lead"        # đơn vị chủ trì
    SUPPORT = "support"  # đơn vị phối hợp


class AssignmentState(StrEnum):
    OPEN = "open"
    REPORTED_DONE = "reported_done"  # the unit says done; the office has not confirmed yet
    DONE = "done"
    #: Moved to a later notice of the same committee ("chuyển sang Thông báo số …"); see TaskCarryOver.
    CARRIED_OVER = "carried_over"


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class Task(db.Model):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(sa.ForeignKey("directive.id", ondelete="CASCADE"), index=True)
    #: Where in the notice the task comes from: "3.4", "3.7 -2".
    source_ref: Mapped[Optional[str]] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.Text)
    #: The text folded for search (no diacritics, lower case), kept by tracker.search.
    text_folded: Mapped[str] = folded_column("text")
    #: The original deadline; None for ongoing work (nhiệm vụ thường xuyên).
    deadline_on: Mapped[Optional[date]] = mapped_column(index=True)
    #: The words in the notice that gave the deadline, so a person can check it.
    deadline_phrase: Mapped[Optional[str]] = mapped_column(sa.String(300))
    report_every: Mapped[Optional[ReportEvery]] = mapped_column(str_enum(ReportEvery, "report_every"))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Status input (never the class itself): the earliest deadline that counts among the open assignments
    #: that decide the task's class (its leads, or all if none leads). Kept by services.status.
    open_due_on: Mapped[Optional[date]] = mapped_column(active_history=True)
    #: Status input: the worst severity among those assignments whose class no longer depends on the day
    #: (done, ongoing, reported done); 0 if none. Kept by services.status; see task_severity_sql.
    fixed_severity: Mapped[int] = mapped_column(default=0, server_default="0", active_history=True)

    directive: Mapped["Directive"] = relationship(back_populates="tasks")  # noqa: F821
    __folded__ = True
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.role, Assignment.id"
    )
    events: Mapped[list["TaskEvent"]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskEvent.id"
    )

    __table_args__ = (
        trigram_index("ix_task_text_folded_trgm", "text_folded"),
        sa.Index("ix_task_open_due", "open_due_on"),
        sa.Index("ix_task_fixed_open_due", "fixed_severity", "open_due_on"),
    )

    @property
    def leads(self) -> list["Assignment"]:
        return [a for a in self.assignments if a.role == AssignmentRole.LEAD]

    @property
    def supports(self) -> list["Assignment"]:
        return [a for a in self.assignments if a.role == AssignmentRole.SUPPORT]


class TaskTally(db.Model):
    """How many tasks have each pair of status inputs (fixed_severity, open_due_on): a few thousand rows that
    give the count of every class on any day (the home page's cards, the task list's total) without reading
    200,000 tasks. Kept by services.status in the same flush as the tasks; `flask tracker check` compares it
    with a recount. A pair may have more than one row (two transactions may add the same new pair): a count
    is the sum of its rows."""

    __tablename__ = "task_tally"

    id: Mapped[int] = mapped_column(primary_key=True)
    fixed_severity: Mapped[int]
    open_due_on: Mapped[Optional[date]]
    #: Tasks with these inputs (this row's share of them).
    tasks: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.Index("ix_task_tally_inputs", "fixed_severity", "open_due_on"),)


#: The lead assignments not yet done: the partial index of the overdue list, and a condition its queries repeat
#: word for word (SQLite uses a partial index only then). NOT IN, not IN ('open', 'reported_done'): an IN would
#: also let SQLite reach for the (unit_id, state, due_on) index, which must read the table.
LEAD_PENDING = "role = 'lead' AND state NOT IN ('done', 'carried_over')"
#: The lead work with its directive's date: the WHERE of the dashboard's partial index. A query that names
#: no period (no condition on issued_on) cannot use it, so it never displaces the indexes of the other lists.
LEAD_ISSUED = "role = 'lead' AND issued_on IS NOT NULL"


class Assignment(db.Model):
    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="RESTRICT"))
    role: Mapped[AssignmentRole] = mapped_column(str_enum(AssignmentRole, "assignment_role"))
    state: Mapped[AssignmentState] = mapped_column(
        str_enum(AssignmentState, "assignment_state"), default=AssignmentState.OPEN
    )
    #: The latest approved extension; the task's original deadline stays on the task.
    extended_deadline_on: Mapped[Optional[date]]
    #: Status input: the deadline that counts (the latest approved extension, else the task's own), kept in
    #: the same transaction by services.status so that "open and due before today" is an index range.
    due_on: Mapped[Optional[date]]
    reported_done_on: Mapped[Optional[date]]
    done_on: Mapped[Optional[date]]
    #: Stored input of the lists: the id of the latest progress report the office has not returned (None if
    #: none), kept in the same flush by services.status so that a list joins the note by its key instead of
    #: looking for the newest one per row. No foreign key: checked by `flask tracker check` like due_on.
    latest_progress_id: Mapped[Optional[int]]
    #: Stored input of the reports: the day its directive was issued (Directive.issued_on), kept in the same
    #: flush by services.status, so that the dashboard counts a period's lead work from one index alone
    #: (ix_assignment_lead_issued) instead of joining 30,000 assignments to their tasks and directives.
    issued_on: Mapped[Optional[date]]
    #: Set when the unit says the task is not theirs; the office then reassigns it.
    declined_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    decline_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped["Unit"] = relationship()  # noqa: F821
    reports: Mapped[list["ProgressReport"]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", order_by="ProgressReport.id"
    )
    extensions: Mapped[list["ExtensionRequest"]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", order_by="ExtensionRequest.id"
    )
    #: The report `latest_progress_id` names; set through it, a new report's id is written once it has one.
    latest_progress: Mapped[Optional["ProgressReport"]] = relationship(
        primaryjoin="foreign(Assignment.latest_progress_id) == ProgressReport.id", post_update=True,
    )

    __table_args__ = (
        sa.UniqueConstraint("task_id", "unit_id", name="uq_assignment_task_unit"),
        sa.Index("ix_assignment_unit_state_due", "unit_id", "state", "due_on"),
        # unit_id last: the overdue counts per unit read the index alone.
        sa.Index("ix_assignment_state_role_due", "state", "role", "due_on", "unit_id"),
        # The office's reports to confirm, oldest first; with role, due_on and unit_id the late "done" reports
        # of the overdue counts are read from the index alone.
        sa.Index("ix_assignment_state_reported", "state", "reported_done_on", "role", "due_on", "unit_id"),
        # The lead work still to finish, per unit by deadline, with every column the overdue list reads from the
        # assignment: the list walks it unit by unit in the directory's order, never sorting the whole list
        # and never reading the table. Partial: its WHERE must appear word for word in the query (SQLite).
        sa.Index("ix_assignment_lead_pending", "unit_id", "due_on", "state", "reported_done_on",
                 "extended_deadline_on", "task_id", "latest_progress_id",
                 sqlite_where=sa.text(LEAD_PENDING), postgresql_where=sa.text(LEAD_PENDING)),
        # The dashboard's counts per unit and per month of a period, with every column the class reads.
        sa.Index("ix_assignment_lead_issued", "issued_on", "unit_id", "state", "due_on", "done_on",
                 "reported_done_on", sqlite_where=sa.text(LEAD_ISSUED), postgresql_where=sa.text(LEAD_ISSUED)),
        # Partial: the few declined assignments. A full index on a column that is almost always NULL looks
        # useless to SQLite's planner, which then walks every open assignment for the office's badge.
        sa.Index("ix_assignment_declined", "state", "declined_at", sqlite_where=sa.text("declined_at IS NOT NULL"),
                 postgresql_where=sa.text("declined_at IS NOT NULL")),
        sa.CheckConstraint("state <> 'done' OR done_on IS NOT NULL", name="done_has_date"),
        sa.CheckConstraint(
            "state <> 'reported_done' OR reported_done_on IS NOT NULL", name="reported_has_date"
        ),
    )

    @property
    def deadline_on(self) -> Optional[date]:
        """The deadline that counts: the latest approved extension, else the task's own."""
        return self.extended_deadline_on or self.task.deadline_on


class ProgressReport(db.Model):
    __tablename__ = "progress_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    reported_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    #: True for the report that says the work is done (its summary of results).
    is_done_report: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the office sent this done report back: it no longer counts as progress.
    returned_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    returned_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    return_reason: Mapped[Optional[str]] = mapped_column(sa.Text)

    assignment: Mapped[Assignment] = relationship(back_populates="reports")
    author: Mapped[Optional["User"]] = relationship(foreign_keys=[author_id])  # noqa: F821
    returned_by: Mapped[Optional["User"]] = relationship(foreign_keys=[returned_by_id])  # noqa: F821
    files: Mapped[list["ReportFile"]] = relationship(back_populates="report", cascade="all, delete-orphan")


class ReportFile(db.Model):
    __tablename__ = "report_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("progress_report.id", ondelete="CASCADE"), index=True)
    #: The name the user gave the file (sanitised), shown and used on download.
    original_name: Mapped[str] = mapped_column(sa.String(255))
    #: Random name under the instance folder's uploads/; never derived from user input.
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]

    report: Mapped[ProgressReport] = relationship(back_populates="files")


class ExtensionRequest(db.Model):
    __tablename__ = "extension_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    new_deadline_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        str_enum(ExtensionStatus, "extension_status"), default=ExtensionStatus.PENDING
    )
    decided_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    decision_note: Mapped[Optional[str]] = mapped_column(sa.Text)

    assignment: Mapped[Assignment] = relationship(back_populates="extensions")
    requested_by: Mapped[Optional["User"]] = relationship(foreign_keys=[requested_by_id])  # noqa: F821
    decided_by: Mapped[Optional["User"]] = relationship(foreign_keys=[decided_by_id])  # noqa: F821

    __table_args__ = (
        # Only one pending request per assignment.
        sa.Index(
            "uq_extension_one_pending",
            "assignment_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )


class TaskEvent(db.Model):
    """One line of a task's history: who did what, when, with the values before and after."""

    __tablename__ = "task_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    assignment_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="SET NULL"), index=True
    )
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: What happened: "created", "edited", "assigned", "reported", "confirmed", "returned", …
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    before: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    after: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    note: Mapped[Optional[str]] = mapped_column(sa.Text)

    task: Mapped[Task] = relationship(back_populates="events")
    assignment: Mapped[Optional[Assignment]] = relationship()
    actor: Mapped[Optional["User"]] = relationship()  # noqa: F821

    __table_args__ = (sa.Index("ix_task_event_task", "task_id", "id"),)
