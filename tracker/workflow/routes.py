"""The actions on an assignment (units: report, done, extension, decline; office: confirm, return, reassign,
keep; office and leaders: decide extensions) and downloading report files.

Each view: find the object (404 if the user may not see its task), check the object-level rule (403),
parse the form, call one service, commit once. Refused input renders the task page again with the
form as typed and the message beside the field (400), so nothing typed is lost.
"""
import os

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from tracker import clock
from tracker.extensions import db
from tracker.forms import show_service_error
from tracker.loaders import visible_assignment, visible_extension
from tracker.models import Assignment, ReportFile
from tracker.permissions import (
    DECIDERS, EVERYONE, STAFF, UNIT_USERS, abort_unless, allow, can_act_on_assignment, can_decide_extension,
    can_decide_for, can_view_task,
)
from tracker.queries.units import unit_choices
from tracker.services import ServiceError, report_files, workflow
from tracker.workflow.forms import make_form
from tracker.workflow.page import task_context

bp = Blueprint("workflow", __name__)


def _act(action: str, assignment: Assignment, object_id: int, do, done_message: str):
    """Validate the action's form, run `do(form)` (a service call), commit; or show the page with the errors."""
    form = make_form(action, object_id)
    if action == "reassign":
        form.unit_id.choices = [(0, "— Chọn đơn vị —")] + unit_choices()
    if form.validate_on_submit():
        try:
            do(form)
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(done_message, "success")
            return redirect(url_for("tasks.detail", task_id=assignment.task_id, _anchor=f"assignment-{assignment.id}"))
    db.session.rollback()
    task = assignment.task
    return render_template("tasks/detail.html", **task_context(task, current_user, {(action, object_id): form})), 400


def _uploads(form):
    return report_files.read_uploads(form.files.data)


@bp.post("/assignments/<int:assignment_id>/progress")
@allow(*UNIT_USERS)
def progress(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_act_on_assignment(current_user, a))
    return _act("progress", a, a.id, lambda f: workflow.report_progress(
        a, current_user, text=f.text.data, uploads=_uploads(f), today=clock.today()), "Đã gửi báo cáo tiến độ.")


@bp.post("/assignments/<int:assignment_id>/done")
@allow(*UNIT_USERS)
def done(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_act_on_assignment(current_user, a))
    return _act("done", a, a.id, lambda f: workflow.report_done(
        a, current_user, summary=f.summary.data, uploads=_uploads(f), today=clock.today()),
        "Đã báo cáo hoàn thành; chờ Văn phòng xác nhận.")


@bp.post("/assignments/<int:assignment_id>/extension")
@allow(*UNIT_USERS)
def request_extension(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_act_on_assignment(current_user, a))
    return _act("extension", a, a.id, lambda f: workflow.request_extension(
        a, current_user, new_deadline_on=f.new_deadline_on.data, reason=f.reason.data, today=clock.today()),
        "Đã gửi đề nghị gia hạn.")


@bp.post("/assignments/<int:assignment_id>/decline")
@allow(*UNIT_USERS)
def decline(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_act_on_assignment(current_user, a))
    return _act("decline", a, a.id, lambda f: workflow.decline(a, current_user, reason=f.reason.data),
                "Đã gửi ý kiến từ chối nhiệm vụ; Văn phòng sẽ xem xét giao lại.")


@bp.post("/assignments/<int:assignment_id>/confirm")
@allow(*STAFF)
def confirm(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_decide_for(current_user, a))
    return _act("confirm", a, a.id, lambda f: workflow.confirm_done(a, current_user, note=f.note.data),
                "Đã xác nhận hoàn thành.")


@bp.post("/assignments/<int:assignment_id>/return")
@allow(*STAFF)
def return_report(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_decide_for(current_user, a))
    return _act("return", a, a.id, lambda f: workflow.return_report(a, current_user, reason=f.reason.data),
                "Đã trả lại báo cáo cho đơn vị.")


@bp.post("/assignments/<int:assignment_id>/reassign")
@allow(*STAFF)
def reassign(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_decide_for(current_user, a))
    return _act("reassign", a, a.id, lambda f: workflow.reassign(
        a, current_user, unit_id=f.unit_id.data, note=f.note.data), "Đã giao lại nhiệm vụ.")


@bp.post("/assignments/<int:assignment_id>/keep")
@allow(*STAFF)
def keep(assignment_id):
    a = visible_assignment(assignment_id)
    abort_unless(can_decide_for(current_user, a))
    return _act("keep", a, a.id, lambda f: workflow.keep_assignment(a, current_user, reason=f.reason.data),
                "Đơn vị tiếp tục thực hiện nhiệm vụ.")


def _decidable_extension(extension_id: int):
    extension = visible_extension(extension_id)
    abort_unless(can_decide_extension(current_user, extension))
    return extension


@bp.post("/extensions/<int:extension_id>/approve")
@allow(*DECIDERS)
def approve_extension(extension_id):
    e = _decidable_extension(extension_id)
    return _act("approve", e.assignment, e.id, lambda f: workflow.approve_extension(e, current_user, note=f.note.data),
                "Đã đồng ý gia hạn.")


@bp.post("/extensions/<int:extension_id>/refuse")
@allow(*DECIDERS)
def refuse_extension(extension_id):
    e = _decidable_extension(extension_id)
    return _act("refuse", e.assignment, e.id, lambda f: workflow.refuse_extension(e, current_user, reason=f.reason.data),
                "Đã không đồng ý gia hạn.")


@bp.get("/files/<int:file_id>")
@allow(*EVERYONE)
def download(file_id):
    """A report's file, for whoever may see the task (404 otherwise, as for the task itself)."""
    report_file = db.session.get(ReportFile, file_id)
    abort_unless(report_file is not None and can_view_task(current_user, report_file.report.assignment.task), 404)
    path = report_files.path_of(report_file)
    if not os.path.isfile(path):
        abort(404, "Tệp không còn trên máy chủ; vui lòng báo Văn phòng.")
    # The stored type may name a charset ("text/plain; charset=utf-8"); send_file adds it for text itself.
    response = send_file(path, mimetype=report_file.content_type.split(";")[0], as_attachment=True,
                         download_name=report_file.original_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
