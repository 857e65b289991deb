"""The units' side of an assignment and the office's answers (DESIGN.md "States").

open → reported_done (the unit says done) → done (the office confirms; done date = the date reported)
or back to open (returned with a reason). Besides: progress reports, declining an assignment that is not
the unit's (the office reassigns it or keeps it), and extension requests decided by the office or a leader.

Every function checks who acts (the same helpers the views use), changes the rows, writes its TaskEvent
and flushes; the caller commits once, so a failure leaves neither a half change nor an event without it.
"""
from datetime import date
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tracker import clock
from tracker.extensions import db
from tracker.models import (
    Assignment, AssignmentState, ExtensionRequest, ExtensionStatus, ProgressReport, Unit,
)
from tracker.permissions import can_act_on_assignment, can_decide_extension, can_decide_for
from tracker.services import ServiceError
from tracker.services import report_files
from tracker.services.events import record
from tracker.services.report_files import Upload

MAX_TEXT = 10_000
NOT_YOURS = "Bạn chỉ thao tác được trên nhiệm vụ của đơn vị mình."
NOT_DECIDER = "Bạn không có quyền quyết định việc này (đơn vị không tự xác nhận hay tự duyệt cho mình)."


def _iso(value: Optional[date]) -> Optional[str]:
    return value.isoformat() if value else None


def _text(value: Optional[str], what: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"Vui lòng nhập {what}.", field)
    if len(value) > MAX_TEXT:
        raise ServiceError(f"{what.capitalize()} tối đa {MAX_TEXT:,} ký tự.".replace(",", "."), field)
    return value


def _lock(assignment: Assignment) -> Assignment:
    """Re-read the row under a lock (PostgreSQL), so two people acting at once cannot both pass the checks."""
    db.session.refresh(assignment, with_for_update=True)
    return assignment


#: The actions on an assignment, in the order the task page shows their forms.
ASSIGNMENT_ACTIONS = ("progress", "done", "extension", "decline", "confirm", "return", "reassign", "keep")
#: What a refused action answers, when the state is wrong for it.
_WRONG_STATE = {
    "progress": "Nhiệm vụ đã được xác nhận hoàn thành.",
    "done": "Nhiệm vụ đã được báo cáo hoàn thành.",
    "extension": "Chỉ xin gia hạn được nhiệm vụ chưa báo cáo hoàn thành.",
    "decline": "Không thể từ chối nhiệm vụ đã báo cáo hoàn thành.",
    "confirm": "Chỉ xác nhận được nhiệm vụ đơn vị đã báo cáo hoàn thành.",
    "return": "Chỉ trả lại được báo cáo hoàn thành đang chờ xác nhận.",
    "reassign": "Chỉ giao lại được nhiệm vụ chưa báo cáo hoàn thành.",
}
#: The states in which each action can be taken.
_STATES = {
    "progress": (AssignmentState.OPEN, AssignmentState.REPORTED_DONE),
    "done": (AssignmentState.OPEN,), "extension": (AssignmentState.OPEN,), "decline": (AssignmentState.OPEN,),
    "confirm": (AssignmentState.REPORTED_DONE,), "return": (AssignmentState.REPORTED_DONE,),
    "reassign": (AssignmentState.OPEN,), "keep": tuple(AssignmentState),
}
_UNIT_ACTIONS = ("progress", "done", "extension", "decline")


def refusal(action: str, actor, assignment: Assignment) -> Optional[str]:
    """Why `actor` may not take `action` on `assignment` now (a sentence for the user), or None if it may.
    The one statement of each action's rule: the services enforce it, the task page offers what passes."""
    if action in _UNIT_ACTIONS:
        if not can_act_on_assignment(actor, assignment):
            return NOT_YOURS
        if assignment.declined_at is not None:
            return "Đơn vị đã từ chối nhiệm vụ này; đang chờ Văn phòng giao lại."
    elif not can_decide_for(actor, assignment):
        return NOT_DECIDER
    if assignment.state == AssignmentState.CARRIED_OVER:
        return "Nhiệm vụ đã chuyển sang văn bản sau; hãy thực hiện theo nhiệm vụ ở văn bản đó."
    if assignment.state not in _STATES[action]:
        return _WRONG_STATE[action]
    if action == "extension" and assignment.deadline_on is None:
        return "Nhiệm vụ thường xuyên không có thời hạn để gia hạn."
    if action == "extension" and pending_extension(assignment):
        return "Đã có một đề nghị gia hạn đang chờ quyết định."
    if action == "keep" and assignment.declined_at is None:
        return "Đơn vị không từ chối nhiệm vụ này."
    return None


