"""The outbox page ("Hộp thư đi"): what was sent, to whom, and what failed; for admins only."""
import sqlalchemy as sa

from reminders.conftest import TODAY
from tracker.extensions import db
from tracker.models import OutboxMessage
from tracker.reminders.run import run_pass


def test_outbox_shows_sent_and_failed_messages(world, smtp, make_client):
    smtp.refuse = lambda envelope: "550 5.1.1 Mailbox unavailable" if "noivu@tracu.example.vn" in envelope.rcpt_tos else None
    run_pass(TODAY)
    c = make_client("quantri")
    html = c.get("/admin/outbox").get_data(as_text=True)
    assert "Hộp thư đi" in html and "Tất cả (3)" in html and "Đã gửi (2)" in html and "Lỗi (1)" in html
    assert "kimson@tracu.example.vn, chutich.kimson@example.vn" in html
    assert "550 5.1.1 Mailbox unavailable" in html and "Nhắc việc ngày 10/03/2026 – Phòng Nội vụ" in html

    failed_only = c.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "Phòng Nội vụ" in failed_only and "Xã Kim Sơn" not in failed_only

    kimson = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.unit_id == world.kimson.id))
    detail = c.get(f"/admin/outbox/{kimson.id}").get_data(as_text=True)
    assert "Giải ngân vốn đầu tư công" in detail and "Sắp đến hạn (3 ngày)" in detail and "Quá hạn" in detail
    assert f"/tasks/{world.tasks.late1.id}" in detail


def test_outbox_is_for_admins_and_checks_its_input(world, make_client):
    for username in ("vanphong", "lanhdao", "kimson"):
        assert make_client(username).get("/admin/outbox").status_code == 403
    admin = make_client("quantri")
    assert admin.get("/admin/outbox?status=lung-tung").status_code == 400
    assert admin.get("/admin/outbox/999").status_code == 404
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert "Chưa có thư nào." in page and "instance/outbox" in page  # no SMTP server in tests: .eml files


def test_the_cadence_rule_is_shown_where_reminders_are_set(world, make_client):
    for username, url in (("quantri", "/admin/outbox"), ("kimson", "/account/reminders"),
                          ("vanphong", "/reminders/plans")):
        page = make_client(username).get(url).get_data(as_text=True)
        assert "Quy tắc nhắc việc" in page and "nhiều nhất một thư nhắc việc mỗi ngày" in page
        assert "thứ Hai hằng tuần" in page


def test_office_sets_a_unit_s_rhythm_and_the_unit_chooses_within_it(world, make_client, smtp):
    from tracker.models import DigestEvery, ReminderPlan

    kimson = world.kimson
    assert make_client("kimson").get("/reminders/plans").status_code == 403
    office = make_client("vanphong")
    assert office.post("/reminders/plans", {"unit_id": kimson.id, "roundup_weekday": 5, "roundup_every_weeks": 2,
                                            "is_weekly_allowed": ""}).status_code == 302
    page = office.get("/reminders/plans").get_data(as_text=True)
    assert "Xã Kim Sơn" in page and "thứ Sáu, 2 tuần một lần" in page
    unit = make_client("kimson")
    page = unit.get("/account/reminders").get_data(as_text=True)
    assert "Văn phòng chưa cho phép" in page and "thứ Sáu, 2 tuần một lần" in page
    unit.post("/account/reminders", {"wants_reminders": "y", "digest_every": "weekly"})
    assert db.session.get(ReminderPlan, kimson.id).digest_every == DigestEvery.DAILY  # not allowed: stays daily
    office.post("/reminders/plans", {"unit_id": kimson.id, "roundup_weekday": 5, "roundup_every_weeks": 1,
                                     "is_weekly_allowed": "y"})
    unit.post("/account/reminders", {"wants_reminders": "y", "digest_every": "weekly"})
    db.session.expire_all()
    assert db.session.get(ReminderPlan, kimson.id).digest_every == DigestEvery.WEEKLY
    assert "Một thư vào thứ Sáu hằng tuần" in unit.get("/account/reminders").get_data(as_text=True)
    # Tuesday 10/03: the unit's round-up day is Friday 06/03 (made up: no pass sent it), so it hears today …
    run_pass(TODAY)
    assert len(smtp.to("kimson@tracu.example.vn")) == 1
    # … and not on Wednesday, though something of its is new
    from datetime import timedelta

    from tracker import clock
    clock.freeze(TODAY + timedelta(days=1))
    run_pass(TODAY + timedelta(days=1))
    assert len(smtp.to("kimson@tracu.example.vn")) == 1
