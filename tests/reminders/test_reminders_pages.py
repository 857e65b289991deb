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
