"""Log in, log out, change one's password."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from tracker.auth.forms import LoginForm, PasswordForm
from tracker.extensions import db
from tracker.forms import show_service_error
from tracker.permissions import ANY_USER, PUBLIC, allow
from tracker.ratelimit import limit_logins
from tracker.services import ServiceError
from tracker.services.events import record_audit
from tracker.services.org import change_password as change_own_password
from tracker.services.org import find_user

bp = Blueprint("auth", __name__)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
#: Checked when the user name is unknown, so that a wrong name costs as long as a wrong password: a scrypt hash
#: with the parameters of PASSWORD_HASH_METHOD (of "không có tài khoản này"). Written out rather than made at
#: import: making it took 0.1 s and 32 MB at the start of every process, the reminder scheduler's too.
_NOBODY_HASH = ("scrypt:32768:8:1$ATil9oyqAgxVYZPy$510d61c0f01db3c6daadf6b325056f2dfbe40f3317052a74f48095370b38f26"
                "16c3eea87d60c7d280549d02cb29db46754fb160f05594ddd1f3280a7db7727e8")


def _safe_next(target: str | None) -> str:
    """Only local paths, so the login form cannot be used to redirect elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


def _authenticate(username: str, password: str):
    """The active account with this name (in any case) and password, or None."""
    user = find_user(username)
    if user is None:
        check_password_hash(_NOBODY_HASH, password)
        return None
    return user if user.check_password(password) and user.is_active else None


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
@limit_logins
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        user = _authenticate(username, form.password.data)
        if user is None:
            form.password.errors.append(WRONG)
            record_audit("login_failed", None, subject=username[:64])
            db.session.commit()
        else:
            session.pop("csrf_token", None)  # a new CSRF token for the new session
            login_user(user, remember=form.remember.data)
            record_audit("login", user, subject=user.username)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@allow(ANY_USER)
def logout():
    """Ends every session of the user (a cookie copied before logging out no longer works)."""
    current_user.end_sessions()
    record_audit("logout", current_user, subject=current_user.username)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(ANY_USER)
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, current=form.current.data, new=form.new.data)
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            # This session goes on (its id names the new session version); the others have ended.
            login_user(current_user._get_current_object(), remember=bool(request.cookies.get("remember_token")))
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)
