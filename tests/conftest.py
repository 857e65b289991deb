"""Shared fixtures: the app on each database, a clean database per test, clients, factories, clock, browser.

Every test that uses `app` runs twice: on SQLite and on PostgreSQL. PostgreSQL comes from
TRACKER_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test); each session makes
its own throw-away database there. When PostgreSQL is unreachable its runs are skipped, unless
TRACKER_REQUIRE_POSTGRES=1 (set by .ci/run), which turns that into a failure.
"""
import os
import re
import threading
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tracker import clock, create_app
from tracker.config import TestConfig, overrides
from tracker.extensions import db
from tracker.models import Role, Unit, UnitKind, User
from tracker.services.tasks import create_directive, create_task

PG_URL = os.environ.get("TRACKER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "mat-khau-thu-nghiem"
CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')


@contextmanager
def count_queries():
    """The SQL statements sent while the block runs (a list filled as they go)."""
    statements = []

    def listen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)


def _pg_database():
    """Create a fresh database on the PostgreSQL server; return (url, dropper) or skip/fail."""
    admin_url = sa.make_url(PG_URL)
    try:
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            name = f"tracker_test_{uuid.uuid4().hex[:10]}"
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            # A throw-away database: a commit need not wait for the disk (visibility is the same).
            conn.execute(sa.text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        if os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {exc}")

    def drop():
        with engine.connect() as conn:
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        engine.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "tracker.db")
        return
    url, drop = _pg_database()
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    config = overrides(TestConfig)
    config.update(SQLALCHEMY_DATABASE_URI=database_url, UPLOAD_FOLDER=str(instance / "uploads"))
    os.environ["TRACKER_INSTANCE_PATH"] = str(instance)
    application = create_app(config)
    with application.app_context():
        upgrade(revision="heads")  # the schema comes from the migrations, so they are tested on both databases
    yield application
    with application.app_context():
        db.engine.dispose()


def _wipe():
    """Empty every table and start the ids again. DELETE, not TRUNCATE: on PostgreSQL, TRUNCATE makes new files
    for each table and index, a third of a second per test, where a few rows take a millisecond to delete."""
    db.session.execute(sa.text("UPDATE unit SET parent_id = NULL"))  # the tree points at itself
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(sa.text(f'DELETE FROM "{table.name}"'))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))
    db.session.commit()


@pytest.fixture
def ctx(app):
    """An app context for the test body, and a clean database after it."""
    with app.app_context():
        yield app
        db.session.rollback()
        _wipe()
        db.session.remove()


@pytest.fixture
def district(ctx):
    """The demo district's unit directory (boards, offices, mass organisations, 21 communes), by name."""
    from tracker.demo.units import unit_rows

    units = {}
    for order, (name, short, aliases, kind, parent, groups, email) in enumerate(unit_rows()):
        units[name] = Unit(name=name, short_name=short, aliases=aliases, kind=kind, groups=groups, email=email,
                           parent=units.get(parent), sort_order=order)
        db.session.add(units[name])
    db.session.commit()
    return units


@pytest.fixture
def sample_notice():
    """The conclusion notice the demo ships (a copy of shared/samples' tb-ket-luan…2023-09.txt)."""
    from tracker.demo import NOTICE_PATH

    return NOTICE_PATH


@pytest.fixture
def password():
    """The password every factory-made user has."""
    return PASSWORD


@pytest.fixture
def frozen_clock():
    """Set the one clock: `frozen_clock(date(2023, 9, 20))`; unfrozen after the test."""
    clock.freeze(None)
    yield clock.freeze
    clock.freeze(None)


class Client:
    """A test client that logs in and posts forms with their CSRF token, as a browser would.

    The token is taken from a page once, then reused for as long as it stays valid: Flask-WTF checks it against
    the secret kept in the session (and the app's key; it does not expire, WTF_CSRF_TIME_LIMIT is None). Any
    response that changes that secret (a login or logout that resets the session, say) means a fresh page.
    """

    def __init__(self, flask_client):
        self.http = flask_client
        self._token = None  # (what the token was valid for, the token)
        open_request = flask_client.open

        def open_as_this_client(*args, **kw):
            # Each request in an app context of its own, as in production: otherwise every request would reuse
            # the test's context, and what extensions cache in `g` (the user, the CSRF token, the locale)
            # would leak from one client or request to the next.
            with flask_client.application.app_context():
                return open_request(*args, **kw)

        flask_client.open = open_as_this_client

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def _token_key(self):
        """What a token depends on: the CSRF secret in this client's session, and the app's keys."""
        with self.http.session_transaction() as session:
            secret = session.get("csrf_token")
        config = self.http.application.config
        return (secret, config["SECRET_KEY"], config.get("WTF_CSRF_SECRET_KEY")) if secret else None

    def csrf_token(self, page="/login"):
        """The token on `page`, fetched now."""
        html = self.http.get(page).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {page}"
        self._token = (self._token_key(), match.group(1))
        return match.group(1)

    def post(self, url, data=None, *, page=None, **kw):
        """POST a form with a valid CSRF token: the one taken before if it still holds, else the one on `page`
        (default: the same URL)."""
        data = dict(data or {})
        if "csrf_token" not in data:
            still_valid = self._token and self._token[0] and self._token[0] == self._token_key()
            data["csrf_token"] = self._token[1] if still_valid else self.csrf_token(page or url)
        return self.http.post(url, data=data, **kw)

    def login(self, username, password=PASSWORD):
        response = self.post("/login", {"username": username, "password": password}, page="/login")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return self

    def logout(self):
        self.post("/logout", page="/")
        return self


