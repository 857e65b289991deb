"""imports: the uploaded original of an imported notice, attached to its directive

Revision ID: 0850
Revises: 0501
"""
import sqlalchemy as sa
from alembic import op

revision = "0850"
down_revision = "0501"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "directive_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["directive_id"], ["directive.id"], name=op.f("fk_directive_file_directive_id_directive"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directive_file")),
        sa.UniqueConstraint("directive_id", name=op.f("uq_directive_file_directive_id")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_directive_file_stored_name")),
    )


def downgrade():
    op.drop_table("directive_file")
