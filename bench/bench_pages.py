#!/usr/bin/env python3
"""Time the everyday pages on a province-scale database (make one with bench/generate.py).

    python bench/bench_pages.py --database-url sqlite:////tmp/province.db [--today 2026-11-23] [--repeat 3]

Signs in as an office user, a leader and a commune's user (created on first use, named bench-*), and
prints the median time of each page, through the app as a browser would call it, and the median CPU time of
this process (on a shared machine a steadier figure than the wall time).
"""
import argparse
import os
import statistics
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

PAGES = ("/", "/tasks/", "/tasks/?status=overdue", "/tasks/?page=500", "/directives/", "/api/tasks?per_page=50",
         "/notifications", "/reports/overdue", "/dashboard/")
PASSWORD = "bench-password"
USERS = {"bench-office": "office", "bench-leader": "leader", "bench-unit": "unit"}


def ensure_users(db, models):
    unit_id = db.session.scalar(sa.select(models.Unit.id).where(models.Unit.kind == "commune").limit(1))
    for username, role in USERS.items():
        role = models.Role(role)
        user = db.session.scalar(sa.select(models.User).where(models.User.username == username))
        if user is None:
            user = models.User(username=username, full_name=username, role=role,
                               unit_id=unit_id if role == models.Role.UNIT else None)
            db.session.add(user)
        user.set_password(PASSWORD)
    db.session.commit()


def warn_if_never_vacuumed(db):
    """Index-only scans need PostgreSQL's visibility map, which VACUUM sets (autovacuum in production; it
    may be off on a benchmark server, and a copy made with createdb -T keeps the template's state)."""
    if db.engine.dialect.name != "postgresql":
        return
    rows = db.session.execute(sa.text(
        "SELECT relname, relallvisible, relpages FROM pg_class WHERE relname IN ('task', 'assignment')")).all()
    stale = [name for name, visible, pages in rows if pages and visible < pages / 2]
    if stale:
        print(f"note: {', '.join(stale)} mostly not all-visible: counts read the table, not the index alone; "
              "run VACUUM ANALYZE for figures as autovacuum would give", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    from tracker import clock, create_app, models
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": opts.database_url, "WTF_CSRF_ENABLED": False})
    clock.freeze(opts.today)
    with app.app_context():
        ensure_users(db, models)
        warn_if_never_vacuumed(db)
    for username in USERS:
        client = app.test_client()
        client.post("/login", data={"username": username, "password": PASSWORD})
        for path in PAGES:
            times, cpu = [], []
            for _ in range(opts.repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                status = client.get(path).status_code
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            # CPU: this process's (the app's, and SQLite's, which runs in it; not PostgreSQL's server): on a
            # shared machine it moves far less with the load than the wall time does.
            print(f"{username:13} {path:28} {status} median {statistics.median(times) * 1000:7.0f} ms"
                  f"  cpu {statistics.median(cpu) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
