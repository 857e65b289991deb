"""Read queries of the leaders' dashboard that the reports do not share (the scorecard and trend are
queries.reports', so the dashboard's numbers are the period report's)."""
from datetime import date

import sqlalchemy as sa

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import Assignment
from tracker.queries.reports import lead_assignments
from tracker.services.status import overdue_assignment_clauses


def overdue_total(as_of: date, filters: Filters, user=None) -> int:
    """How many lead assignments the overdue list holds for these filters: the sum of `overdue_counts`,
    counted from the two index ranges alone, without grouping by unit or joining the units."""
    halves = [lead_assignments(as_of, filters, user, Assignment.id, directive=False).where(half)
              for half in overdue_assignment_clauses(as_of)]
    return db.session.scalar(sa.select(sa.func.count()).select_from(sa.union_all(*halves).subquery()))
