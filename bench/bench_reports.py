#!/usr/bin/env python3
"""Benchmark: the next-meeting overdue list and the leaders' dashboard against the plain SQL that answers
the same question on the same database, side by side, with the number of queries each page sends.

    python bench/generate.py --database-url sqlite:////tmp/province.db --today 2026-11-23
    python bench/bench_reports.py --database-url sqlite:////tmp/province.db --as-of 2026-11-23

The plain SQL is written by hand (DB-API cursor, no ORM): the overdue rule, the counts per unit, the
rows with the latest progress note (over the schema of migration 1110, as the app reads them), the per-unit
and per-month class counts (over the schema of migration 1200: the directive's date on the assignment).
The goal (issue #6): each page within 2x its plain SQL, and the same number of queries whatever the number of tasks.
A user "bench-leader" is added to the database the first time (pages need a login).
"""
import argparse
import os
import statistics
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402
from flask import g  # noqa: E402

#: The deadline that counts: the stored status input (migration 0700; before it, COALESCE(a.extended_deadline_on,
#: t.deadline_on) over the join).
DEADLINE = "a.due_on"
OVERDUE = (f"a.state IN ('open', 'reported_done') AND {DEADLINE} IS NOT NULL AND ("
           f"(a.state = 'reported_done' AND a.reported_done_on IS NOT NULL AND a.reported_done_on > {DEADLINE}) OR "
           f"(NOT (a.state = 'reported_done' AND a.reported_done_on IS NOT NULL) AND {DEADLINE} < :d))")
CLASS = (f"CASE WHEN a.state = 'done' THEN CASE WHEN {DEADLINE} IS NULL OR a.done_on <= {DEADLINE} "
         f"THEN 'done_on_time' ELSE 'done_late' END "
         f"WHEN {DEADLINE} IS NULL THEN 'ongoing' "
         f"WHEN a.state = 'reported_done' AND a.reported_done_on IS NOT NULL THEN "
         f"CASE WHEN a.reported_done_on > {DEADLINE} THEN 'overdue' ELSE 'in_progress' END "
         f"WHEN {DEADLINE} < :d THEN 'overdue' ELSE 'in_progress' END")
# "a.unit_id + 0": SQLite would otherwise walk all assignments along the (unit, state) index (see overdue.py).
LIST_COUNTS = (f"SELECT u.id, u.name, count(*) FROM assignment a "
               f"JOIN unit u ON u.id = a.unit_id + 0 WHERE a.role = 'lead' AND {OVERDUE} "
               f"GROUP BY u.id, u.name, u.sort_order ORDER BY u.sort_order, u.name")
#: Over the schema of migration 1110: the units in directory order, each unit's lead work not yet done from the
#: partial index (its WHERE repeated word for word), the latest note by its stored id.
LIST_ROWS = (f"SELECT u.id, u.name, a.state, a.extended_deadline_on, a.reported_done_on, a.due_on, t.id, t.text, "
             f"t.source_ref, t.deadline_on, d.id, d.number, d.issued_on, p.text, p.reported_on "
             f"FROM unit u JOIN assignment a ON a.unit_id = u.id JOIN task t ON t.id = a.task_id "
             f"JOIN directive d ON d.id = t.directive_id LEFT JOIN progress_report p ON p.id = a.latest_progress_id "
             f"WHERE a.role = 'lead' AND a.state NOT IN ('done', 'carried_over') AND {OVERDUE} "
             f"ORDER BY u.sort_order, u.name, u.id, a.due_on, d.issued_on, t.position, t.id {{limit}}")
#: Over the schema of migration 1200: the directive's date is on the assignment, so the counts need no join but
#: the units' (the partial index's WHERE, role = 'lead' AND issued_on IS NOT NULL, repeated word for word).
PERIOD = "a.issued_on >= :f AND a.issued_on <= :t"
SCORE = (f"SELECT u.id, u.name, s.cls, s.n FROM unit u JOIN ("
         f"SELECT a.unit_id, {CLASS} AS cls, count(*) AS n FROM assignment a "
         f"WHERE a.role = 'lead' AND a.issued_on IS NOT NULL AND {{period}} GROUP BY a.unit_id, cls) s "
         f"ON s.unit_id = u.id ORDER BY u.sort_order, u.name, u.id")
MONTH = {"sqlite": "strftime('%Y-%m', a.issued_on)", "postgresql": "to_char(a.issued_on, 'YYYY-MM')"}
TREND = (f"SELECT {{month}} AS m, {CLASS} AS cls, count(*) FROM assignment a "
         f"WHERE a.role = 'lead' AND a.issued_on IS NOT NULL AND {{period}} GROUP BY m, cls")


def side_by_side(ours, baseline, repeat):
    """Median seconds of each, wall clock and this process's CPU, run in turns, so that load from elsewhere on
    the machine hits both alike. On a loaded machine the CPU time is the steadier figure (for SQLite it is all
    of the work; for PostgreSQL only the client's part)."""
    ours(), baseline()  # warm the caches
    runs = {ours: ([], []), baseline: ([], [])}
    for _ in range(repeat):
        for fn in (ours, baseline):
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            runs[fn][0].append(time.perf_counter() - start)
            runs[fn][1].append(time.process_time() - cpu)
    return tuple(statistics.median(runs[fn][i]) for i in (0, 1) for fn in (ours, baseline))


