"""The API's writes: a directive from a notice's text (the extractor's proposal, then the reviewed save) and
the workflow's actions. Each calls the service the page calls, after the same rule (`workflow.refusal`):
403 when the caller may never do it, 409 when the state forbids it now, 422 for bad input."""
from flask_login import current_user
from flask_smorest import abort

from tracker import clock
from tracker.api import schemas as s
from tracker.api.routes import ID, assignment_json, bp, directive_json, task_json
from tracker.extensions import db
from tracker.loaders import visible_assignment, visible_extension
from tracker.models import Meeting
from tracker.permissions import DECIDERS, STAFF, UNIT_USERS, allow
from tracker.services import ServiceError, workflow
from tracker.services.notices import propose, save_reviewed
from tracker.services.report_files import read_uploads

NOT_ALLOWED = (workflow.NOT_YOURS, workflow.NOT_DECIDER)


def _commit(do):
    """Run a service call and commit; a broken rule answers 422 (a field) or 409 (the state), nothing written."""
    try:
        result = do()
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        if error.field:
            abort(422, message=error.message, errors={"json": {error.field: [error.message]}})
        abort(409, message=error.message, code="refused")
    return result


def _refuse_unless_allowed(reason):
    if reason in NOT_ALLOWED:
        abort(403, message=reason)
    if reason:
        abort(409, message=reason, code="refused")


def _act(action: str, assignment_id: int, do):
    a = visible_assignment(assignment_id)
    _refuse_unless_allowed(workflow.refusal(action, current_user, a))
    _commit(lambda: do(a))
    db.session.refresh(a)
    return assignment_json(a, clock.today())


@bp.post("/directives/proposal")
@allow(*STAFF)
@bp.arguments(s.ProposalArgs)
@bp.response(200, s.ProposalSchema)
def proposal(args):
    """Đề xuất tách nhiệm vụ từ toàn văn thông báo (chưa ghi gì): đơn vị và thời hạn đã khớp với danh bạ.
    Xem lại rồi gửi POST /api/directives để lưu."""
    result = propose(args["text"], today=clock.today())
    meta = result.directive
    return {"directive": {"number": meta.number, "issued_on": meta.date or meta.meeting_date, "issuer": meta.issuer,
                          "title": meta.title, "signer": meta.signer, "period_end_on": meta.period_end},
            "tasks": [{"ref": t.ref, "text": t.text, "lead": list(t.lead), "support": list(t.support),
                       "lead_unit_ids": list(dict.fromkeys(t.lead_ids)),
                       "support_unit_ids": [i for i in dict.fromkeys(t.support_ids) if i not in t.lead_ids],
                       "deadline_on": t.deadline, "deadline_phrase": t.deadline_phrase} for t in result.tasks]}


@bp.post("/directives")
@allow(*STAFF)
@bp.arguments(s.NewDirectiveSchema)
@bp.response(201, s.DirectiveDetailSchema)
def create_directive(args):
    """Lưu một văn bản với các nhiệm vụ (đề xuất đã xem lại), tất cả trong một lần; nhiệm vụ không thời hạn
    thành nhiệm vụ thường xuyên báo cáo hằng tháng."""
    tasks = args.pop("tasks")
    if args.get("meeting_id") and db.session.get(Meeting, args["meeting_id"]) is None:
        abort(422, message="Không tìm thấy hội nghị.", errors={"json": {"meeting_id": ["Không tìm thấy hội nghị."]}})
    directive = _commit(lambda: save_reviewed(current_user, args, tasks))
    today = clock.today()
    return directive_json(directive, len(directive.tasks)) | {"tasks": [task_json(t, today) for t in directive.tasks]}


@bp.post(f"/assignments/<{ID}:assignment_id>/progress")
@allow(*UNIT_USERS)
@bp.arguments(s.ReportArgs, location="form")
@bp.arguments(s.FilesArgs, location="files")
@bp.response(200, s.AssignmentSchema)
def progress(form, files, assignment_id):
    """Báo cáo tiến độ (multipart/form-data: text, files)."""
    return _act("progress", assignment_id, lambda a: workflow.report_progress(
        a, current_user, text=form["text"], uploads=read_uploads(files.get("files")), today=clock.today()))


