"""The REST API: flask-smorest over the same services, rules and filters as the pages.

`init_app` makes the OpenAPI description (/api/openapi.json, written from the schemas that validate the
requests) and its readable page (/api/docs), and registers the API blueprint. Errors are JSON with a
stable code and a Vietnamese message (tracker.web), never an HTML page.
"""
from flask_smorest import Api as SmorestApi

from tracker.api.schemas import ErrorSchema
from tracker.permissions import PUBLIC, allow


class Api(SmorestApi):
    """flask-smorest with our error body, and without its own error handler: tracker.web answers every error
    (HTML for pages, JSON for the API) in one place."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


def init_app(app):
    from tracker.api import actions, routes  # noqa: F401 - the actions register on the same blueprint
    from tracker.api.docs import bp as docs_bp
    from tracker.extensions import csrf

    app.config.setdefault("API_TITLE", "Đôn đốc API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = Api(app, spec_kwargs={
        "security": [{"bearer": []}],
        "info": {"description": "Văn bản chỉ đạo, nhiệm vụ, báo cáo và gia hạn qua API. Xác thực bằng mã API cá "
                                "nhân (Authorization: Bearer …) tạo ở trang Tài khoản → Mã API."},
    })
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(routes.bp)
    csrf.exempt(routes.bp)  # token requests need no CSRF token; session requests are checked in api.auth
    app.register_blueprint(docs_bp)
    spec_view = app.view_functions["api-docs.openapi_json"]
    app.view_functions["api-docs.openapi_json"] = allow(PUBLIC)(lambda: spec_view())
    app.extensions["tracker_api"] = api
