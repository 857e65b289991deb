"""A unit submits its report on a notice: the words are saved as a new version, the document is made (DOCX
and PDF) and attached to each of the unit's assignments on that notice as a progress report, all in the
caller's one transaction (workflow.report_progress for each, so the usual rules and history apply)."""
from datetime import date
from typing import Optional

from tracker import clock
from tracker.models import Directive, ProgressReport, ReportKind
from tracker.queries.followup import unit_tasks
from tracker.reports import render
from tracker.reports.standard import cite
from tracker.reports.unit_report import build_unit_report, submitted_note
from tracker.services import ServiceError, report_texts, workflow
from tracker.services.report_files import Upload


def unit_assignments(directive: Directive, unit_id: int):
    return [a for task in unit_tasks(directive, unit_id) for a in task.assignments if a.unit_id == unit_id]


def submit_unit_report(directive: Directive, actor, *, intro: str, assessment: str,
                       today: Optional[date] = None) -> list[ProgressReport]:
    """Save the words, make the document, attach it to every assignment of the actor's unit on the notice that
    still takes progress (not one confirmed done or carried over). Returns the new progress reports."""
    today = today or clock.today()
    unit = actor.unit
    if unit is None:
        raise ServiceError(workflow.NOT_YOURS)
    assignments = unit_assignments(directive, unit.id)
    open_ones = [a for a in assignments if workflow.refusal("progress", actor, a) is None]
    if not open_ones:
        raise ServiceError("Đơn vị không còn nhiệm vụ nào của văn bản này để gửi báo cáo "
                           "(các nhiệm vụ đã được xác nhận hoàn thành hoặc đã chuyển).")
    text = report_texts.save(ReportKind.UNIT, report_texts.unit_scope(directive.id, unit.id), actor, intro=intro,
                             assessment=assessment, directive_id=directive.id, unit_id=unit.id)
    report = build_unit_report(directive, unit, actor, today, text)
    stem = f"bao-cao-{(directive.number or str(directive.id)).replace('/', '-')}-v{text.version}"
    uploads = [Upload(f"{stem}.docx", render(report, "docx")), Upload(f"{stem}.pdf", render(report, "pdf"))]
    note = (f"{submitted_note(unit)} các nhiệm vụ được giao tại Thông báo {cite(directive)} "
            f"(bản {text.version}, tệp đính kèm).")
    return [workflow.report_progress(a, actor, text=note, uploads=uploads, today=today) for a in open_ones]
