#!/usr/bin/env python3
"""Benchmark of a full reminder pass on province-scale data (bench/generate.py).

    python bench/generate.py --database-url sqlite:////tmp/province.db --today 2026-03-10
    python bench/bench_reminders.py --database-url sqlite:////tmp/province.db --today 2026-03-10

Each phase runs in a fresh process, so its peak memory is its own:
  dry     deciding what is due and building every digest, nothing claimed or sent;
  send    the real pass: claim, send to a local SMTP server (aiosmtpd's Sink, a process of its own), mark;
  again   a second pass the same day (sends nothing).
The ledger and the outbox are emptied first, so "send" is the heaviest pass there is: the first one, when
every overdue item is due. Reported: wall time, the deciding part, emails per second, peak RSS.
The database is VACUUM ANALYZEd before each phase, as autovacuum would do after the ledger changed.
"""
import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def phase(opts) -> dict:
    """Run one phase in this process and return its figures."""
    import sqlalchemy as sa

    from tracker import create_app
    from tracker.extensions import db
    from tracker.reminders.run import run_pass

    config = {"SQLALCHEMY_DATABASE_URI": opts.database_url, "OFFICE_EMAIL": opts.office_email,
              "BASE_URL": "https://dondoc.example.vn", "MAIL_SERVER": "127.0.0.1" if opts.smtp_port else None,
              "MAIL_PORT": opts.smtp_port or 25, "SECRET_KEY": "bench"}
    app = create_app(config)
    with app.app_context():
        tasks = db.session.scalar(sa.text("SELECT count(*) FROM task"))
        db.session.rollback()
        before = rss_mb()
        started = time.perf_counter()
        summary = run_pass(opts.today, dry_run=opts.phase == "dry")
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"phase": opts.phase, "tasks": tasks, "seconds": round(seconds, 2),
            "decide_seconds": round(summary.decide_seconds, 2), "messages": summary.messages,
            "items": summary.items, "sent": summary.sent_messages, "failed": summary.failed_messages,
            "emails_per_second": round(summary.sent_messages / seconds, 1) if summary.sent_messages else 0,
            "rss_before_mb": round(before, 1), "peak_rss_mb": round(peak, 1),
            "dialect": opts.database_url.split(":")[0]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_ledger(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in ("reminder", "outbox_message", "job_run"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    engine.dispose()


def analyze(url: str) -> None:
    """What autovacuum does (this bench server may run without it): dead rows gone, fresh statistics."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--today", type=date.fromisoformat, required=True, help="YYYY-MM-DD, as given to generate.py")
    ap.add_argument("--office-email", default="vanphong@province.example.vn",
                    help="the office's mailbox, so the office digest is part of the pass")
    ap.add_argument("--phase", choices=["dry", "send", "again"], help=argparse.SUPPRESS)
    ap.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.phase:
        print(json.dumps(phase(opts)))
        return

    empty_ledger(opts.database_url)
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):  # wait until the sink answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rows = []
        for name in ("dry", "send", "again"):
            analyze(opts.database_url)
            args = [sys.executable, __file__, "--database-url", opts.database_url, "--today", opts.today.isoformat(),
                    "--office-email", opts.office_email, "--phase", name, "--smtp-port", str(port)]
            out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
            if out.returncode:
                sys.exit(out.stderr)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        sink.terminate()
        sink.wait()
    print(f"{rows[0]['dialect']}, {rows[0]['tasks']:,} tasks, {opts.today:%d/%m/%Y}")
    print(f"{'phase':<6} {'time s':>7} {'decide s':>9} {'messages':>9} {'items':>8} {'sent':>6} {'failed':>6} "
          f"{'emails/s':>9} {'RSS before':>11} {'peak RSS':>9}")
    for r in rows:
        print(f"{r['phase']:<6} {r['seconds']:>7} {r['decide_seconds']:>9} {r['messages']:>9,} {r['items']:>8,} "
              f"{r['sent']:>6,} {r['failed']:>6} {r['emails_per_second']:>9} {r['rss_before_mb']:>9} MB "
              f"{r['peak_rss_mb']:>6} MB")


if __name__ == "__main__":
    main()
