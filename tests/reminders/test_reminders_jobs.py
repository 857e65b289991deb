"""The other scheduled bodies: the leaders' weekly summary and the overdue list before a meeting, each once."""
import io
from datetime import timedelta

import docx
import sqlalchemy as sa

from reminders.conftest import TODAY
from tracker.extensions import db
from tracker.models import Meeting, OutboxMessage, OutboxStatus
from tracker.reminders import jobs

LEADER = "lanhdao@tracu.example.vn"
OFFICE = "vanphong@tracu.example.vn"


def test_weekly_summary_to_leaders_once(world, smtp):
    t = world.tasks
    out = jobs.send_weekly_summary(TODAY)
    assert out.ok
    summary = smtp.one_to(LEADER)
    assert summary.rcpt_tos == [LEADER] and "10/03/2026" in summary.subject
    text = summary.text
    # tasks by class: late1, late3 overdue; soon3, soon5, later, today, silent in progress; two ongoing; one done
    for line in ("Quá hạn: 2", "Đang thực hiện trong hạn: 5", "Thường xuyên: 2", "Hoàn thành đúng hạn: 1"):
        assert line in text
    # by unit, the one with most overdue first: Kim Sơn leads 2 overdue, 3 in time, 2 ongoing, 1 done on time
    assert "Xã Kim Sơn: 2 / 3 / 2 / 0 / 1" in text
    assert text.index("Xã Kim Sơn") < text.index("Phòng Nội vụ")
    # the worst overdue items, longest overdue first, with links
    worst = summary.sections()["Nhiệm vụ quá hạn lâu nhất"]
    assert [r["assignment"] for r in worst] == [t.late3.leads[0].id, t.late1.leads[0].id]
    assert worst[0]["links"] == [f"https://dondoc.example.vn/tasks/{t.late3.id}"]
    # again the same week (another day, another host): nothing
    assert jobs.send_weekly_summary(TODAY + timedelta(days=2)) is None
    assert len(smtp.to(LEADER)) == 1
    # next week: a new one
    assert jobs.send_weekly_summary(TODAY + timedelta(days=6)).ok
    assert len(smtp.to(LEADER)) == 2


def test_failed_weekly_summary_is_retried_by_the_daily_job(world, smtp_down, ctx, request):
    out = jobs.send_weekly_summary(TODAY)
    assert not out.ok and "ConnectionRefusedError" in out.error
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "weekly"))
    assert row.status == OutboxStatus.FAILED and row.error
    smtp = request.getfixturevalue("smtp")
    report = jobs.daily(TODAY + timedelta(days=1))
    assert "Gửi lại tổng hợp tuần: đã gửi" in report
    assert len(smtp.to(LEADER)) == 1
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    assert "Gửi lại" not in jobs.daily(TODAY + timedelta(days=2))


def test_meeting_list_goes_out_three_days_before_once(world, smtp):
    t = world.tasks
    meeting = Meeting(held_on=TODAY + timedelta(days=5), kind="Hội nghị Ban Thường vụ Huyện ủy",
                      title="Hội nghị Ban Thường vụ Huyện ủy tháng 3")
    db.session.add(meeting)
    db.session.commit()
    assert jobs.send_meeting_lists(TODAY) == []  # five days ahead: not yet
    assert jobs.send_meeting_lists(TODAY + timedelta(days=2))[0].ok  # three days ahead
    message = smtp.one_to(OFFICE)
    assert sorted(message.rcpt_tos) == sorted([OFFICE, LEADER])
    assert "Hội nghị Ban Thường vụ Huyện ủy tháng 3" in message.subject and "15/03/2026" in message.subject
    sections = message.sections()
    # the list is the one the meeting (15/03) will discuss: overdue on its day, soon3 (13/03) included
    assert {unit: [r["assignment"] for r in rows] for unit, rows in sections.items()} == {
        "Phòng Nội vụ": [t.today.leads[0].id],  # overdue since 11/03
        "Xã Kim Sơn": [t.late3.leads[0].id, t.late1.leads[0].id, t.soon3.leads[0].id],
        "Xã Không Thư": [t.silent.leads[0].id],
    }
    # the same list attached in the Party's document style, as Word and PDF
    files = {part.get_filename(): part.get_content() for part in message.message.iter_attachments()}
    assert sorted(files) == ["danh-sach-cham-qua-han-2026-03-15.docx", "danh-sach-cham-qua-han-2026-03-15.pdf"]
    doc_text = "\n".join(c.text for table in docx.Document(io.BytesIO(files[sorted(files)[0]])).tables
                          for row in table.rows for c in row.cells)
    assert t.late3.text[:40] in doc_text and t.soon3.text[:40] in doc_text and t.later.text[:40] not in doc_text
    assert files[sorted(files)[1]].startswith(b"%PDF")
    assert jobs.send_meeting_lists(TODAY + timedelta(days=3)) == []  # once
    assert len(smtp.received) == 1
    # the meeting is moved: its list goes out again for the new date
    meeting.held_on = TODAY + timedelta(days=7)
    db.session.commit()
    assert len(jobs.send_meeting_lists(TODAY + timedelta(days=4))) == 1


def test_no_recipients_no_message(ctx, frozen_clock):
    frozen_clock(TODAY)
    assert jobs.send_weekly_summary(TODAY) is None
    db.session.add(Meeting(held_on=TODAY, kind="Giao ban"))
    db.session.commit()
    assert jobs.send_meeting_lists(TODAY) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
