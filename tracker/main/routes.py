"""The home page (a unit's own assignments, or the overall picture with a unit selector), any unit's
home page for the office and leaders, and the language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from tracker import clock
from tracker.extensions import db
from tracker.forms import number_arg
from tracker.models import Unit
from tracker.permissions import ANY_USER, EVERYONE, PUBLIC, abort_unless, allow, can_view_unit, is_unit_user
from tracker.queries.inbox import waiting_for
from tracker.queries.tasks import class_counts
from tracker.queries.unit_home import GROUP_LIMIT, unit_home as unit_home_data
from tracker.queries.units import unit_choices
from tracker.services.status import CLASS_ORDER

bp = Blueprint("main", __name__)


@bp.app_template_global()
def unit_options(units, selected=None) -> Markup:
    """The <option>s of a unit picker, made in one join rather than a template loop: a province has 2,000
    units, and their escaped template cells cost more than a list page's queries."""
    return Markup("".join(f'<option value="{unit_id}"{" selected" if unit_id == selected else ""}>{escape(name)}</option>'
                          for unit_id, name in units))


def _render_unit_home(unit: Unit):
    data = unit_home_data(unit.id, clock.today())
    return render_template("main/unit_home.html", unit=unit, home=data, class_order=CLASS_ORDER,
                           limit=GROUP_LIMIT, units=[] if is_unit_user(current_user) else unit_choices())


@bp.get("/")
@allow(ANY_USER)
def home():
    if is_unit_user(current_user):
        return _render_unit_home(current_user.unit)
    unit_id = number_arg(request.args, "unit", default=0, most=2**31 - 1)
    if unit_id:
        return redirect(url_for("main.unit_home", unit_id=unit_id))
    counts = class_counts(current_user, clock.today())
    return render_template("main/home.html", counts=counts, class_order=CLASS_ORDER, units=unit_choices(),
                           waiting=waiting_for(current_user))


@bp.get("/units/<int:unit_id>/home")
@allow(*EVERYONE)
def unit_home(unit_id):
    """The unit home page of any unit, for the office and leaders; a unit user sees only its own."""
    unit = db.get_or_404(Unit, unit_id)
    abort_unless(can_view_unit(current_user, unit.id))
    return _render_unit_home(unit)


@bp.post("/lang/<code>")
@allow(PUBLIC)
def set_language(code):
    """Choose the interface language (a POST with its CSRF token: it changes the user's stored preference)."""
    if code in ("vi", "en"):
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    target = request.referrer or ""
    return redirect(target if target.startswith(request.host_url) else url_for("main.home"))
