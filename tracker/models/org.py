"""The organisation: units (a tree) and the people who log in."""
from datetime import datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.models.types import UTCDateTime, str_enum, utcnow
from tracker.search import folded_column


class UnitKind(StrEnum):
    COMMITTEE = "committee"      # the committee itself (Huyện ủy, Tỉnh ủy)
    PARTY_BOARD = "party_board"  # Ban Tổ chức, Văn phòng, Ủy ban Kiểm tra …
    GOV_OFFICE = "gov_office"    # UBND and its departments, police, military command
    MASS_ORG = "mass_org"        # Mặt trận Tổ quốc and the political-social organisations
    COMMUNE = "commune"          # xã, phường, thị trấn (their party committee and government)
    OTHER = "other"


UNIT_KIND_LABELS = {
    UnitKind.COMMITTEE: "Cấp ủy",
    UnitKind.PARTY_BOARD: "Cơ quan tham mưu, giúp việc",
    UnitKind.GOV_OFFICE: "Cơ quan chính quyền",
    UnitKind.MASS_ORG: "Mặt trận, đoàn thể",
    UnitKind.COMMUNE: "Xã, thị trấn",
    UnitKind.OTHER: "Khác",
}


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    UNIT = "unit"
    LEADER = "leader"


ROLE_LABELS = {
    Role.ADMIN: "Quản trị hệ thống",
    Role.OFFICE: "Văn phòng",
    Role.UNIT: "Đơn vị",
    Role.LEADER: "Lãnh đạo",
}


class Unit(db.Model):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[Optional[str]] = mapped_column(sa.String(80))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind, "unit_kind"), default=UnitKind.OTHER)
    parent_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    #: Other names the unit goes by in documents ("UBND huyện" for "Ủy ban nhân dân huyện").
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Group labels used in documents ("các xã, thị trấn"), so one phrase can assign many units.
    groups: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: The unit's official mailbox; reminders also go to its users.
    email: Mapped[Optional[str]] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    #: Name, short name and aliases folded for search, kept by tracker.search.
    search_folded: Mapped[str] = folded_column("name", "short_name", "aliases")
    __folded__ = True

    parent: Mapped[Optional["Unit"]] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.sort_order, Unit.name")
    users: Mapped[list["User"]] = relationship(back_populates="unit")

    # The directory's order, read in order by the lists that go unit by unit (the overdue list).
    __table_args__ = (sa.Index("ix_unit_directory_order", "sort_order", "name", "id"),)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def __repr__(self):
        return f"<Unit {self.id} {self.name}>"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Always lower case (services.org.save_user), so the unique constraint is case-insensitive.
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[Optional[str]] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    unit_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    #: Whether the user wants reminder emails (the unit's own mailbox always gets them).
    wants_reminders: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[Optional[str]] = mapped_column(sa.String(8))
    #: Set for an account made with a one-time password (directory import): change it at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    #: In-app notifications newer than this are shown as unread.
    notifications_seen_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Part of every session and remember-me cookie; raising it (logout, new password, deactivation) ends them all.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Username, full name and email folded for search, kept by tracker.search.
    search_folded: Mapped[str] = folded_column("username", "full_name", "email")
    __folded__ = True

    unit: Mapped[Optional[Unit]] = relationship(back_populates="users")

    __table_args__ = (
        sa.CheckConstraint("role <> 'unit' OR unit_id IS NOT NULL", name="unit_role_has_unit"),
    )

    def set_password(self, password: str) -> None:
        """Hash with the app's PASSWORD_HASH_METHOD (scrypt unless the tests chose a cheap one)."""
        from flask import current_app, has_app_context

        from tracker.config import PASSWORD_HASH_METHOD

        method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
        self.password_hash = generate_password_hash(password, method or PASSWORD_HASH_METHOD)

    def set_one_time_password(self, password: str) -> None:
        """A random one-time password (directory import), to be changed at the next sign-in. It is random, so a
        fast hash protects it as well as a slow one would, and 4,000 accounts take seconds, not half an hour."""
        self.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1000")
        self.must_change_password = True

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id and the session version."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie issued so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def __repr__(self):
        return f"<User {self.username} {self.role}>"
