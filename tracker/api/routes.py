"""The API's reads: who am I, units, directives, tasks, assignments, the overdue list and the outbox.

Each read asks the same loaders, queries and filter parser as the pages, so a token sees exactly what its
owner sees on the screen. Lists answer a page with its totals; reads carry an ETag (304 on If-None-Match).
"""
import sqlalchemy as sa
from flask import request
from flask_login import current_user
from flask_smorest import Blueprint, abort

from tracker import clock
from tracker.api import schemas as s
from tracker.api.auth import check_csrf
from tracker.extensions import db
from tracker.filters import parse_filters
from tracker.loaders import visible_assignment, visible_directive, visible_task
from tracker.models import Assignment, Task
from tracker.models.reminders import OutboxMessage
from tracker.permissions import ADMINS, EVERYONE, allow
from tracker.queries.directives import directive_tasks, task_counts, visible_directives
from tracker.queries.reports import assignment_page
from tracker.queries.tasks import task_page
from tracker.queries.units import active_units
from tracker.reports.overdue import build_overdue_list
from tracker.services.status import assignment_class, task_class
from tracker.services.workflow import allowed_actions, pending_extension

bp = Blueprint("api", __name__, url_prefix="/api", description="Đôn đốc: văn bản, nhiệm vụ, báo cáo")
bp.before_request(check_csrf)

#: Path ids larger than a database integer are simply not found.
ID = "int(max=2147483647)"
NUL = "\x00"


@bp.before_request
def refuse_nul():
    """PostgreSQL cannot store NUL in text: refuse it in the query and in the body's text fields (422)."""
    values = list(request.args.values()) + (list(request.form.values()) if request.form else [])
    raw = b"" if request.files or request.form else request.get_data(cache=True)
    if any(NUL in value for value in values) or b"\\u0000" in raw or b"\x00" in raw:
        abort(422, message="Dữ liệu chứa ký tự không hợp lệ (NUL).")


def page_of(items, total: int, args: dict) -> dict:
    per_page = args["per_page"]
    return {"items": items, "total": total, "page": args["page"], "per_page": per_page,
            "pages": max((total + per_page - 1) // per_page, 1)}


def bad_filters(errors: dict):
    abort(422, message="Bộ lọc không hợp lệ.", errors={"query": {name: [message] for name, message in errors.items()}})


def assignment_json(a: Assignment, today) -> dict:
    pending = pending_extension(a)
    return {"id": a.id, "task_id": a.task_id, "unit_id": a.unit_id, "unit": a.unit.name, "role": a.role.value,
            "state": a.state.value, "deadline": a.deadline_on, "status": assignment_class(a, today).value,
            "reported_done_on": a.reported_done_on, "done_on": a.done_on, "declined": a.declined_at is not None,
            "pending_extension_id": pending.id if pending else None,
            "actions": allowed_actions(current_user, a)}


def task_json(task: Task, today) -> dict:
    d = task.directive
    return {"id": task.id, "ref": task.source_ref, "text": task.text, "deadline": task.deadline_on,
            "deadline_phrase": task.deadline_phrase, "report_every": task.report_every.value if task.report_every else None,
            "status": task_class(task, today).value,
            "directive": {"id": d.id, "number": d.number, "date": d.issued_on, "title": d.title},
            "assignments": [assignment_json(a, today) for a in task.assignments]}


def directive_json(d, count: int) -> dict:
    return {"id": d.id, "number": d.number, "issued_on": d.issued_on, "issuer": d.issuer, "title": d.title,
            "signer": d.signer, "meeting_id": d.meeting_id, "period_end_on": d.period_end_on, "task_count": count}


@bp.get("/me")
@allow(*EVERYONE)
@bp.etag
@bp.response(200, s.MeSchema)
def me():
    """Tài khoản đang gọi API (vai trò, đơn vị)."""
    u = current_user
    return {"id": u.id, "username": u.username, "full_name": u.full_name, "role": u.role.value, "unit_id": u.unit_id}


@bp.get("/units")
@allow(*EVERYONE)
@bp.etag
@bp.response(200, s.UnitListSchema)
def units():
    """Danh bạ đơn vị đang hoạt động."""
    return {"items": [{"id": u.id, "name": u.name, "short_name": u.short_name, "kind": u.kind.value,
                       "parent_id": u.parent_id, "aliases": u.aliases or [], "groups": u.groups or [],
                       "email": u.email} for u in active_units()]}


@bp.get("/directives")
@allow(*EVERYONE)
@bp.etag
@bp.arguments(s.DirectiveArgs, location="query")
@bp.response(200, s.DirectivePageSchema)
def directives(args):
    """Văn bản chỉ đạo người gọi được xem (mới nhất trước), tìm theo số, trích yếu, cơ quan ban hành."""
    stmt = visible_directives(current_user, (args.get("q") or "").strip())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])).all()
    counts = task_counts([d.id for d in rows])
    return page_of([directive_json(d, counts.get(d.id, 0)) for d in rows], total, args)


