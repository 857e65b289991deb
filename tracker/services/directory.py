"""Importing the unit directory and the accounts from a spreadsheet (read by directory_files.py).

`plan_units` / `plan_users` say, for each row, what importing would do (create, update, unchanged) and
every problem it has; nothing is written. `apply_units` / `apply_users` then write a plan that has no
problem in the caller's one transaction: changed rows through the services of org.py, new rows in batches.
Importing the same file again finds every row unchanged.
"""
import re
import secrets
from dataclasses import dataclass, field
from typing import Callable, Optional

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from tracker.extensions import db
from tracker.models import ROLE_LABELS, UNIT_KIND_LABELS, Role, Unit, UnitKind, User
from tracker.services import ServiceError
from tracker.services.directory_files import fold
from tracker.services.org import USERNAME, save_unit, save_user


@dataclass
class Row:
    line: int
    key: str
    values: dict
    action: str = "create"  # create | update | unchanged | error
    problems: list[str] = field(default_factory=list)
    #: What an update changes: field label → (before, after).
    changes: dict = field(default_factory=dict)


@dataclass
class Plan:
    kind: str  # "units" | "users"
    rows: list[Row]

    @property
    def ok(self) -> bool:
        return not any(r.problems for r in self.rows)

    @property
    def counts(self) -> dict:
        out = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            out["error" if row.problems else row.action] += 1
        return out


def _email(text: str, problems: list) -> Optional[str]:
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        problems.append(f"Email không hợp lệ: {text}.")
        return None


def _list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]


def _choices(enum_cls, labels: dict) -> dict:
    """Folded code or label → member: "xa, thi tran" and "commune" both name UnitKind.COMMUNE."""
    return {**{m.value: m for m in enum_cls}, **{fold(labels[m]): m for m in enum_cls}}


def _choice(text: str, choices: dict):
    return choices.get(fold(text))


UNIT_LABELS = {"short_name": "Tên viết tắt", "kind": "Loại", "parent": "Đơn vị cấp trên", "aliases": "Tên gọi khác",
               "groups": "Nhóm", "email": "Email"}
USER_LABELS = {"full_name": "Họ và tên", "role": "Vai trò", "unit": "Đơn vị", "email": "Email"}


def plan_units(rows: list[tuple[int, dict]]) -> Plan:
    existing = {u.name.casefold(): u for u in db.session.scalars(sa.select(Unit))}
    by_id = {u.id: u for u in existing.values()}
    in_file: dict[str, Row] = {}
    kinds = _choices(UnitKind, UNIT_KIND_LABELS)
    plan = Plan("units", [])
    for line, cells in rows:
        name = " ".join(cells.get("name", "").split())
        row = Row(line, name, {})
        plan.rows.append(row)
        if not name:
            row.problems.append("Thiếu tên đơn vị.")
        elif len(name) > 200:
            row.problems.append("Tên đơn vị dài quá 200 ký tự.")
        elif name.casefold() in in_file:
            row.problems.append(f"Trùng tên với dòng {in_file[name.casefold()].line}.")
        else:
            in_file[name.casefold()] = row
        unit = existing.get(name.casefold())
        kind = _choice(cells.get("kind", ""), kinds) if cells.get("kind") else None
        if cells.get("kind") and kind is None:
            row.problems.append(f"Loại đơn vị không hợp lệ: {cells['kind']}.")
        row.values = {
            "name": name, "short_name": cells.get("short_name", "")[:80] or None,
            "kind": kind or (unit.kind if unit else UnitKind.OTHER),
            "parent": " ".join(cells.get("parent", "").split()) or None,
            "aliases": _list(cells.get("aliases", "")), "groups": _list(cells.get("groups", "")),
            "email": _email(cells.get("email", ""), row.problems),
        }
    # parents: a unit of the file or of the directory, and no unit under itself
    parent_of = {key: (by_id[u.parent_id].name.casefold() if u.parent_id in by_id else None)
                 for key, u in existing.items()}
    for key, row in in_file.items():
        parent = row.values["parent"]
        if parent and parent.casefold() not in in_file and parent.casefold() not in existing:
            row.problems.append(f"Không tìm thấy đơn vị cấp trên: {parent}.")
        parent_of[key] = parent.casefold() if parent else None
    for key, row in in_file.items():
        seen, current = {key}, parent_of.get(key)
        while current is not None:
            if current in seen:
                row.problems.append("Đơn vị không thể trực thuộc chính nó hay đơn vị cấp dưới của nó.")
                break
            seen.add(current)
            current = parent_of.get(current)
    for row in plan.rows:
        unit = existing.get(row.key.casefold()) if row.key else None
        if row.problems:
            row.action = "error"
        elif unit is not None:
            before = {"short_name": unit.short_name, "kind": unit.kind,
                      "parent": by_id[unit.parent_id].name if unit.parent_id in by_id else None,
                      "aliases": list(unit.aliases or []), "groups": list(unit.groups or []), "email": unit.email}
            row.changes = {UNIT_LABELS[k]: (before[k], row.values[k]) for k in before
                           if (before[k].casefold() if k == "parent" and before[k] else before[k])
                           != (row.values[k].casefold() if k == "parent" and row.values[k] else row.values[k])}
            row.action = "update" if row.changes else "unchanged"
    return plan


