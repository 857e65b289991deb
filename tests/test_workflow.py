"""The units' side through the pages: report, done, confirm/return, decline/reassign, extensions, files."""
import io
import os
from datetime import date

import pytest
import sqlalchemy as sa

from tracker import clock
from tracker.extensions import db
from tracker.models import (
    AssignmentState, ExtensionRequest, ProgressReport, ReportFile, Role, TaskEvent, UnitKind,
)
from tracker.services.status import StatusClass, assignment_class, task_class

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def world(make_unit, make_user, make_task, frozen_clock):
    """Two communes lead a task due 30/09/2023 (today is 20/09/2023); a health office supports it."""
    frozen_clock(date(2023, 9, 20))
    kimson = make_unit("Xã Kim Sơn", kind=UnitKind.COMMUNE)
    hamtan = make_unit("Xã Hàm Tân", kind=UnitKind.COMMUNE)
    yte = make_unit("Phòng Y tế")
    make_user("vp", Role.OFFICE, full_name="Trần Thị Thu")
    make_user("ld", Role.LEADER)
    make_user("kimson", Role.UNIT, kimson)
    make_user("hamtan", Role.UNIT, hamtan)
    task = make_task([kimson, hamtan], support=[yte], text="Phát triển sản phẩm OCOP",
                     deadline_on=date(2023, 9, 30))
    mine = next(a for a in task.assignments if a.unit_id == kimson.id)
    other = next(a for a in task.assignments if a.unit_id == hamtan.id)
    return task, mine, other


def fields(action, object_id, **values):
    return {f"{action}{object_id}-{k}": v for k, v in values.items()}


def post(client, url, task, data):
    return client.post(url, data, page=f"/tasks/{task.id}", content_type="multipart/form-data")


def events(task, kind=None):
    stmt = sa.select(TaskEvent.kind).where(TaskEvent.task_id == task.id).order_by(TaskEvent.id)
    return [k for k in db.session.scalars(stmt) if kind is None or k == kind]


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def test_done_with_file_then_confirmed_on_the_reported_date(world, make_client, frozen_clock):
    task, mine, _ = world
    unit = make_client("kimson")
    response = post(unit, f"/assignments/{mine.id}/done", task, fields(
        "done", mine.id, summary="Đã có 2 sản phẩm OCOP 3 sao", files=(io.BytesIO(PDF), "Báo cáo kết quả.pdf")))
    assert response.status_code == 302
    a = fresh(mine)
    assert a.state == AssignmentState.REPORTED_DONE and a.reported_done_on == date(2023, 9, 20)
    report = a.reports[-1]
    assert report.is_done_report and report.files[0].original_name == "Báo cáo kết quả.pdf"

    frozen_clock(date(2023, 10, 5))  # the office confirms after the deadline: still on time
    office = make_client("vp")
    assert post(office, f"/assignments/{mine.id}/confirm", task, {}).status_code == 302
    a = fresh(mine)
    assert a.state == AssignmentState.DONE and a.done_on == date(2023, 9, 20)
    assert assignment_class(a, clock.today()) == StatusClass.DONE_ON_TIME
    assert events(task)[-2:] == ["reported_done", "confirmed"]
    html = office.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "1/2 xã đã hoàn thành" in html and "Báo cáo kết quả.pdf" in html


def test_return_needs_a_reason_and_reopens(world, make_client):
    task, mine, _ = world
    post(make_client("kimson"), f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="Xong"))
    office = make_client("vp")
    refused = post(office, f"/assignments/{mine.id}/return", task, fields("return", mine.id, reason="  "))
    assert refused.status_code == 400 and "Vui lòng nhập lý do." in refused.get_data(as_text=True)
    assert fresh(mine).state == AssignmentState.REPORTED_DONE
    ok = post(office, f"/assignments/{mine.id}/return", task,
              fields("return", mine.id, reason="Chưa có số liệu minh chứng"))
    assert ok.status_code == 302
    a = fresh(mine)
    assert a.state == AssignmentState.OPEN and a.reported_done_on is None
    event = db.session.scalars(sa.select(TaskEvent).where(TaskEvent.kind == "returned")).one()
    assert event.note == "Chưa có số liệu minh chứng" and event.assignment_id == mine.id


