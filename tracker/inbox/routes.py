"""The notifications page and the navigation badge that points at it."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from tracker import clock
from tracker.extensions import db
from tracker.queries import inbox as queries
from tracker.permissions import EVERYONE, allow, can, is_unit_user
from tracker.services.events import EVENT_LABELS

bp = Blueprint("inbox", __name__)


@bp.app_context_processor
def inbox_badge():
    """`inbox_count()` for base.html: computed only when a page's navigation asks for it."""

    def inbox_count() -> int:
        if not current_user.is_authenticated:
            return 0
        try:
            return queries.unread_count(current_user)
        except SQLAlchemyError:  # an error page after a database failure must still render
            db.session.rollback()
            return 0

    return {"inbox_count": inbox_count}


@bp.get("/notifications")
@allow(*EVERYONE)
def index():
    user = current_user
    context = {"event_labels": EVENT_LABELS}
    if is_unit_user(user):
        seen_at = user.notifications_seen_at
        notices = queries.unit_notices(user.unit_id)
        context.update(notices=notices, unread={e.id for e in notices if seen_at is None or e.created_at > seen_at})
        user.notifications_seen_at = clock.now()
        db.session.commit()
    else:
        decides_reports, decides_extensions = can("decide_reports"), can("decide_extensions")
        context.update(
            reports=queries.reports_to_confirm(user) if decides_reports else [],
            extensions=queries.extensions_to_decide(user) if decides_extensions else [],
            declines=queries.declined_assignments(user) if decides_reports else [],
            decides_reports=decides_reports,
            decides_extensions=decides_extensions,
            waiting=queries.waiting_for(user),
        )
    return render_template("inbox/index.html", **context)
