"""Directives (conclusion notices): list, enter, edit, see with their tasks; add tasks by hand."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.directives.forms import DirectiveForm, TaskForm
from tracker.extensions import db
from tracker.models import Assignment, Directive, Meeting, Task
from tracker.permissions import EVERYONE, STAFF, abort_unless, allow, reads_everything, visible_tasks_clause
from tracker.queries import unit_choices
from tracker.services import ServiceError
from tracker.services.status import task_class
from tracker.services.tasks import create_directive, create_task, update_directive

bp = Blueprint("directives", __name__, url_prefix="/directives")


def meeting_choices():
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.held_on.desc()).limit(200))
    return [(0, "— Không —")] + [(m.id, f"{m.held_on:%d/%m/%Y} – {m.title or m.kind}") for m in meetings]


def show_service_error(form, error: ServiceError):
    """Put a service's refusal next to the field it concerns, or on top of the form."""
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "danger")


def get_visible_directive(directive_id: int) -> Directive:
    directive = db.get_or_404(Directive, directive_id)
    if not reads_everything(current_user):
        seen = db.session.scalar(sa.select(sa.func.count()).select_from(Task).where(
            Task.directive_id == directive.id, visible_tasks_clause(current_user)))
        abort_unless(seen > 0, 404)
    return directive


@bp.get("/")
@allow(*EVERYONE)
def index():
    q = (request.args.get("q") or "").strip()
    stmt = sa.select(Directive).order_by(Directive.issued_on.desc(), Directive.id.desc())
    if not reads_everything(current_user):
        stmt = stmt.where(Directive.id.in_(sa.select(Task.directive_id).where(visible_tasks_clause(current_user))))
    if q:
        like = f"%{q}%"
        stmt = stmt.where(sa.or_(Directive.title.ilike(like), Directive.number.ilike(like), Directive.issuer.ilike(like)))
    page = db.paginate(stmt, per_page=25, error_out=False)
    task_counts = dict(db.session.execute(
        sa.select(Task.directive_id, sa.func.count()).where(Task.directive_id.in_([d.id for d in page.items]))
        .group_by(Task.directive_id)).all()) if page.items else {}
    return render_template("directives/index.html", page=page, q=q, task_counts=task_counts)


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
    directive = get_visible_directive(directive_id)
    tasks = db.session.scalars(
        sa.select(Task).where(Task.directive_id == directive.id, visible_tasks_clause(current_user))
        .options(selectinload(Task.assignments).selectinload(Assignment.unit))
        .order_by(Task.position, Task.id)
    ).all()
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
