"""A small JSON API over the same rules as the pages. Errors answer JSON (see web.py)."""
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from tracker import clock
from tracker.forms import parse_vn_date
from tracker.models import Task
from tracker.permissions import EVERYONE, allow
from tracker.queries import TaskFilters, active_units, task_page
from tracker.services.status import StatusClass, assignment_class, task_class
from tracker.tasks.routes import get_visible_task

bp = Blueprint("api", __name__, url_prefix="/api")


def _date_arg(name):
    value = request.args.get(name)
    if not value:
        return None
    try:
        return parse_vn_date(value)
    except ValueError as exc:
        abort(400, f"{name}: {exc}")


def task_json(task: Task, today, with_assignments=True) -> dict:
    data = {
        "id": task.id,
        "ref": task.source_ref,
        "text": task.text,
        "deadline": task.deadline_on.isoformat() if task.deadline_on else None,
        "status": task_class(task, today).value,
        "directive": {"id": task.directive.id, "number": task.directive.number,
                      "date": task.directive.issued_on.isoformat(), "title": task.directive.title},
    }
    if with_assignments:
        data["assignments"] = [
            {"unit": a.unit.name, "unit_id": a.unit_id, "role": a.role.value, "state": a.state.value,
             "deadline": a.deadline_on.isoformat() if a.deadline_on else None,
             "status": assignment_class(a, today).value}
            for a in task.assignments
        ]
    return data


@bp.get("/tasks")
@allow(*EVERYONE)
def tasks():
    status = request.args.get("status")
    if status and status not in StatusClass.__members__.values():
        abort(400, f"status: giá trị không hợp lệ ({', '.join(c.value for c in StatusClass)})")
    filters = TaskFilters(
        unit_id=request.args.get("unit", type=int), status=StatusClass(status) if status else None,
        deadline_from=_date_arg("deadline_from"), deadline_to=_date_arg("deadline_to"),
        directive_id=request.args.get("directive", type=int), directive_number=request.args.get("number"),
        q=request.args.get("q"),
    )
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = min(max(request.args.get("per_page", 50, type=int), 1), 200)
    today = clock.today()
    items, total = task_page(current_user, filters, today, page, per_page)
    return jsonify(total=total, page=page, per_page=per_page,
                   items=[task_json(task, today) for task, _ in items])


@bp.get("/tasks/<int:task_id>")
@allow(*EVERYONE)
def task(task_id):
    return jsonify(task_json(get_visible_task(task_id), clock.today()))


@bp.get("/units")
@allow(*EVERYONE)
def units():
    return jsonify(items=[{"id": u.id, "name": u.name, "short_name": u.short_name, "kind": u.kind.value,
                           "parent_id": u.parent_id, "aliases": u.aliases, "groups": u.groups}
                          for u in active_units()])
