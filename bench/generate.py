#!/usr/bin/env python3
"""Fill a database with province-scale data for the benchmarks.

    python bench/generate.py --database-url sqlite:////tmp/province.db            # 2,000 units, 20,000 directives,
    python bench/generate.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench   # 200,000 tasks …

The schema is made with the migrations (`flask db upgrade`); the database must be empty. Rows are
written with bulk inserts in chunks and explicit ids, so it takes minutes, not hours. Deterministic
for a given --seed and --today.
"""
import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

CHUNK = 5000
BOARDS = ["Văn phòng", "Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ủy ban Kiểm tra", "Ban Nội chính",
          "Trung tâm Chính trị", "Đảng ủy các cơ quan", "Báo", "Ban Kinh tế", "Ban Văn hóa - Xã hội"]
OFFICES = ["Sở Nội vụ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Y tế",
           "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Tư pháp", "Sở Văn hóa, Thể thao và Du lịch",
           "Sở Khoa học và Công nghệ", "Thanh tra tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
           "Sở Dân tộc và Tôn giáo", "Ban Quản lý các khu công nghiệp", "Sở Ngoại vụ"]
MASS = ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh",
        "Hội Cựu chiến binh tỉnh", "Liên đoàn Lao động tỉnh"]
VERBS = ["Tập trung chỉ đạo", "Khẩn trương triển khai", "Tiếp tục thực hiện", "Rà soát, đánh giá", "Tăng cường",
         "Chủ động tham mưu", "Đẩy mạnh", "Hoàn thành"]
TOPICS = ["công tác giải phóng mặt bằng các công trình trọng điểm", "chuyển đổi số trong cơ quan nhà nước",
          "phát triển sản phẩm OCOP", "xây dựng nông thôn mới nâng cao", "giải ngân vốn đầu tư công",
          "phòng, chống dịch sốt xuất huyết", "cải cách hành chính, dịch vụ công trực tuyến",
          "công tác phát triển đảng viên", "kiểm tra, giám sát việc chấp hành kỷ luật phát ngôn",
          "tiếp công dân, giải quyết khiếu nại, tố cáo", "bảo vệ môi trường, xử lý rác thải sinh hoạt",
          "sắp xếp tổ chức bộ máy, tinh giản biên chế"]


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label, total):
        self.label, self.total, self.done, self.start = label, total, 0, time.monotonic()

    def advance(self, n):
        self.done += n
        share = self.done / self.total if self.total else 1
        bar = "#" * int(share * 30)
        sys.stderr.write(f"\r{self.label:<12} [{bar:<30}] {share:6.1%} {self.done:>9,}/{self.total:,} "
                         f"{time.monotonic() - self.start:6.1f}s")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def insert(conn, table, rows, progress=None):
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i:i + CHUNK]
        conn.execute(table.insert(), chunk)
        if progress:
            progress.advance(len(chunk))


def make_units(n_units, rng):
    from tracker.models import UnitKind

    units, uid = [], 0

    def add(name, kind, parent=None, groups=(), short=None):
        nonlocal uid
        uid += 1
        units.append({"id": uid, "name": name, "short_name": short, "kind": kind.value, "parent_id": parent,
                      "aliases": [], "groups": list(groups), "email": f"u{uid}@province.example.vn",
                      "is_active": True, "sort_order": uid})
        return uid

    root = add("Tỉnh ủy", UnitKind.COMMITTEE, short="TU")
    for b in BOARDS:
        add(f"{b} Tỉnh ủy", UnitKind.PARTY_BOARD, root, ["các cơ quan tham mưu, giúp việc Tỉnh ủy"])
    gov = add("Ủy ban nhân dân tỉnh", UnitKind.GOV_OFFICE, root, short="UBND tỉnh")
    for o in OFFICES:
        add(o, UnitKind.GOV_OFFICE, gov, ["các sở, ban, ngành tỉnh"])
    for m in MASS:
        add(m, UnitKind.MASS_ORG, root, ["Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"])
    district = 0
    while uid < n_units:
        district += 1
        area = add(f"Đảng bộ khu vực {district}", UnitKind.COMMITTEE, root)
        for k in range(min(90, n_units - uid)):
            kind = "Phường" if k % 7 == 0 else "Xã"
            add(f"{kind} {district}-{k + 1}", UnitKind.COMMUNE, area, ["các xã, phường"])
    return units


