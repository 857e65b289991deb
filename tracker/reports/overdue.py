"""The overdue list for a meeting: every lead assignment that is overdue on the day (class "Quá hạn" of
`tracker.services.status` as of that day), grouped by lead unit, with per-unit counts.

Three queries whatever the size: the per-unit counts, the rows (with the latest progress note joined),
and the unit named in the filter. The class is the SQL twin `assignment_class_sql`, days overdue the
rule `days_overdue`. The whole list is not read when it is built: its groups are `Streamed`, read from
the cursor unit by unit while a renderer writes them, so memory stays flat at 40,000 rows.
"""
from datetime import date
from typing import Optional

from tracker import clock
from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import AssignmentState, Meeting, Unit
from tracker.queries.reports import overdue_counts, overdue_rows_query
from tracker.reports.data import Column, Committee, Group, Report, Streamed

TITLE = "DANH SÁCH NHIỆM VỤ CHẬM, QUÁ HẠN"
#: Rows fetched from the database at a time by the full lists and exports.
STREAM_BATCH = 2000

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


class _Days(dict):
    """dd/mm/yyyy of each day met, made once: a list of 40,000 rows has a few thousand distinct days."""

    def __missing__(self, day: date) -> str:
        text = self[day] = f"{day.day:02d}/{day.month:02d}/{day.year}"
        return text


def _days_late(state: str, due_on: date, as_of: date, reported_done_on: Optional[date]) -> int:
    """`status.days_overdue` for a row the query found overdue: up to the day a "done" report came in, else up
    to `as_of` (tests/reports/test_reports_overdue.py holds the two equal)."""
    return ((reported_done_on if state == REPORTED_DONE and reported_done_on else as_of) - due_on).days


REPORTED_DONE = AssignmentState.REPORTED_DONE.value


def _rows(result, as_of: date, before: dict, first: int):
    """The list's rows (dicts, as the renderers read them) from the query's tuples, numbered within their unit."""
    dmy = _Days()
    position = first
    for (unit_id, unit, state, extended_on, reported_done_on, due_on, task_id, text, source_ref, deadline_on,
         directive_id, number, directive_on, note, note_on) in result:
        latest = f"{dmy[note_on]}: {note}" if note else ""
        if state == REPORTED_DONE and reported_done_on:
            latest = f"Đã báo cáo hoàn thành ngày {dmy[reported_done_on]}, chờ xác nhận. {latest}".strip()
        yield {
            "no": position - before.get(unit_id, 0) + 1,
            "directive": f"{number}\nngày {dmy[directive_on]}" if number else f"ngày {dmy[directive_on]}",
            "directive_number": number or "", "directive_on": directive_on, "unit": unit,
            "source_ref": source_ref or "", "text": text, "deadline_on": deadline_on, "extended_on": extended_on,
            "days_overdue": _days_late(state, due_on, as_of, reported_done_on), "latest_note": latest,
            "task_id": task_id, "directive_id": directive_id, "unit_id": unit_id,
        }
        position += 1


def _grouped(rows, counts: dict, ordinals: dict):
    """Rows → one Group per unit, each handed on as soon as its unit's rows are read."""
    group = None
    for row in rows:
        if group is None or group.unit_id != row["unit_id"]:
            if group is not None:
                yield group
            unit_id = row["unit_id"]
            group = Group(title=row["unit"], rows=[], unit_id=unit_id, count=counts.get(unit_id, 0),
                          ordinal=ordinals.get(unit_id, 1))
        group.rows.append(row)
    if group is not None:
        yield group


def run_list_query(stmt, stream: bool = True):
    """Execute a list's query on the session's connection, as plain tuples (no ORM); if `stream`, fetched
    STREAM_BATCH rows at a time (a server-side cursor on PostgreSQL, whose plan is then the one that reads in
    index order and sorts nothing whole)."""
    conn = db.session.connection()
    options = {"stream_results": True, "yield_per": STREAM_BATCH} if stream else {}
    return conn.execute(stmt, execution_options=options)


def describe(filters: Filters, unit_name: Optional[str] = None) -> list[str]:
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


def build_overdue_list(as_of: date, filters: Optional[Filters] = None, user=None, *,
                       meeting: Optional[Meeting] = None, limit: Optional[int] = None, offset: int = 0,
                       max_rows: Optional[int] = None) -> Report:
    """The overdue list as of `as_of` (the meeting's day), for `user` (None: everything, as for the system).

    `limit`/`offset` give one page of rows (the counts always cover the whole list); `max_rows` raises
    TooManyRows instead of building a list longer than that.
    """
    filters = filters or Filters()
    summary = overdue_counts(as_of, filters, user)
    total = sum(n for _, n, _ in summary)
    if max_rows is not None and total > max_rows:
        raise TooManyRows(total, max_rows)
    counts, ordinals, before = {}, {}, {}  # per unit: its count, its place, how many rows come before it
    seen = 0
    for ordinal, (_, n, unit_id) in enumerate(summary, start=1):
        counts[unit_id], ordinals[unit_id], before[unit_id] = n, ordinal, seen
        seen += n
    if limit is None:  # the whole list, read as it is rendered
        stmt = overdue_rows_query(as_of, filters, user, None, 0)
        groups = Streamed(lambda: _grouped(_rows(run_list_query(stmt), as_of, before, 0), counts, ordinals))
    else:  # only the units the page shows, known from the counts: the page never reads the units before it
        shown = [u for _, n, u in summary if before[u] < offset + limit and before[u] + n > offset]
        first = before[shown[0]] if shown else offset
        stmt = overdue_rows_query(as_of, filters, user, limit, offset - first, unit_ids=shown)
        groups = list(_grouped(_rows(run_list_query(stmt, stream=False), as_of, before, offset), counts, ordinals))

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