def test_returned_report_shows_as_returned(world, make_client, frozen_clock):
    """The unit sees the return, its reason and who made it, with "report again"; the overdue list never
    shows the returned text as the latest progress."""
    from tracker.reports import build_overdue_list

    task, mine, _ = world
    unit = make_client("kimson")
    post(unit, f"/assignments/{mine.id}/progress", task, fields("progress", mine.id, text="Đang khảo sát"))
    post(unit, f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="Xong hết rồi"))
    post(make_client("vp"), f"/assignments/{mine.id}/return", task,
         fields("return", mine.id, reason="Chưa có số liệu minh chứng"))
    report = fresh(mine).reports[-1]
    assert report.returned_at is not None and report.return_reason == "Chưa có số liệu minh chứng"

    page = unit.get(f"/tasks/{task.id}").get_data(as_text=True)
    card = page.split(f'id="assignment-{mine.id}"', 1)[1].split("</section>", 1)[0]
    assert "đã bị trả lại" in card and "Chưa có số liệu minh chứng" in card and "Trần Thị Thu" in card
    assert f'href="#done-{mine.id}">Báo cáo lại</a>' in card
    # The unit's own card and forms come before the table of all units.
    assert page.index(f'id="assignment-{mine.id}"') < page.index('id="assignments"')
    home = unit.get("/").get_data(as_text=True)
    row = home.split(f'data-assignment="{mine.id}"', 1)[1].split("</tr>", 1)[0]
    assert "Báo cáo bị trả lại" in row and "Chưa có số liệu minh chứng" in row and "Báo cáo lại" in row

    frozen_clock(date(2023, 10, 5))  # now overdue: the latest progress is the one before the done report
    rows = [r for g in build_overdue_list(date(2023, 10, 5)).groups for r in g.rows]
    [row] = [r for r in rows if r["task_id"] == task.id and r["unit_id"] == mine.unit_id]
    assert "Xong hết rồi" not in row["latest_note"] and "Đang khảo sát" in row["latest_note"]


def test_a_unit_acts_only_on_its_own_assignment(world, make_client, make_unit, make_user):
    task, mine, other = world
    unit = make_client("kimson")
    # Its own task, another unit's assignment: it may see it, but not act on it.
    assert post(unit, f"/assignments/{other.id}/done", task, fields("done", other.id, summary="x")).status_code == 403
    assert post(unit, f"/assignments/{other.id}/extension", task, {}).status_code == 403
    # It cannot confirm, return or decide anything, not even its own.
    post(unit, f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="Xong"))
    assert post(unit, f"/assignments/{mine.id}/confirm", task, {}).status_code == 403
    assert post(unit, f"/assignments/{mine.id}/return", task, fields("return", mine.id, reason="x")).status_code == 403
    # A unit outside the task does not even learn that the assignment exists.
    make_user("outsider", Role.UNIT, make_unit("Xã Long Hiệp"))
    outsider = make_client("outsider")
    assert post(outsider, f"/assignments/{mine.id}/progress", task, fields("progress", mine.id, text="x"),
                ).status_code == 404
    assert fresh(mine).state == AssignmentState.REPORTED_DONE
    assert events(task, "confirmed") == [] and events(task, "returned") == []


def test_office_user_of_the_same_unit_cannot_confirm_or_approve_for_it(world, make_client, make_user):
    task, mine, _ = world
    make_user("vp-kimson", Role.OFFICE, unit=mine.unit)
    post(make_client("kimson"), f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="Xong"))
    c = make_client("vp-kimson")
    assert post(c, f"/assignments/{mine.id}/confirm", task, {}).status_code == 403
    assert fresh(mine).state == AssignmentState.REPORTED_DONE


