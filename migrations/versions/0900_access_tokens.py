"""API tokens and calendar feeds (access_token); one-time passwords of imported accounts (must_change_password)

Revision ID: 0900
Revises: 0501
"""
import sqlalchemy as sa
from alembic import op

revision = "0900"
down_revision = "0501"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "access_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("api", "calendar", name="token_kind", native_enum=False, create_constraint=True,
                                  length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_access_token_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_access_token_unit_id_unit"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_access_token_token_hash")),
    )
    with op.batch_alter_table("access_token") as batch:
        batch.create_index(batch.f("ix_access_token_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("must_change_password")
    with op.batch_alter_table("access_token") as batch:
        batch.drop_index(batch.f("ix_access_token_user_id"))
    op.drop_table("access_token")