@pytest.fixture
def client(ctx):
    return Client(ctx.test_client())


@pytest.fixture
def make_client(ctx):
    def make(username=None):
        c = Client(ctx.test_client())
        return c.login(username) if username else c
    return make


@pytest.fixture
def make_unit(ctx):
    counter = iter(range(1, 10_000))

    def make(name=None, kind=UnitKind.GOV_OFFICE, **kw):
        unit = Unit(name=name or f"Đơn vị {next(counter)}", kind=kind, **kw)
        db.session.add(unit)
        db.session.commit()
        return unit
    return make


@pytest.fixture
def make_user(ctx, make_unit):
    def make(username, role=Role.OFFICE, unit=None, **kw):
        if role == Role.UNIT and unit is None:
            unit = make_unit()
        user = User(username=username, full_name=kw.pop("full_name", username.title()), role=role, unit=unit, **kw)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user
    return make


@pytest.fixture
def make_directive(ctx):
    def make(**kw):
        values = {"number": f"{uuid.uuid4().hex[:10]}-TB/HU", "issued_on": date(2023, 9, 14),
                  "issuer": "Thường trực Huyện ủy", "title": "Thông báo kết luận"} | kw
        directive = create_directive(None, **values)
        db.session.commit()
        return directive
    return make


@pytest.fixture
def make_task(ctx, make_directive):
    def make(lead, support=(), directive=None, text="Tổ chức thực hiện nhiệm vụ", **kw):
        directive = directive or make_directive()
        leads = lead if isinstance(lead, (list, tuple)) else [lead]
        task = create_task(directive, None, text=text, lead_unit_ids=[u.id for u in leads],
                           support_unit_ids=[u.id for u in support], **kw)
        db.session.commit()
        return task
    return make


# --- browser -----------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def picker_ready(page, wrapper):
    """Wait until a unit picker (its .ts-wrapper) has opened, before typing in it: it loads its options when it
    takes the focus, and keys typed before that are lost (seen as a flaky test, never by a person). Then move
    the pointer to the page's corner: Chromium sends the pointer's position again after the page scrolls, and an
    option that comes to lie under it would become the active one that Enter takes."""
    from playwright.sync_api import expect

    expect(wrapper).to_have_class(re.compile(r"\bdropdown-active\b"))
    page.mouse.move(0, 0)


def type_in_picker(page, wrapper, text):
    """Click a unit picker and type `text` in it, as a clerk does."""
    from playwright.sync_api import expect

    control = wrapper.locator(".ts-control input")
    control.click()
    picker_ready(page, wrapper)
    control.type(text)
    expect(control).to_have_value(text)
    return control


@pytest.fixture
def live_server(ctx):
    """The app served on a free loopback port in a thread, for the browser."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, ctx, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def log_in(password):
    """Sign a user in on a Playwright page through the login form: `log_in(page, "vanphong")`."""
    def sign_in(pg, username):
        pg.goto("/login")
        pg.fill("#username", username)
        pg.fill("#password", password)
        pg.click("main button[type=submit]")
        pg.wait_for_url(re.compile(r"/$"))
    return sign_in


@pytest.fixture
def office(make_user, make_client):
    """A signed-in client of the office (Văn phòng) user "vanphong"."""
    make_user("vanphong", Role.OFFICE)
    return make_client("vanphong")


@pytest.fixture
def page(browser, live_server, tmp_path):
    # Reduced motion: Bootstrap then scrolls at once instead of smoothly, so a click right after a link that
    # scrolls the page (the review's "show in the text") lands where the test aims, not where the element was.
    context = browser.new_context(base_url=live_server, locale="vi-VN", accept_downloads=True, reduced_motion="reduce")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