def allowed_actions(actor, assignment: Assignment) -> list[str]:
    """The actions `actor` may take on `assignment` now, in ASSIGNMENT_ACTIONS' order."""
    return [action for action in ASSIGNMENT_ACTIONS if refusal(action, actor, assignment) is None]


def _check(action: str, actor, assignment: Assignment) -> None:
    reason = refusal(action, actor, assignment)
    if reason:
        raise ServiceError(reason)


def extension_refusal(actor, request: ExtensionRequest) -> Optional[str]:
    """Why `actor` may not decide this extension request now, or None."""
    if not can_decide_extension(actor, request):
        return NOT_DECIDER
    if request.status != ExtensionStatus.PENDING:
        return "Đề nghị gia hạn này đã được quyết định."
    return None


def _new_report(assignment: Assignment, actor, text: str, uploads: Iterable[Upload], today: date,
                is_done: bool) -> ProgressReport:
    uploads = list(uploads)
    report_files.check(uploads)  # refuse bad files before anything is written
    report = ProgressReport(assignment=assignment, author_id=actor.id, reported_on=today, text=text,
                            is_done_report=is_done)
    db.session.add(report)
    report.files.extend(report_files.store(uploads))
    return report


def report_progress(assignment: Assignment, actor, *, text: str, uploads: Iterable[Upload] = (),
                    today: Optional[date] = None) -> ProgressReport:
    """A dated note on the work, with optional files; the state does not change."""
    today = today or clock.today()
    _lock(assignment)
    _check("progress", actor, assignment)
    report = _new_report(assignment, actor, _text(text, "nội dung báo cáo", "text"), uploads, today, False)
    db.session.flush()
    record(assignment.task, "reported", actor, assignment=assignment, note=report.text,
           after={"files": [f.original_name for f in report.files]} if report.files else None)
    return report


def report_done(assignment: Assignment, actor, *, summary: str, uploads: Iterable[Upload] = (),
                today: Optional[date] = None) -> ProgressReport:
    """The unit says the work is done: open → reported_done, dated today, with its summary of results."""
    today = today or clock.today()
    _lock(assignment)
    _check("done", actor, assignment)
    report = _new_report(assignment, actor, _text(summary, "kết quả thực hiện", "summary"), uploads, today, True)
    assignment.state, assignment.reported_done_on = AssignmentState.REPORTED_DONE, today
    db.session.flush()
    record(assignment.task, "reported_done", actor, assignment=assignment, note=report.text,
           before={"state": AssignmentState.OPEN.value},
           after={"state": assignment.state.value, "reported_done_on": _iso(today)}
           | ({"files": [f.original_name for f in report.files]} if report.files else {}))
    return report


def confirm_done(assignment: Assignment, actor, *, note: Optional[str] = None) -> None:
    """The office accepts the report: done, on the date the unit reported it."""
    _lock(assignment)
    _check("confirm", actor, assignment)
    assignment.state, assignment.done_on = AssignmentState.DONE, assignment.reported_done_on
    db.session.flush()
    record(assignment.task, "confirmed", actor, assignment=assignment, note=(note or "").strip() or None,
           before={"state": AssignmentState.REPORTED_DONE.value},
           after={"state": assignment.state.value, "done_on": _iso(assignment.done_on)})


def return_report(assignment: Assignment, actor, *, reason: str) -> None:
    """The office sends the report back with a reason: reported_done → open."""
    _lock(assignment)
    _check("return", actor, assignment)
    reason = _text(reason, "lý do trả lại", "reason")
    before = {"state": assignment.state.value, "reported_done_on": _iso(assignment.reported_done_on)}
    assignment.state, assignment.reported_done_on = AssignmentState.OPEN, None
    report = db.session.scalar(sa.select(ProgressReport).where(
        ProgressReport.assignment_id == assignment.id, ProgressReport.is_done_report,
        ProgressReport.returned_at.is_(None)).order_by(ProgressReport.id.desc()).limit(1))
    if report is not None:
        report.returned_at, report.returned_by_id, report.return_reason = clock.now(), actor.id, reason
    db.session.flush()
    record(assignment.task, "returned", actor, assignment=assignment, note=reason, before=before,
           after={"state": assignment.state.value, "reported_done_on": None})


def decline(assignment: Assignment, actor, *, reason: str, now=None) -> None:
    """The unit says the assignment is not theirs; it stays on the office's list until reassigned or kept."""
    _lock(assignment)
    _check("decline", actor, assignment)
    assignment.decline_reason = _text(reason, "lý do từ chối", "reason")
    assignment.declined_at = now or clock.now()
    db.session.flush()
    record(assignment.task, "declined", actor, assignment=assignment, note=assignment.decline_reason)


