"""The unit directory (a tree): admins maintain it; everybody signed in can read it."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.forms import show_service_error
from tracker.models import Unit
from tracker.permissions import ADMINS, EVERYONE, allow
from tracker.queries.units import parent_choices, search_units, unit_tree
from tracker.services import ServiceError
from tracker.services.org import save_unit
from tracker.units.forms import UnitForm, split_lines

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.get("/")
@allow(*EVERYONE)
def index():
    q = (request.args.get("q") or "").strip()[:200]
    if q:
        return render_template("units/index.html", q=q, found=search_units(q))
    return render_template("units/index.html", q="", children=unit_tree())


def _save(form: UnitForm, unit: Unit | None) -> bool:
    try:
        save_unit(unit, current_user, name=form.name.data, short_name=form.short_name.data, kind=form.kind.data,
                  parent_id=form.parent_id.data or None, email=form.email.data, aliases=split_lines(form.aliases.data),
                  groups=split_lines(form.groups.data), sort_order=form.sort_order.data or 0,
                  is_active=form.is_active.data)
        db.session.commit()
    except ServiceError as error:
        show_service_error(form, error)
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@allow(*ADMINS)
def create():
    form = UnitForm()
    form.parent_id.choices = parent_choices()
    if form.validate_on_submit() and _save(form, None):
        flash("Đã thêm đơn vị.", "success")
        return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@allow(*ADMINS)
def edit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    form.parent_id.choices = parent_choices(exclude=unit)
    if request.method == "GET":
        form.aliases.data = "\n".join(unit.aliases or [])
        form.groups.data = "\n".join(unit.groups or [])
        form.kind.data = unit.kind.value
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit() and _save(form, unit):
        flash("Đã cập nhật đơn vị.", "success")
        return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=unit)
