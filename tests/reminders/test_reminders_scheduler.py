"""The scheduler: its jobs and triggers, a missed run made up once after a restart, never in web workers."""
import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from reminders.conftest import TODAY
from tracker import ROOT, clock
from tracker.extensions import db
from tracker.models import JobRun
from tracker.reminders.scheduler import build_scheduler, make_up_missed, previous_fire, run_job

AT = time(7, 30)


def vn(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=clock.TZ)


def test_previous_fire():
    tuesday = TODAY
    assert previous_fire("daily", vn(tuesday, 10), AT) == vn(tuesday, 7, 30)
    assert previous_fire("daily", vn(tuesday, 7, 30), AT) == vn(tuesday, 7, 30)
    assert previous_fire("daily", vn(tuesday, 7, 29), AT) == vn(tuesday - timedelta(days=1), 7, 30)
    monday = tuesday - timedelta(days=1)
    assert previous_fire("weekly", vn(tuesday, 10), AT) == vn(monday, 7, 30)
    assert previous_fire("weekly", vn(monday, 7), AT) == vn(monday - timedelta(days=7), 7, 30)


def test_jobs_and_triggers(app):
    scheduler = build_scheduler(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"daily", "meetings", "weekly"}
    now = vn(TODAY, 10)  # Tuesday
    assert jobs["daily"].trigger.get_next_fire_time(None, now) == vn(TODAY + timedelta(days=1), 7, 30)
    assert jobs["weekly"].trigger.get_next_fire_time(None, now) == vn(TODAY + timedelta(days=6), 7, 30)  # Monday
    assert str(jobs["daily"].trigger.timezone) == "Asia/Ho_Chi_Minh"
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1 and job.misfire_grace_time >= 20 * 3600
    assert jobs["weekly"].misfire_grace_time >= 5 * 24 * 3600


def _mark_run(job, when):
    db.session.add(JobRun(job=job, scheduled_for=when, started_at=when, finished_at=when, summary="ok"))
    db.session.commit()


def test_missed_daily_run_is_made_up_once_after_a_restart(world, smtp, frozen_clock):
    # the process ran until Monday evening and comes back on Tuesday at 10:00, after the 07:30 run
    _mark_run("daily", vn(TODAY - timedelta(days=1), 7, 30))
    _mark_run("meetings", vn(TODAY, 7, 30))
    _mark_run("weekly", vn(TODAY - timedelta(days=1), 7, 30))
    frozen_clock(vn(TODAY, 10))
    assert make_up_missed() == ["daily"]
    assert len(smtp.received) == 3
    run = db.session.scalar(sa.select(JobRun).where(JobRun.job == "daily", JobRun.scheduled_for == vn(TODAY, 7, 30)))
    assert run.finished_at is not None and "đã gửi: 3 thư (9 mục)" in run.summary
    # restarted again at 11:00: nothing to make up, nothing sent
    frozen_clock(vn(TODAY, 11))
    assert make_up_missed() == []
    assert len(smtp.received) == 3


def test_a_fire_about_to_come_is_not_made_up(world, smtp, frozen_clock):
    frozen_clock(vn(TODAY, 7, 10))  # yesterday's 07:30 is 23 h 40 min ago; today's is 20 minutes away
    assert "daily" not in make_up_missed()


def test_a_second_scheduler_skips_a_run_already_started(world, smtp, frozen_clock):
    frozen_clock(vn(TODAY, 7, 30))
    assert run_job("daily") is not None
    assert run_job("daily") is None  # another host, same fire
    assert len(smtp.received) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == 1


def test_a_failing_job_is_recorded_and_the_scheduler_goes_on(world, ctx, frozen_clock, monkeypatch):
    from tracker.reminders import jobs

    def broken(today):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(jobs.JOBS, "daily", broken)
    frozen_clock(vn(TODAY, 7, 30))
    assert run_job("daily") == "Lỗi: RuntimeError: hỏng"
    assert db.session.scalar(sa.select(JobRun.summary)) == "Lỗi: RuntimeError: hỏng"


def _lines(proc):
    lines = queue.Queue()

    def read():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for(lines, prefix, seen, timeout=60):
    while True:
        line = lines.get(timeout=timeout)
        assert line is not None, "".join(seen)
        seen.append(line)
        if line.startswith(prefix):
            return line


def test_scheduler_process_makes_up_the_missed_run_once(world, smtp, ctx, tmp_path):
    """`flask tracker scheduler` as its own process, on the real clock: the daily fire two hours ago was
    missed (the process was down), so it runs once at start; a restart does not run it again."""
    now = datetime.now(clock.TZ)
    at = (now - timedelta(hours=2)).strftime("%H:%M")
    env = dict(os.environ, FLASK_APP="tracker", TRACKER_DATABASE_URL=ctx.config["SQLALCHEMY_DATABASE_URI"],
               TRACKER_INSTANCE_PATH=str(tmp_path), TRACKER_MAIL_SERVER="127.0.0.1", TRACKER_MAIL_PORT=str(smtp.port),
               TRACKER_REMIND_AT=at, TRACKER_SECRET_KEY="x")
    command = [sys.executable, "-m", "flask", "tracker", "scheduler"]
    for attempt in (1, 2):
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        seen = []
        try:
            lines = _lines(proc)
            made = _wait_for(lines, "Đã chạy bù:", seen)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        if attempt == 1:
            assert "daily" in made, "".join(seen)
            received = len(smtp.received)
            assert received >= 3  # the world's digests, on whatever day the real clock says
        else:
            assert made.strip() == "Đã chạy bù: không có", "".join(seen)
            assert len(smtp.received) == received
        assert proc.returncode == 0, "".join(seen)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun).where(JobRun.job == "daily")) == 1


def test_web_workers_never_start_the_scheduler(tmp_path):
    script = ("import sys, threading, wsgi\n"
              "print('apscheduler.schedulers' in sys.modules, threading.active_count())\n")
    env = dict(os.environ, TRACKER_INSTANCE_PATH=str(tmp_path), TRACKER_SECRET_KEY="x")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "1"]