def test_extension_request_and_leader_approval(world, make_client, frozen_clock):
    task, mine, _ = world
    frozen_clock(date(2023, 10, 3))  # overdue since 01/10
    assert assignment_class(fresh(mine), clock.today()) == StatusClass.OVERDUE
    unit = make_client("kimson")
    url = f"/assignments/{mine.id}/extension"
    too_early = post(unit, url, task, fields("extension", mine.id, new_deadline_on="25/09/2023", reason="Mưa bão"))
    assert too_early.status_code == 400 and "phải sau thời hạn hiện tại (30/09/2023)" in too_early.get_data(as_text=True)
    bad = post(unit, url, task, fields("extension", mine.id, new_deadline_on="31/02/2023", reason="Mưa bão kéo dài"))
    body = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Ngày không tồn tại." in body and "Mưa bão kéo dài" in body  # nothing lost
    assert post(unit, url, task, fields("extension", mine.id, new_deadline_on="31/10/2023",
                                        reason="Chờ kết quả đánh giá")).status_code == 302
    again = post(unit, url, task, fields("extension", mine.id, new_deadline_on="15/11/2023", reason="Thêm"))
    assert again.status_code == 400 and "Đã có một đề nghị gia hạn đang chờ" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExtensionRequest)) == 1

    request = db.session.scalars(sa.select(ExtensionRequest)).one()
    assert post(unit, f"/extensions/{request.id}/approve", task, {}).status_code == 403  # not its own
    leader = make_client("ld")
    assert post(leader, f"/extensions/{request.id}/approve", task, {}).status_code == 302
    a = fresh(mine)
    assert a.extended_deadline_on == date(2023, 10, 31) and a.task.deadline_on == date(2023, 9, 30)
    assert assignment_class(a, clock.today()) == StatusClass.IN_PROGRESS
    assert events(task)[-2:] == ["extension_requested", "extension_approved"]
    html = leader.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "31/10/2023" in html and "hạn gốc 30/09/2023" in html
    assert post(leader, f"/extensions/{request.id}/refuse", task,
                fields("refuse", request.id, reason="x")).status_code == 400  # already decided


def test_extension_refused_with_reason(world, make_client):
    task, mine, _ = world
    post(make_client("kimson"), f"/assignments/{mine.id}/extension", task,
         fields("extension", mine.id, new_deadline_on="31/10/2023", reason="Chờ kinh phí"))
    request = db.session.scalars(sa.select(ExtensionRequest)).one()
    office = make_client("vp")
    assert post(office, f"/extensions/{request.id}/refuse", task, fields("refuse", request.id, reason="")).status_code == 400
    assert post(office, f"/extensions/{request.id}/refuse", task,
                fields("refuse", request.id, reason="Đã đủ thời gian")).status_code == 302
    assert fresh(request).status == "refused" and fresh(mine).extended_deadline_on is None
    assert events(task, "extension_refused") == ["extension_refused"]


def test_no_extension_for_ongoing_work(world, make_client, make_task):
    _, mine, _ = world
    ongoing = make_task(mine.unit, text="Thường xuyên kiểm tra")
    a = ongoing.assignments[0]
    r = post(make_client("kimson"), f"/assignments/{a.id}/extension", ongoing,
             fields("extension", a.id, new_deadline_on="31/10/2023", reason="x"))
    assert r.status_code == 400 and "Nhiệm vụ thường xuyên" in r.get_data(as_text=True)


def test_decline_then_reassign(world, make_client, make_unit, make_user):
    task, mine, _ = world
    longhiep = make_unit("Xã Long Hiệp", kind=UnitKind.COMMUNE)
    make_user("longhiep", Role.UNIT, longhiep)
    unit = make_client("kimson")
    assert post(unit, f"/assignments/{mine.id}/decline", task,
                fields("decline", mine.id, reason="Không thuộc địa bàn xã")).status_code == 302
    assert fresh(mine).declined_at is not None
    # While declined the unit cannot report on it.
    assert post(unit, f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="x")).status_code == 400
    office = make_client("vp")
    assert "Không thuộc địa bàn xã" in office.get(f"/tasks/{task.id}").get_data(as_text=True)
    taken = post(office, f"/assignments/{mine.id}/reassign", task,
                 fields("reassign", mine.id, unit_id=str(world[2].unit_id)))
    assert taken.status_code == 400 and "đã được giao nhiệm vụ này" in taken.get_data(as_text=True)
    assert post(office, f"/assignments/{mine.id}/reassign", task,
                fields("reassign", mine.id, unit_id=str(longhiep.id))).status_code == 302
    a = fresh(mine)
    assert a.unit_id == longhiep.id and a.declined_at is None
    assert unit.get(f"/tasks/{task.id}").status_code == 404
    assert make_client("longhiep").get(f"/tasks/{task.id}").status_code == 200
    event = db.session.scalars(sa.select(TaskEvent).where(TaskEvent.kind == "reassigned")).one()
    assert event.before == {"unit": "Xã Kim Sơn"} and event.after == {"unit": "Xã Long Hiệp"}


