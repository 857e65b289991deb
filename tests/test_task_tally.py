"""TaskTally (tasks counted by their status inputs) moves with the tasks in the same transaction, and the
counts read from it equal the counts read from the tasks. The randomised workflow sequences of
tests/test_status_inputs.py check it too: `status_drift` includes the tally, and `class_counts(None, day)`
reads it. SQLite and PostgreSQL."""
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import Directive, ReportEvery, Role, Task, TaskTally
from tracker.queries import tasks as task_queries
from tracker.services import workflow
from tracker.services.status import StatusClass, task_class
from tracker.services.status_check import tally_drift
from tracker.services.tasks import update_task

D = date(2023, 9, 30)


def _recount(day):
    tasks = db.session.scalars(sa.select(Task)).all()
    return {c: sum(task_class(t, day) == c for t in tasks) for c in StatusClass}


def test_tally_follows_new_edited_and_deleted_tasks(ctx, make_unit, make_user, make_task, make_directive):
    unit = make_unit()
    office = make_user("office", Role.OFFICE)
    directive = make_directive()
    first = make_task(unit, directive=directive, deadline_on=D)
    make_task(unit, directive=directive, deadline_on=D + timedelta(days=5))
    make_task(unit, deadline_on=None, report_every=ReportEvery.QUARTER)
    assert tally_drift() == []
    update_task(first, office, deadline_on=D - timedelta(days=3))
    db.session.commit()
    assert tally_drift() == []
    assert task_queries.class_counts(None, D)[StatusClass.OVERDUE] == 1
    # Deleting a directive deletes its tasks (ORM cascade): the tally loses them in the same flush.
    db.session.delete(db.session.get(Directive, directive.id))
    db.session.flush()
    assert tally_drift() == []
    assert task_queries.class_counts(None, D) == _recount(D)
    db.session.rollback()
    assert tally_drift() == []
    assert sum(db.session.scalars(sa.select(TaskTally.tasks))) == 3


def test_a_list_count_from_the_tally_equals_the_count_over_tasks(ctx, make_unit, make_user, make_task):
    unit = make_unit()
    office = make_user("office", Role.OFFICE)
    unit_user = make_user("unit", Role.UNIT, unit=unit)
    tasks = [make_task(unit, deadline_on=D + timedelta(days=d)) for d in (-9, -1, 0, 4)]
    workflow.report_done(tasks[0].assignments[0], unit_user, summary="Xong.", today=D - timedelta(days=10))
    db.session.commit()
    for day in (D - timedelta(days=30), D, D + timedelta(days=30)):
        for status in (None, *StatusClass):
            filters = Filters(status=status)
            from_tally = task_queries.task_count(office, filters, day)
            over_tasks = db.session.scalar(sa.select(sa.func.count()).select_from(Task).where(
                *task_queries._where(office, filters, day)))
            assert from_tally == over_tasks, (day, status)


def test_check_command_reports_tally_drift(ctx, make_unit, make_task):
    make_task(make_unit(), deadline_on=D)
    runner = ctx.test_cli_runner()
    assert runner.invoke(args=["tracker", "check"]).exit_code == 0
    db.session.execute(sa.update(TaskTally).values(tasks=TaskTally.tasks + 1))
    db.session.commit()
    result = runner.invoke(args=["tracker", "check"])
    assert result.exit_code == 1
    assert "task_tally" in result.output


@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(("new", "deadline", "none", "done", "confirm", "drop")),
                                st.integers(0, 3), st.integers(-15, 15)), min_size=1, max_size=10))
def test_tally_equals_a_recount_after_random_task_changes(ctx, make_unit, make_user, make_task, steps):
    """Tasks made, re-dated, finished and deleted in random order (several in one transaction at times)."""
    unit = make_unit()
    office = make_user(f"office-{unit.id}", Role.OFFICE)
    unit_user = make_user(f"unit-{unit.id}", Role.UNIT, unit=unit)
    tasks = [make_task(unit, deadline_on=D)]
    for i, (action, index, offset) in enumerate(steps):
        day = D + timedelta(days=offset)
        task = tasks[index % len(tasks)] if tasks else None
        if action == "new" or task is None:
            tasks.append(make_task(unit, deadline_on=day if offset % 3 else None,
                                   report_every=None if offset % 3 else ReportEvery.MONTH))
        elif action == "deadline":
            update_task(task, office, deadline_on=day, report_every=None)
        elif action == "none":
            update_task(task, office, deadline_on=None)
        elif action == "done" and task.assignments[0].state == "open":
            workflow.report_done(task.assignments[0], unit_user, summary="Xong.", today=day)
        elif action == "confirm" and task.assignments[0].state == "reported_done":
            workflow.confirm_done(task.assignments[0], office)
        elif action == "drop":
            db.session.delete(task)
            tasks.remove(task)
        if i % 2:  # every other step commits two actions at once
            db.session.commit()
            assert tally_drift() == []
    db.session.commit()
    assert tally_drift() == []
    for day in (D - timedelta(days=20), D, D + timedelta(days=20)):
        assert task_queries.class_counts(None, day) == _recount(day)