def plain(engine, statements):
    """Run hand-written SQL on a bare connection, fetching every row."""
    def run():
        with engine.connect() as conn:
            for sql, params in statements:
                conn.execute(sa.text(sql), params).fetchall()
    return run


def count_queries(engine, fn):
    statements = []

    def listen(*_args):
        statements.append(1)

    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    return len(statements)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: the clock)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="run only the cases whose name holds this (e.g. 'overdue')")
    opts = ap.parse_args()

    from tracker import clock, create_app
    from tracker.dashboard.routes import default_period
    from tracker.extensions import db
    from tracker.models import Role, User
    from tracker.reports import build_overdue_list
    from tracker.filters import Filters
    from tracker.queries.reports import scorecard, trend

    as_of = opts.as_of or clock.today()
    clock.freeze(as_of)
    app = create_app({"SQLALCHEMY_DATABASE_URI": opts.database_url, "WTF_CSRF_ENABLED": False, "TESTING": True,
                      "SECRET_KEY": "bench"})
    with app.app_context():
        engine = db.engine
        if db.session.scalar(sa.select(User).where(User.username == "bench-leader")) is None:
            user = User(username="bench-leader", full_name="Bench", role=Role.LEADER)
            user.set_password("bench-password")
            db.session.add(user)
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"username": "bench-leader", "password": "bench-password"})
        leader = db.session.scalar(sa.select(User).where(User.username == "bench-leader"))
        d = {"d": as_of}
        f, t = default_period(as_of)
        period = {"d": as_of, "f": f, "t": t}
        dialect = engine.dialect.name
        tasks = db.session.scalar(sa.text("SELECT count(*) FROM task"))
        day = as_of.strftime("%d/%m/%Y")
        list_url = f"/reports/overdue?as_of={day}"
        dash_url = f"/dashboard/?as_of={day}"

        def get(url):
            def run():
                db.session.remove()
                g.pop("_login_user", None)  # the bench's app context outlives each request
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            return run

        def build_full():
            """Built and read to the last row (the list streams: building alone reads only the counts)."""
            db.session.remove()
            report = build_overdue_list(as_of, Filters(), leader)
            report.rows_read = sum(len(group.rows) for group in report.groups)
            return report

        def dashboard_data():
            db.session.remove()
            scorecard(as_of, Filters(period_from=f, period_to=t), leader)
            trend(as_of, Filters(period_from=f, period_to=t), leader)

        full = build_full()
        list_sql = plain(engine, [(LIST_COUNTS, d), (LIST_ROWS.format(limit=""), d)])
        page_sql = plain(engine, [(LIST_COUNTS, d), (LIST_ROWS.format(limit="LIMIT 100"), d)])
        dash_sql = plain(engine, [(SCORE.format(period=PERIOD), period),
                                  (TREND.format(month=MONTH[dialect], period=PERIOD), period)])
        all_sql = plain(engine, [(SCORE.format(period="true"), d), (TREND.format(month=MONTH[dialect], period="true"), d)])
        cases = [
            ("overdue list, all rows (built and read)", build_full, "plain SQL: counts + all rows", list_sql),
            ("overdue list page (GET, 100 rows + counts)", get(list_url), "plain SQL: counts + first 100 rows",
             page_sql),
            ("dashboard data (scorecard + trend)", dashboard_data, "plain SQL: per-unit and per-month class counts",
             dash_sql),
            ("dashboard page (GET, 12 months)", get(dash_url), "plain SQL: per-unit and per-month class counts",
             dash_sql),
            ("dashboard page (GET, all 10 years)", get(dash_url + "&from=&to="),
             "plain SQL: the same, no period", all_sql),
        ]
        rows = [(name, *side_by_side(ours, base, opts.repeat), base_name, count_queries(engine, ours))
                for name, ours, base_name, base in cases if opts.only in name]
        load = os.getloadavg()
        print(f"{dialect}: {tasks:,} tasks; as of {day}: {full.total:,} overdue lead assignments ({full.rows_read:,} read) in "
              f"{len(full.summary):,} units; dashboard period {f:%d/%m/%Y}-{t:%d/%m/%Y}; median of {opts.repeat}")
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; ms: wall clock (CPU of this process)")
        print(f"{'what':<46} {'ms':>12}  {'plain SQL':<48} {'ms':>12} {'ratio':>6} {'queries':>8}")
        for name, ours, base, ours_cpu, base_cpu, plain_name, queries in rows:
            print(f"{name:<46} {ours * 1000:6.0f} ({ours_cpu * 1000:4.0f})  {plain_name:<48} "
                  f"{base * 1000:6.0f} ({base_cpu * 1000:4.0f}) {ours / base:6.2f} {queries:>8}")


if __name__ == "__main__":
    main()
