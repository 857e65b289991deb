#!/usr/bin/env python3
"""Throughput of the everyday pages under load: gunicorn as `make run` starts it (gunicorn.conf.py: gevent workers),
wrk with 8 connections, signed in as the office and as a commune's user.

    python bench/wrk_pages.py --database-url sqlite:////tmp/province.db [--port 5710] [--duration 30]

Needs wrk (Debian package "wrk", in the Makefile's system-deps) and a province-scale database
(bench/generate.py). Creates the users bench-office and bench-unit on first use (as bench_pages.py does).
Prints, per user and page: requests per second, p50/p95/p99 latency and errors (non-2xx/3xx, socket, and
timeouts: wrk gives up on a request after 2 s), with the timeouts and bad statuses apart.
The target (issue #10): >= 100 req/s, p95 <= 150 ms, 0 errors.
"""
import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # bench_pages

PAGES = ("/", "/tasks/", "/tasks/?status=overdue", "/reports/overdue", "/dashboard/")
USERS = ("bench-office", "bench-unit")
#: wrk reports p50/p95/p99 and every kind of error as one JSON line when it is done.
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50": %.1f, "p95": %.1f, "p99": %.1f, '
    .. '"errors": %d, "timeouts": %d, "status": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.timeout, e.status))
end
"""


def ensure_users(url):
    from bench_pages import ensure_users as make
    from tracker import create_app, models
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        make(db, models)


def session_cookie(base, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
    opener.open(base + "/login", data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def page_status(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        return urllib.request.urlopen(request, timeout=120).status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not start")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--port", type=int, default=5710)
    ap.add_argument("--duration", type=int, default=30, help="seconds per page")
    ap.add_argument("--connections", type=int, default=8)
    opts = ap.parse_args()
    from bench_pages import PASSWORD

    ensure_users(opts.database_url)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    instance = tempfile.mkdtemp(prefix="wrk-instance-")
    env = os.environ | {"TRACKER_DATABASE_URL": opts.database_url, "TRACKER_SECRET_KEY": "wrk-bench",
                        "TRACKER_INSTANCE_PATH": instance}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{opts.port}",
                               "--log-level", "warning", "wsgi:app"], cwd=root, env=env)
    base = f"http://127.0.0.1:{opts.port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA)
    try:
        wait_for(base)
        print(f"{'user':13} {'page':26} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
        for username in USERS:
            cookie = session_cookie(base, username, PASSWORD)
            for path in PAGES:
                status = page_status(base + path, cookie)
                if status != 200:
                    print(f"{username:13} {path:26} not measured: answers {status}")
                    continue
                out = subprocess.run(["wrk", "-t2", f"-c{opts.connections}", f"-d{opts.duration}s", "-s", lua.name,
                                      "-H", f"Cookie: {cookie}", base + path],
                                     capture_output=True, text=True, check=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                print(f"{username:13} {path:26} {r['requests'] / r['seconds']:7.1f} {r['p50']:7.0f} "
                      f"{r['p95']:7.0f} {r['p99']:7.0f} {r['errors']:6d} (timeouts {r['timeouts']}, "
                      f"non-2xx/3xx {r['status']})", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(lua.name)


if __name__ == "__main__":
    main()
