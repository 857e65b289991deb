#!/usr/bin/env python3
"""Benchmark of the reminder passes on province-scale data (bench/generate.py).

    python bench/generate.py --database-url sqlite:////tmp/province.db --today 2026-11-23
    python bench/bench_reminders.py --database-url sqlite:////tmp/province.db --today 2026-11-23

The ledger and the outbox are emptied first. Then, each phase in a fresh process (so its peak memory is
its own), with a local SMTP sink (aiosmtpd, a process of its own, counting connections and messages, and saying
PIPELINING as Postfix does):
  first   the first pass on D: every overdue item is due — the heaviest pass there is;
  again   a second pass the same day: nothing to send, only deciding;
  D+1 … D+7  the normal days after it (D+7 is the next round-up weekday when D is one).
With --dry, a dry run on D (deciding and building every digest, nothing claimed or sent) comes first.
Reported per phase: wall and CPU seconds, the deciding part, peak RSS and the anonymous memory at the end,
emails, items, SMTP connections, and the machine's load average when the phase began (timings on a shared
machine follow it); then the emails per unit over D+1 … D+7, for the units whose open work was all overdue on D
and for all. With --runs N the whole sequence runs N times (the ledger emptied before each) and the median of
each figure is printed.
The database is VACUUM ANALYZEd before the first three phases, as autovacuum would do after the ledger changed.
"""
import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SINK = """
import sys, time
from aiosmtpd.controller import Controller

class Counter:
    def __init__(self):
        self.connections, self.messages = 0, 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1  # one EHLO a connection (an id() of its session may be reused: it undercounted)
        session.host_name = hostname  # PIPELINING, as Postfix and most servers say
        return responses[:-1] + ["250-PIPELINING"] + responses[-1:]

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        # The counts are written when a connection ends (every pass ends its own), not a file per message: the
        # sink's work then is a mail server's, not the bench's.
        with open(sys.argv[2], "w") as handle:
            handle.write(f"{self.connections} {self.messages}")
        return "221 Bye"

controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
"""


def phase(opts) -> dict:
    """Run one pass in this process and return its figures."""
    import sqlalchemy as sa

    from tracker import create_app, map_sqlite_files
    from tracker.extensions import db
    from tracker.reminders.run import run_pass

    map_sqlite_files(0)  # as the scheduler process and `flask tracker remind` do

    config = {"SQLALCHEMY_DATABASE_URI": opts.database_url, "OFFICE_EMAIL": opts.office_email,
              "BASE_URL": "https://dondoc.example.vn", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": opts.smtp_port,
              "SECRET_KEY": "bench"}
    app = create_app(config)
    with app.app_context():
        tasks = db.session.scalar(sa.text("SELECT count(*) FROM task"))
        db.session.rollback()
        started, cpu = time.perf_counter(), time.process_time()
        summary = run_pass(opts.day, dry_run=opts.phase == "dry")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The anonymous memory at the end is the process's own (Python rarely gives it back); the peak RSS adds the
    # pages of files mapped in memory.
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    anon = int(status["RssAnon"].split()[0]) / 1024
    return {"phase": opts.phase, "tasks": tasks, "seconds": round(seconds, 2), "cpu": round(cpu, 2),
            "decide_seconds": round(summary.decide_seconds, 2), "messages": summary.messages,
            "items": summary.items, "sent": summary.sent_messages, "failed": summary.failed_messages,
            "peak_rss_mb": round(peak, 1), "anon_mb": round(anon, 1),
            "dialect": opts.database_url.split(":")[0].split("+")[0]}


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"no free port in {first}-{last}")


def engine(url: str, **kw):
    import sqlalchemy as sa

    return sa.create_engine(url, **kw)


