"""What a unit (and the office) receives on a given day: the digest's items, groups, links and recipients."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from reminders.conftest import BASE_URL, TODAY
from tracker import clock
from tracker.extensions import db
from tracker.models import OutboxMessage, Reminder, User
from tracker.reminders.run import run_pass
from tracker.services import workflow
from tracker.services.events import record
from tracker.services.tasks import update_task

KIMSON = "kimson@tracu.example.vn"
KIMSON_USER = "chutich.kimson@example.vn"


def _ids(rows):
    return {(r["assignment"], r["kind"]) for r in rows}


def test_unit_digest_has_exactly_the_items_due_grouped_with_links(world, smtp):
    t = world.tasks
    summary = run_pass(TODAY)
    assert summary.ok and summary.failed_messages == 0

    digest = smtp.one_to(KIMSON)
    assert sorted(digest.rcpt_tos) == sorted([KIMSON, KIMSON_USER])  # not the user who said no
    assert "Xã Kim Sơn" in digest.subject and "10/03/2026" in digest.subject
    sections = digest.sections()
    assert list(sections) == ["Nhiệm vụ quá hạn", "Nhiệm vụ sắp đến hạn", "Đề nghị báo cáo định kỳ"]
    kim = {name: getattr(t, name).assignments[[a.unit_id for a in getattr(t, name).assignments].index(world.kimson.id)].id
           for name in ("soon3", "soon5", "late1", "late3", "today", "monthly")}
    assert _ids(sections["Nhiệm vụ quá hạn"]) == {(kim["late1"], "overdue"), (kim["late3"], "overdue")}
    assert _ids(sections["Nhiệm vụ sắp đến hạn"]) == {(kim["soon3"], "before_3"), (kim["soon5"], "before_7"),
                                                       (kim["today"], "before_0")}
    assert _ids(sections["Đề nghị báo cáo định kỳ"]) == {(kim["monthly"], "report_due")}

    rows = {r["assignment"]: r for rows in sections.values() for r in rows}
    late1 = rows[kim["late1"]]
    assert late1["links"] == [f"{BASE_URL}/tasks/{t.late1.id}"]
    assert "Số 12-TB/HU, ngày 05/01/2026" in late1["text"] and "09/03/2026" in late1["text"]
    assert "Quá hạn 1 ngày" in late1["text"] and "Giải ngân vốn đầu tư công" in late1["text"]
    assert "Còn 3 ngày" in rows[kim["soon3"]]["text"]
    assert "Hạn chót hôm nay" in rows[kim["today"]]["text"] and "đơn vị phối hợp" in rows[kim["today"]]["text"]
    assert "Kỳ báo cáo đến 28/02/2026" in rows[kim["monthly"]]["text"]

    # the plain-text part says the same
    text = digest.text
    assert text.index("NHIỆM VỤ QUÁ HẠN (2)") < text.index("NHIỆM VỤ SẮP ĐẾN HẠN (3)") < text.index("ĐỀ NGHỊ BÁO CÁO")
    assert f"{BASE_URL}/tasks/{t.soon5.id}" in text and "Còn 5 ngày" in text
    for absent in ("Tổng kết năm", "Báo cáo an ninh", "Báo cáo dư luận xã hội"):  # later, done, reported
        assert absent not in text and absent not in digest.html


def test_lead_unit_and_office_get_theirs(world, smtp):
    t = world.tasks
    run_pass(TODAY)
    noivu = smtp.one_to("noivu@tracu.example.vn")
    assert _ids(noivu.sections()["Nhiệm vụ sắp đến hạn"]) == {(t.today.leads[0].id, "before_0")}
    office = smtp.one_to("vanphong@tracu.example.vn")
    assert office.rcpt_tos == ["vanphong@tracu.example.vn"]
    rows = [r for rows in office.sections().values() for r in rows]
    assert {(r["assignment"], r["kind"]) for r in rows} == {(t.late1.leads[0].id, "office_overdue"),
                                                             (t.late3.leads[0].id, "office_overdue")}
    # leaders and admins get no daily digest; the unit without any address gets nothing
    assert not smtp.to("lanhdao@tracu.example.vn") and not smtp.to("quantri@tracu.example.vn")
    assert len(smtp.received) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(
        Reminder.assignment_id == t.silent.leads[0].id)) == 0


def test_long_digests_list_the_first_items_and_count_the_rest(world, smtp, monkeypatch):
    from tracker.reminders import digest

    monkeypatch.setattr(digest, "LIST_LIMIT", 1)
    summary = run_pass(TODAY)
    assert summary.sent_items == 9
    kimson = smtp.one_to(KIMSON)
    listed = [r for rows in kimson.sections().values() for r in rows]
    assert len(listed) == 1 and listed[0]["kind"] == "overdue"  # the worst first
    assert "… và 5 việc khác" in kimson.text and f"{BASE_URL}/tasks/?unit={world.kimson.id}" in kimson.text
    assert "NHIỆM VỤ SẮP ĐẾN HẠN (3)" in kimson.text  # every group still says how many it has
    office = smtp.one_to("vanphong@tracu.example.vn")
    assert "2 nhiệm vụ của 1 đơn vị" in office.subject
    assert "… và 1 nhiệm vụ quá hạn khác" in office.text and "Xã Kim Sơn: 2" in office.text
    assert f"{BASE_URL}/reports/overdue" in office.text
    # all of them count as told: nothing comes again
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(Reminder.sent_at.is_(None))) == 0
    assert run_pass(TODAY).messages == 0


def test_office_mailbox_setting_receives_overdue_items(world, smtp, ctx):
    ctx.config["OFFICE_EMAIL"] = "vanphong.huyenuy@tracu.example.vn"
    run_pass(TODAY)
    office = smtp.one_to("vanphong.huyenuy@tracu.example.vn")
    assert sorted(office.rcpt_tos) == ["vanphong.huyenuy@tracu.example.vn", "vanphong@tracu.example.vn"]


def test_item_done_before_its_reminder_is_not_sent(world, smtp):
    t = world.tasks
    kimson = db.session.scalar(sa.select(User).where(User.username == "kimson"))
    office = db.session.scalar(sa.select(User).where(User.username == "vanphong"))
    workflow.report_done(t.late1.leads[0], kimson, summary="Đã giải ngân 100%.", today=TODAY)
    workflow.confirm_done(t.late1.leads[0], office)
    db.session.commit()
    run_pass(TODAY)
    digest = smtp.one_to(KIMSON)
    assert "Giải ngân vốn đầu tư công" not in digest.text
    assert _ids(digest.sections()["Nhiệm vụ quá hạn"]) == {(t.late3.leads[0].id, "overdue")}


def test_unassigned_and_declined_units_get_nothing(world, smtp):
    t = world.tasks
    # Kim Sơn is taken off "today" (it only supported), and declines "soon3"
    update_task(t.today, None, support_unit_ids=[])
    kimson = db.session.scalar(sa.select(User).where(User.username == "kimson"))
    workflow.decline(t.soon3.leads[0], kimson, reason="Không thuộc thẩm quyền của xã.")
    db.session.commit()
    run_pass(TODAY)
    text = smtp.one_to(KIMSON).text
    assert "Cải cách hành chính" not in text and "Hoàn thành hồ sơ OCOP" not in text
    assert "Rà soát hộ nghèo" in text
    # the lead of "today" is still reminded
    assert "Cải cách hành chính" in smtp.one_to("noivu@tracu.example.vn").text


def test_inactive_unit_and_support_of_finished_task_get_nothing(world, smtp):
    t = world.tasks
    lead = t.today.leads[0]
    lead.state, lead.reported_done_on, lead.done_on = "done", TODAY, TODAY
    world.noivu.is_active = False
    db.session.commit()
    run_pass(TODAY)
    assert not smtp.to("noivu@tracu.example.vn")
    assert "Cải cách hành chính" not in smtp.one_to(KIMSON).text  # its lead is done: the supporter is left alone


def test_returned_reports_and_extension_decisions_are_announced(world, smtp):
    t = world.tasks
    office = db.session.scalar(sa.select(User).where(User.username == "vanphong"))
    record(t.later, "returned", office, assignment=t.later.leads[0], note="Thiếu số liệu kèm theo.")
    soon5 = t.soon5.leads[0]
    soon5.extended_deadline_on = TODAY + timedelta(days=30)
    record(t.soon5, "extension_approved", office, assignment=soon5, after={"deadline_on": "2026-04-09"})
    db.session.flush()
    with clock.frozen(TODAY - timedelta(days=10)):  # too old to announce
        record(t.soon3, "extension_refused", office, assignment=t.soon3.leads[0], note="Không có lý do chính đáng.")
        db.session.flush()
    db.session.commit()
    run_pass(TODAY)
    digest = smtp.one_to(KIMSON)
    notices = digest.sections()["Thông báo về báo cáo và gia hạn"]
    assert _ids(notices) == {(t.later.leads[0].id, "returned"), (soon5.id, "extension_approved")}
    by_id = {r["assignment"]: r for r in notices}
    assert "Báo cáo hoàn thành bị trả lại: Thiếu số liệu kèm theo." in by_id[t.later.leads[0].id]["text"]
    assert "Đồng ý gia hạn" in by_id[soon5.id]["text"] and "09/04/2026" in by_id[soon5.id]["text"]
    # extended by 30 days: no longer due soon
    assert (soon5.id, "before_7") not in _ids(digest.sections()["Nhiệm vụ sắp đến hạn"])


def test_user_preference_turns_reminders_off(world, smtp, make_client):
    c = make_client("kimson")
    page = c.get("/account/reminders").get_data(as_text=True)
    assert "Nhận thư nhắc việc" in page and "kimson@tracu.example.vn" in page
    assert c.post("/account/reminders", {}).status_code == 302  # unticked box: no reminders
    run_pass(TODAY)
    assert smtp.one_to(KIMSON).rcpt_tos == [KIMSON]  # the unit's mailbox always gets them
    assert not smtp.to(KIMSON_USER)
    c.post("/account/reminders", {"wants_reminders": "y"})
    assert db.session.scalar(sa.select(User.wants_reminders).where(User.username == "kimson")) is True


def test_preference_form_needs_csrf(world, make_client):
    c = make_client("kimson")
    response = c.http.post("/account/reminders", data={})
    assert response.status_code == 302  # the CSRF handler sends the user back with a message
    assert db.session.scalar(sa.select(User.wants_reminders).where(User.username == "kimson")) is True


def test_without_smtp_server_messages_are_eml_files(world, ctx):
    assert not ctx.config.get("MAIL_SERVER")
    summary = run_pass(TODAY)
    assert summary.ok and summary.sent_messages == 3
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert all(r.status == "sent" and r.file_name.endswith(".eml") for r in rows)
    import email
    import email.policy
    import os

    with open(os.path.join(ctx.instance_path, rows[0].file_name), "rb") as handle:
        message = email.message_from_bytes(handle.read(), policy=email.policy.default)
    assert message["Subject"] == rows[0].subject and message["To"]


def test_cli_remind_with_today_and_dry_run(world, smtp, ctx):
    runner = ctx.test_cli_runner()
    dry = runner.invoke(args=["tracker", "remind", "--today", "2026-03-10", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "chạy thử" in dry.output and "người nhận: 4" in dry.output and "thư: 3" in dry.output
    assert "mục nhắc: 9" in dry.output and "không có địa chỉ nhận: 1 mục" in dry.output
    assert not smtp.received and db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0

    real = runner.invoke(args=["tracker", "remind", "--today", "2026-03-10"])
    assert real.exit_code == 0, real.output
    assert "đã gửi: 3 thư (9 mục)" in real.output and "lỗi: 0 thư" in real.output
    assert len(smtp.received) == 3

    # a week later, from the command line: late3 is due again (8 + 7 = 15/03), late1 on 16/03 (day 7 late)
    later = runner.invoke(args=["tracker", "remind", "--today", "15/03/2026"])
    assert later.exit_code == 0, later.output
    assert len(smtp.received) > 3


def test_cli_remind_refuses_a_bad_date(world, ctx):
    result = ctx.test_cli_runner().invoke(args=["tracker", "remind", "--today", "2026-02-30"])
    assert result.exit_code == 2 and "Ngày không tồn tại" in result.output
    result = ctx.test_cli_runner().invoke(args=["tracker", "remind", "--today", "hôm qua"])
    assert result.exit_code == 2 and "dd/mm/yyyy" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0


def test_nothing_due_sends_nothing(ctx, smtp, make_unit, make_task, frozen_clock):
    frozen_clock(TODAY)
    unit = make_unit("Xã Ngãi Xuyên", email="ngaixuyen@example.vn")
    make_task(unit, deadline_on=date(2026, 6, 30))
    summary = run_pass(TODAY)
    assert summary.messages == 0 and not smtp.received and summary.ok
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_the_reminder_commands_map_nothing_of_an_sqlite_file(world, smtp, ctx, monkeypatch):
    """A pass reads most of the file once: mapped, every page it read stayed in the process's memory."""
    import tracker

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the memory map is SQLite's")
    monkeypatch.setattr(tracker, "SQLITE_MMAP_BYTES", 1 << 30)  # the web's (a command run before set it for good)

    def mapped() -> int:  # what a connection opened now maps
        engine = sa.create_engine(db.engine.url)
        with engine.connect() as connection:
            size = connection.exec_driver_sql("PRAGMA mmap_size").scalar()
        engine.dispose()
        return size

    assert mapped() == 1 << 30
    result = ctx.test_cli_runner().invoke(args=["tracker", "remind", "--today", "2026-03-10"])
    assert result.exit_code == 0, result.output
    assert mapped() == 0 and len(smtp.received) == 3
