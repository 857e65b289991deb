"""The organisation: units of the directory and user accounts. The admin pages and `flask tracker
create-user` call these, so both apply the same rules."""
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Role, Unit, UnitKind, User
from tracker.queries.units import subtree_ids
from tracker.services import ServiceError
from tracker.services.events import record_audit

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MIN_PASSWORD = 10
#: What the audit log keeps of a unit and of an account (never a password hash).
UNIT_FIELDS = ("name", "short_name", "kind", "parent_id", "email", "aliases", "groups", "sort_order", "is_active")
USER_FIELDS = ("username", "full_name", "role", "unit_id", "email", "wants_reminders", "is_active")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = (Path(__file__).with_name("common_passwords.txt")).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str = "") -> Optional[str]:
    """Why a new password is refused (at least 10 characters, not a common one, not the user name), or None."""
    if len(password or "") < MIN_PASSWORD:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
    folded = password.casefold()
    if folded in common_passwords() or len(set(folded)) < 3:
        return "Mật khẩu này quá phổ biến, dễ đoán; vui lòng chọn mật khẩu khác."
    if username and username.casefold() in folded:
        return "Mật khẩu không được chứa tên đăng nhập."
    return None


def _snapshot(obj, fields) -> dict:
    return {f: (v.value if hasattr(v, "value") else v) for f in fields if (v := getattr(obj, f, None)) is not None}


def _record_change(kind_created: str, kind_changed: str, actor, before: dict, after: dict, subject: str) -> None:
    if not before:
        record_audit(kind_created, actor, after=after, subject=subject)
    elif before != after:
        changed = sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))
        record_audit(kind_changed, actor, before={k: before.get(k) for k in changed},
                     after={k: after.get(k) for k in changed}, subject=subject)


def normal_username(text: Optional[str]) -> str:
    """Usernames are case-insensitive: stored and looked up in lower case ("KimSon" is "kimson")."""
    return (text or "").strip().lower()


def find_user(username: Optional[str]) -> Optional[User]:
    """The account with this username, in any case."""
    return db.session.scalar(sa.select(User).where(User.username == normal_username(username)))


def save_unit(unit: Optional[Unit], actor=None, *, name: str, kind: UnitKind | str,
              short_name: Optional[str] = None, parent_id: Optional[int] = None, email: Optional[str] = None,
              aliases: Optional[list[str]] = None,
              groups: Optional[list[str]] = None, sort_order: int = 0, is_active: bool = True) -> Unit:
    """Create (`unit` None) or change a unit; flush; the audit log keeps what changed."""
    before = _snapshot(unit, UNIT_FIELDS) if unit else {}
    unit = unit or Unit()
    name = (name or "").strip()
    if not name:
        raise ServiceError("Vui lòng nhập tên đơn vị.", "name")
    clash = db.session.scalar(sa.select(Unit.id).where(sa.func.lower(Unit.name) == name.lower(),
                                                       Unit.id != (unit.id or 0)))
    if clash:
        raise ServiceError("Đã có đơn vị cùng tên.", "name")
    if parent_id and unit.id and parent_id in subtree_ids(unit):
        raise ServiceError("Đơn vị không thể trực thuộc chính nó hay đơn vị cấp dưới của nó.", "parent_id")
    if parent_id and db.session.get(Unit, parent_id) is None:
        raise ServiceError("Không tìm thấy đơn vị cấp trên.", "parent_id")
    unit.name, unit.kind = name, UnitKind(kind)
    unit.short_name = (short_name or "").strip() or None
    unit.parent_id = parent_id or None
    unit.email = (email or "").strip() or None
    unit.aliases, unit.groups = list(aliases or []), list(groups or [])
    unit.sort_order, unit.is_active = sort_order or 0, is_active
    db.session.add(unit)
    db.session.flush()
    _record_change("unit_created", "unit_changed", actor, before, _snapshot(unit, UNIT_FIELDS), unit.name)
    return unit


