"""Personal API tokens and calendar feed secrets: made and revoked by their owner, stored as SHA-256."""
import hashlib
import secrets
from datetime import timedelta
from typing import Optional

import sqlalchemy as sa

from tracker import clock
from tracker.extensions import db
from tracker.models import AccessToken, TokenKind, Unit
from tracker.permissions import can_view_unit
from tracker.services import ServiceError

MAX_ACTIVE = 20


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user, kind: TokenKind, name: str, unit_id: Optional[int] = None) -> tuple[AccessToken, str]:
    """A new token of `user`; returns it with its secret, which is shown once and never stored. A calendar
    feed of a unit needs the user to see that unit's page (its own unit, or staff and leaders)."""
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Vui lòng đặt tên để nhận ra mã này.", "name")
    if len(name) > 120:
        raise ServiceError("Tên tối đa 120 ký tự.", "name")
    if unit_id is not None:
        if kind != TokenKind.CALENDAR or db.session.get(Unit, unit_id) is None:
            raise ServiceError("Không tìm thấy đơn vị.", "unit_id")
        if not can_view_unit(user, unit_id):
            raise ServiceError("Bạn chỉ tạo được lịch của đơn vị mình.", "unit_id")
    active = db.session.scalar(sa.select(sa.func.count()).select_from(AccessToken).where(
        AccessToken.user_id == user.id, AccessToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE:
        raise ServiceError(f"Mỗi tài khoản có tối đa {MAX_ACTIVE} mã đang dùng; hãy thu hồi mã không dùng nữa.")
    secret = secrets.token_urlsafe(32)
    token = AccessToken(user_id=user.id, kind=kind, name=name, unit_id=unit_id, token_hash=digest(secret),
                        hint=secret[-4:])
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: AccessToken, user) -> None:
    if token.user_id != user.id:
        raise ServiceError("Đây không phải mã của bạn.")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        db.session.flush()


def active_token(kind: TokenKind, secret: str) -> Optional[AccessToken]:
    """The active token with this secret whose owner may still sign in, or None."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(sa.select(AccessToken).where(AccessToken.token_hash == digest(secret),
                                                           AccessToken.kind == kind))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token


#: last_used_at is written at most this often, so reads do not each write.
TOUCH_EVERY = timedelta(minutes=5)


def touch(token: AccessToken) -> bool:
    """Note that the token was used (at most every few minutes); whether the row changed (commit it)."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        return True
    return False


def tokens_of(user) -> list[AccessToken]:
    return list(db.session.scalars(sa.select(AccessToken).where(AccessToken.user_id == user.id)
                                   .order_by(AccessToken.revoked_at.is_not(None), AccessToken.created_at.desc())))
