"""The home page and the language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from tracker import clock
from tracker.extensions import db
from tracker.models import Role
from tracker.permissions import ANY_USER, PUBLIC, allow
from tracker.queries import class_counts

bp = Blueprint("main", __name__)


@bp.get("/")
@allow(ANY_USER)
def home():
    unit_id = current_user.unit_id if current_user.role == Role.UNIT else None
    counts = class_counts(current_user, clock.today(), unit_id)
    return render_template("main/home.html", counts=counts, unit_id=unit_id)


@bp.get("/lang/<code>")
@allow(PUBLIC)
def set_language(code):
    if code in ("vi", "en"):
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    target = request.referrer or ""
    return redirect(target if target.startswith(request.host_url) else url_for("main.home"))
