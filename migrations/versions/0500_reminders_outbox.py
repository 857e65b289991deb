"""reminders: the outbox ("Hộp thư đi"), the scheduler's job runs, and which message carried each reminder

Revision ID: 0500
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0500"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("unit", "office", "weekly", "meeting", name="outbox_kind", native_enum=False,
                                  create_constraint=True), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=True),
        sa.Column("run_on", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("sending", "sent", "failed", name="outbox_status", native_enum=False,
                                    create_constraint=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_outbox_message_unit_id_unit"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_message_key")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_message_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_run_on"), ["run_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index("ix_outbox_message_status_created", ["status", "created_at"], unique=False)

    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("host", sa.String(length=120), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job", "scheduled_for", name="uq_job_run_job"),
    )

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_reminder_message_id_outbox_message"), "outbox_message",
                                    ["message_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_reminder_message_id"), ["message_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_message_id"))
        batch_op.drop_constraint(batch_op.f("fk_reminder_message_id_outbox_message"), type_="foreignkey")
        batch_op.drop_column("message_id")
    op.drop_table("job_run")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_status_created")
        batch_op.drop_index(batch_op.f("ix_outbox_message_unit_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_run_on"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_created_at"))
    op.drop_table("outbox_message")