def _depths(rows: list[Row]) -> dict[str, int]:
    """Each row's depth among the file's rows (0: its parent is not in the file), so parents are written first."""
    by_key = {r.key.casefold(): r for r in rows}
    depth: dict[str, int] = {}

    def depth_of(key, guard=0):
        if key not in depth:
            parent = by_key[key].values["parent"]
            parent = parent.casefold() if parent else None
            depth[key] = depth_of(parent, guard + 1) + 1 if parent in by_key and guard < 100 else 0
        return depth[key]

    return {key: depth_of(key) for key in by_key}


#: New rows are inserted in batches of this many (one round trip each on PostgreSQL).
BATCH = 500


def apply_units(plan: Plan, progress: Callable[[int], None] = lambda n: None) -> dict:
    """Write a plan without problems; flush. Returns the counts.

    Changed units go through org.save_unit. New ones, which the plan has already checked against every rule
    of save_unit (and more: the e-mail), are inserted level by level in batches: 2,000 rows one by one cost
    three round trips each, a minute on a busy PostgreSQL.
    """
    if not plan.ok:
        raise ServiceError("Tệp còn dòng có lỗi; chưa ghi gì.")
    ids = {name.casefold(): i for i, name in db.session.execute(sa.select(Unit.id, Unit.name))}
    sort_order = (db.session.scalar(sa.select(sa.func.max(Unit.sort_order))) or 0)
    depths = _depths([r for r in plan.rows if r.action != "error"])
    for level in sorted(set(depths.values())):
        pending = []
        for row in (r for r in plan.rows if depths.get(r.key.casefold()) == level):
            v = row.values
            parent_id = ids[v["parent"].casefold()] if v["parent"] else None
            if row.action == "create":
                sort_order += 1
                unit = Unit(name=v["name"], kind=v["kind"], short_name=v["short_name"], parent_id=parent_id,
                            email=v["email"], aliases=v["aliases"], groups=v["groups"], sort_order=sort_order)
                db.session.add(unit)
                pending.append(unit)
                if len(pending) % BATCH == 0:
                    db.session.flush()
            elif row.action == "update":
                unit = db.session.get(Unit, ids[row.key.casefold()])
                save_unit(unit, name=v["name"], kind=v["kind"], short_name=v["short_name"], parent_id=parent_id,
                          email=v["email"], aliases=v["aliases"], groups=v["groups"], sort_order=unit.sort_order,
                          is_active=unit.is_active)
            progress(1)
        db.session.flush()
        ids.update((unit.name.casefold(), unit.id) for unit in pending)
    return plan.counts


