"""The unit directory: active units for pickers and the extractor, the tree, a parent's possible values, and
the searches of units and accounts."""
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Unit, User
from tracker.search import exact_first, matches

DIRECTORY_ORDER = (Unit.kind, Unit.sort_order, Unit.name)


def active_units() -> list[Unit]:
    return list(db.session.scalars(sa.select(Unit).where(Unit.is_active).order_by(*DIRECTORY_ORDER)))


def unit_choices() -> list[tuple[int, str]]:
    """(id, name) of the active units for a select, without loading whole Unit objects (2,000 in a province);
    on the session's connection, as plain rows: the ORM's row processing doubled the time of every list page."""
    stmt = sa.select(Unit.id, Unit.name).where(Unit.is_active).order_by(*DIRECTORY_ORDER)
    return [(unit_id, name) for unit_id, name in db.session.connection().execute(stmt)]


def unit_tree() -> dict[int | None, list[Unit]]:
    """Every unit by its parent's id (None: the top), each level in the directory's order."""
    children: dict[int | None, list[Unit]] = {}
    for unit in db.session.scalars(sa.select(Unit).order_by(Unit.sort_order, Unit.name)):
        children.setdefault(unit.parent_id, []).append(unit)
    return children


def parent_choices(exclude: Unit | None = None) -> list[tuple[int, str]]:
    """The units that may be `exclude`'s parent (not itself nor one below it), with "none" first."""
    units = db.session.scalars(sa.select(Unit).order_by(Unit.name)).all()
    banned = subtree_ids(exclude) if exclude else set()
    return [(0, "— Không —")] + [(u.id, u.name) for u in units if u.id not in banned]


def subtree_ids(unit: Unit) -> set[int]:
    ids, stack = set(), [unit]
    while stack:
        current = stack.pop()
        ids.add(current.id)
        stack.extend(current.children)
    return ids


def search_units(q: str) -> list[Unit]:
    """Units whose name, short name or alias holds the words of `q` (any diacritics, any case)."""
    rank = exact_first(q, Unit.name, Unit.short_name)
    return list(db.session.scalars(sa.select(Unit).where(matches(Unit.search_folded, q))
                                   .order_by(*rank, *DIRECTORY_ORDER)))


def search_users(q: str = "") -> list[User]:
    """Accounts by role and username; with `q`, those whose username, name or email holds its words."""
    stmt = sa.select(User).order_by(*exact_first(q, User.full_name), User.role, User.username)
    return list(db.session.scalars(stmt.where(matches(User.search_folded, q)) if q else stmt))
