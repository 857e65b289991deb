"""gunicorn settings of `make run` and of production (`gunicorn --config gunicorn.conf.py wsgi:app`).

gevent workers: a slow client costs a greenlet, not a thread of a small pool, so a few slow connections cannot
starve the server (bench/slow_clients.py). psycopg waits for PostgreSQL cooperatively; sqlite3 does not (see
post_request).
"""
import multiprocessing
import os

worker_class = "gevent"
workers = int(os.environ.get("TRACKER_WEB_WORKERS") or max(2, multiprocessing.cpu_count()))
worker_connections = 1000
#: Seconds a request may take before its worker is restarted (the database's own statement timeout is 60 s).
timeout = 90
#: Seconds an idle keep-alive connection is kept open.
keepalive = 5
#: Limits on the request line and headers (gunicorn refuses larger ones with 400).
limit_request_line = 8190
limit_request_fields = 100


def post_request(worker, req, environ, resp):
    """Let the worker's other connections run before this one reads its next request. psycopg waits for
    PostgreSQL cooperatively, but sqlite3 never yields: on SQLite a keep-alive connection whose next request
    is already there would go on at once, and under load a few connections waited seconds (p95 1.1 s, p50
    12 ms) while the others were served."""
    if type(worker).__module__ == "gunicorn.workers.ggevent":
        import gevent

        gevent.sleep(0)
