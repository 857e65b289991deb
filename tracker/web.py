"""What every page shares: blueprints, the access hook, error pages, template filters and locale."""
from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, g, has_request_context, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from tracker import clock
from tracker.admin.routes import bp as admin_bp
from tracker.api.routes import bp as api_bp
from tracker.audit.routes import bp as audit_bp
from tracker.auth.routes import bp as auth_bp
from tracker.dashboard.routes import bp as dashboard_bp
from tracker.directives.routes import bp as directives_bp
from tracker.extensions import db, login
from tracker.imports.routes import bp as imports_bp
from tracker.inbox.routes import bp as inbox_bp
from tracker.main.routes import bp as main_bp
from tracker.meetings.routes import bp as meetings_bp
from tracker.models import ROLE_LABELS, User
from tracker.numbers import vn_number, vn_percent
from tracker.permissions import can, enforce_route_rules
from tracker.ratelimit import limiter
from tracker.reminders.routes import bp as reminders_bp
from tracker.reports import FORMATS
from tracker.reports.routes import bp as reports_bp
from tracker.search import highlight
from tracker.services.status import BADGES, LABELS, StatusClass
from tracker.tasks.routes import bp as tasks_bp
from tracker.units.routes import bp as units_bp
from tracker.workflow.routes import bp as workflow_bp

ERROR_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập.",
    403: "Bạn không có quyền truy cập trang này.",
    404: "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    413: "Tệp tải lên quá lớn.",
    429: "Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.",
    500: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
    503: "Cơ sở dữ liệu đang không trả lời. Vui lòng thử lại sau ít phút.",
}


def select_locale():
    """The user's choice, else the session's, else Vietnamese; Vietnamese outside a request (CLI, jobs)."""
    if not has_request_context():
        return "vi"
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return session.get("lang") or "vi"


@login.user_loader
def load_user(session_id: str):
    """The user of a session or remember-me cookie (`User.get_id()`), unless the session has been ended."""
    user_id, _, version = (session_id or "").partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 9:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


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


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: an id within the databases' integer range, so a path with a larger number is
    a 404 rather than an overflow in the database driver."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


#: C0 control characters but tab, newline and carriage return: never in what a person types; NUL breaks
#: PostgreSQL's text.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def refuse_control_characters():
    """before_request hook: a query or form value with a control character is refused (400) before any view."""
    for values in (request.args, request.form):
        for value in values.values():
            if value != value.translate(_CONTROL):
                abort(400, "Dữ liệu gửi lên có ký tự điều khiển không hợp lệ.")
    return None


def wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def _error_response(status: int, message: str | None = None):
    message = message or ERROR_MESSAGES.get(status, "Lỗi.")
    if wants_json():
        return jsonify(error=message, status=status), status
    return render_template("errors.html", status=status, message=message), status


#: Every feature's blueprint, in the order they are registered.
BLUEPRINTS = (
    main_bp, auth_bp, directives_bp, imports_bp, tasks_bp, workflow_bp, units_bp, admin_bp, api_bp, inbox_bp,
    audit_bp, meetings_bp, reports_bp, dashboard_bp, reminders_bp,
)


def init_app(app):
    app.url_map.converters["int"] = IdConverter  # before any route is added: rules bind their converters then
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    limiter.init_app(app)
    app.before_request(refuse_control_characters)
    app.before_request(enforce_route_rules)

    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(vn_datetime, "vn_datetime")
    app.add_template_filter(highlight, "highlight")
    app.add_template_filter(vn_number, "vn_number")
    app.add_template_filter(vn_percent, "vn_percent")

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

    @app.errorhandler(sa.exc.OperationalError)
    def database_unavailable(error):
        """The database did not connect or answer in time (DB_*_TIMEOUT): say so, and let the client retry."""
        try:
            db.session.rollback()
        except sa.exc.SQLAlchemyError:
            pass
        app.logger.error("database unavailable: %s", error)
        g._login_user = login.anonymous_user()  # the error page must not ask the database who is signed in
        return _error_response(503)

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
        if request.endpoint != "static":
            # Pages and exports hold what a user may see: no browser or proxy keeps them.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