def empty_ledger(url: str) -> None:
    import sqlalchemy as sa

    eng = engine(url)
    with eng.begin() as conn:
        for table in ("reminder", "outbox_message", "job_run"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    eng.dispose()


def analyze(url: str) -> None:
    """What autovacuum does (this bench server may run without it): dead rows gone, fresh statistics."""
    import sqlalchemy as sa

    eng = engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    eng.dispose()


def emails_per_unit(url: str, day: date) -> dict:
    """Unit digests sent on D+1 … D+7 per unit: for the units with only overdue work that week (overdue work,
    and no open deadline from D to D+14, so nothing of theirs reaches an offset or falls overdue), and all."""
    import sqlalchemy as sa

    overdue_only = sa.text("""
        SELECT a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.state = 'open' AND a.declined_at IS NULL AND t.deadline_on IS NOT NULL
        GROUP BY a.unit_id
        HAVING max(CASE WHEN COALESCE(a.extended_deadline_on, t.deadline_on) < :day THEN 1 ELSE 0 END) = 1
           AND max(CASE WHEN COALESCE(a.extended_deadline_on, t.deadline_on) BETWEEN :day AND :until
                   THEN 1 ELSE 0 END) = 0""")
    sent = sa.text("""SELECT unit_id, count(*) FROM outbox_message
                      WHERE kind = 'unit' AND status = 'sent' AND run_on > :day AND run_on <= :last
                      GROUP BY unit_id""")
    eng = engine(url)
    with eng.connect() as conn:
        units = {u for (u,) in conn.execute(overdue_only, {"day": day, "until": day + timedelta(days=14)})}
        active = conn.scalar(sa.text("SELECT count(*) FROM unit WHERE is_active"))
        counts = dict(conn.execute(sent, {"day": day, "last": day + timedelta(days=7)}).all())
    eng.dispose()
    return {"overdue_only_units": len(units),
            "overdue_only_per_week": round(sum(counts.get(u, 0) for u in units) / max(len(units), 1), 2),
            "all_units": active, "all_per_week": round(sum(counts.values()) / max(active, 1), 2)}


def sink_counts(path: str) -> tuple[int, int]:
    try:
        with open(path) as handle:
            sessions, messages = handle.read().split()
        return int(sessions), int(messages)
    except (OSError, ValueError):
        return 0, 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--today", type=date.fromisoformat, required=True, help="YYYY-MM-DD, as given to generate.py")
    ap.add_argument("--office-email", default="vanphong@province.example.vn",
                    help="the office's mailbox, so the office digest is part of the pass")
    ap.add_argument("--days", type=int, default=7, help="normal days after the first pass (default 7)")
    ap.add_argument("--dry", action="store_true", help="a dry run on D first")
    ap.add_argument("--ports", default="8600-8699", help="where the SMTP sink may listen (default 8600-8699)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--runs", type=int, default=1, help="run the whole sequence N times; print medians (default 1)")
    ap.add_argument("--week-only", action="store_true", help="only count the emails per unit of the last run")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--day", type=date.fromisoformat, help=argparse.SUPPRESS)
    ap.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.phase:
        print(json.dumps(phase(opts)))
        return

    if opts.week_only:
        print(json.dumps(emails_per_unit(opts.database_url, opts.today)))
        return
    first, last = (int(p) for p in opts.ports.split("-"))
    port = free_port(first, last)
    counts = f"/tmp/bench_reminders_sink_{os.getpid()}"
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port), counts], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    phases = ([("dry", opts.today)] if opts.dry else []) + [("first", opts.today), ("again", opts.today)] + [
        (f"D+{n}", opts.today + timedelta(days=n)) for n in range(1, opts.days + 1)]
    runs = []
    try:
        sink.stdout.readline()
        for _ in range(opts.runs):
            empty_ledger(opts.database_url)
            runs.append(run_phases(opts, phases, port, counts))
    finally:
        sink.terminate()
        sink.wait()
        if os.path.exists(counts):
            os.remove(counts)
    rows = [median_row([run[n] for run in runs]) for n in range(len(phases))]
    print_table(opts, rows, emails_per_unit(opts.database_url, opts.today), len(runs))
    if opts.json:
        with open(opts.json, "w") as handle:
            json.dump({"phases": rows, "runs": runs, "week": emails_per_unit(opts.database_url, opts.today)},
                      handle, indent=1)


def median_row(rows: list[dict]) -> dict:
    """Each numeric figure's median over the runs (the middle one of three)."""
    out = dict(rows[0])
    for key, value in rows[0].items():
        if isinstance(value, (int, float)):
            values = sorted(r[key] for r in rows)
            out[key] = values[len(values) // 2]
    return out


def run_phases(opts, phases, port: int, counts: str) -> list[dict]:
    rows = []
    for n, (name, day) in enumerate(phases):
        if n < 3:
            analyze(opts.database_url)
        before = sink_counts(counts)
        load = os.getloadavg()[0]
        args = [sys.executable, __file__, "--database-url", opts.database_url, "--today", opts.today.isoformat(),
                "--office-email", opts.office_email, "--phase", name, "--day", day.isoformat(),
                "--smtp-port", str(port)]
        out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            sys.exit(out.stderr)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        after = sink_counts(counts)
        row.update(day=day.isoformat(), connections=after[0] - before[0], emails=after[1] - before[1],
                   load=round(load, 1))
        rows.append(row)
    return rows


def print_table(opts, rows: list[dict], week: dict, runs: int) -> None:
    print(f"{rows[0]['dialect']}, {rows[0]['tasks']:,} tasks, D = {opts.today:%a %d/%m/%Y}"
          + (f", median of {runs} runs" if runs > 1 else ""))
    print(f"{'phase':<6} {'day':<10} {'wall s':>7} {'CPU s':>6} {'decide s':>9} {'peak MB':>8} {'anon MB':>8} "
          f"{'emails':>7} {'items':>8} {'failed':>6} {'SMTP conn':>9} {'load':>5}")
    for r in rows:
        print(f"{r['phase']:<6} {r['day']:<10} {r['seconds']:>7} {r['cpu']:>6} {r['decide_seconds']:>9} "
              f"{r['peak_rss_mb']:>8} {r['anon_mb']:>8} {r['emails']:>7,} {r['items']:>8,} {r['failed']:>6} "
              f"{r['connections']:>9} {r['load']:>5}")
    print(f"emails per unit on D+1 … D+{opts.days}: {week['overdue_only_per_week']} for the "
          f"{week['overdue_only_units']:,} units with only overdue work, {week['all_per_week']} for all "
          f"{week['all_units']:,} units")


if __name__ == "__main__":
    main()