def test_office_keeps_a_declined_assignment(world, make_client):
    task, mine, _ = world
    post(make_client("kimson"), f"/assignments/{mine.id}/decline", task, fields("decline", mine.id, reason="Không phải"))
    assert post(make_client("vp"), f"/assignments/{mine.id}/keep", task,
                fields("keep", mine.id, reason="Xã có sản phẩm tiềm năng")).status_code == 302
    assert fresh(mine).declined_at is None and events(task)[-2:] == ["declined", "decline_rejected"]


def stored_files(app) -> set:
    folder = app.config["UPLOAD_FOLDER"]
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_progress_report_files_are_checked_and_nothing_typed_is_lost(world, make_client, ctx):
    task, mine, _ = world
    before = stored_files(ctx)
    unit = make_client("kimson")
    url = f"/assignments/{mine.id}/progress"
    html_as_pdf = post(unit, url, task, fields("progress", mine.id, text="Đã khảo sát 12 hộ",
                                               files=(io.BytesIO(b"<html>"), "ket-qua.pdf")))
    body = html_as_pdf.get_data(as_text=True)
    assert html_as_pdf.status_code == 400 and "không đúng định dạng .pdf" in body and "Đã khảo sát 12 hộ" in body
    exe = post(unit, url, task, fields("progress", mine.id, text="x", files=(io.BytesIO(b"MZ"), "setup.exe")))
    assert exe.status_code == 400 and "chỉ nhận các loại tệp" in exe.get_data(as_text=True)
    ctx.config["UPLOAD_MAX_BYTES"] = 100
    try:
        big = post(unit, url, task, fields("progress", mine.id, text="x", files=(io.BytesIO(PDF * 10), "lon.pdf")))
    finally:
        ctx.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    assert big.status_code == 400 and "vượt quá" in big.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressReport)) == 0
    assert stored_files(ctx) == before

    ok = post(unit, url, task, fields("progress", mine.id, text="Đã khảo sát 12 hộ",
                                      files=[(io.BytesIO(PDF), "../../Kế hoạch.pdf"), (io.BytesIO(b"ghi chu"), "a.txt")]))
    assert ok.status_code == 302
    files = db.session.scalars(sa.select(ReportFile).order_by(ReportFile.id)).all()
    assert [f.original_name for f in files] == ["Kế hoạch.pdf", "a.txt"]
    assert stored_files(ctx) - before == {f.stored_name for f in files}
    assert fresh(mine).state == AssignmentState.OPEN and events(task, "reported") == ["reported"]


def test_files_download_only_for_who_sees_the_task(world, make_client, make_unit, make_user):
    task, mine, other = world
    post(make_client("kimson"), f"/assignments/{mine.id}/progress", task,
         fields("progress", mine.id, text="Tiến độ", files=(io.BytesIO(PDF), "Tiến độ.pdf")))
    file_id = db.session.scalar(sa.select(ReportFile.id))
    for username in ("kimson", "hamtan", "vp", "ld"):  # hamtan shares the task
        response = make_client(username).get(f"/files/{file_id}")
        assert response.status_code == 200, username
        assert response.data == PDF and "attachment" in response.headers["Content-Disposition"]
    make_user("outsider", Role.UNIT, make_unit("Xã Long Hiệp"))
    assert make_client("outsider").get(f"/files/{file_id}").status_code == 404
    assert make_client().get(f"/files/{file_id}").status_code == 302  # anonymous: to the login page
    assert make_client("vp").get("/files/999999").status_code == 404


def test_task_page_history_and_class_of_a_multi_unit_task(world, make_client, frozen_clock):
    task, mine, other = world
    post(make_client("kimson"), f"/assignments/{mine.id}/done", task, fields("done", mine.id, summary="Xong"))
    post(make_client("vp"), f"/assignments/{mine.id}/confirm", task, {})
    frozen_clock(date(2023, 10, 2))
    db.session.expire_all()
    # One lead done on time, the other still open after the deadline: the task is overdue.
    assert task_class(fresh(task), clock.today()) == StatusClass.OVERDUE
    html = make_client("hamtan").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "1/2 xã đã hoàn thành" in html
    history = html[html.index('id="history"'):]
    assert history.index("Xác nhận hoàn thành") < history.index("Báo cáo hoàn thành") < history.index("Tạo nhiệm vụ")
    assert "Đã báo cáo hoàn thành, chờ xác nhận</del> → Đã hoàn thành" in history
    assert "Ngày hoàn thành: 20/09/2023" in history
