"""The task list with its filters, a task's page with its history, and editing a task."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.directives.forms import TaskForm
from tracker.directives.routes import show_service_error
from tracker.extensions import db
from tracker.models import Assignment, Directive, Role, Task
from tracker.permissions import EVERYONE, STAFF, abort_unless, allow, can_view_task
from tracker.queries import TaskFilters, task_page, unit_choices
from tracker.services import ServiceError
from tracker.services.tasks import update_task
from tracker.tasks.forms import TaskFilterForm
from tracker.workflow.page import task_context

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def get_visible_task(task_id: int) -> Task:
    """The task, or 404 for one the user may not see (a 403 would confirm that it exists)."""
    task = db.session.scalar(sa.select(Task).where(Task.id == task_id).options(
        selectinload(Task.assignments).selectinload(Assignment.unit)))
    abort_unless(task is not None and can_view_task(current_user, task), 404)
    return task


@bp.get("/")
@allow(*EVERYONE)
def index():
    form = TaskFilterForm(request.args)
    form.unit.choices = [(0, "— Tất cả —")] + unit_choices()
    filters = form.filters() if form.validate() else TaskFilters()
    if request.args.get("unit") is None and current_user.role == Role.UNIT:
        # A unit's list opens on its own tasks; it may still widen to "all" (all it can see).
        filters.unit_id = form.unit.data = current_user.unit_id
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = 25
    items, total = task_page(current_user, filters, clock.today(), page, per_page)
    directive = db.session.get(Directive, filters.directive_id) if filters.directive_id else None
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("tasks/index.html", form=form, items=items, total=total, page=page,
                           pages=max((total + per_page - 1) // per_page, 1), args=args, directive=directive)


@bp.get("/<int:task_id>")
@allow(*EVERYONE)
def detail(task_id):
    task = get_visible_task(task_id)
    return render_template("tasks/detail.html", **task_context(task, current_user))


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit(task_id):
    task = get_visible_task(task_id)
    form = TaskForm(obj=task)
    form.lead_units.choices = form.support_units.choices = unit_choices()
    if request.method == "GET":
        form.lead_units.data = [a.unit_id for a in task.leads]
        form.support_units.data = [a.unit_id for a in task.supports]
        form.report_every.data = task.report_every.value if task.report_every else ""
    if form.validate_on_submit():
        try:
            update_task(task, current_user, **form.values())
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã cập nhật nhiệm vụ.", "success")
            return redirect(url_for("tasks.detail", task_id=task.id))
    return render_template("tasks/form.html", form=form, directive=task.directive, task=task)
