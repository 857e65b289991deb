#!/usr/bin/env python3
"""Time the import review screen with a province's unit directory, in real Chromium.

    python bench/generate.py --database-url sqlite:////tmp/province.db --units 2000 --directives 5
    python bench/bench_import_review.py --database-url sqlite:////tmp/province.db [--repeat 3]

Uploads the demo's sample notice as an office user (bench-import, created on first use) and prints: the
server's time for the proposal, the page's size, the time until every unit picker is ready, and the time
from typing a commune's name without diacritics to seeing it offered.
"""
import argparse
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

PASSWORD = "bench-password"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from tracker import create_app, models
    from tracker.demo import NOTICE_PATH
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        user = db.session.scalar(sa.select(models.User).where(models.User.username == "bench-import"))
        if user is None:
            user = models.User(username="bench-import", full_name="bench-import", role=models.Role.OFFICE)
            db.session.add(user)
        user.set_password(PASSWORD)
        db.session.commit()
        units = db.session.scalar(sa.select(sa.func.count()).select_from(models.Unit).where(models.Unit.is_active))
        commune = db.session.scalar(sa.select(models.Unit.name).where(models.Unit.kind == "commune")
                                    .order_by(models.Unit.id.desc()).limit(1))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    proposal, ready, search, sizes = [], [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(base + "/login")
        page.fill("#username", "bench-import")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        for _ in range(args.repeat):
            page.goto(base + "/imports/new")
            page.set_input_files("#file", str(NOTICE_PATH))
            with page.expect_response(lambda r: r.url.endswith("/imports/new") and r.request.method == "POST") as info:
                start = time.perf_counter()
                page.click("main button[type=submit]")
            proposal.append(time.perf_counter() - start)
            sizes.append(len(info.value.body()))
            selects = page.locator("#review-form select[data-picker]")
            page.wait_for_function("n => document.querySelectorAll('#review-form .ts-wrapper').length >= n",
                                   arg=selects.count() if selects.count() else 1)
            ready.append(time.perf_counter() - start)
            control = page.locator(".task-card select[data-picker=support] + .ts-wrapper .ts-control input").first
            control.click()
            typed = "".join(c for c in __import__("unicodedata").normalize("NFD", commune.lower())
                            if not __import__("unicodedata").combining(c))
            start = time.perf_counter()
            control.type(typed, delay=0)
            page.locator(".ts-dropdown:visible .option", has_text=commune).first.wait_for()
            search.append(time.perf_counter() - start)
        browser.close()
    server.shutdown()
    print(f"{units} active units, sample notice ({len(proposal)} runs, median):")
    print(f"  proposal answered (server + transfer): {statistics.median(proposal) * 1000:.0f} ms, "
          f"page {statistics.median(sizes) / 1024:.0f} KB")
    print(f"  every unit picker ready: {statistics.median(ready) * 1000:.0f} ms after the click")
    print(f"  typing '{typed}' until '{commune}' is offered: {statistics.median(search) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
