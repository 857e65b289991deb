"""From a notice's text to saved tasks: the unit directory for the extractor, and saving a reviewed proposal."""
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.extract import UnitDirectory, UnitEntry, extract
from tracker.models import Directive, Unit
from tracker.services.tasks import create_directive, create_task


def unit_directory() -> UnitDirectory:
    """The installation's active units, as the extractor wants them."""
    units = db.session.scalars(sa.select(Unit).where(Unit.is_active)).all()
    return UnitDirectory([
        UnitEntry(id=u.id, name=u.name, short_name=u.short_name, aliases=list(u.aliases or []),
                  groups=list(u.groups or []), kind=u.kind.value)
        for u in units
    ])


def propose(text: str, today: Optional[date] = None):
    """The extractor's proposal for `text`, with units matched against the directory."""
    return extract(text, unit_directory(), today=today)


def save_reviewed(actor, directive_values: dict, tasks: list[dict]) -> Directive:
    """Create the directive and every included task; the caller commits once (or rolls back on error)."""
    directive = create_directive(actor, **directive_values)
    for values in tasks:
        create_task(directive, actor, **values)
    return directive
