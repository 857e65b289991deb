"""Login rate limits with Flask-Limiter, counted in the database so every gunicorn worker and every host
shares them (Redis when TRACKER_RATELIMIT_STORAGE names one: `redis://…`).

Only failed attempts count (a wrong password re-shows the form with 200): per account, and per client
address so one address cannot try many accounts.
"""
import time

import sqlalchemy as sa
from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from tracker.extensions import db
from tracker.models.security import RateLimitCounter

ACCOUNT_LIMIT = "10 per 15 minutes"
ADDRESS_LIMIT = "30 per 15 minutes"
TOO_MANY = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


def _connect():
    """A connection of its own, outside the request's transaction (whose write lock it must not wait for)."""
    from tracker import SIDE_CHANNEL

    return db.engine.connect().execution_options(**{SIDE_CHANNEL: True})


class DatabaseStorage(Storage):
    """A `limits` storage (fixed windows) in the app's own database, outside the request's transaction."""

    STORAGE_SCHEME = ["tracker-db"]

    @property
    def base_exceptions(self):
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        with _connect() as conn, conn.begin():
            conn.execute(sa.delete(table).where(table.c.key == key, table.c.expires_at <= now))
            updated = conn.execute(sa.update(table).where(table.c.key == key)
                                   .values(hits=table.c.hits + amount).returning(table.c.hits)).scalar()
            if updated is not None:
                return updated
            try:
                conn.execute(sa.insert(table).values(key=key, hits=amount, expires_at=now + expiry))
            except sa.exc.IntegrityError:  # another worker opened the window first
                return conn.execute(sa.update(table).where(table.c.key == key)
                                    .values(hits=table.c.hits + amount).returning(table.c.hits)).scalar()
            return amount

    def _row(self, key: str):
        table = RateLimitCounter.__table__
        with _connect() as conn:
            return conn.execute(sa.select(table.c.hits, table.c.expires_at)
                                .where(table.c.key == key, table.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with _connect() as conn, conn.begin():
            return conn.execute(sa.delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        with _connect() as conn, conn.begin():
            conn.execute(sa.delete(RateLimitCounter.__table__).where(RateLimitCounter.__table__.c.key == key))


limiter = Limiter(key_func=get_remote_address, strategy="fixed-window", headers_enabled=False)


def _account() -> str:
    return (request.form.get("username") or "").strip().casefold()[:64]


def _failed(response) -> bool:
    return request.method == "POST" and response.status_code == 200


def limit_logins(view):
    """The login view's limits: failed attempts per account and per client address."""
    view = limiter.limit(ACCOUNT_LIMIT, key_func=_account, methods=["POST"], deduct_when=_failed,
                         error_message=TOO_MANY, scope="login-account")(view)
    return limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed, error_message=TOO_MANY,
                         scope="login-address")(view)
