"""User administration."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.admin.forms import UserForm
from tracker.extensions import db
from tracker.forms import show_service_error
from tracker.models import User
from tracker.permissions import ADMINS, allow
from tracker.queries.units import search_users, unit_choices
from tracker.services import ServiceError
from tracker.services.org import save_user

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@allow(*ADMINS)
def users():
    q = (request.args.get("q") or "").strip()[:200]
    return render_template("admin/users.html", users=search_users(q), q=q)


def _save(form: UserForm, user: User | None) -> bool:
    try:
        save_user(user, current_user, username=form.username.data, full_name=form.full_name.data, role=form.role.data,
                  unit_id=form.unit_id.data or None, email=form.email.data, password=form.password.data or None,
                  wants_reminders=form.wants_reminders.data, is_active=form.is_active.data)
        db.session.commit()
    except ServiceError as error:
        show_service_error(form, error)
        return False
    return True


def _form(user=None) -> UserForm:
    form = UserForm(obj=user)
    form.unit_id.choices = [(0, "— Không —")] + unit_choices()
    if user is not None and request.method == "GET":
        form.role.data = user.role.value
        form.unit_id.data = user.unit_id or 0
    return form


@bp.route("/users/new", methods=["GET", "POST"])
@allow(*ADMINS)
def create_user():
    form = _form()
    if form.validate_on_submit() and _save(form, None):
        flash("Đã tạo tài khoản.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@allow(*ADMINS)
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = _form(user)
    if form.validate_on_submit() and _save(form, user):
        flash("Đã cập nhật tài khoản.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)
