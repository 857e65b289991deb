"""The status classes (DESIGN.md "States"): one rule, in Python and in SQL, agreeing."""
from datetime import date

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, AssignmentState, Task
from tracker.services.status import (BY_SEVERITY, StatusClass, assignment_class_sql, classify,
                                     overdue_assignment_clause, task_class, task_severity_sql)

D = date(2023, 9, 30)  # the deadline in every row
OPEN, REPORTED, DONE = AssignmentState.OPEN, AssignmentState.REPORTED_DONE, AssignmentState.DONE
S = StatusClass

# (state, deadline, done_on, today, reported_done_on) → class
TABLE = [
    (OPEN, D, None, date(2023, 9, 29), None, S.IN_PROGRESS),
    (OPEN, D, None, D, None, S.IN_PROGRESS),                      # the deadline day is still in time
    (OPEN, D, None, date(2023, 10, 1), None, S.OVERDUE),          # the day after is overdue
    (OPEN, None, None, date(2023, 10, 1), None, S.ONGOING),       # no deadline: ongoing
    (DONE, D, date(2023, 9, 20), date(2023, 12, 1), None, S.DONE_ON_TIME),
    (DONE, D, D, date(2023, 12, 1), None, S.DONE_ON_TIME),        # done on the deadline day
    (DONE, D, date(2023, 10, 1), date(2023, 12, 1), None, S.DONE_LATE),
    (DONE, None, date(2023, 10, 1), date(2023, 12, 1), None, S.DONE_ON_TIME),
    (REPORTED, D, None, date(2023, 10, 5), D, S.IN_PROGRESS),     # reported in time, office slow to confirm
    (REPORTED, D, None, date(2023, 10, 5), date(2023, 10, 2), S.OVERDUE),
    (REPORTED, D, None, date(2023, 9, 1), date(2023, 9, 1), S.IN_PROGRESS),
    (REPORTED, None, None, date(2023, 10, 5), date(2023, 10, 2), S.ONGOING),
]


@pytest.mark.parametrize("state, deadline, done_on, today, reported_on, expected", TABLE)
def test_classify(state, deadline, done_on, today, reported_on, expected):
    assert classify(state, deadline, done_on, today, reported_on) == expected


@pytest.mark.parametrize("state, deadline, done_on, today, reported_on, expected", TABLE)
def test_sql_rule_agrees_with_python(ctx, make_unit, make_task, state, deadline, done_on, today, reported_on,
                                     expected):
    task = make_task(make_unit(), deadline_on=deadline)
    assignment = task.assignments[0]
    assignment.state, assignment.done_on, assignment.reported_done_on = state, done_on, reported_on
    db.session.commit()
    got = db.session.scalar(sa.select(assignment_class_sql(today)).select_from(Assignment)
                            .join(Task, Task.id == Assignment.task_id).where(Assignment.id == assignment.id))
    assert got == expected.value
    # The index-friendly overdue condition of the lists and reports says the same.
    overdue = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)
                                .where(Assignment.id == assignment.id, overdue_assignment_clause(today)))
    assert bool(overdue) == (expected == S.OVERDUE)
    # So does the task's class read from its two stored inputs (one assignment: the task's class is its).
    severity = db.session.scalar(sa.select(task_severity_sql(today)).where(Task.id == task.id))
    assert BY_SEVERITY[severity] == expected


def test_extension_moves_the_deadline(ctx, make_unit, make_task):
    task = make_task(make_unit(), deadline_on=D)
    assignment = task.assignments[0]
    today = date(2023, 10, 10)
    assert task_class(task, today) == S.OVERDUE
    assignment.extended_deadline_on = date(2023, 10, 31)
    db.session.commit()
    assert task_class(task, today) == S.IN_PROGRESS
    assert task.deadline_on == D  # the original stays


def test_task_class_is_worst_of_leads_not_supports(ctx, make_unit, make_task):
    a, b, helper = make_unit(), make_unit(), make_unit()
    task = make_task([a, b], support=[helper], deadline_on=D)
    lead_a, lead_b = task.leads
    lead_a.state, lead_a.done_on = DONE, date(2023, 9, 25)
    db.session.commit()
    today = date(2023, 10, 3)
    # b is still open after the deadline: the task is overdue, whatever the support unit does
    assert task_class(task, today) == S.OVERDUE
    lead_b.state, lead_b.done_on = DONE, date(2023, 10, 2)
    db.session.commit()
    assert task_class(task, today) == S.DONE_LATE  # worst of on time and late
    assert task.supports[0].state == OPEN
