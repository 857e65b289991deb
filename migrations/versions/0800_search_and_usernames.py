"""search, usernames, returned reports: folded search columns (trigram indexes on PostgreSQL); usernames in
lower case; a done report remembers that the office returned it (when, by whom, why)

Refuses to run, naming the accounts to rename, when two usernames differ only by case. Done reports returned
before this revision are marked from the history's "returned" events.

Revision ID: 0800
Revises: 0501
"""
import json

import sqlalchemy as sa
from alembic import op

from tracker.models.types import UTCDateTime
from tracker.search import fold

revision = "0800"
down_revision = "0501"
branch_labels = None
depends_on = None

#: table → (folded column, its source columns)
FOLDED = {
    "task": ("text_folded", ("text",)),
    "directive": ("search_folded", ("title", "number", "issuer")),
    "unit": ("search_folded", ("name", "short_name", "aliases")),
    "user_account": ("search_folded", ("username", "full_name", "email")),
}
TRIGRAM = {"task": "ix_task_text_folded_trgm", "directive": "ix_directive_search_folded_trgm"}


def _username_clashes(conn) -> list[list[str]]:
    names = conn.execute(sa.text("SELECT username FROM user_account ORDER BY username")).scalars().all()
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.lower(), []).append(name)
    return [group for group in groups.values() if len(group) > 1]


def _source_text(values) -> str:
    parts = []
    for value in values:
        if isinstance(value, str) and value.startswith("["):  # a JSON list read as text (aliases)
            try:
                value = json.loads(value)
            except ValueError:
                pass
        if isinstance(value, (list, tuple)):
            parts.extend(str(v) for v in value if v)
        elif value:
            parts.append(str(value))
    return fold(" | ".join(parts))


def _mark_returned_reports(conn):
    """Each past "returned" event marks the latest done report of its assignment made before it."""
    events = conn.execute(sa.text(
        "SELECT assignment_id, actor_id, created_at, note FROM task_event WHERE kind = 'returned' "
        "AND assignment_id IS NOT NULL ORDER BY id")).all()
    for assignment_id, actor_id, created_at, note in events:
        report_id = conn.scalar(sa.text(
            "SELECT max(id) FROM progress_report WHERE assignment_id = :a AND is_done_report "
            "AND returned_at IS NULL AND created_at <= :t"), {"a": assignment_id, "t": created_at})
        if report_id:
            conn.execute(sa.text("UPDATE progress_report SET returned_at = :t, returned_by_id = :u, "
                                 "return_reason = :r WHERE id = :id"),
                         {"t": created_at, "u": actor_id, "r": note, "id": report_id})


def upgrade():
    conn = op.get_bind()
    clashes = _username_clashes(conn)
    if clashes:
        listed = "; ".join(" / ".join(group) for group in clashes)
        raise RuntimeError(
            "Tên đăng nhập nay không phân biệt chữ hoa, chữ thường, nhưng các tài khoản sau trùng nhau: "
            f"{listed}. Hãy đổi tên để chỉ còn một tài khoản trong mỗi nhóm rồi chạy lại. "
            f"(Usernames are now case-insensitive; these accounts clash: {listed}. Rename all but one of each "
            "group, then run the upgrade again.)")
    conn.execute(sa.text("UPDATE user_account SET username = lower(username) WHERE username <> lower(username)"))

    for table, (column, sources) in FOLDED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Text(), server_default="", nullable=False))
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(sources)} FROM {table}")).all()
        updates = [{"id": row[0], "folded": _source_text(row[1:])} for row in rows]
        for i in range(0, len(updates), 5000):
            conn.execute(sa.text(f"UPDATE {table} SET {column} = :folded WHERE id = :id"), updates[i:i + 5000])

    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("returned_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("returned_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("return_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_progress_report_returned_by_id_user_account"), "user_account",
                                    ["returned_by_id"], ["id"], ondelete="SET NULL")
    _mark_returned_reports(conn)

    if conn.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in TRIGRAM.items():
        column = FOLDED[table][0]
        op.create_index(name, table, [column], unique=False, postgresql_using="gin",
                        postgresql_ops={column: "gin_trgm_ops"})


def downgrade():
    for table, name in TRIGRAM.items():
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_progress_report_returned_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("return_reason")
        batch_op.drop_column("returned_by_id")
        batch_op.drop_column("returned_at")
    for table, (column, _sources) in FOLDED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
