"""The task list with its filters, a task's page with its history, and editing a task."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.directives.forms import TaskForm
from tracker.extensions import db
from tracker.filters import Filters, parse_filters
from tracker.forms import number_arg, show_service_error
from tracker.loaders import visible_task
from tracker.models import Directive
from tracker.permissions import EVERYONE, STAFF, allow
from tracker.queries.tasks import task_page
from tracker.queries.units import unit_choices
from tracker.services import ServiceError
from tracker.services.tasks import update_task
from tracker.workflow.page import task_context

bp = Blueprint("tasks", __name__, url_prefix="/tasks")
PER_PAGE = 25


@bp.get("/")
@allow(*EVERYONE)
def index():
    parsed = parse_filters(request.args, current_user)
    filters = parsed.filters if parsed.ok else Filters(unit_id=parsed.filters.unit_id)
    page = number_arg(request.args)
    items, total = task_page(current_user, filters, clock.today(), page, PER_PAGE)
    directive = db.session.get(Directive, filters.directive_id) if filters.directive_id else None
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("tasks/index.html", parsed=parsed, filters=parsed.filters, units=unit_choices(),
                           items=items, total=total, page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
                           args=args, directive=directive)


@bp.get("/<int:task_id>")
@allow(*EVERYONE)
def detail(task_id):
    task = visible_task(task_id)
    return render_template("tasks/detail.html", **task_context(task, current_user))


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit(task_id):
    task = visible_task(task_id)
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
