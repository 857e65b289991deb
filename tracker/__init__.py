"""Đôn đốc: follow-up of the directives that come out of committee meetings."""
import os
import secrets
import sqlite3

import sqlalchemy as sa
from flask import Flask, has_request_context, request
from flask_mail import Mail

from tracker.config import overrides, settings_from_env
from tracker.extensions import babel, csrf, db, login, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


SQLITE_MMAP_BYTES = 1 << 30


def map_sqlite_files(size: int) -> None:
    """How much of an SQLite file each connection this process opens from now on maps in memory (the web's
    default: SQLITE_MMAP_BYTES). The reminder processes map nothing: a pass reads most of the file once, and
    mapped, every page it read stayed in its resident memory (425 MB at province scale; 109 MB without the
    map, the pass no slower)."""
    global SQLITE_MMAP_BYTES
    SQLITE_MMAP_BYTES = size


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_connection(dbapi_connection, _record):
    """Per SQLite connection: foreign keys on (SQLite ignores them unless asked), WAL so readers never wait for
    the writer."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Read the file through memory mapping (up to 1 GiB): a list that looks up 40,000 rows across the file
        # reads pages where they lie instead of copying each through a system call into a 2 MB cache.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()


#: Execution option of a connection a request opens beside its own session (the login rate limits): it must not
#: wait for the write lock the request's own transaction holds.
SIDE_CHANNEL = "tracker_side_channel"


@sa.event.listens_for(sa.engine.Engine, "begin")
def _sqlite_begin(conn):
    """A request that may write (any method but GET/HEAD/OPTIONS) takes SQLite's write lock when its transaction
    begins (BEGIN IMMEDIATE): two requests acting on one assignment then run one after the other, as
    SELECT … FOR UPDATE makes them on PostgreSQL, and check-then-act cannot race. Everything else keeps the
    driver's own way: a deferred BEGIN before the first write."""
    if conn.dialect.name != "sqlite":
        return
    dbapi_connection = conn.connection.dbapi_connection
    side_channel = conn.get_execution_options().get(SIDE_CHANNEL)
    if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS") and not side_channel:
        dbapi_connection.isolation_level = None  # the driver begins nothing; we do
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        dbapi_connection.isolation_level = ""


def _instance_secret(instance_path: str) -> str:
    """A random key kept in the instance folder, so every worker and restart signs sessions alike."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        # Written aside and linked into place: two workers starting at once agree on one key.
        draft = f"{path}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.remove(draft)
    with open(path) as handle:
        return handle.read().strip()


def _engine_options(config) -> dict:
    """The engine options with the timeouts of the settings: PostgreSQL's connect and statement timeouts;
    SQLite's wait for a lock held by another writer."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    url = sa.make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT"])
        # No JIT: the app's queries are short, and compiling a plan cost more than running it (245 ms on the
        # overdue list, whose cursor plan is costed past jit_above_cost). No parallel workers either: starting
        # them cost more than they saved on the app's 10-20 ms counts (overdue list page 69-73 → 56-61 ms,
        # dashboard 64-67 → 58-65 ms at province scale), and under load they take cores from other requests.
        connect_args.setdefault("options", f"-c statement_timeout={int(config['DB_STATEMENT_TIMEOUT']) * 1000}"
                                           " -c jit=off -c max_parallel_workers_per_gather=0")
    elif url.get_backend_name() == "sqlite":
        connect_args.setdefault("timeout", config["DB_CONNECT_TIMEOUT"])
    options["connect_args"] = connect_args
    return options


def create_app(config=None) -> Flask:
    """The app factory. Settings come from the environment as it is now (settings_from_env); `config`, a class
    like TestConfig or a dict, overrides them."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
    )
    app.config.update(settings_from_env(os.environ))
    if config is not None:
        app.config.update(overrides(config))
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "tracker.db")
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config)
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    # Flask-Mail's MAIL_* settings are the mail settings; tracker.mailer builds and sends the messages itself
    # (a digest a tenth of the cost of flask_mail.Message, issue #11) over one SMTP connection per batch.
    Mail(app)
    csrf.init_app(app)
    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = "Vui lòng đăng nhập để tiếp tục."
    login.login_message_category = "warning"

    from tracker import web

    babel.init_app(app, locale_selector=web.select_locale, timezone_selector=lambda: "Asia/Ho_Chi_Minh")
    web.init_app(app)

    from tracker.cli import register_cli

    register_cli(app)
    return app
