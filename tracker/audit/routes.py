"""The admin's audit page: every TaskEvent of the installation, newest first, with filters; the tasks' history
and, on its own tab, the accounts' and the directory's (logins, failed logins, user and unit changes)."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload

from wtforms import StringField
from wtforms.validators import NumberRange, Optional

from tracker import clock
from tracker.extensions import db
from tracker.forms import IntegerField, SelectField, VnDateField, number_arg
from tracker.models import Assignment, AuditEvent, Task, TaskEvent, User
from tracker.permissions import ADMINS, allow
from tracker.queries.units import unit_choices
from tracker.search import matches
from tracker.services.events import EVENT_LABELS
from tracker.workflow.page import FIELD_LABELS, history_value

bp = Blueprint("audit", __name__, url_prefix="/admin")
PER_PAGE = 50


class AuditFilterForm(FlaskForm):
    """A GET form: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    log = SelectField("Nhật ký", choices=[("tasks", "Nhiệm vụ"), ("accounts", "Tài khoản và đơn vị")],
                      default="tasks", validators=[Optional()])
    q = StringField("Tìm trong nhiệm vụ", validators=[Optional()])
    kind = SelectField("Loại thay đổi", validators=[Optional()])
    actor = SelectField("Người thực hiện", coerce=int, validators=[Optional()])
    unit = SelectField("Đơn vị", coerce=int, validators=[Optional()])
    task = IntegerField("Mã nhiệm vụ", validators=[Optional(), NumberRange(min=1, max=2**31 - 1, message="Mã không hợp lệ.")])
    date_from = VnDateField("Từ ngày", validators=[Optional()])
    date_to = VnDateField("đến ngày", validators=[Optional()])


def _start_of(day) -> datetime:
    """Midnight in Vietnam, since people filter by their own calendar day."""
    return datetime.combine(day, time(0, 0), tzinfo=clock.TZ)


def account_events_query(form: AuditFilterForm) -> sa.Select:
    """The accounts' and the directory's log (AuditEvent), with the filters that apply to it."""
    stmt = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).options(selectinload(AuditEvent.actor))
    if form.kind.data:
        stmt = stmt.where(AuditEvent.kind == form.kind.data)
    if form.actor.data:
        stmt = stmt.where(AuditEvent.actor_id == form.actor.data)
    if form.date_from.data:
        stmt = stmt.where(AuditEvent.created_at >= _start_of(form.date_from.data))
    if form.date_to.data:
        stmt = stmt.where(AuditEvent.created_at < _start_of(form.date_to.data + timedelta(days=1)))
    return stmt


def events_query(form: AuditFilterForm) -> sa.Select:
    stmt = sa.select(TaskEvent).order_by(TaskEvent.id.desc())
    if form.kind.data:
        stmt = stmt.where(TaskEvent.kind == form.kind.data)
    if form.actor.data:
        stmt = stmt.where(TaskEvent.actor_id == form.actor.data)
    if form.unit.data:
        stmt = stmt.where(TaskEvent.assignment_id.in_(
            sa.select(Assignment.id).where(Assignment.unit_id == form.unit.data)))
    if form.task.data:
        stmt = stmt.where(TaskEvent.task_id == form.task.data)
    if form.q.data and form.q.data.strip():
        stmt = stmt.where(TaskEvent.task_id.in_(sa.select(Task.id).where(matches(Task.text_folded, form.q.data))))
    if form.date_from.data:
        stmt = stmt.where(TaskEvent.created_at >= _start_of(form.date_from.data))
    if form.date_to.data:
        stmt = stmt.where(TaskEvent.created_at < _start_of(form.date_to.data + timedelta(days=1)))
    return stmt


@bp.get("/events")
@allow(*ADMINS)
def events():
    form = AuditFilterForm(request.args)
    form.kind.choices = [("", "— Tất cả —")] + list(EVENT_LABELS.items())
    users = db.session.execute(sa.select(User.id, User.full_name, User.username).order_by(User.username)).all()
    form.actor.choices = [(0, "— Tất cả —")] + [(u.id, f"{u.full_name} ({u.username})") for u in users]
    form.unit.choices = [(0, "— Tất cả —")] + unit_choices()
    accounts = form.log.data == "accounts"
    if not form.validate():
        stmt = sa.select(AuditEvent if accounts else TaskEvent).where(sa.false())
    elif accounts:
        stmt = account_events_query(form)
    else:
        stmt = events_query(form).options(selectinload(TaskEvent.actor),
                                          selectinload(TaskEvent.assignment).selectinload(Assignment.unit),
                                          selectinload(TaskEvent.task).selectinload(Task.directive))
    page = db.paginate(stmt, per_page=PER_PAGE, page=number_arg(request.args), error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/events.html", form=form, page=page, args=args, event_labels=EVENT_LABELS,
                           accounts=accounts,
                           field_labels=FIELD_LABELS, history_value=history_value)
