"""Exactly once: a second pass, an SMTP outage, a refused message, a dead pass, two processes at once."""
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from reminders.conftest import TODAY
from tracker import ROOT, clock
from tracker.extensions import db
from tracker.models import OutboxMessage, OutboxStatus, Reminder
from tracker.reminders import ledger
from tracker.reminders.run import run_pass

KIMSON = "kimson@tracu.example.vn"
NOIVU = "noivu@tracu.example.vn"


def delivered(smtp) -> Counter:
    """(recipient, assignment, kind) → how many times it arrived."""
    seen = Counter()
    for message in smtp.received:
        for rows in message.sections().values():
            for row in rows:
                for rcpt in message.rcpt_tos:
                    seen[(rcpt, row["assignment"], row["kind"])] += 1
    return seen


def test_second_pass_on_the_same_day_sends_nothing(world, smtp):
    first = run_pass(TODAY)
    assert first.sent_messages == 3 and first.sent_items == 9
    second = run_pass(TODAY)
    assert second.messages == 0 and second.sent_messages == 0 and second.ok
    assert len(smtp.received) == 3
    assert max(delivered(smtp).values()) == 1
    rows = db.session.scalars(sa.select(Reminder)).all()
    assert len(rows) == 9 and all(r.sent_at is not None and r.attempts == 1 and r.message_id for r in rows)


def test_one_smtp_connection_per_batch(world, smtp):
    run_pass(TODAY)
    units = [r for r in smtp.received if r.rcpt_tos[0] != "vanphong@tracu.example.vn"]
    assert len(units) == 2 and len({r.session for r in units}) == 1


def test_smtp_down_marks_nothing_and_the_next_pass_sends_everything_once(world, smtp_down, ctx):
    result = ctx.test_cli_runner().invoke(args=["tracker", "remind", "--today", "2026-03-10"])
    assert result.exit_code == 1
    assert "đã gửi: 0 thư (0 mục) · lỗi: 3 thư (9 mục)" in result.output and "ConnectionRefusedError" in result.output
    rows = db.session.scalars(sa.select(Reminder)).all()
    assert len(rows) == 9
    assert all(r.sent_at is None and r.claimed_at is None and r.attempts == 1 and r.last_error for r in rows)
    failed = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(failed) == 3 and {m.status for m in failed} == {OutboxStatus.FAILED}


def test_retry_after_the_outage(world, smtp_down, ctx, request):
    assert not run_pass(TODAY).ok
    smtp = request.getfixturevalue("smtp")  # the server is back (the fixture points the app at it)
    again = run_pass(TODAY)
    assert again.ok and again.sent_messages == 3 and again.sent_items == 9
    third = run_pass(TODAY)
    assert third.messages == 0
    counts = delivered(smtp)
    assert len(counts) == 6 * 2 + 1 + 2 and max(counts.values()) == 1  # Kim Sơn (two addresses), Nội vụ, office
    rows = db.session.scalars(sa.select(Reminder)).all()
    assert all(r.sent_at is not None and r.attempts == 2 and r.last_error is None for r in rows)


def test_a_refused_message_is_retried_alone(world, smtp):
    smtp.refuse = lambda envelope: "451 4.3.0 Mailbox busy, try later" if NOIVU in envelope.rcpt_tos else None
    first = run_pass(TODAY)
    assert first.sent_messages == 2 and first.failed_messages == 1 and first.failed_items == 1
    assert "451" in first.errors[0]
    assert len(smtp.to(KIMSON)) == 1 and not smtp.to(NOIVU)
    smtp.refuse = None
    second = run_pass(TODAY)
    assert second.sent_messages == 1 and second.sent_items == 1
    assert len(smtp.to(NOIVU)) == 1 and len(smtp.to(KIMSON)) == 1
    statuses = Counter(db.session.scalars(sa.select(OutboxMessage.status)))
    assert statuses == {OutboxStatus.SENT: 3, OutboxStatus.FAILED: 1}


def _claimed_by_another_pass(assignment_id, kind, due_on, claimed_at, host):
    """A ledger row in a message another pass is sending (or died sending) since `claimed_at`."""
    message = OutboxMessage(kind="unit", run_on=TODAY, subject="…", recipients=KIMSON, status=OutboxStatus.SENDING,
                            claimed_at=claimed_at, claimed_by=host, attempts=0)
    db.session.add(message)
    db.session.flush()
    db.session.add(Reminder(assignment_id=assignment_id, kind=kind, due_on=due_on, message_id=message.id))
    return message


def test_a_claim_in_progress_is_left_alone_and_a_stale_one_is_taken(world, smtp):
    """Claims are dated and judged by the database's clock (issue #15), not the frozen one of the test."""
    t = world.tasks
    now = ledger.db_now()
    soon3, soon5 = t.soon3.leads[0].id, t.soon5.leads[0].id
    busy = _claimed_by_another_pass(soon3, "before_3", t.soon3.deadline_on - timedelta(days=3),
                                    now - timedelta(minutes=2), "autre-hote:4242:abc")
    dead = _claimed_by_another_pass(soon5, "before_7", t.soon5.deadline_on - timedelta(days=7),
                                    now - timedelta(hours=2), "hote-mort:1:def")
    db.session.commit()
    run_pass(TODAY)
    kinds = {(row["assignment"], row["kind"]) for rows in smtp.one_to(KIMSON).sections().values() for row in rows}
    assert (soon3, "before_3") not in kinds  # another pass is sending it right now
    assert (soon5, "before_7") in kinds      # its pass died two hours ago
    db.session.expire_all()
    assert busy.status == OutboxStatus.SENDING  # left alone
    assert dead.status == OutboxStatus.FAILED and "gián đoạn" in dead.error  # never stays "sending"


