"""Báo cáo tình hình thực hiện các kết luận, chỉ đạo … (a quarter, 6 months, a year or any range).

The standard table per lead unit is the dashboard's scorecard for the same filters and day (directives
issued in the period, of one issuing body or all, classes as of `as_of`): one definition, so the report and
the dashboard never disagree. Then the lists of overdue and not-yet-done work, with each item's latest
progress that counts.
"""
from datetime import date
from typing import Optional

from tracker import clock
from tracker.filters import Filters
from tracker.models import ReportText
from tracker.queries.followup import class_assignments
from tracker.queries.reports import scorecard
from tracker.reports.data import Column, Committee, Group, Report, paragraphs
from tracker.reports.overdue import TooManyRows
from tracker.reports.standard import counts_sentence, dmy, period_words, result_text, standard_table
from tracker.services.status import StatusClass, days_overdue

COLUMNS = [
    Column("no", "TT", 1.1, "int", "center"),
    Column("list", "Danh sách", 5.0, where="sheet"),
    Column("directive", "Văn bản chỉ đạo", 3.2, where="paper"),
    Column("directive_number", "Số văn bản", 3.0, where="sheet"),
    Column("directive_on", "Ngày văn bản", 2.4, "date", "center", where="sheet"),
    Column("source_ref", "Mục", 1.5, align="center"),
    Column("text", "Nội dung nhiệm vụ", 6.6),
    Column("unit", "Đơn vị chủ trì", 3.6),
    Column("deadline_on", "Thời hạn", 2.6, "date", "center"),
    Column("days_overdue", "Số ngày quá hạn", 1.7, "int", "center"),
    Column("results", "Tiến độ báo cáo gần nhất", 4.9),
]
#: The lists after the table: what is overdue, then what is still being done within its deadline.
LISTS = ((StatusClass.OVERDUE, "NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH"),
         (StatusClass.IN_PROGRESS, "NHIỆM VỤ ĐANG THỰC HIỆN TRONG HẠN"))


def period_filters(period_from: date, period_to: date, issuer: Optional[str] = None) -> Filters:
    """The dashboard's filters for the period: directives issued from … to …, of one issuing body or all."""
    return Filters(period_from=period_from, period_to=period_to, committee=issuer or None)


def _row(assignment, no: int, as_of: date, title: str) -> dict:
    task, directive = assignment.task, assignment.task.directive
    dated = f"ngày {dmy(directive.issued_on)}"
    return {
        "no": no, "list": title.capitalize(),
        "directive": f"{directive.number}\n{dated}" if directive.number else dated,
        "directive_number": directive.number or "", "directive_on": directive.issued_on,
        "source_ref": task.source_ref or "", "text": task.text, "unit": assignment.unit.name,
        "deadline_on": assignment.deadline_on,
        "days_overdue": days_overdue(assignment.state, assignment.deadline_on, as_of, assignment.reported_done_on),
        "results": result_text(assignment, as_of), "task_id": task.id, "unit_id": assignment.unit_id,
    }


def build_period_report(period_from: date, period_to: date, *, issuer: Optional[str] = None,
                        as_of: Optional[date] = None, by_kind: bool = False, text: Optional[ReportText] = None,
                        max_rows: Optional[int] = None, list_limit: Optional[int] = None) -> Report:
    """The period report for the whole committee (the office's document: no user scope).

    `max_rows` raises TooManyRows rather than list more items than that (a file); `list_limit` lists only the
    first so many items of each list (a page), the groups' counts still whole."""
    as_of = as_of or clock.today()
    filters = period_filters(period_from, period_to, issuer)
    scores, total = scorecard(as_of, filters, None)
    stats = standard_table(scores, total, by_kind=by_kind)
    groups = []
    if max_rows is not None:  # the table's rows (a province has 2,000 units) and the lists' together
        lines = len(stats.rows) + sum(total.counts[cls] for cls, _ in LISTS)
        if lines > max_rows:
            raise TooManyRows(lines, max_rows)
    for ordinal, (cls, title) in enumerate(LISTS, start=2):  # II and III, after the table (I)
        found = class_assignments(as_of, filters, (cls,), limit=list_limit)
        rows = [_row(a, i, as_of, title) for i, a in enumerate(found, start=1)]
        count = total.counts[cls]  # the table's own number: the list and the table never disagree
        groups.append(Group(title=title, rows=rows, count=count, ordinal=ordinal))
    committee = Committee.from_config()
    whose = issuer or f"Ban Thường vụ, Thường trực {committee.name}"
    words = period_words(period_from, period_to)
    intro = paragraphs(text.intro) if text and text.intro else [
        f"Văn phòng {committee.name} tổng hợp tình hình thực hiện các kết luận, chỉ đạo của {whose} ban hành "
        f"{words} (tính đến ngày {dmy(as_of)}) như sau:"]
    assessment = paragraphs(text.assessment) if text and text.assessment else []
    subtitle = [f"(Văn bản ban hành từ ngày {dmy(period_from)} đến ngày {dmy(period_to)}; "
                f"tính đến ngày {dmy(as_of)})"]
    return Report(
        kind="period", title="BÁO CÁO", heading=f"Tình hình thực hiện các kết luận, chỉ đạo của {whose} {words}",
        subtitle=subtitle, as_of=as_of, issued_on=clock.today(), committee=committee, columns=COLUMNS,
        groups=groups, total=total.assigned, intro=intro, assessment=[counts_sentence(total)] + assessment,
        stats=stats, stats_title="I. TỔNG HỢP THEO ĐƠN VỊ CHỦ TRÌ",
        assessment_title="IV. ĐÁNH GIÁ CHUNG",
        recipients=[f"Thường trực {committee.name} (b/c)", "Các đồng chí Ủy viên Ban Thường vụ",
                    "Các đơn vị trong danh sách", "Lưu Văn phòng"],
        file_stem=f"bao-cao-tinh-hinh-thuc-hien-{period_from.isoformat()}-{period_to.isoformat()}")


__all__ = ["build_period_report", "period_filters"]
