"""Directives (conclusion notices): list, enter, edit, see with their tasks; add tasks by hand."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.directives.forms import DirectiveForm, TaskForm
from tracker.extensions import db
from tracker.forms import number_arg, show_service_error
from tracker.loaders import visible_directive
from tracker.models import Directive
from tracker.permissions import EVERYONE, STAFF, allow
from tracker.queries.directives import directive_tasks, meeting_choices, task_counts, visible_directives
from tracker.queries.units import unit_choices
from tracker.services import ServiceError
from tracker.services.status import task_class
from tracker.services.tasks import create_directive, create_task, update_directive

bp = Blueprint("directives", __name__, url_prefix="/directives")


@bp.get("/")
@allow(*EVERYONE)
def index():
    q = (request.args.get("q") or "").strip()
    page = db.paginate(visible_directives(current_user, q), page=number_arg(request.args), per_page=25,
                       error_out=False)
    counts = task_counts([d.id for d in page.items])
    return render_template("directives/index.html", page=page, q=q, task_counts=counts)


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF)
def create():
    form = DirectiveForm()
    form.meeting_id.choices = meeting_choices()
    if form.validate_on_submit():
        try:
            directive = create_directive(current_user, **form.values())
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã lưu văn bản. Hãy thêm các nhiệm vụ.", "success")
            return redirect(url_for("directives.detail", directive_id=directive.id))
    return render_template("directives/form.html", form=form, directive=None)


@bp.get("/<int:directive_id>")
@allow(*EVERYONE)
def detail(directive_id):
    directive = visible_directive(directive_id)
    tasks = directive_tasks(current_user, directive)
    today = clock.today()
    return render_template("directives/detail.html", directive=directive,
                           rows=[(t, task_class(t, today)) for t in tasks])


@bp.route("/<int:directive_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit(directive_id):
    directive = db.get_or_404(Directive, directive_id)
    form = DirectiveForm(obj=directive)
    form.meeting_id.choices = meeting_choices()
    if request.method == "GET":
        form.meeting_id.data = directive.meeting_id or 0
    if form.validate_on_submit():
        try:
            update_directive(directive, current_user, **form.values())
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã cập nhật văn bản.", "success")
            return redirect(url_for("directives.detail", directive_id=directive.id))
    return render_template("directives/form.html", form=form, directive=directive)


@bp.route("/<int:directive_id>/tasks/new", methods=["GET", "POST"])
@allow(*STAFF)
def add_task(directive_id):
    directive = db.get_or_404(Directive, directive_id)
    form = TaskForm()
    form.lead_units.choices = form.support_units.choices = unit_choices()
    if request.method == "GET" and directive.period_end_on:
        form.deadline_on.data = directive.period_end_on
    if form.validate_on_submit():
        try:
            create_task(directive, current_user, **form.values())
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã thêm nhiệm vụ.", "success")
            if request.form.get("another"):
                return redirect(url_for("directives.add_task", directive_id=directive.id))
            return redirect(url_for("directives.detail", directive_id=directive.id))
    return render_template("tasks/form.html", form=form, directive=directive, task=None)
