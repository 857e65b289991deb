"""Carry-over: a later notice of the same committee takes up the still-open tasks of its earlier notices,
keeping their history, closing them as "chuyển sang …" and counting them as such."""
from datetime import date

import pytest
import sqlalchemy as sa

from reports.conftest import OCOP, SPEECH, TODAY
from tracker.extensions import db
from tracker.filters import Filters
from tracker.models import AssignmentState, CarryMode, Role, TaskCarryOver, TaskEvent
from tracker.queries.followup import open_earlier_tasks
from tracker.queries.reports import overdue_counts, scorecard
from tracker.reports.notice_report import build_notice_report
from tracker.services import ServiceError, carryover, workflow
from tracker.services.status import StatusClass, task_class


@pytest.fixture
def later(scenario, make_directive, make_user):
    office = make_user("vanphong", Role.OFFICE)
    d3 = make_directive(number="170-TB/HU", issued_on=date(2023, 10, 9), issuer="Thường trực Huyện ủy",
                        period_end_on=date(2023, 12, 31))
    return d3, office


def test_lists_the_open_tasks_of_the_same_committees_earlier_notices(scenario, later):
    d3, _ = later
    # 152-TB/HU (same issuer): OCOP, speech and digital are open; cadre and citizens wait for the office, dengue
    # is done. 160-TB/HU is the Ban Thường vụ's: not listed.
    assert [t.text for t in open_earlier_tasks(d3)] == [
        t.text for t in scenario.d1.tasks if t in (scenario.tasks["ocop"], scenario.tasks["speech"],
                                                   scenario.tasks["digital"])]


def test_carry_keeps_history_closes_the_old_task_and_counts_it(scenario, later, make_user):
    d3, office = later
    old = scenario.tasks["ocop"]
    before = {"events": len(old.events), "reports": len(old.leads[0].reports)}
    new = carryover.carry(old, d3, office, deadline_on=date(2023, 12, 31))
    db.session.commit()

    assert new.directive_id == d3.id and new.text == OCOP and new.deadline_on == date(2023, 12, 31)
    assert [a.unit_id for a in new.leads] == [scenario.kim_son.id]
    assert old.leads[0].state == AssignmentState.CARRIED_OVER
    assert len(old.leads[0].reports) == before["reports"]  # its progress stays with it
    kinds = [e.kind for e in db.session.scalars(sa.select(TaskEvent).where(TaskEvent.task_id == old.id)
                                                .order_by(TaskEvent.id))]
    assert len(kinds) == before["events"] + 1 and kinds[-1] == "carried_over"
    note = db.session.scalar(sa.select(TaskEvent.note).where(TaskEvent.task_id == new.id,
                                                             TaskEvent.kind == "carried_from"))
    assert note == "Chuyển từ Thông báo số 152-TB/HU, ngày 14/09/2023, mục 3.7 -2"
    link = db.session.scalar(sa.select(TaskCarryOver))
    assert (link.from_task_id, link.to_task_id, link.mode) == (old.id, new.id, CarryMode.CARRIED)

    assert task_class(old, TODAY) == StatusClass.CARRIED_OVER
    scores, total = scorecard(TODAY, Filters(directive_id=scenario.d1.id))
    kim_son = next(s for s in scores if s.unit_id == scenario.kim_son.id)
    assert kim_son.counts[StatusClass.CARRIED_OVER] == 1 and kim_son.counts[StatusClass.OVERDUE] == 0
    assert dict((n, c) for n, c, _ in overdue_counts(TODAY, Filters())).get("Xã Kim Sơn", 0) == 0
    row = next(r for r in build_notice_report(scenario.d1, TODAY).rows if r["text"] == OCOP)
    assert row["status"] == "Chuyển sang văn bản sau"
    assert "Chuyển sang Thông báo số 170-TB/HU, ngày 09/10/2023" in row["results"]
    assert "Đã khảo sát 5/7 xã" in row["results"]
    new_row = build_notice_report(d3, TODAY).rows[0]
    assert new_row["results"].startswith("(Chuyển từ Thông báo số 152-TB/HU, ngày 14/09/2023, mục 3.7 -2)")
    # Nothing more can be done on the old assignment, and the task is no longer offered.
    kimson = make_user("kimson", Role.UNIT, scenario.kim_son)
    assert "chuyển sang văn bản sau" in workflow.refusal("progress", kimson, old.leads[0])
    assert old not in open_earlier_tasks(d3)


