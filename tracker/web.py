"""What every page shares: blueprints, the access hook, error pages, template filters and locale."""
import secrets
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
from tracker.account.routes import bp as account_bp
from tracker.api import init_app as init_api
from tracker.api.auth import authenticate_bearer
from tracker.audit.routes import bp as audit_bp
from tracker.auth.routes import bp as auth_bp
from tracker.dashboard.routes import bp as dashboard_bp
from tracker.directives.routes import bp as directives_bp
from tracker.directory.routes import bp as directory_bp
from tracker.extensions import db, login
from tracker.feeds.routes import bp as feeds_bp
from tracker.followup.routes import bp as followup_bp
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
from tracker.search import excerpt, highlight
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
    409: "Thao tác không thực hiện được ở trạng thái hiện tại.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    500: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
    503: "Cơ sở dữ liệu đang không trả lời. Vui lòng thử lại sau ít phút.",
}
#: The API's stable error codes, by status (an abort may name a more precise one).
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
               409: "conflict", 412: "precondition_failed", 413: "too_large", 415: "unsupported_media_type",
               422: "invalid_input", 428: "precondition_required", 429: "too_many_requests", 500: "server_error",
               503: "unavailable"}


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


def csp_nonce() -> str:
    """The request's nonce for a <style> block the page must compute (the print view's widths); "" outside
    a request (a PDF made by a job)."""
    if not has_request_context():
        return ""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy() -> str:
    """Scripts, styles, fonts and images only from the app itself (no CDN, no inline code or style attribute);
    a <style> block only with the request's nonce; no framing by other sites, forms only to the app."""
    nonce = f" 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else ""
    return ("default-src 'self'; script-src 'self'; "
            f"style-src 'self'{nonce}; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'")


def wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def _error_response(status: int, message: str | None = None, data: dict | None = None):
    """The error page, or for the API its JSON: {code, message, status, errors}. `data` is what an abort of
    flask-smorest/webargs carried (a message, a code, the validation errors, headers)."""
    data = data or {}
    message = data.get("message") or message or ERROR_MESSAGES.get(status, "Lỗi.")
    if wants_json():
        body = {"code": data.get("code") or ERROR_CODES.get(status, "error"), "message": message, "status": status}
        errors = data.get("errors") or data.get("messages")
        if errors:
            body["errors"] = errors
            if status == 422 and not data.get("message"):
                body["message"] = ERROR_MESSAGES[422]
        return jsonify(body), status, data.get("headers") or {}
    return render_template("errors.html", status=status, message=message), status


#: Every feature's blueprint, in the order they are registered.
BLUEPRINTS = (
    main_bp, auth_bp, directives_bp, imports_bp, tasks_bp, workflow_bp, units_bp, admin_bp, inbox_bp, audit_bp,
    meetings_bp, reports_bp, dashboard_bp, reminders_bp, directory_bp, account_bp, feeds_bp, followup_bp,
)


def init_app(app):
    app.url_map.converters["int"] = IdConverter  # before any route is added: rules bind their converters then
    app.before_request(authenticate_bearer)  # first: every later hook sees the token's user
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_api(app)  # the documented API (flask-smorest) registers its own blueprint

    limiter.init_app(app)
    app.before_request(refuse_control_characters)
    app.before_request(enforce_route_rules)

    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(vn_datetime, "vn_datetime")
    app.add_template_filter(highlight, "highlight")
    app.add_template_filter(excerpt, "excerpt")
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
                                 role_labels=ROLE_LABELS, can=can, csp_nonce=csp_nonce,
                                 export_formats=tuple(FORMATS.values()))

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        if wants_json():
            return _error_response(400, "Thiếu hoặc sai mã bảo vệ CSRF (hoặc dùng mã API: Authorization: Bearer …).",
                                   {"code": "csrf"})
        flash("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng thử lại.", "danger")
        return redirect(request.referrer or url_for("main.home"))

    @app.errorhandler(HTTPException)
    def http_error(error):
        db.session.rollback()
        if error.code == 304:  # an ETag matched (If-None-Match): no body
            return "", 304, (getattr(error, "data", None) or {}).get("headers") or {}
        custom = error.description if error.description != type(error).description else None
        return _error_response(error.code or 500, custom, getattr(error, "data", None))

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
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response

