"""From a notice's text to saved tasks: the unit directory for the extractor, and saving a reviewed proposal."""
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.extract import UnitDirectory, UnitEntry, extract
from tracker.models import Directive, ReportEvery, Unit
from tracker.services.org import add_alias
from tracker.services.tasks import create_directive, create_task


_cached: tuple = ((), None)


def unit_directory() -> UnitDirectory:
    """The installation's active units, as the extractor wants them.

    Building the matcher takes ~0.2 s at 2,000 units, so it is kept per process and rebuilt only when
    the rows it was built from change (reading the rows is cheap).
    """
    global _cached
    rows = tuple(db.session.execute(
        sa.select(Unit.id, Unit.name, Unit.short_name, Unit.aliases, Unit.groups, Unit.kind)
        .where(Unit.is_active).order_by(Unit.id)))
    key = tuple((i, n, s, tuple(a or ()), tuple(g or ()), k.value) for i, n, s, a, g, k in rows)
    if _cached[0] != key or _cached[1] is None:
        directory = UnitDirectory([UnitEntry(id=i, name=n, short_name=s, aliases=list(a), groups=list(g), kind=k)
                                   for i, n, s, a, g, k in key])
        _cached = (key, directory)
    return _cached[1]


def propose(text: str, today: Optional[date] = None):
    """The extractor's proposal for `text`, with units matched against the directory."""
    return extract(text, unit_directory(), today=today)


#: A task of a notice that sets no deadline is ongoing work, reported on this often.
UNDATED_REPORT_EVERY = ReportEvery.MONTH


def save_reviewed(actor, directive_values: dict, tasks: list[dict], aliases=()) -> Directive:
    """Create the directive and every included task, and keep the names the office taught (`aliases`: pairs of
    (phrase, unit id) ticked on the review screen) as aliases of their units; the caller commits once (or rolls
    back on error). A task without a deadline becomes ongoing work with a monthly report."""
    directive = create_directive(actor, **directive_values)
    for values in tasks:
        if values.get("deadline_on") is None:
            values = {"report_every": UNDATED_REPORT_EVERY} | values
        create_task(directive, actor, **values)
    for phrase, unit_id in aliases:
        add_alias(unit_id, phrase, actor)
    return directive