def reassign(assignment: Assignment, actor, *, unit_id: int, note: Optional[str] = None) -> None:
    """The office gives the assignment to another unit (after a decline, or on its own initiative).

    The assignment moves as it is (its history stays with the task); the decline is cleared.
    """
    _lock(assignment)
    _check("reassign", actor, assignment)
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or not unit.is_active:
        raise ServiceError("Vui lòng chọn đơn vị đang hoạt động.", "unit_id")
    if any(a.unit_id == unit.id for a in assignment.task.assignments):
        raise ServiceError(f"{unit.name} đã được giao nhiệm vụ này.", "unit_id")
    if any(e.status == ExtensionStatus.PENDING for e in assignment.extensions):
        raise ServiceError("Hãy quyết định đề nghị gia hạn đang chờ trước khi giao lại.", "unit_id")
    before = {"unit": assignment.unit.name}
    assignment.unit, assignment.declined_at, assignment.decline_reason = unit, None, None
    db.session.flush()
    record(assignment.task, "reassigned", actor, assignment=assignment, note=(note or "").strip() or None,
           before=before, after={"unit": unit.name})


def keep_assignment(assignment: Assignment, actor, *, reason: str) -> None:
    """The office does not accept the unit's decline: the unit keeps the assignment."""
    _lock(assignment)
    _check("keep", actor, assignment)
    reason = _text(reason, "lý do", "reason")
    assignment.declined_at, assignment.decline_reason = None, None
    db.session.flush()
    record(assignment.task, "decline_rejected", actor, assignment=assignment, note=reason)


def pending_extension(assignment: Assignment) -> Optional[ExtensionRequest]:
    return next((e for e in assignment.extensions if e.status == ExtensionStatus.PENDING), None)


def request_extension(assignment: Assignment, actor, *, new_deadline_on: Optional[date], reason: str,
                      today: Optional[date] = None) -> ExtensionRequest:
    """A new date and a reason; one pending request per assignment (a partial unique index backs this up)."""
    today = today or clock.today()
    _lock(assignment)
    _check("extension", actor, assignment)
    current = assignment.deadline_on
    if new_deadline_on is None:
        raise ServiceError("Vui lòng nhập thời hạn đề nghị.", "new_deadline_on")
    if new_deadline_on <= current:
        raise ServiceError(f"Thời hạn đề nghị phải sau thời hạn hiện tại ({current:%d/%m/%Y}).", "new_deadline_on")
    if new_deadline_on < today:
        raise ServiceError("Thời hạn đề nghị không được trước ngày hôm nay.", "new_deadline_on")
    request = ExtensionRequest(assignment=assignment, requested_by_id=actor.id, new_deadline_on=new_deadline_on,
                               reason=_text(reason, "lý do xin gia hạn", "reason"))
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:
        raise ServiceError("Đã có một đề nghị gia hạn đang chờ quyết định.") from None
    record(assignment.task, "extension_requested", actor, assignment=assignment, note=request.reason,
           before={"deadline_on": _iso(current)}, after={"new_deadline_on": _iso(new_deadline_on)})
    return request


def _decide(request: ExtensionRequest, actor) -> Assignment:
    assignment = _lock(request.assignment)
    db.session.refresh(request, with_for_update=True)
    reason = extension_refusal(actor, request)
    if reason:
        raise ServiceError(reason)
    request.decided_by_id, request.decided_at = actor.id, clock.now()
    return assignment


def approve_extension(request: ExtensionRequest, actor, *, note: Optional[str] = None) -> None:
    """The new date becomes the assignment's deadline; the task keeps its original one."""
    assignment = _decide(request, actor)
    before = {"deadline_on": _iso(assignment.deadline_on)}
    request.status, request.decision_note = ExtensionStatus.APPROVED, (note or "").strip() or None
    assignment.extended_deadline_on = request.new_deadline_on
    db.session.flush()
    record(assignment.task, "extension_approved", actor, assignment=assignment, note=request.decision_note,
           before=before, after={"deadline_on": _iso(request.new_deadline_on)})


def refuse_extension(request: ExtensionRequest, actor, *, reason: str) -> None:
    assignment = _decide(request, actor)
    request.status, request.decision_note = ExtensionStatus.REFUSED, _text(reason, "lý do không đồng ý", "reason")
    db.session.flush()
    record(assignment.task, "extension_refused", actor, assignment=assignment, note=request.decision_note,
           after={"new_deadline_on": _iso(request.new_deadline_on)})

