"""User administration."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for

from tracker.admin.forms import UserForm
from tracker.extensions import db
from tracker.models import Role, User
from tracker.permissions import allow
from tracker.queries import unit_choices

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@allow(Role.ADMIN)
def users():
    rows = db.session.scalars(sa.select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=rows)


def _save(form: UserForm, user: User, is_new: bool) -> bool:
    username = form.username.data.strip()
    if db.session.scalar(sa.select(User.id).where(User.username == username, User.id != (user.id or 0))):
        form.username.errors.append("Tên đăng nhập đã được dùng.")
        return False
    if is_new and not form.password.data:
        form.password.errors.append("Vui lòng đặt mật khẩu cho tài khoản mới.")
        return False
    user.username = username
    user.full_name = form.full_name.data.strip()
    user.email = (form.email.data or "").strip() or None
    user.role = Role(form.role.data)
    user.unit_id = form.unit_id.data or None
    user.wants_reminders = form.wants_reminders.data
    user.is_active = form.is_active.data
    if form.password.data:
        user.set_password(form.password.data)
    db.session.add(user)
    db.session.commit()
    return True


def _form(user=None) -> UserForm:
    form = UserForm(obj=user)
    form.unit_id.choices = [(0, "— Không —")] + unit_choices()
    if user is not None and request.method == "GET":
        form.role.data = user.role.value
        form.unit_id.data = user.unit_id or 0
    return form


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def create_user():
    form = _form()
    if form.validate_on_submit() and _save(form, User(), is_new=True):
        flash("Đã tạo tài khoản.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = _form(user)
    if form.validate_on_submit() and _save(form, user, is_new=False):
        flash("Đã cập nhật tài khoản.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)
