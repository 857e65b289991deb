"""The unit directory (a tree): admins maintain it; everybody signed in can read it."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for

from tracker.extensions import db
from tracker.models import Role, Unit, UnitKind
from tracker.permissions import EVERYONE, allow
from tracker.units.forms import UnitForm, split_lines

bp = Blueprint("units", __name__, url_prefix="/units")


def _parent_choices(exclude: Unit | None = None):
    units = db.session.scalars(sa.select(Unit).order_by(Unit.name)).all()
    banned = _subtree_ids(exclude) if exclude else set()
    return [(0, "— Không —")] + [(u.id, u.name) for u in units if u.id not in banned]


def _subtree_ids(unit: Unit) -> set[int]:
    ids, stack = set(), [unit]
    while stack:
        current = stack.pop()
        ids.add(current.id)
        stack.extend(current.children)
    return ids


@bp.get("/")
@allow(*EVERYONE)
def index():
    units = db.session.scalars(sa.select(Unit).order_by(Unit.sort_order, Unit.name)).all()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    return render_template("units/index.html", children=children)


def _save(form: UnitForm, unit: Unit) -> bool:
    name = form.name.data.strip()
    clash = db.session.scalar(sa.select(Unit.id).where(sa.func.lower(Unit.name) == name.lower(),
                                                       Unit.id != (unit.id or 0)))
    if clash:
        form.name.errors.append("Đã có đơn vị cùng tên.")
        return False
    unit.name = name
    unit.short_name = (form.short_name.data or "").strip() or None
    unit.kind = UnitKind(form.kind.data)
    unit.parent_id = form.parent_id.data or None
    unit.email = (form.email.data or "").strip() or None
    unit.aliases = split_lines(form.aliases.data)
    unit.groups = split_lines(form.groups.data)
    unit.sort_order = form.sort_order.data or 0
    unit.is_active = form.is_active.data
    db.session.add(unit)
    db.session.commit()
    return True


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def create():
    form = UnitForm()
    form.parent_id.choices = _parent_choices()
    if form.validate_on_submit() and _save(form, Unit()):
        flash("Đã thêm đơn vị.", "success")
        return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    form.parent_id.choices = _parent_choices(exclude=unit)
    if request.method == "GET":
        form.aliases.data = "\n".join(unit.aliases or [])
        form.groups.data = "\n".join(unit.groups or [])
        form.kind.data = unit.kind.value
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit() and _save(form, unit):
        flash("Đã cập nhật đơn vị.", "success")
        return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=unit)
