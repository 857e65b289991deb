"""Settings. Every value comes from a TRACKER_* environment variable; the defaults need nothing."""
import os


def _env(name, default=None):
    return os.environ.get(f"TRACKER_{name}", default)


def _env_bool(name, default=False):
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name, default):
    value = _env(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Production/development settings, read when the class body runs (at import)."""

    #: SQLAlchemy URL; None means SQLite in the instance folder (filled in by create_app).
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: Without TRACKER_SECRET_KEY, create_app keeps a random key in the instance folder (shared by workers).
    SECRET_KEY = _env("SECRET_KEY")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
    REMEMBER_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session; an office form may stay open all morning

    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
    UPLOAD_MAX_BYTES = _env_int("MAX_FILE_MB", 10) * 1024 * 1024
    #: A notice (.docx/.txt) larger than this is refused before it is read.
    NOTICE_MAX_BYTES = _env_int("MAX_NOTICE_MB", 5) * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    PER_PAGE = 25
    BASE_URL = _env("BASE_URL", "http://127.0.0.1:5000")

    #: The installation's committee; organisation is data, not code (DESIGN.md).
    COMMITTEE_NAME = _env("COMMITTEE_NAME", "Huyện ủy Trà Cú")
    COMMITTEE_PARENT = _env("COMMITTEE_PARENT", "Đảng bộ tỉnh Trà Vinh")
    COMMITTEE_PLACE = _env("COMMITTEE_PLACE", "Trà Cú")
    COMMITTEE_CODE = _env("COMMITTEE_CODE", "HU")
    COMMITTEE_SIGNER = _env("COMMITTEE_SIGNER", "")
    COMMITTEE_SIGNER_TITLE = _env("COMMITTEE_SIGNER_TITLE", "CHÁNH VĂN PHÒNG")
    #: The document style of exported reports: "party" (Hướng dẫn 36-HD/VPTW, party committees) or "state"
    #: (Nghị định 30/2020/NĐ-CP, People's Committees: national motto, "Số: …/BC-UBND", "TM. …" signature).
    DOCUMENT_STYLE = _env("DOCUMENT_STYLE", "party")

    MAIL_SERVER = _env("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = _env("MAIL_SENDER", "don-doc@localhost")

    REMIND_AT = _env("REMIND_AT", "07:30")
    REMIND_OFFSETS = tuple(int(x) for x in _env("REMIND_OFFSETS", "7,3,1,0").split(",") if x.strip())
    REMIND_OVERDUE_EVERY = _env_int("REMIND_OVERDUE_EVERY", 7)
    MEETING_LEAD_DAYS = _env_int("MEETING_LEAD_DAYS", 3)
    #: The pre-meeting email attaches the list as DOCX and PDF up to this many rows (a PDF takes ~10 ms a row).
    MEETING_ATTACH_MAX_ROWS = _env_int("MEETING_ATTACH_MAX_ROWS", 1000)
    #: Ongoing tasks are asked for their periodic report this many days before the period ends.
    REMIND_REPORT_BEFORE = _env_int("REMIND_REPORT_BEFORE", 3)
    #: The office's shared mailbox: overdue items, meeting lists (besides the office users' own addresses).
    OFFICE_EMAIL = _env("OFFICE_EMAIL")
    #: Seconds to wait for the SMTP server before a send counts as failed.
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 30)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # CSRF stays on in tests: the suite proves every form carries a token.
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = None
