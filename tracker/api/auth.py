"""Who calls the API: a personal token (`Authorization: Bearer …`) or the signed-in session.

A token request is its owner for this request only (no session is made), so it has exactly the owner's
role and unit; it needs no CSRF token, since a browser never sends the header on its own. A session
request that changes something still needs the CSRF token, like any form.
"""
from flask import abort, g, request
from flask_login import current_user

from tracker.extensions import csrf, db
from tracker.models import TokenKind
from tracker.services.tokens import active_token, touch


def authenticate_bearer():
    """before_request (first of all): sign the request in as the owner of a valid token; 401 for a bad one."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        abort(401, "Chỉ nhận xác thực bằng mã API (Authorization: Bearer …).")
    token = active_token(TokenKind.API, secret.strip())
    if token is None:
        abort(401, "Mã API không hợp lệ hoặc đã bị thu hồi.")
    if touch(token):
        db.session.commit()
    g._login_user = token.user  # Flask-Login's current user for this request
    g.api_token = token
    return None


def check_csrf():
    """before_request of the API blueprint: changes made with the session cookie need the CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS") or getattr(g, "api_token", None) is not None:
        return None
    if current_user.is_authenticated:
        csrf.protect()
    return None
