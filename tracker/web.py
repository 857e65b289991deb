"""What every page shares: blueprints, the access hook, error pages, template filters and locale."""
from datetime import datetime

from flask import flash, has_request_context, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker import clock
from tracker.extensions import db, login
from tracker.models import ROLE_LABELS, User
from tracker.permissions import can, enforce_route_rules
from tracker.reports import FORMATS
from tracker.services.status import BADGES, LABELS, StatusClass

ERROR_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập.",
    403: "Bạn không có quyền truy cập trang này.",
    404: "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    413: "Tệp tải lên quá lớn.",
    500: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
}


def select_locale():
    """The user's choice, else the session's, else Vietnamese; Vietnamese outside a request (CLI, jobs)."""
    if not has_request_context():
        return "vi"
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return session.get("lang") or "vi"


@login.user_loader
def load_user(user_id):
    user = db.session.get(User, int(user_id))
    return user if user and user.is_active else None


def vn_date(value) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese documents."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(clock.TZ)
    return value.strftime("%d/%m/%Y")


def vn_datetime(value) -> str:
    if value is None:
        return ""
    return value.astimezone(clock.TZ).strftime("%H:%M %d/%m/%Y")


def wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def _error_response(status: int, message: str | None = None):
    message = message or ERROR_MESSAGES.get(status, "Lỗi.")
    if wants_json():
        return jsonify(error=message, status=status), status
    return render_template("errors.html", status=status, message=message), status


#: Every feature package; its routes module holds the blueprint `bp`.
BLUEPRINTS = (
    "main", "auth", "directives", "imports", "tasks", "workflow", "units", "admin", "api", "inbox", "audit",
    "meetings", "reports", "dashboard", "reminders", "followup",
)


def init_app(app):
    from importlib import import_module

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"tracker.{name}.routes").bp)

    app.before_request(enforce_route_rules)

    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(vn_datetime, "vn_datetime")

    @app.context_processor
    def shared_context():
        return {
            "today": clock.today(),
            "committee_name": app.config["COMMITTEE_NAME"],
            "current_locale": str(get_locale() or "vi") if has_request_context() else "vi",
        }

    # Constants as globals, so imported macros see them too.
    app.jinja_env.globals.update(status_labels=LABELS, status_badges=BADGES, StatusClass=StatusClass,
                                 role_labels=ROLE_LABELS, can=can,
                                 export_formats=tuple(FORMATS.values()))

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        if wants_json():
            return _error_response(400, "Thiếu hoặc sai mã bảo vệ CSRF.")
        flash("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng thử lại.", "danger")
        return redirect(request.referrer or url_for("main.home"))

    @app.errorhandler(HTTPException)
    def http_error(error):
        db.session.rollback()
        custom = error.description if error.description != type(error).description else None
        return _error_response(error.code or 500, custom)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error")
        if app.config.get("PROPAGATE_EXCEPTIONS"):
            raise error
        return _error_response(500)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

