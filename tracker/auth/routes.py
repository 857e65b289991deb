"""Log in, log out, change one's password."""
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from tracker.auth.forms import LoginForm, PasswordForm
from tracker.extensions import db
from tracker.models import User
from tracker.permissions import ANY_USER, PUBLIC, allow

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths, so the login form cannot be used to redirect elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


@bp.before_app_request
def require_new_password():
    """An account made with a one-time password changes it before anything else (the API answers 403)."""
    if not (current_user.is_authenticated and current_user.must_change_password):
        return None
    if request.endpoint in ("auth.change_password", "auth.logout", "static"):
        return None
    if request.path.startswith("/api/"):
        abort(403, "Tài khoản cần đổi mật khẩu dùng một lần trước khi dùng API.")
    flash("Vui lòng đổi mật khẩu dùng một lần trước khi tiếp tục.", "warning")
    return redirect(url_for("auth.change_password"))


@bp.route("/login", methods=["GET", "POST"])
@allow(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.username == form.username.data.strip()))
        if user is None or not user.is_active or not user.check_password(form.password.data):
            form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@allow(ANY_USER)
def logout():
    logout_user()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(ANY_USER)
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("Mật khẩu hiện tại không đúng.")
        else:
            current_user.set_password(form.new.data)
            current_user.must_change_password = False
            db.session.commit()
            flash("Đã đổi mật khẩu.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)
