"""The overdue list for a meeting: every lead assignment that is overdue on the day (class "Quá hạn" of
`tracker.services.status` as of that day), grouped by lead unit, with per-unit counts.

Three queries whatever the size: the per-unit counts, the rows (with the latest progress note joined),
and the unit named in the filter. The class is the SQL twin `assignment_class_sql`, days overdue the
rule `days_overdue`.
"""
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker import clock
from tracker.extensions import db
from tracker.models import Assignment, AssignmentRole, AssignmentState, Directive, Meeting, ProgressReport, Role, Task, Unit
from tracker.permissions import has_role, reads_everything
from tracker.reports.data import Column, Committee, Group, Report
from tracker.reports.filters import ReportFilters
from tracker.services.status import StatusClass, assignment_class_sql, days_overdue, effective_deadline_sql

TITLE = "DANH SÁCH NHIỆM VỤ CHẬM, QUÁ HẠN"

COLUMNS = [
    Column("no", "TT", 1.0, "int", "center"),
    Column("directive", "Văn bản chỉ đạo", 3.0, where="paper"),
    Column("directive_number", "Số văn bản", 3.0, where="sheet"),
    Column("directive_on", "Ngày văn bản", 2.4, "date", "center", where="sheet"),
    Column("unit", "Đơn vị chủ trì", 6.0, where="sheet"),
    Column("source_ref", "Mục", 1.2, align="center"),
    Column("text", "Nội dung nhiệm vụ", 8.6),
    Column("deadline_on", "Thời hạn", 2.4, "date", "center"),
    Column("extended_on", "Gia hạn đến", 2.4, "date", "center"),
    Column("days_overdue", "Số ngày quá hạn", 1.8, "int", "center"),
    Column("latest_note", "Tiến độ báo cáo gần nhất", 4.8),
]


class TooManyRows(Exception):
    """A paper export would be too long to be useful; the caller narrows the filters."""

    def __init__(self, total: int, limit: int):
        super().__init__(f"{total} > {limit}")
        self.total, self.limit = total, limit


def scope_clause(user):
    """Whose assignments a user may list: all (user None = the system, or staff/leaders) or the unit's own."""
    if user is None or reads_everything(user):
        return sa.true()
    if has_role(user, Role.UNIT) and user.unit_id:
        return Assignment.unit_id == user.unit_id
    return sa.false()


def lead_assignments(as_of: date, filters: ReportFilters, user, *columns, directive: bool = True) -> sa.Select:
    """Select `columns` over lead assignments (joined to Task, and to Directive unless `directive` is False
    and no filter needs it) in scope and matching the filters."""
    stmt = sa.select(*columns).select_from(Assignment).join(Task, Task.id == Assignment.task_id)
    if directive or filters.on_directive:
        stmt = stmt.join(Directive, Directive.id == Task.directive_id)
    return stmt.where(Assignment.role == AssignmentRole.LEAD, scope_clause(user), *filters.clauses())


def overdue_where(as_of: date):
    """Overdue as of the day. The state test is implied by the class; it lets the database use its index."""
    return sa.and_(Assignment.state.in_([AssignmentState.OPEN, AssignmentState.REPORTED_DONE]),
                   assignment_class_sql(as_of) == StatusClass.OVERDUE.value)


def unit_join():
    """Assignment → Unit. The "+ 0" keeps SQLite from walking every assignment along the (unit, state) index
    to save a sort; the (state, role) index finds the few open ones far faster. Harmless on PostgreSQL."""
    return Unit.id == Assignment.unit_id + 0


def overdue_counts(as_of: date, filters: ReportFilters, user=None) -> list[tuple[str, int, int]]:
    """[(unit name, overdue count, unit id)] in the unit directory's order."""
    stmt = (lead_assignments(as_of, filters, user, Unit.id, Unit.name, sa.func.count(), directive=False)
            .join(Unit, unit_join())
            .where(overdue_where(as_of))
            .group_by(Unit.id, Unit.name, Unit.sort_order)
            .order_by(Unit.sort_order, Unit.name, Unit.id))
    return [(name, n, unit_id) for unit_id, name, n in db.session.execute(stmt)]


def _rows_query(as_of: date, filters: ReportFilters, user, limit: Optional[int], offset: int) -> sa.Select:
    """The rows in order; the page is cut first and only its rows fetch their latest progress note."""
    deadline = effective_deadline_sql()
    order = (deadline, Directive.issued_on, Task.position, Task.id)
    rows = (
        lead_assignments(as_of, filters, user, Assignment.id.label("assignment_id"), Assignment.unit_id, Unit.name.label("unit"),
                         Unit.sort_order.label("unit_order"),
                         sa.type_coerce(Assignment.state, sa.String).label("state"), Assignment.extended_deadline_on,
                         Assignment.reported_done_on, Task.id.label("task_id"), Task.text, Task.source_ref,
                         Task.deadline_on, Task.position, deadline.label("deadline"),
                         Directive.id.label("directive_id"), Directive.number.label("directive_number"),
                         Directive.issued_on.label("directive_on"))
        .join(Unit, unit_join())
        .where(overdue_where(as_of))
        .order_by(Unit.sort_order, Unit.name, Unit.id, *order)
    )
    if limit is not None:
        rows = rows.limit(limit).offset(offset)
    rows = rows.subquery("overdue_rows")
    newer = aliased(ProgressReport)
    latest_id = (sa.select(sa.func.max(newer.id)).where(newer.assignment_id == rows.c.assignment_id)
                 .scalar_subquery())
    c = rows.c
    return (
        # In the order _row unpacks them.
        sa.select(c.unit_id, c.unit, c.state, c.extended_deadline_on, c.reported_done_on, c.task_id, c.text,
                  c.source_ref, c.deadline_on, c.directive_id, c.directive_number, c.directive_on,
                  ProgressReport.text, ProgressReport.reported_on)
        .outerjoin(ProgressReport, ProgressReport.id == latest_id)
        .order_by(rows.c.unit_order, rows.c.unit, rows.c.unit_id, rows.c.deadline, rows.c.directive_on,
                  rows.c.position, rows.c.task_id)
    )


