"""Settings. Every value comes from a TRACKER_* environment variable, read when create_app runs;
the defaults need nothing."""
import os
from typing import Mapping, Optional

#: werkzeug's own default: scrypt (N=2**15, r=8, p=1). Only the tests choose something cheaper.
PASSWORD_HASH_METHOD = "scrypt"


def settings_from_env(environ: Optional[Mapping[str, str]] = None) -> dict:
    """Production/development settings from `environ` (default: os.environ), as a dict for app.config."""
    environ = os.environ if environ is None else environ

    def env(name, default=None):
        return environ.get(f"TRACKER_{name}", default)

    def env_bool(name, default=False):
        value = env(name)
        if value is None:
            return default
        return value.strip().lower() in {"1", "true", "yes", "on"}

    def env_int(name, default):
        value = env(name)
        return int(value) if value not in (None, "") else default

    base_url = env("BASE_URL", "http://127.0.0.1:5000")
    # Cookies only over HTTPS when the app is served over HTTPS (or when asked to).
    secure_cookies = env_bool("SECURE_COOKIES", base_url.lower().startswith("https://"))
    return {
        #: SQLAlchemy URL; None means SQLite in the instance folder (filled in by create_app).
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        #: Seconds to wait for the database to accept a connection, and for one statement to finish (0: no limit);
        #: so a database that stops answering fails requests instead of hanging them and the reminder pass.
        "DB_CONNECT_TIMEOUT": env_int("DB_CONNECT_TIMEOUT", 10),
        "DB_STATEMENT_TIMEOUT": env_int("DB_STATEMENT_TIMEOUT", 60),
        #: Without TRACKER_SECRET_KEY, create_app keeps a random key in the instance folder (shared by workers).
        "SECRET_KEY": env("SECRET_KEY"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        #: Where the login rate limits are counted: the database (shared by every worker and host), or Redis.
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE", "tracker-db://"),
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session; an office form may stay open all morning
        #: How User.set_password hashes (a werkzeug method string).
        "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,

        "MAX_CONTENT_LENGTH": env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024,
        #: THE file limit: a report's attachment or an imported notice (shown on the forms); the request limit
        #: above leaves room for several files and the form around them.
        "UPLOAD_MAX_BYTES": env_int("MAX_FILE_MB", 10) * 1024 * 1024,

        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),

        "PER_PAGE": 25,
        "BASE_URL": base_url,

        #: The installation's committee; organisation is data, not code (DESIGN.md).
        "COMMITTEE_NAME": env("COMMITTEE_NAME", "Huyện ủy Trà Cú"),
        "COMMITTEE_PARENT": env("COMMITTEE_PARENT", "Đảng bộ tỉnh Trà Vinh"),
        "COMMITTEE_PLACE": env("COMMITTEE_PLACE", "Trà Cú"),
        "COMMITTEE_CODE": env("COMMITTEE_CODE", "HU"),
        "COMMITTEE_SIGNER": env("COMMITTEE_SIGNER", ""),
        "COMMITTEE_SIGNER_TITLE": env("COMMITTEE_SIGNER_TITLE", "CHÁNH VĂN PHÒNG"),
        #: The document style of exported reports: "party" (Hướng dẫn 36-HD/VPTW, party committees) or "state"
        #: (Nghị định 30/2020/NĐ-CP, People's Committees: national motto, "Số: …/BC-UBND", "TM. …" signature).
        "DOCUMENT_STYLE": env("DOCUMENT_STYLE", "party"),

        "MAIL_SERVER": env("MAIL_SERVER"),
        "MAIL_PORT": env_int("MAIL_PORT", 25),
        "MAIL_USE_TLS": env_bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": env_bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": env("MAIL_USERNAME"),
        "MAIL_PASSWORD": env("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env("MAIL_SENDER", "don-doc@localhost"),
        #: Seconds to wait for the SMTP server before a send counts as failed.
        "MAIL_TIMEOUT": env_int("MAIL_TIMEOUT", 30),

        "REMIND_AT": env("REMIND_AT", "07:30"),
        "REMIND_OFFSETS": tuple(int(x) for x in env("REMIND_OFFSETS", "7,3,1,0").split(",") if x.strip()),
        #: Overdue work and unanswered report requests are repeated, all of a unit's together, on this ISO
        #: weekday (1 = Monday … 7 = Sunday), every N weeks; the office may set other ones per unit.
        "REMIND_ROUNDUP_WEEKDAY": env_int("REMIND_ROUNDUP_WEEKDAY", 1),
        "REMIND_ROUNDUP_EVERY_WEEKS": env_int("REMIND_ROUNDUP_EVERY_WEEKS", 1),
        "MEETING_LEAD_DAYS": env_int("MEETING_LEAD_DAYS", 3),
        #: The pre-meeting email attaches the list as DOCX and PDF up to this many rows (a PDF takes ~10 ms a row).
        "MEETING_ATTACH_MAX_ROWS": env_int("MEETING_ATTACH_MAX_ROWS", 1000),
        #: Ongoing tasks are asked for their periodic report this many days before the period ends.
        "REMIND_REPORT_BEFORE": env_int("REMIND_REPORT_BEFORE", 3),
        #: The office's shared mailbox: overdue items, meeting lists (besides the office users' own addresses).
        "OFFICE_EMAIL": env("OFFICE_EMAIL"),
    }


def overrides(config) -> dict:
    """The upper-case settings of a class like TestConfig, or a copy of a dict of them."""
    if isinstance(config, Mapping):
        return dict(config)
    return {key: getattr(config, key) for key in dir(config) if key.isupper()}


class TestConfig:
    """The suite's overrides on settings_from_env()."""

    __test__ = False  # not a test class, though pytest may meet it by name

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # CSRF stays on in tests: the suite proves every form carries a token.
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = None
    # One iteration: hashing is not what the suite tests (tests/test_passwords.py checks the real default).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
