#!/usr/bin/env python3
"""Time the folded task search at province scale (make a database with bench/generate.py).

    python bench/bench_search.py --database-url sqlite:////tmp/province.db [--repeat 20]

Each query is asked as an office user (everything) and as a commune's user (its own tasks): the search itself
(queries.tasks.task_page: the first 25 tasks, classified, and the count) and the whole page through the app as a
browser would ask it (/tasks/?q=…, which adds the layout's own queries, e.g. the inbox badge); prints p50 and p95
per query and overall.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import date
from urllib.parse import quote_plus

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_pages import PASSWORD, ensure_users  # noqa: E402

#: Common words typed without diacritics, with them, in capitals; a rare word; nothing found.
QUERIES = ("nong thon moi", "giải phóng mặt bằng", "SỐT XUẤT HUYẾT", "ocop", "chuyen doi so", "van ban 1234",
           "không có việc này")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    ap.add_argument("--repeat", type=int, default=20)
    opts = ap.parse_args()
    from tracker import clock, create_app, models
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": opts.database_url, "WTF_CSRF_ENABLED": False})
    clock.freeze(opts.today)
    with app.app_context():
        ensure_users(db, models)
    from tracker.filters import Filters
    from tracker.queries.tasks import task_page

    def timed(call):
        started = time.perf_counter()
        result = call()
        return (time.perf_counter() - started) * 1000, result

    for username in ("bench-office", "bench-unit"):
        client = app.test_client()
        client.post("/login", data={"username": username, "password": PASSWORD})
        every = {"search": [], "page": []}
        for query in QUERIES:
            path = f"/tasks/?unit=0&q={quote_plus(query)}"
            client.get(path)  # warm the caches once
            times = {"search": [], "page": []}
            for _ in range(opts.repeat):
                with app.app_context():
                    user = db.session.scalar(sa.select(models.User).where(models.User.username == username))
                    ms, (_items, found) = timed(lambda: task_page(user, Filters(q=query), opts.today, 1, 25))
                times["search"].append(ms)
                ms, response = timed(lambda: client.get(path))
                assert response.status_code == 200, response.status_code
                times["page"].append(ms)
            for kind in times:
                every[kind] += times[kind]
            print(f"{username:13} q={query!r:24} {found:>7} found  " + "  ".join(
                f"{kind} p50 {statistics.median(t):5.0f} p95 {percentile(t, 0.95):5.0f} ms"
                for kind, t in times.items()))
        print(f"{username:13} all queries                       " + "  ".join(
            f"{kind} p50 {statistics.median(t):5.0f} p95 {percentile(t, 0.95):5.0f} ms" for kind, t in every.items()))


if __name__ == "__main__":
    main()