def plan_users(rows: list[tuple[int, dict]], new_unit_names: frozenset = frozenset()) -> Plan:
    """`new_unit_names`: units the same workbook creates (casefolded), so their users are not refused."""
    existing = {u.username: u for u in db.session.scalars(sa.select(User))}
    units = {n.casefold(): n for (n,) in db.session.execute(sa.select(Unit.name))}
    units_by_id = dict(db.session.execute(sa.select(Unit.id, Unit.name)).all())
    seen: dict[str, int] = {}
    roles = _choices(Role, ROLE_LABELS)
    plan = Plan("users", [])
    for line, cells in rows:
        username = cells.get("username", "").strip()
        row = Row(line, username, {})
        plan.rows.append(row)
        if not USERNAME.match(username):
            row.problems.append("Tên đăng nhập chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang "
                                "(tối đa 64 ký tự)." if username else "Thiếu tên đăng nhập.")
        elif username in seen:
            row.problems.append(f"Trùng tên đăng nhập với dòng {seen[username]}.")
        else:
            seen[username] = line
        user = existing.get(username)
        role = _choice(cells.get("role", ""), roles) if cells.get("role") else None
        if cells.get("role") and role is None:
            row.problems.append(f"Vai trò không hợp lệ: {cells['role']}.")
        role = role or (user.role if user else None)
        if role is None:
            row.problems.append("Thiếu vai trò.")
        unit_name = " ".join(cells.get("unit", "").split())
        unit = units.get(unit_name.casefold()) or (unit_name if unit_name.casefold() in new_unit_names else None)
        if unit_name and unit is None:
            row.problems.append(f"Không tìm thấy đơn vị: {unit_name}.")
        if role == Role.UNIT and not unit_name:
            row.problems.append("Tài khoản đơn vị phải thuộc một đơn vị.")
        row.values = {"username": username, "role": role, "unit": unit,
                      "full_name": " ".join(cells.get("full_name", "").split())[:120] or (user.full_name if user else username),
                      "email": _email(cells.get("email", ""), row.problems)}
        if row.problems:
            row.action = "error"
        elif user is not None:
            before = {"full_name": user.full_name, "role": user.role, "unit": units_by_id.get(user.unit_id),
                      "email": user.email}
            row.changes = {USER_LABELS[k]: (before[k], row.values[k]) for k in before if before[k] != row.values[k]}
            row.action = "update" if row.changes else "unchanged"
    return plan


#: Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password() -> str:
    """12 random characters (≈ 59 bits) in three groups: typed once, then changed."""
    raw = "".join(secrets.choice(_OTP_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class NewAccount:
    """A created account and its one-time password, as plain values (readable after the commit)."""
    id: int
    username: str
    full_name: str
    email: Optional[str]
    password: str


def apply_users(plan: Plan, progress: Callable[[int], None] = lambda n: None) -> list[NewAccount]:
    """Write a plan without problems; flush. Returns each new user with its one-time password (shown once).
    Changed accounts go through org.save_user; new ones are inserted in batches (see apply_units)."""
    if not plan.ok:
        raise ServiceError("Tệp còn dòng có lỗi; chưa ghi gì.")
    # the units as entities in the session, so save_user's unit lookups need no query each
    unit_ids = {u.name.casefold(): u.id for u in db.session.scalars(sa.select(Unit))}
    users = {u.username: u for u in db.session.scalars(sa.select(User).where(
        User.username.in_([r.key for r in plan.rows if r.action == "update"])))} if plan.rows else {}
    made = []
    for row in plan.rows:
        v = row.values
        unit_id = unit_ids[v["unit"].casefold()] if v["unit"] else None
        if row.action == "create":  # checked by the plan against save_user's rules; inserted in batches
            password = one_time_password()
            user = User(username=v["username"], role=v["role"], full_name=v["full_name"], unit_id=unit_id,
                        email=v["email"])
            user.set_one_time_password(password)
            db.session.add(user)
            made.append((user, password))
            if len(made) % BATCH == 0:
                db.session.flush()
        elif row.action == "update":
            user = users[v["username"]]
            save_user(user, username=user.username, role=v["role"], full_name=v["full_name"], unit_id=unit_id,
                      email=v["email"], wants_reminders=user.wants_reminders, is_active=user.is_active)
        progress(1)
    db.session.flush()
    return [NewAccount(u.id, u.username, u.full_name, u.email, password) for u, password in made]
