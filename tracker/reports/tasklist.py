"""Any task list (the /tasks/ page with its filters) as a report, for the DOCX/XLSX/PDF exports.

Same query as the page (`task_list_query`), so the export holds exactly what the list shows, with the
user's scope. The count per class first (the summary), then the tasks streamed in batches of STREAM_BATCH,
each batch with its directives and assignments: four queries for a list of up to STREAM_BATCH tasks.
"""
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.extensions import db
from tracker.models import Assignment, Task, Unit
from tracker.filters import Filters
from tracker.queries.tasks import task_list_query
from tracker.reports.data import Column, Committee, Group, Report, Streamed
from tracker.reports.overdue import STREAM_BATCH, TooManyRows
from tracker.services.status import BY_SEVERITY, LABELS, StatusClass

TITLE = "DANH SÁCH NHIỆM VỤ"

COLUMNS = [
    Column("no", "TT", 1.0, "int", "center"),
    Column("directive", "Văn bản chỉ đạo", 3.2, where="paper"),
    Column("directive_number", "Số văn bản", 3.0, where="sheet"),
    Column("directive_on", "Ngày văn bản", 2.4, "date", "center", where="sheet"),
    Column("source_ref", "Mục", 1.2, align="center"),
    Column("text", "Nội dung nhiệm vụ", 9.0),
    Column("leads", "Đơn vị chủ trì", 4.3),
    Column("supports", "Đơn vị phối hợp", 3.5, where="sheet"),
    Column("deadline_on", "Thời hạn", 2.3, "date", "center"),
    Column("status", "Tình trạng", 4.2),
]


def describe(filters: Filters, unit_name: Optional[str]) -> list[str]:
    words = []
    if filters.unit_id:
        words.append(f"Đơn vị: {unit_name or filters.unit_id}")
    if filters.status:
        words.append(f"Tình trạng: {LABELS[filters.status]}")
    if filters.deadline_from:
        words.append(f"Thời hạn từ ngày {filters.deadline_from:%d/%m/%Y}")
    if filters.deadline_to:
        words.append(f"Thời hạn đến ngày {filters.deadline_to:%d/%m/%Y}")
    if filters.q:
        words.append(f"Nội dung có: “{filters.q}”")
    return words


def severity_counts(user, filters: Filters, today: date) -> dict[int, int]:
    """{severity: how many tasks} of the list, one grouped query (the summary, known before the rows are read)."""
    listed = task_list_query(user, filters, today).order_by(None).subquery()
    severity = list(listed.c)[-1]
    return dict(db.session.execute(sa.select(severity, sa.func.count()).group_by(severity)).all())


def build_task_list(user, filters: Filters, today: date, *, max_rows: Optional[int] = None) -> Report:
    """The tasks the user sees with these filters, classes as of `today`. The rows are Streamed: read from the
    database in batches while a renderer writes them."""
    stmt = task_list_query(user, filters, today).options(
        selectinload(Task.directive), selectinload(Task.assignments).selectinload(Assignment.unit))
    by_severity = severity_counts(user, filters, today)
    total = sum(by_severity.values())
    if max_rows is not None and total > max_rows:
        raise TooManyRows(total, max_rows)
    counts = {c: 0 for c in StatusClass}
    for severity, n in by_severity.items():
        if BY_SEVERITY.get(severity):
            counts[BY_SEVERITY[severity]] += n

    def rows():
        rows_in = db.session.execute(stmt, execution_options={"yield_per": STREAM_BATCH})  # batches, in order
        for i, (task, severity) in enumerate(rows_in, start=1):
            cls = BY_SEVERITY.get(severity)
            d = task.directive
            yield {
                "no": i, "directive": (f"{d.number}\n" if d.number else "") + d.issued_on.strftime("ngày %d/%m/%Y"),
                "directive_number": d.number or "", "directive_on": d.issued_on, "source_ref": task.source_ref or "",
                "text": task.text, "leads": ", ".join(a.unit.name for a in task.leads),
                "supports": ", ".join(a.unit.name for a in task.supports),
                "deadline_on": task.deadline_on, "status": LABELS[cls] if cls else "",
                "task_id": task.id, "directive_id": d.id,
            }

    committee = Committee.from_config()
    unit_name = db.session.get(Unit, filters.unit_id).name if filters.unit_id else None
    subtitle = [f"(Tính đến ngày {today:%d/%m/%Y})"] + describe(filters, unit_name)
    summary = [(LABELS[c], counts[c], None) for c in StatusClass]
    return Report(kind="tasks", title=TITLE, subtitle=subtitle, as_of=today, issued_on=clock.today(),
                  committee=committee, columns=COLUMNS, groups=[Group(title="", rows=Streamed(rows), count=total)],
                  summary=summary, summary_label="Tình trạng", summary_header="Số nhiệm vụ", total=total,
                  recipients=[f"Thường trực {committee.name} (b/c)", "Lưu Văn phòng"],
                  file_stem=f"danh-sach-nhiem-vu-{today.isoformat()}")
