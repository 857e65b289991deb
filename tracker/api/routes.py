"""A small JSON API over the same rules as the pages. Errors answer JSON (see web.py)."""
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from tracker import clock
from tracker.filters import parse_filters
from tracker.forms import number_arg
from tracker.loaders import visible_task
from tracker.models import Task
from tracker.permissions import EVERYONE, allow
from tracker.queries.tasks import task_page
from tracker.queries.units import active_units
from tracker.services.status import assignment_class, task_class

bp = Blueprint("api", __name__, url_prefix="/api")


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
    parsed = parse_filters(request.args)
    if not parsed.ok:
        abort(400, " ".join(f"{name}: {message}" for name, message in parsed.errors.items()))
    filters = parsed.filters
    page = number_arg(request.args)
    per_page = number_arg(request.args, "per_page", default=50, most=200)
    today = clock.today()
    items, total = task_page(current_user, filters, today, page, per_page)
    return jsonify(total=total, page=page, per_page=per_page,
                   items=[task_json(task, today) for task, _ in items])


@bp.get("/tasks/<int:task_id>")
@allow(*EVERYONE)
def task(task_id):
    return jsonify(task_json(visible_task(task_id), clock.today()))


@bp.get("/units")
@allow(*EVERYONE)
def units():
    return jsonify(items=[{"id": u.id, "name": u.name, "short_name": u.short_name, "kind": u.kind.value,
                           "parent_id": u.parent_id, "aliases": u.aliases, "groups": u.groups}
                          for u in active_units()])