@bp.get(f"/directives/<{ID}:directive_id>")
@allow(*EVERYONE)
@bp.etag
@bp.response(200, s.DirectiveDetailSchema)
def directive(directive_id):
    """Một văn bản với các nhiệm vụ người gọi được xem."""
    d = visible_directive(directive_id)
    tasks = directive_tasks(current_user, d)
    today = clock.today()
    return directive_json(d, len(tasks)) | {"tasks": [task_json(t, today) for t in tasks]}


@bp.get("/tasks")
@allow(*EVERYONE)
@bp.etag
@bp.arguments(s.FilterArgs, location="query")
@bp.response(200, s.TaskPageSchema)
def tasks(args):
    """Nhiệm vụ, với cùng bộ lọc như trang Nhiệm vụ (tài khoản đơn vị mặc định đơn vị mình; unit=0: tất cả)."""
    parsed = parse_filters(request.args, current_user)
    if not parsed.ok:
        bad_filters(parsed.errors)
    today = clock.today()
    rows, total = task_page(current_user, parsed.filters, today, args["page"], args["per_page"])
    return page_of([task_json(task, today) for task, _ in rows], total, args)


@bp.get(f"/tasks/<{ID}:task_id>")
@allow(*EVERYONE)
@bp.etag
@bp.response(200, s.TaskSchema)
def task(task_id):
    """Một nhiệm vụ với các đơn vị được giao và thao tác người gọi được làm."""
    return task_json(visible_task(task_id), clock.today())


@bp.get("/assignments")
@allow(*EVERYONE)
@bp.etag
@bp.arguments(s.OverdueArgs, location="query")
@bp.response(200, s.AssignmentPageSchema)
def assignments(args):
    """Phần việc của đơn vị chủ trì theo bộ lọc và tình trạng (như các con số của trang Tổng hợp)."""
    parsed = parse_filters(request.args)
    if not parsed.ok:
        bad_filters(parsed.errors)
    as_of = parsed.as_of or clock.today()
    rows, total = assignment_page(as_of, parsed.filters, current_user, parsed.filters.status, args["page"],
                                  args["per_page"])
    return page_of([{"id": r.id, "unit_id": r.unit_id, "unit": r.unit, "task_id": r.task_id, "text": r.text,
                     "ref": r.source_ref, "deadline": r.extended_deadline_on or r.deadline_on, "done_on": r.done_on,
                     "directive_id": r.directive_id, "directive_number": r.number, "status": r.cls}
                    for r in rows], total, args)


@bp.get(f"/assignments/<{ID}:assignment_id>")
@allow(*EVERYONE)
@bp.etag
@bp.response(200, s.AssignmentSchema)
def assignment(assignment_id):
    """Phần việc của một đơn vị trong một nhiệm vụ."""
    return assignment_json(visible_assignment(assignment_id), clock.today())


@bp.get("/overdue")
@allow(*EVERYONE)
@bp.etag
@bp.arguments(s.OverdueArgs, location="query")
@bp.response(200, s.OverduePageSchema)
def overdue(args):
    """Danh sách nhiệm vụ chậm, quá hạn (như trang Chậm, quá hạn): số theo đơn vị và các dòng của trang."""
    parsed = parse_filters(request.args)
    if not parsed.ok:
        bad_filters(parsed.errors)
    as_of = parsed.as_of or clock.today()
    per_page = args["per_page"]
    report = build_overdue_list(as_of, parsed.filters, current_user, meeting=parsed.meeting, limit=per_page,
                                offset=(args["page"] - 1) * per_page)
    rows = [row for group in report.groups for row in group.rows]
    return page_of(rows, report.total, args) | {
        "as_of": as_of, "counts": [{"unit": name, "count": n, "unit_id": unit_id} for name, n, unit_id in report.summary]}


@bp.get("/outbox")
@allow(*ADMINS)
@bp.etag
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, s.OutboxPageSchema)
def outbox(args):
    """Hộp thư đi (quản trị): thư nhắc việc và tổng hợp đã gửi, đang gửi, lỗi; mới nhất trước."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                              .limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])).all()
    return page_of([{c: getattr(m, c) for c in ("id", "run_on", "unit_id", "subject", "recipients", "item_count",
                                                  "attempts", "created_at", "sent_at", "error")}
                    | {"kind": m.kind.value, "status": m.status.value} for m in rows], total, args)