@bp.post(f"/assignments/<{ID}:assignment_id>/done")
@allow(*UNIT_USERS)
@bp.arguments(s.DoneArgs, location="form")
@bp.arguments(s.FilesArgs, location="files")
@bp.response(200, s.AssignmentSchema)
def done(form, files, assignment_id):
    """Báo cáo hoàn thành (multipart/form-data: summary, files); chờ Văn phòng xác nhận."""
    return _act("done", assignment_id, lambda a: workflow.report_done(
        a, current_user, summary=form["summary"], uploads=read_uploads(files.get("files")), today=clock.today()))


@bp.post(f"/assignments/<{ID}:assignment_id>/extension")
@allow(*UNIT_USERS)
@bp.arguments(s.ExtensionArgs)
@bp.response(200, s.AssignmentSchema)
def request_extension(args, assignment_id):
    """Đề nghị gia hạn: thời hạn mới và lý do."""
    return _act("extension", assignment_id, lambda a: workflow.request_extension(
        a, current_user, new_deadline_on=args["new_deadline_on"], reason=args["reason"], today=clock.today()))


@bp.post(f"/assignments/<{ID}:assignment_id>/decline")
@allow(*UNIT_USERS)
@bp.arguments(s.ReasonArgs)
@bp.response(200, s.AssignmentSchema)
def decline(args, assignment_id):
    """Từ chối nhiệm vụ không thuộc đơn vị mình, có lý do; Văn phòng giao lại hoặc giữ nguyên."""
    return _act("decline", assignment_id, lambda a: workflow.decline(a, current_user, reason=args["reason"]))


@bp.post(f"/assignments/<{ID}:assignment_id>/confirm")
@allow(*STAFF)
@bp.arguments(s.NoteArgs)
@bp.response(200, s.AssignmentSchema)
def confirm(args, assignment_id):
    """Xác nhận hoàn thành (Văn phòng)."""
    return _act("confirm", assignment_id, lambda a: workflow.confirm_done(a, current_user, note=args.get("note")))


@bp.post(f"/assignments/<{ID}:assignment_id>/return")
@allow(*STAFF)
@bp.arguments(s.ReasonArgs)
@bp.response(200, s.AssignmentSchema)
def return_report(args, assignment_id):
    """Trả lại báo cáo hoàn thành, có lý do (Văn phòng)."""
    return _act("return", assignment_id, lambda a: workflow.return_report(a, current_user, reason=args["reason"]))


def _decide(extension_id: int, do):
    extension = visible_extension(extension_id)
    _refuse_unless_allowed(workflow.extension_refusal(current_user, extension))
    _commit(lambda: do(extension))
    assignment = extension.assignment
    db.session.refresh(assignment)
    return assignment_json(assignment, clock.today())


@bp.post(f"/extensions/<{ID}:extension_id>/approve")
@allow(*DECIDERS)
@bp.arguments(s.NoteArgs)
@bp.response(200, s.AssignmentSchema)
def approve_extension(args, extension_id):
    """Đồng ý gia hạn (Văn phòng, Lãnh đạo): thời hạn mới thành thời hạn của phần việc."""
    return _decide(extension_id, lambda e: workflow.approve_extension(e, current_user, note=args.get("note")))


@bp.post(f"/extensions/<{ID}:extension_id>/refuse")
@allow(*DECIDERS)
@bp.arguments(s.ReasonArgs)
@bp.response(200, s.AssignmentSchema)
def refuse_extension(args, extension_id):
    """Không đồng ý gia hạn, có lý do (Văn phòng, Lãnh đạo)."""
    return _decide(extension_id, lambda e: workflow.refuse_extension(e, current_user, reason=args["reason"]))
