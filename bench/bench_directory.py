#!/usr/bin/env python3
"""Benchmark: a province's directory (2,000 units, 4,000 accounts, one workbook) imported into an EMPTY
database the way `flask tracker import-units` / `import-users` do it (read, plan, write, commit), then
imported again (every row unchanged). Issue #16's target: the first import under a minute.

    python bench/bench_directory.py --database-url sqlite:////tmp/wt16/bench-directory.db
    python bench/bench_directory.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench16

The database is migrated first; it must not already hold these units (use a fresh one).
"""
import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=4000)
    opts = parser.parse_args()

    from flask_migrate import upgrade

    from bench.directory_workbook import build
    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.directory import apply_units, apply_users, plan_units, plan_users
    from tracker.services.directory_files import UNIT_COLUMNS, USER_COLUMNS, read_rows

    path = os.path.join(tempfile.mkdtemp(), "directory.xlsx")
    build(path, opts.units, opts.users)
    data = open(path, "rb").read()
    app = create_app({"SQLALCHEMY_DATABASE_URI": opts.database_url})
    with app.app_context():
        upgrade(revision="heads")
        for round_ in ("first import", "re-import"):
            started = time.perf_counter()
            units = plan_units(read_rows(path, data, UNIT_COLUMNS))
            apply_units(units)
            db.session.commit()
            middle = time.perf_counter()
            users = plan_users(read_rows(path, data, USER_COLUMNS))
            apply_users(users)
            db.session.commit()
            done = time.perf_counter()
            print(f"{round_}: units {middle - started:.1f} s {units.counts}, accounts {done - middle:.1f} s "
                  f"{users.counts}, total {done - started:.1f} s")


if __name__ == "__main__":
    main()