def test_the_next_days_bring_only_what_is_new(world, smtp):
    t = world.tasks
    run_pass(TODAY)

    def kinds_of_latest():
        latest = smtp.to(KIMSON)[-1]
        return {(row["assignment"], row["kind"]) for rows in latest.sections().values() for row in rows}

    clock.freeze(TODAY + timedelta(days=1))  # 11/03: "today" (Kim Sơn supports) has become overdue
    run_pass(TODAY + timedelta(days=1))
    assert len(smtp.to(KIMSON)) == 2
    assert kinds_of_latest() == {(t.today.supports[0].id, "overdue")}
    clock.freeze(TODAY + timedelta(days=2))  # 12/03: soon3 is due tomorrow, soon5 in three days
    run_pass(TODAY + timedelta(days=2))
    assert kinds_of_latest() == {(t.soon3.leads[0].id, "before_1"), (t.soon5.leads[0].id, "before_3")}
    clock.freeze(TODAY + timedelta(days=6))  # Monday 16/03, after three days without a pass: what fell due
    run_pass(TODAY + timedelta(days=6))         # since, once; and the weekly round-up of what was overdue before
    assert kinds_of_latest() == {
        (t.soon3.leads[0].id, "overdue"),  # deadline 13/03: first overdue day 14/03, made up
        (t.soon5.leads[0].id, "overdue"),  # deadline 15/03: first overdue day today
        (t.later.leads[0].id, "before_7"),  # deadline 20/03: its 7-day reminder fell due 13/03
        # the round-up (issue #11: not each item every seven days from its own deadline, but all together)
        (t.late1.leads[0].id, "repeat_overdue"), (t.late3.leads[0].id, "repeat_overdue"),
        (t.today.supports[0].id, "repeat_overdue"), (t.monthly.leads[0].id, "repeat_report"),
    }
    clock.freeze(TODAY + timedelta(days=7))  # Tuesday 17/03: the round-up went yesterday; only what is new
    assert run_pass(TODAY + timedelta(days=7)).messages == 1
    assert kinds_of_latest() == {(t.later.leads[0].id, "before_3")}


# --- two processes at once, on PostgreSQL ---------------------------------------------------------------

@pytest.fixture
def crowd(ctx, make_unit, make_directive, make_task, frozen_clock):
    """40 units, each with four reminders due on TODAY (one overdue, so the office gets 40 items too)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("two schedulers on two hosts share a PostgreSQL database")
    frozen_clock(TODAY)
    directive = make_directive(issued_on=date(2026, 1, 5))
    for n in range(40):
        unit = make_unit(f"Xã Số {n + 1}", email=f"xa{n + 1}@example.vn")
        for days in (-1, 0, 3, 7):
            make_task(unit, directive=directive, text=f"Việc {days} của xã {n + 1}", deadline_on=TODAY + timedelta(days=days))
    db.session.commit()
    return 40 * 4 + 40


def _env(ctx, smtp, tmp_path):
    env = dict(os.environ, FLASK_APP="tracker", TRACKER_DATABASE_URL=ctx.config["SQLALCHEMY_DATABASE_URI"],
               TRACKER_INSTANCE_PATH=str(tmp_path), TRACKER_MAIL_SERVER="127.0.0.1", TRACKER_MAIL_PORT=str(smtp.port),
               TRACKER_BASE_URL="https://dondoc.example.vn", TRACKER_OFFICE_EMAIL="vanphong@example.vn",
               TRACKER_SECRET_KEY="x")
    return env


def _run_together(commands, env):
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for cmd in commands]
    outputs = [p.communicate(timeout=180)[0] for p in procs]
    return [p.returncode for p in procs], outputs


def _assert_each_item_once(smtp, expected_items):
    counts = delivered(smtp)
    assert max(counts.values()) == 1, [k for k, v in counts.items() if v > 1][:5]
    assert len(counts) == expected_items
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(Reminder.sent_at.is_not(None))) \
        == expected_items


def test_two_cli_passes_at_once_send_each_item_once(crowd, smtp, ctx, tmp_path):
    command = [sys.executable, "-m", "flask", "tracker", "remind", "--today", "2026-03-10"]
    codes, outputs = _run_together([command, command], _env(ctx, smtp, tmp_path))
    assert codes == [0, 0], outputs
    _assert_each_item_once(smtp, crowd)
    sent = sorted(int(o.split("đã gửi: ")[1].split(" thư")[0]) for o in outputs)
    assert sent[0] + sent[1] == 41  # 40 unit digests and the office's, between the two passes


def test_two_passes_without_the_lock_still_send_each_item_once(crowd, smtp, ctx, tmp_path):
    """The ledger alone (no advisory lock): both passes race for the same keys."""
    script = ("from datetime import date\nfrom tracker import create_app\nfrom tracker.reminders.run import run_pass\n"
              "app = create_app()\nwith app.app_context():\n"
              "    print(run_pass(date(2026, 3, 10), lock=False).text())\n")
    command = [sys.executable, "-c", script]
    codes, outputs = _run_together([command, command], _env(ctx, smtp, tmp_path))
    assert codes == [0, 0], outputs
    _assert_each_item_once(smtp, crowd)