def add_alias(unit_id: int, alias: str, actor=None) -> Optional[Unit]:
    """Keep `alias` as another name of the unit, so the extractor matches it in the next notice (the import review's
    "ghi nhớ tên gọi"); flush; the audit log keeps it as a change of the unit's aliases. Nothing changes when the
    unit already answers to it (name, short name or alias, in any case); refused when another unit does."""
    alias = " ".join((alias or "").split())
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise ServiceError("Không tìm thấy đơn vị để ghi nhớ tên gọi.")
    if not alias or len(alias) > 255:
        raise ServiceError("Tên gọi cần ghi nhớ không hợp lệ.")
    key = alias.casefold()

    def answers_to(u) -> bool:
        return key in {n.casefold() for n in [u.name, u.short_name or "", *(u.aliases or [])]}

    if answers_to(unit):
        return None
    others = db.session.scalars(sa.select(Unit).where(Unit.id != unit.id, Unit.is_active))
    other = next((u for u in others if answers_to(u)), None)
    if other is not None:
        raise ServiceError(f"Tên gọi “{alias}” đã là tên của đơn vị {other.name}; không thể ghi nhớ cho {unit.name}.")
    before = _snapshot(unit, UNIT_FIELDS)
    unit.aliases = [*(unit.aliases or []), alias]
    db.session.flush()
    _record_change("unit_created", "unit_changed", actor, before, _snapshot(unit, UNIT_FIELDS), unit.name)
    return unit


def save_user(user: Optional[User], actor=None, *, username: str, role: Role | str,
              full_name: Optional[str] = None, unit_id: Optional[int] = None, email: Optional[str] = None,
              password: Optional[str] = None, wants_reminders: bool = True, is_active: bool = True) -> User:
    """Create (`user` None; a password is then required) or change an account; flush; the audit log keeps what
    changed. A new password or a deactivation ends the account's sessions."""
    is_new = user is None
    before = {} if is_new else _snapshot(user, USER_FIELDS)
    user = user or User()
    username = normal_username(username)
    if not USERNAME.match(username):
        raise ServiceError("Tên đăng nhập chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang "
                           "(tối đa 64 ký tự).", "username")
    if db.session.scalar(sa.select(User.id).where(User.username == username, User.id != (user.id or 0))):
        raise ServiceError("Tên đăng nhập đã được dùng.", "username")
    role = Role(role)
    if role == Role.UNIT and not unit_id:
        raise ServiceError("Tài khoản đơn vị phải thuộc một đơn vị.", "unit_id")
    if unit_id and db.session.get(Unit, unit_id) is None:
        raise ServiceError("Không tìm thấy đơn vị.", "unit_id")
    if is_new and not password:
        raise ServiceError("Vui lòng đặt mật khẩu cho tài khoản mới.", "password")
    problem = password_problem(password, username) if password else None
    if problem:
        raise ServiceError(problem, "password")
    user.username, user.role = username, role
    user.full_name = (full_name or "").strip() or user.full_name or username
    user.unit_id = unit_id or None
    user.email = (email or "").strip() or None
    if password or (user.is_active and not is_active):
        user.end_sessions()
    user.wants_reminders, user.is_active = wants_reminders, is_active
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    after = _snapshot(user, USER_FIELDS)
    _record_change("user_created", "user_changed", actor, before, after | ({"password": "••••"} if password else {}),
                   username)
    return user


def change_password(user: User, *, current: str, new: str) -> None:
    """The user's own new password: the current one must be right; every other session ends."""
    if not user.check_password(current or ""):
        raise ServiceError("Mật khẩu hiện tại không đúng.", "current")
    problem = password_problem(new, user.username)
    if problem:
        raise ServiceError(problem, "new")
    user.set_password(new)
    user.must_change_password = False
    user.end_sessions()
    db.session.flush()
    record_audit("password_changed", user, subject=user.username)