def _dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _row(r, no: int, as_of: date) -> dict:
    """One row of the list, numbered `no` within its unit. Unpacked by position: a list of 40,000 rows is read
    in a blink this way."""
    (unit_id, unit, state, extended_on, reported_done_on, task_id, text, source_ref, deadline_on,
     directive_id, number, directive_on, note, note_on) = r
    latest = f"{_dmy(note_on)}: {note}" if note else ""
    if state == AssignmentState.REPORTED_DONE and reported_done_on:
        latest = f"Đã báo cáo hoàn thành ngày {_dmy(reported_done_on)}, chờ xác nhận. {latest}".strip()
    return {
        "no": no, "directive": f"{number}\nngày {_dmy(directive_on)}" if number else f"ngày {_dmy(directive_on)}",
        "directive_number": number or "", "directive_on": directive_on, "unit": unit, "source_ref": source_ref or "",
        "text": text, "deadline_on": deadline_on, "extended_on": extended_on,
        "days_overdue": days_overdue(state, extended_on or deadline_on, as_of, reported_done_on),
        "latest_note": latest, "task_id": task_id, "directive_id": directive_id, "unit_id": unit_id,
    }


def describe(filters: ReportFilters, unit_name: Optional[str] = None) -> list[str]:
    """The filters in words, for the subtitle."""
    words = []
    if filters.unit_id:
        words.append(f"Đơn vị chủ trì: {unit_name or filters.unit_id}")
    if filters.committee:
        words.append(f"Cơ quan ban hành: {filters.committee}")
    if filters.period_from and filters.period_to:
        words.append(f"Văn bản ban hành từ ngày {filters.period_from:%d/%m/%Y} đến ngày {filters.period_to:%d/%m/%Y}")
    elif filters.period_from:
        words.append(f"Văn bản ban hành từ ngày {filters.period_from:%d/%m/%Y}")
    elif filters.period_to:
        words.append(f"Văn bản ban hành đến ngày {filters.period_to:%d/%m/%Y}")
    if filters.directive_number:
        words.append(f"Văn bản số {filters.directive_number}")
    if filters.directive_id:
        words.append(f"Văn bản mã {filters.directive_id}")
    return words


def recipients(committee: Committee) -> list[str]:
    return [f"Thường trực {committee.name} (b/c)", "Các đồng chí Ủy viên Ban Thường vụ",
            "Các đơn vị có tên trong danh sách", "Lưu Văn phòng"]


def build_overdue_list(as_of: date, filters: Optional[ReportFilters] = None, user=None, *,
                       meeting: Optional[Meeting] = None, limit: Optional[int] = None, offset: int = 0,
                       max_rows: Optional[int] = None) -> Report:
    """The overdue list as of `as_of` (the meeting's day), for `user` (None: everything, as for the system).

    `limit`/`offset` give one page of rows (the counts always cover the whole list); `max_rows` raises
    TooManyRows instead of building a list longer than that.
    """
    filters = filters or ReportFilters()
    summary = overdue_counts(as_of, filters, user)
    total = sum(n for _, n, _ in summary)
    if max_rows is not None and total > max_rows:
        raise TooManyRows(total, max_rows)
    stmt = _rows_query(as_of, filters, user, limit, offset)
    counts, ordinals, before = {}, {}, {}  # per unit: its count, its place, how many rows come before it
    seen = 0
    for ordinal, (_, n, unit_id) in enumerate(summary, start=1):
        counts[unit_id], ordinals[unit_id], before[unit_id] = n, ordinal, seen
        seen += n
    groups: list[Group] = []
    for position, r in enumerate(db.session.execute(stmt), start=offset):
        unit_id = r[0]
        row = _row(r, position - before.get(unit_id, 0) + 1, as_of)
        if not groups or groups[-1].unit_id != unit_id:
            groups.append(Group(title=row["unit"], rows=[], unit_id=unit_id, count=counts.get(unit_id, 0),
                                ordinal=ordinals.get(unit_id, len(groups) + 1)))
        groups[-1].rows.append(row)

    committee = Committee.from_config()
    unit_name = db.session.get(Unit, filters.unit_id).name if filters.unit_id else None
    subtitle = []
    if meeting is not None:
        subtitle.append(f"Phục vụ {meeting.kind} ngày {meeting.held_on:%d/%m/%Y}")
    subtitle.append(f"(Tính đến ngày {as_of:%d/%m/%Y})")
    subtitle += describe(filters, unit_name)
    return Report(kind="overdue", title=TITLE, subtitle=subtitle, as_of=as_of, issued_on=clock.today(),
                  committee=committee, columns=COLUMNS, groups=groups, summary=summary,
                  summary_header="Số nhiệm vụ chậm, quá hạn", total=total, recipients=recipients(committee),
                  file_stem=f"danh-sach-cham-qua-han-{as_of.isoformat()}")
