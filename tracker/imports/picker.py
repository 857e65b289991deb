"""The unit picker's data: every active unit with a folded search text, and the directory's groups."""
import unicodedata

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Unit
from tracker.queries.units import DIRECTORY_ORDER


def fold(text: str) -> str:
    """Lowercase without Vietnamese diacritics ("Xã Kim Sơn" → "xa kim son"), as the picker's script folds."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _initials(name: str) -> str:
    """"Ủy ban nhân dân huyện" → "ubndh", so the usual abbreviations find the unit."""
    return "".join(word[0] for word in fold(name).split() if word[0].isalnum())


def picker_data() -> dict:
    """{"units": [{value, text, search}], "groups": [{label, ids}]} in the directory's order."""
    rows = db.session.execute(sa.select(Unit.id, Unit.name, Unit.short_name, Unit.aliases, Unit.groups)
                              .where(Unit.is_active).order_by(*DIRECTORY_ORDER))
    units, groups = [], {}
    for unit_id, name, short_name, aliases, unit_groups in rows:
        names = [name, short_name or "", *(aliases or [])]
        search = " | ".join(fold(n) for n in names if n) + " | " + " ".join(_initials(n) for n in names if n)
        units.append({"value": unit_id, "text": name, "search": search})
        for group in unit_groups or []:
            groups.setdefault(group, []).append(unit_id)
    return {"units": units,
            "groups": [{"label": label[:1].upper() + label[1:], "ids": ids} for label, ids in groups.items()]}
