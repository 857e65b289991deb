"""The stored input Assignment.latest_progress_id (the note the overdue list shows) always names the newest
progress report the office has not returned, whatever sequence of workflow actions led there: randomised
sequences (hypothesis) on SQLite and PostgreSQL, checked against a recomputation from the reports and by
`flask tracker check`; the list's days overdue equal the rule's. And the streamed list: built without reading
its rows, read anew each time."""
import io
import zipfile
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from conftest import count_queries
from tracker.extensions import db
from tracker.models import Assignment, ProgressReport, Role
from tracker.reports import Filters, build_overdue_list, render
from tracker.services import ServiceError, workflow
from tracker.services.status import days_overdue
from tracker.services.status_check import status_drift
from tracker.services.tasks import update_task

D = date(2023, 9, 30)
AS_OF = D + timedelta(days=40)
ACTIONS = ("progress", "progress", "done", "confirm", "return", "reassign", "drop_unit", "add_unit")
STEP = st.tuples(st.sampled_from(ACTIONS), st.integers(0, 1), st.integers(0, 3), st.integers(0, 30))


def _recomputed() -> dict[int, int | None]:
    """{assignment id: the newest report not returned}, from the reports themselves."""
    latest = dict.fromkeys(db.session.scalars(sa.select(Assignment.id)))
    for report in db.session.scalars(sa.select(ProgressReport).order_by(ProgressReport.id)):
        if report.returned_at is None:
            latest[report.assignment_id] = report.id
    return latest


def _check():
    db.session.expire_all()
    stored = dict(db.session.execute(sa.select(Assignment.id, Assignment.latest_progress_id)).all())
    assert stored == _recomputed()
    assert status_drift() == []
    notes = {r.id: r for r in db.session.scalars(sa.select(ProgressReport))}
    for row in build_overdue_list(AS_OF).rows:  # the list shows the stored note
        a = db.session.scalar(sa.select(Assignment).where(Assignment.task_id == row["task_id"],
                                                          Assignment.unit_id == row["unit_id"]))
        assert row["days_overdue"] == days_overdue(a.state, a.due_on, AS_OF, a.reported_done_on) > 0
        report = notes.get(a.latest_progress_id)
        assert (report.text in row["latest_note"]) if report else ("chờ xác nhận" in row["latest_note"]
                                                                    or row["latest_note"] == "")


def _act(action, task, unit, offset, users, units):
    office, unit_user = users["office"], users[unit.id]
    day = D + timedelta(days=offset)
    a = next((x for x in task.assignments if x.unit_id == unit.id), None)
    leads, supports = [x.unit_id for x in task.leads], [x.unit_id for x in task.supports]
    if action == "add_unit" and a is None:
        update_task(task, office, lead_unit_ids=leads + [unit.id], support_unit_ids=supports)
    elif action == "drop_unit" and a is not None and len(leads) > 1 and unit.id in leads:
        leads.remove(unit.id)  # its assignment goes, with its reports
        update_task(task, office, lead_unit_ids=leads, support_unit_ids=supports)
    elif a is None:
        return
    elif action == "progress":
        workflow.report_progress(a, unit_user, text=f"Tiến độ ngày {day:%d/%m}", today=day)
    elif action == "done":
        workflow.report_done(a, unit_user, summary=f"Đã xong ngày {day:%d/%m}", today=day)
    elif action == "confirm":
        workflow.confirm_done(a, office)
    elif action == "return":
        workflow.return_report(a, office, reason="Chưa đủ hồ sơ.")
    elif action == "reassign":
        free = [u for u in units if all(x.unit_id != u.id for x in task.assignments)]
        if free:
            workflow.reassign(a, office, unit_id=free[0].id)


@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=14))
def test_latest_progress_follows_the_reports(ctx, make_unit, make_user, make_task, steps):
    units = [make_unit() for _ in range(4)]
    users = {"office": make_user(f"office-{units[0].id}", Role.OFFICE)}
    for unit in units:
        users[unit.id] = make_user(f"unit-{unit.id}", Role.UNIT, unit=unit)
    tasks = [make_task(units[:2], support=[units[2]], deadline_on=D), make_task([units[3]], deadline_on=D)]
    _check()
    for action, task_index, unit_index, offset in steps:
        try:
            _act(action, tasks[task_index], units[unit_index], offset, users, units)
            db.session.commit()
        except ServiceError:
            db.session.rollback()
        note(f"step {action} task {task_index} unit {unit_index} day {offset:+d}")
        _check()


def test_returning_the_newest_report_shows_the_one_before(ctx, make_unit, make_user, make_task):
    unit = make_unit()
    office, unit_user = make_user("office", Role.OFFICE), make_user("unit", Role.UNIT, unit=unit)
    a = make_task(unit, deadline_on=D).assignments[0]
    first = workflow.report_progress(a, unit_user, text="Đã khảo sát.", today=D)
    db.session.commit()
    workflow.report_done(a, unit_user, summary="Đã xong.", today=D + timedelta(days=1))
    # In the same transaction, before the commit, a query already sees the new report as the latest.
    newest = db.session.scalar(sa.select(sa.func.max(ProgressReport.id)))
    assert db.session.scalar(sa.select(Assignment.latest_progress_id)) == newest != first.id
    db.session.commit()
    workflow.return_report(a, office, reason="Thiếu hồ sơ.")
    db.session.commit()
    assert db.session.scalar(sa.select(Assignment.latest_progress_id)) == first.id
    row = build_overdue_list(AS_OF).rows[0]
    assert row["latest_note"] == f"{D:%d/%m/%Y}: Đã khảo sát."


def test_check_command_reports_a_wrong_latest_progress(ctx, make_unit, make_user, make_task):
    unit = make_unit()
    unit_user = make_user("unit", Role.UNIT, unit=unit)
    a = make_task(unit, deadline_on=D).assignments[0]
    workflow.report_progress(a, unit_user, text="Đã khảo sát.", today=D)
    db.session.commit()
    runner = ctx.test_cli_runner()
    assert runner.invoke(args=["tracker", "check"]).exit_code == 0
    db.session.execute(sa.update(Assignment).values(latest_progress_id=None))  # past the services
    db.session.commit()
    result = runner.invoke(args=["tracker", "check"])
    assert result.exit_code == 1 and "latest_progress" in result.output


def test_the_whole_list_streams_and_can_be_read_twice(ctx, make_unit, make_task):
    units = [make_unit() for _ in range(3)]
    for i in range(7):
        make_task(units[i % 3], text=f"Nhiệm vụ {i}", deadline_on=D)
    with count_queries() as statements:
        report = build_overdue_list(AS_OF, Filters())
        built = len(statements)
        first = [(g.title, g.count, [r["text"] for r in g.rows]) for g in report.groups]
        read_once = len(statements)
    assert built == 1 and read_once == 2  # the counts when built; the rows when read, in one query
    assert [(g.title, g.count, [r["text"] for r in g.rows]) for g in report.groups] == first  # read anew
    assert sum(len(rows) for _, _, rows in first) == report.total == 7
    # Rendered twice from one report (the meeting's email attaches DOCX and PDF): the same rows each time.
    documents = [zipfile.ZipFile(io.BytesIO(render(report, "docx"))).read("word/document.xml") for _ in range(2)]
    assert documents[0] == documents[1] and all(f"Nhiệm vụ {i}".encode() in documents[0] for i in range(7))
