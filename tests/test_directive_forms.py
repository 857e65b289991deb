"""Entering directives and tasks by hand: good input saved with its history, bad input re-shown in Vietnamese."""
from datetime import date

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, Directive, Task, TaskEvent


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_directive_then_task_for_two_units(office, make_unit):
    a, b, c = make_unit("Ủy ban nhân dân huyện"), make_unit("Xã Kim Sơn"), make_unit("Phòng Nông nghiệp")
    r = office.post("/directives/new", {"number": "152-TB/HU", "issued_on": "14/09/2023", "issuer": "Thường trực Huyện ủy",
                                       "title": "Thông báo kết luận tháng 9", "meeting_id": "0", "period_end_on": "30/09/2023"})
    assert r.status_code == 302
    directive = db.session.scalar(sa.select(Directive))
    assert directive.issued_on == date(2023, 9, 14) and directive.period_end_on == date(2023, 9, 30)
    r = office.post(f"/directives/{directive.id}/tasks/new",
                    {"source_ref": "3.7 -2", "text": "Phát triển sản phẩm OCOP", "lead_units": [str(a.id), str(b.id)],
                     "support_units": [str(c.id)], "deadline_on": "30/9/2023", "report_every": ""})
    assert r.status_code == 302
    task = db.session.scalar(sa.select(Task))
    assert task.deadline_on == date(2023, 9, 30) and task.source_ref == "3.7 -2"
    assert sorted((x.unit.name, x.role.value) for x in task.assignments) == [
        ("Phòng Nông nghiệp", "support"), ("Xã Kim Sơn", "lead"), ("Ủy ban nhân dân huyện", "lead")]
    assert [e.kind for e in task.events] == ["created"]
    page = office.get(f"/directives/{directive.id}").get_data(as_text=True)
    assert "Phát triển sản phẩm OCOP" in page and "30/09/2023" in page


@pytest.mark.parametrize("change, message", [
    ({"text": ""}, "Vui lòng nhập nội dung nhiệm vụ."),
    ({"lead_units": ["999999"]}, "Đơn vị không tồn tại hoặc đã ngừng hoạt động."),
    ({"lead_units": ["abc"]}, "Đơn vị không hợp lệ."),
    ({"lead_units": []}, "Vui lòng nhập ít nhất một đơn vị chủ trì."),
    ({"deadline_on": "31/02/2023"}, "Ngày không tồn tại."),
    ({"deadline_on": "tháng 9"}, "Ngày không đúng định dạng dd/mm/yyyy."),
    ({"deadline_on": "01/09/2023"}, "Thời hạn không được trước ngày ban hành văn bản (14/09/2023)."),
])
def test_bad_task_input_reshows_form_and_writes_nothing(office, make_unit, make_directive, change, message):
    unit = make_unit("Xã Kim Sơn")
    directive = make_directive(issued_on=date(2023, 9, 14))
    form = {"source_ref": "3.1", "text": "Làm tốt công tác tư tưởng", "lead_units": [str(unit.id)],
            "deadline_on": "30/09/2023", "report_every": ""} | change
    r = office.post(f"/directives/{directive.id}/tasks/new", form)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert message in html
    if change.get("text") != "":
        assert "Làm tốt công tác tư tưởng" in html  # what was typed is kept
    assert count(Task) == 0 and count(Assignment) == 0 and count(TaskEvent) == 0


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "Vui lòng nhập trích yếu."),
    ({"issued_on": "2023/09/14x"}, "Ngày không đúng định dạng dd/mm/yyyy."),
    ({"period_end_on": "01/09/2023"}, "Cuối kỳ kế hoạch không được trước ngày ban hành."),
])
def test_bad_directive_input(office, change, message):
    form = {"number": "1-TB/HU", "issued_on": "14/09/2023", "issuer": "Thường trực Huyện ủy", "title": "Thông báo",
            "meeting_id": "0"} | change
    r = office.post("/directives/new", form)
    assert r.status_code == 200 and message in r.get_data(as_text=True)
    assert count(Directive) == 0


def test_duplicate_directive_number_is_refused(office, make_directive):
    make_directive(number="5-TB/HU", issued_on=date(2023, 9, 14), issuer="Thường trực Huyện ủy")
    r = office.post("/directives/new", {"number": "5-TB/HU", "issued_on": "14/09/2023", "issuer": "Thường trực Huyện ủy",
                                       "title": "Bản trùng", "meeting_id": "0"})
    assert "Đã có văn bản cùng số" in r.get_data(as_text=True)
    assert count(Directive) == 1


def test_form_without_csrf_token_writes_nothing(office):
    r = office.http.post("/directives/new", data={"issued_on": "14/09/2023", "issuer": "X", "title": "Y"})
    assert r.status_code == 302
    assert count(Directive) == 0


def test_edit_task_records_before_and_after(office, make_unit, make_task):
    a, b = make_unit("Phòng Y tế"), make_unit("Trung tâm Y tế huyện")
    task = make_task(a, deadline_on=date(2023, 9, 30))
    r = office.post(f"/tasks/{task.id}/edit", {"text": task.text, "source_ref": "3.7 -9", "lead_units": [str(a.id)],
                                             "support_units": [str(b.id)], "deadline_on": "15/10/2023",
                                             "report_every": ""})
    assert r.status_code == 302
    db.session.expire_all()
    edited = [e for e in task.events if e.kind == "edited"]
    assert len(edited) == 1
    assert edited[0].before["deadline_on"] == "2023-09-30" and edited[0].after["deadline_on"] == "2023-10-15"
    assert edited[0].after["support"] == ["Trung tâm Y tế huyện"]
    page = office.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Sửa nhiệm vụ" in page and "15/10/2023" in page


def test_ongoing_task_without_deadline(office, make_unit, make_directive):
    unit = make_unit("Công an huyện")
    directive = make_directive()
    r = office.post(f"/directives/{directive.id}/tasks/new", {"text": "Sẵn sàng chiến đấu", "lead_units": [str(unit.id)],
                                                             "deadline_on": "", "report_every": "quarter"})
    assert r.status_code == 302
    task = db.session.scalar(sa.select(Task))
    assert task.deadline_on is None and task.report_every.value == "quarter"
    assert "Thường xuyên" in office.get(f"/tasks/{task.id}").get_data(as_text=True)


def test_the_issuing_bodies_are_listed_once_each_in_order(ctx, make_directive):
    from tracker.queries.directives import committee_choices

    assert committee_choices() == []
    for issuer in ("Thường trực Huyện ủy", "Ban Thường vụ Huyện ủy", "Thường trực Huyện ủy", "UBND huyện",
                   "Ban Thường vụ Huyện ủy"):
        make_directive(issuer=issuer)
    expected = list(db.session.scalars(sa.select(Directive.issuer).distinct().order_by(Directive.issuer)))
    assert committee_choices() == expected and len(expected) == 3
