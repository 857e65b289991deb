"""The calendar feed at its secret address: no sign-in (calendar programs cannot), 404 for an unknown or
revoked secret, and only what the feed's owner may still see."""
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, url_for

from tracker import clock
from tracker.feeds.ical import build_calendar
from tracker.models import TokenKind
from tracker.permissions import PUBLIC, allow, can_view_unit
from tracker.queries.calendar import meetings_between, open_deadlines
from tracker.extensions import db
from tracker.services.tokens import active_token, touch

bp = Blueprint("feeds", __name__)

#: Deadlines passed more than this long ago are left out (the overdue list is the place for them).
PAST = timedelta(days=90)
AHEAD = timedelta(days=2 * 365)


@bp.get("/calendar/<secret>.ics")
@allow(PUBLIC)
def calendar(secret):
    token = active_token(TokenKind.CALENDAR, secret)
    if token is None or (token.unit_id is not None and not can_view_unit(token.user, token.unit_id)):
        abort(404)
    if touch(token):
        db.session.commit()
    today = clock.today()
    base = current_app.config["BASE_URL"].rstrip("/")  # also the UIDs' host: stable whatever address is used
    start, end = today - PAST, today + AHEAD
    name = f"Hạn nhiệm vụ · {token.unit.name}" if token.unit else f"Hạn nhiệm vụ · {token.user.full_name}"
    body = build_calendar(name, open_deadlines(token.user, token.unit_id, start, end), meetings_between(start, end),
                          urlsplit(base).hostname or "don-doc",
                          lambda task_id: base + url_for("tasks.detail", task_id=task_id))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = "inline; filename=lich-don-doc.ics"
    response.headers["Cache-Control"] = "private, max-age=900"
    return response