def test_restate_gives_the_new_deadline_and_keeps_the_task(scenario, later):
    d3, office = later
    task = scenario.tasks["speech"]
    carryover.restate(task, d3, office, deadline_on=date(2023, 11, 30))
    db.session.commit()
    assert task.leads[0].state == AssignmentState.OPEN and task.leads[0].deadline_on == date(2023, 11, 30)
    assert task.deadline_on == date(2023, 9, 30)  # the original stays on the task
    event = task.events[-1]
    assert event.kind == "restated" and event.after == {"deadline_on": "2023-11-30"}
    assert db.session.scalar(sa.select(TaskCarryOver.mode)) == CarryMode.RESTATED
    assert task.text == SPEECH and task not in open_earlier_tasks(d3)


def test_refusals(scenario, later, make_user, make_directive):
    d3, office = later
    with pytest.raises(ServiceError, match="cùng cơ quan ban hành"):
        carryover.carry(scenario.tasks["ocop"], scenario.d2, office, deadline_on=None)
    with pytest.raises(ServiceError, match="không còn đơn vị chủ trì"):
        carryover.carry(scenario.tasks["dengue"], d3, office, deadline_on=None)
    with pytest.raises(ServiceError, match="trước ngày ban hành"):
        carryover.carry(scenario.tasks["ocop"], d3, office, deadline_on=date(2023, 10, 1))
    with pytest.raises(ServiceError, match="Văn phòng"):
        carryover.carry(scenario.tasks["ocop"], d3, make_user("kimson", Role.UNIT, scenario.kim_son), deadline_on=None)
    db.session.rollback()
    carryover.carry(scenario.tasks["ocop"], d3, office, deadline_on=None)
    db.session.commit()
    with pytest.raises(ServiceError, match="không còn đơn vị chủ trì"):
        carryover.carry(scenario.tasks["ocop"], d3, office, deadline_on=None)


def test_carry_over_page(scenario, later, make_client):
    d3, _ = later
    client = make_client("vanphong")
    page = client.get(f"/directives/{d3.id}/carry-over").get_data(as_text=True)
    assert OCOP in page and "Giao lại thời hạn mới" in page
    assert f'/directives/{d3.id}/carry-over' in client.get(f"/directives/{d3.id}").get_data(as_text=True)
    ocop, speech = scenario.tasks["ocop"].id, scenario.tasks["speech"].id
    bad = client.post(f"/directives/{d3.id}/carry-over", {"task": [str(ocop)], f"deadline-{ocop}": "31/13/2023"})
    assert bad.status_code == 200 and "Ngày không tồn tại" in bad.get_data(as_text=True)
    response = client.post(f"/directives/{d3.id}/carry-over", {
        "task": [str(ocop), str(speech)], f"mode-{ocop}": "carry", f"deadline-{ocop}": "31/12/2023",
        f"mode-{speech}": "restate", f"deadline-{speech}": "30/11/2023"})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(d3.tasks) == 1 and d3.tasks[0].text == OCOP
    assert scenario.tasks["speech"].leads[0].extended_deadline_on == date(2023, 11, 30)


def test_task_pages_link_the_two_tasks(scenario, later, make_client):
    d3, office = later
    old = scenario.tasks["ocop"]
    new = carryover.carry(old, d3, office, deadline_on=date(2023, 12, 31))
    db.session.commit()
    client = make_client("vanphong")
    old_page = client.get(f"/tasks/{old.id}").get_data(as_text=True)
    assert f'/tasks/{new.id}"' in old_page and "Đã chuyển sang Thông báo" in old_page
    assert "Chuyển sang văn bản sau" in old_page
    new_page = client.get(f"/tasks/{new.id}").get_data(as_text=True)
    assert f'/tasks/{old.id}"' in new_page and "Chuyển từ Thông báo" in new_page
    assert "số 152-TB/HU, ngày 14/09/2023" in new_page