def generate(url, n_units, n_directives, per_directive, today, seed):
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.status import REBUILD_TALLY, task_inputs

    rng = random.Random(seed)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        tables = db.metadata.tables
        with db.engine.begin() as conn:
            if conn.scalar(sa.select(sa.func.count()).select_from(tables["unit"])):
                sys.exit("the database is not empty; give an empty one")
            units = make_units(n_units, rng)
            insert(conn, tables["unit"], units, Progress("units", len(units)))
            unit_ids = [u["id"] for u in units if u["kind"] != "committee"]
            communes = [u["id"] for u in units if u["kind"] == "commune"]

        stamp = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)
        task_id = assignment_id = report_id = 0
        span_days = 3650
        tasks_total = n_directives * per_directive
        bars = {k: Progress(k, tasks_total) for k in ("tasks",)}
        for start in range(0, n_directives, 1000):
            directives, tasks, assignments, reports, events, extensions = [], [], [], [], [], []
            for did in range(start + 1, min(start + 1000, n_directives) + 1):
                issued = today - timedelta(days=rng.randrange(span_days))
                period_end = issued + timedelta(days=rng.choice([16, 30, 45, 90]))
                directives.append({"id": did, "number": f"{did}-TB/TU", "issued_on": issued,
                                   "issuer": "Thường trực Tỉnh ủy", "meeting_id": None, "signer": "Nguyễn Văn A",
                                   "title": f"Thông báo kết luận số {did}", "full_text": "", "period_end_on": period_end,
                                   "created_by_id": None, "created_at": stamp})
                for position in range(1, per_directive + 1):
                    task_id += 1
                    roll = rng.random()
                    deadline = None if roll < 0.08 else (period_end if roll < 0.7 else
                                                         issued + timedelta(days=rng.randrange(7, 200)))
                    tasks.append({"id": task_id, "directive_id": did, "source_ref": f"{position}",
                                  "text": f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (văn bản {did}, mục {position}).",
                                  "deadline_on": deadline, "deadline_phrase": None,
                                  "report_every": "quarter" if deadline is None else None,
                                  "position": position, "created_at": stamp})
                    events.append({"task_id": task_id, "assignment_id": None, "actor_id": None, "created_at": stamp,
                                   "kind": "created", "before": None, "after": None, "note": None})
                    n_lead = 1 if rng.random() < 0.8 else rng.randrange(2, 8)
                    chosen = rng.sample(communes if n_lead > 2 else unit_ids, n_lead + rng.randrange(0, 3))
                    task_rows = []
                    for i, unit_id in enumerate(chosen):
                        assignment_id += 1
                        row = {"id": assignment_id, "task_id": task_id, "unit_id": unit_id,
                               "role": "lead" if i < n_lead else "support", "state": "open",
                               "extended_deadline_on": None, "reported_done_on": None, "done_on": None,
                               "created_at": stamp}
                        if deadline is not None and i < n_lead:
                            if deadline < today:
                                r = rng.random()
                                if r < 0.82:
                                    row["state"] = "done"
                                    row["done_on"] = row["reported_done_on"] = min(
                                        today, deadline + timedelta(days=rng.randrange(-30, 20)))
                                elif r < 0.87:
                                    row["state"] = "reported_done"
                                    row["reported_done_on"] = min(today, deadline + timedelta(days=rng.randrange(-5, 10)))
                                elif r < 0.90:
                                    row["extended_deadline_on"] = today + timedelta(days=rng.randrange(1, 60))
                                    extensions.append({
                                        "assignment_id": assignment_id, "requested_by_id": None, "requested_at": stamp,
                                        "new_deadline_on": row["extended_deadline_on"], "reason": "Chờ kinh phí.",
                                        "status": "approved", "decided_by_id": None, "decided_at": stamp,
                                        "decision_note": None})
                            elif rng.random() < 0.25:
                                row["state"] = "done"
                                row["done_on"] = row["reported_done_on"] = today - timedelta(days=rng.randrange(0, 10))
                            if row["done_on"] and row["done_on"] < issued:
                                row["done_on"] = row["reported_done_on"] = issued
                        row["due_on"] = row["extended_deadline_on"] or deadline
                        row["issued_on"] = issued
                        row["latest_progress_id"] = None
                        assignments.append(row)
                        task_rows.append((row["role"], row["state"], row["due_on"], row["done_on"],
                                          row["reported_done_on"]))
                        if row["reported_done_on"] or rng.random() < 0.2:
                            report_id += 1
                            row["latest_progress_id"] = report_id
                            reports.append({"id": report_id, "assignment_id": assignment_id, "author_id": None,
                                            "reported_on": row["reported_done_on"] or issued + timedelta(days=10),
                                            "text": "Đã triển khai, kết quả bước đầu khả quan.",
                                            "is_done_report": bool(row["reported_done_on"]), "created_at": stamp})
                    tasks[-1]["open_due_on"], tasks[-1]["fixed_severity"] = task_inputs(task_rows)
            with db.engine.begin() as conn:
                insert(conn, tables["directive"], directives)
                insert(conn, tables["task"], tasks)
                insert(conn, tables["assignment"], assignments)
                insert(conn, tables["progress_report"], reports)
                insert(conn, tables["task_event"], events)
                insert(conn, tables["extension_request"], extensions)
            bars["tasks"].advance(len(tasks))

        with db.engine.begin() as conn:
            # The bulk inserts pass the ORM by: recount the task tally (services.status keeps it afterwards).
            conn.execute(sa.text("DELETE FROM task_tally"))
            conn.execute(sa.text(REBUILD_TALLY))
            if conn.dialect.name == "postgresql":
                for name in ("unit", "directive", "task", "assignment", "progress_report", "task_event"):
                    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                         f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
                conn.execute(sa.text("ANALYZE"))
            else:
                conn.execute(sa.text("ANALYZE"))
        if db.engine.dialect.name == "postgresql":
            # VACUUM sets the visibility map, without which no count is an index-only scan (as autovacuum
            # would do in production; it may be off on a benchmark server). Outside a transaction.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM"))
        return {"units": len(units), "directives": n_directives, "tasks": task_id, "assignments": assignment_id,
                "reports": report_id}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--directives", type=int, default=20000)
    ap.add_argument("--tasks-per-directive", type=int, default=10)
    ap.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: the clock)")
    ap.add_argument("--seed", type=int, default=2026)
    opts = ap.parse_args()
    from tracker import clock

    today = opts.today or clock.today()
    started = time.monotonic()
    made = generate(opts.database_url, opts.units, opts.directives, opts.tasks_per_directive, today, opts.seed)
    print(", ".join(f"{k} {v:,}" for k, v in made.items()) + f" in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
