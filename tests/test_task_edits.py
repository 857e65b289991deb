"""Editing a task through the service: values keep their types, and the history records the change."""
from datetime import date

from tracker.extensions import db
from tracker.models import ReportEvery, Task, TaskEvent
from tracker.services.tasks import update_task


def test_report_every_given_as_enum_or_text_is_stored_as_the_enum_and_recorded(ctx, make_unit, make_task):
    task = make_task(make_unit(), deadline_on=date(2023, 10, 31))
    for given, expected in ((ReportEvery.QUARTER, ReportEvery.QUARTER), ("month", ReportEvery.MONTH)):
        update_task(task, None, deadline_on=None, report_every=given)
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Task, task.id)
        assert stored.report_every is expected
        last = db.session.query(TaskEvent).filter_by(task_id=task.id).order_by(TaskEvent.id.desc()).first()
        assert last.kind == "edited" and last.after["report_every"] == expected.value


def test_text_fields_are_trimmed(ctx, make_unit, make_task):
    task = make_task(make_unit())
    update_task(task, None, text="  Rà soát hồ sơ  ", source_ref=" 3.4. ")
    db.session.commit()
    assert (task.text, task.source_ref) == ("Rà soát hồ sơ", "3.4.")
