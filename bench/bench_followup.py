#!/usr/bin/env python3
"""Benchmark: the follow-up reports on generated data: the period report (the page with its lists cut, the
full build, each file within its format's row cap) and the largest notice's report.

    python bench/generate.py --database-url sqlite:////tmp/province.db --today 2024-06-30
    python bench/bench_followup.py --database-url sqlite:////tmp/province.db --today 2024-06-30 \
        --from 2023-10-01 --to 2023-12-31
"""
import argparse
import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402


def timed(label, fn):
    start = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--from", dest="period_from", type=date.fromisoformat, required=True)
    parser.add_argument("--to", dest="period_to", type=date.fromisoformat, required=True)
    parser.add_argument("--formats", default="xlsx,docx,pdf")
    args = parser.parse_args()

    from tracker import clock, create_app
    from tracker.extensions import db
    from tracker.followup.routes import PAGE_LIST_LIMIT
    from tracker.models import Directive, Task
    from tracker.reports import FORMATS, TooManyRows, render
    from tracker.reports.notice_report import build_notice_report
    from tracker.reports.period_report import build_period_report

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        clock.freeze(args.today)
        span = (args.period_from, args.period_to)
        page = timed(f"period page ({PAGE_LIST_LIMIT} items a list)",
                     lambda: build_period_report(*span, list_limit=PAGE_LIST_LIMIT))
        print(f"  {len(page.stats.rows)} table rows, {page.total} lead assignments, lists "
              f"{[g.count for g in page.groups]}")
        timed("period full build", lambda: build_period_report(*span))
        for fmt in args.formats.split(","):
            cap = FORMATS[fmt].max_rows
            try:
                timed(f"period {fmt} (cap {cap} lines)", lambda: render(build_period_report(*span, max_rows=cap), fmt))
            except TooManyRows as error:
                print(f"period {fmt}: refused, {error.total} lines > {error.limit}")
        biggest = db.session.scalar(sa.select(Directive).join(Task).group_by(Directive.id)
                                    .order_by(sa.func.count().desc(), Directive.id).limit(1))
        report = timed(f"notice report build ({len(biggest.tasks)} tasks)", lambda: build_notice_report(biggest))
        for fmt in args.formats.split(","):
            timed(f"notice report {fmt}", lambda: render(report, fmt))


if __name__ == "__main__":
    main()
