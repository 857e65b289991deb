"""Báo cáo kết quả thực hiện Thông báo kết luận số …: the office's report on one notice.

Every item in the notice's own order and numbering, with its units, class, dates and each lead unit's latest
progress that counts (never a returned report); then the standard table of that notice per lead unit (the
dashboard's numbers for the notice); the office's introduction and assessment around them.
"""
from datetime import date
from typing import Optional

from tracker import clock
from tracker.filters import Filters
from tracker.models import Directive, ReportText
from tracker.queries.followup import carried_from, carried_to, notice_tasks
from tracker.queries.reports import scorecard
from tracker.reports.data import Column, Committee, Group, Report, paragraphs
from tracker.reports.standard import cite, counts_sentence, dmy, result_text, standard_table
from tracker.services.status import LABELS, task_class

COLUMNS = [
    Column("no", "TT", 1.1, "int", "center"),
    Column("source_ref", "Mục", 1.5, align="center"),
    Column("text", "Nội dung nhiệm vụ", 7.0),
    Column("units", "Đơn vị chủ trì, phối hợp", 3.6, where="paper"),
    Column("leads", "Đơn vị chủ trì", 4.0, where="sheet"),
    Column("supports", "Đơn vị phối hợp", 3.5, where="sheet"),
    Column("deadline_on", "Thời hạn", 2.6, "date", "center"),
    Column("status", "Tình trạng", 2.6),
    Column("results", "Kết quả thực hiện", 6.8),
]


def carried_words(link) -> str:
    """"Chuyển sang Thông báo số 160-TB/HU, ngày 12/10/2023" (a re-stated task keeps its own class)."""
    return f"Chuyển sang Thông báo {cite(link.to_directive)}"


def default_intro(directive: Directive, committee: Committee) -> str:
    return (f"Thực hiện Thông báo kết luận {cite(directive)} của "
            f"{directive.issuer} ({directive.title}), Văn phòng {committee.name} tổng hợp kết quả thực hiện "
            "của các đơn vị như sau:")


def build_notice_report(directive: Directive, today: Optional[date] = None,
                        text: Optional[ReportText] = None) -> Report:
    """The report on `directive` as of `today`, with the newest saved words (`text`) or a draft."""
    today = today or clock.today()
    committee = Committee.from_config()
    tasks = notice_tasks(directive)
    onward = carried_to(t.id for t in tasks)
    earlier = carried_from(t.id for t in tasks)
    rows = []
    for i, task in enumerate(tasks, start=1):
        links = [link for link in onward.get(task.id, []) if link.to_task_id]
        carried = carried_words(links[-1]) if links else ""
        leads = task.leads or task.assignments
        results = [f"- {a.unit.label}: {result_text(a, today, carried)}" for a in leads]
        origin = earlier.get(task.id)
        if origin is not None:
            old = origin.from_task
            results.insert(0, f"(Chuyển từ Thông báo {cite(old.directive)}, mục {old.source_ref or '—'})")
        units = ", ".join(a.unit.label for a in task.leads)
        if task.supports:
            units += "; phối hợp: " + ", ".join(a.unit.label for a in task.supports)
        cls = task_class(task, today)
        rows.append({
            "no": i, "source_ref": task.source_ref or "", "text": task.text, "units": units,
            "leads": ", ".join(a.unit.name for a in task.leads),
            "supports": ", ".join(a.unit.name for a in task.supports),
            "deadline_on": task.deadline_on, "status": LABELS[cls] if cls else "", "results": "\n".join(results),
            "task_id": task.id,
        })
    scores, total = scorecard(today, Filters(directive_id=directive.id), None)
    intro = paragraphs(text.intro) if text and text.intro else [default_intro(directive, committee)]
    assessment = paragraphs(text.assessment) if text and text.assessment else []
    return Report(
        kind="notice", title="BÁO CÁO", heading=f"Kết quả thực hiện Thông báo kết luận {cite(directive)} "
        f"của {directive.issuer}",
        subtitle=[f"(Tính đến ngày {dmy(today)})"], as_of=today, issued_on=clock.today(), committee=committee,
        columns=COLUMNS, groups=[Group(title="", rows=rows, count=len(rows))], total=total.assigned,
        intro=intro, assessment=[counts_sentence(total)] + assessment,
        stats=standard_table(scores, total), stats_after_list=True,
        list_title="I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", stats_title="II. TỔNG HỢP THEO ĐƠN VỊ CHỦ TRÌ",
        assessment_title="III. ĐÁNH GIÁ CHUNG",
        recipients=[f"Thường trực {committee.name} (b/c)", "Các đồng chí Ủy viên Ban Thường vụ",
                    "Các đơn vị có liên quan", "Lưu Văn phòng"],
        file_stem=f"bao-cao-thuc-hien-tb-{directive.id}-{today.isoformat()}")
