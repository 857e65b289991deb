"""The scheduler process, `flask tracker scheduler`: APScheduler 3 in Asia/Ho_Chi_Minh, never inside the web
workers (under gunicorn every worker would start its own).

Jobs, all at TRACKER_REMIND_AT: the daily reminder pass, the meeting lists (daily: any meeting within
TRACKER_MEETING_LEAD_DAYS), and on Mondays the leaders' weekly summary. Each fire is claimed as a
`JobRun` row (job, scheduled time) before it runs, so a second scheduler on another host skips it, and a
fire missed while the process was down is made up once when it starts again (then never repeated).
While the process runs, APScheduler's coalesce and misfire grace time cover fires that come late.
"""
import logging
import signal
from datetime import datetime, time, timedelta
from typing import Optional

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask, current_app

from tracker import clock
from tracker.extensions import db
from tracker.models import JobRun
from tracker.reminders import jobs
from tracker.reminders.ledger import claim_token, dialect_insert

log = logging.getLogger(__name__)

#: How late a fire may run (in process, or made up at start). Generous, short of the next fire.
GRACE = {"daily": timedelta(hours=23), "meetings": timedelta(hours=23), "weekly": timedelta(days=6)}
ORDER = ("daily", "meetings", "weekly")


def remind_at(config) -> time:
    """TRACKER_REMIND_AT ("07:30") as a time; a clear error when it is not one."""
    value = str(config.get("REMIND_AT") or "07:30").strip()
    try:
        hours, minutes = (int(part) for part in value.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"TRACKER_REMIND_AT không hợp lệ: {value!r} (cần dạng GG:PP, ví dụ 07:30).") from None


def trigger(name: str, at: time) -> CronTrigger:
    if name == "weekly":
        return CronTrigger(day_of_week="mon", hour=at.hour, minute=at.minute, timezone=clock.TZ)
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=clock.TZ)


def previous_fire(name: str, now: datetime, at: time) -> datetime:
    """The job's latest scheduled time at or before `now`."""
    day = now.astimezone(clock.TZ).date()
    if name == "weekly":
        day -= timedelta(days=day.weekday())
    fire = datetime.combine(day, at, tzinfo=clock.TZ)
    if fire > now:
        fire -= timedelta(days=7 if name == "weekly" else 1)
    return fire


def _claim_run(name: str, scheduled_for: datetime) -> Optional[int]:
    """The JobRun row for this fire, if this process is the first to start it."""
    host = claim_token()
    db.session.execute(dialect_insert(JobRun).on_conflict_do_nothing(index_elements=["job", "scheduled_for"]),
                       [{"job": name, "scheduled_for": scheduled_for, "started_at": clock.now(), "host": host}])
    db.session.commit()
    return db.session.scalar(sa.select(JobRun.id).where(
        JobRun.job == name, JobRun.scheduled_for == scheduled_for, JobRun.host == host))


def run_job(name: str, scheduled_for: Optional[datetime] = None) -> Optional[str]:
    """Run one fire of a job (in an app context), unless another process already did. Returns its summary."""
    at = remind_at(current_app.config)
    scheduled_for = scheduled_for or previous_fire(name, clock.now(), at)
    run_id = _claim_run(name, scheduled_for)
    if run_id is None:
        log.info("%s of %s: already run by another process", name, scheduled_for)
        return None
    try:
        summary = jobs.JOBS[name](clock.today())
    except Exception as error:  # noqa: BLE001 - the scheduler must keep going; the next fire retries
        db.session.rollback()
        log.exception("%s failed", name)
        summary = f"Lỗi: {type(error).__name__}: {error}"
    run = db.session.get(JobRun, run_id)
    run.finished_at, run.summary = clock.now(), summary[:4000]
    db.session.commit()
    log.info("%s of %s done:\n%s", name, scheduled_for, summary)
    return summary


def make_up_missed(now: Optional[datetime] = None) -> list[str]:
    """On start: run once each job whose latest fire (within its grace time) has no run yet."""
    now = now or clock.now()
    at = remind_at(current_app.config)
    made = []
    for name in ORDER:
        fire = previous_fire(name, now, at)
        if now - fire > GRACE[name]:
            continue
        if db.session.scalar(sa.select(JobRun.id).where(JobRun.job == name, JobRun.scheduled_for == fire)) is None:
            log.info("making up %s of %s", name, fire)
            if run_job(name, fire) is not None:
                made.append(name)
    return made


def _fire(app: Flask, name: str) -> None:
    with app.app_context():
        try:
            run_job(name)
        finally:
            db.session.remove()


def build_scheduler(app: Flask) -> BlockingScheduler:
    """The jobs run one after another (one worker thread), each within its grace time, late fires coalesced."""
    at = remind_at(app.config)
    scheduler = BlockingScheduler(timezone=clock.TZ, executors={"default": ThreadPoolExecutor(1)})
    for name in ORDER:
        scheduler.add_job(_fire, trigger(name, at), args=[app, name], id=name, name=name, coalesce=True,
                          max_instances=1, misfire_grace_time=int(GRACE[name].total_seconds()))
    return scheduler


def serve(app: Flask, echo=lambda text: print(text, flush=True)) -> None:
    """Make up what was missed, then run until SIGTERM/SIGINT (a pass under way is finished first)."""
    scheduler = build_scheduler(app)
    state = {"making_up": True, "stop": False}

    def stop(signum, _frame):
        log.info("signal %s: stopping the scheduler", signum)
        if scheduler.running:
            scheduler.shutdown(wait=False)
        elif state["making_up"]:
            state["stop"] = True  # let the make-up pass finish, then leave
        else:
            raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with app.app_context():
        at = remind_at(app.config)
        echo(f"Bộ lập lịch nhắc việc: hằng ngày lúc {at:%H:%M} (giờ Việt Nam), tổng hợp tuần vào thứ Hai.")
        made = make_up_missed()
        echo("Đã chạy bù: " + (", ".join(made) if made else "không có"))
        db.session.remove()
    state["making_up"] = False
    if not state["stop"]:
        scheduler.start()
