"""The organisation: units of the directory and user accounts. The admin pages and `flask tracker
create-user` call these, so both apply the same rules."""
import re
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Role, Unit, UnitKind, User
from tracker.queries.units import subtree_ids
from tracker.services import ServiceError

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MIN_PASSWORD = 8


def save_unit(unit: Optional[Unit], *, name: str, kind: UnitKind | str, short_name: Optional[str] = None,
              parent_id: Optional[int] = None, email: Optional[str] = None, aliases: Optional[list[str]] = None,
              groups: Optional[list[str]] = None, sort_order: int = 0, is_active: bool = True) -> Unit:
    """Create (`unit` None) or change a unit; flush."""
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
    return unit


def save_user(user: Optional[User], *, username: str, role: Role | str, full_name: Optional[str] = None,
              unit_id: Optional[int] = None, email: Optional[str] = None, password: Optional[str] = None,
              wants_reminders: bool = True, is_active: bool = True) -> User:
    """Create (`user` None; a password is then required) or change an account; flush."""
    is_new = user is None
    user = user or User()
    username = (username or "").strip()
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
    if password and len(password) < MIN_PASSWORD:
        raise ServiceError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.", "password")
    user.username, user.role = username, role
    user.full_name = (full_name or "").strip() or user.full_name or username
    user.unit_id = unit_id or None
    user.email = (email or "").strip() or None
    user.wants_reminders, user.is_active = wants_reminders, is_active
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
