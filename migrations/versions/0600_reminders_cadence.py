"""reminders cadence (issue #11): a lean ledger (one write per item: its message says whether it went),
units' reminder plans (round-up day, every N weeks, daily or weekly digests), an index on extended deadlines

Revision ID: 0600
Revises: 0501
"""
import sqlalchemy as sa
from alembic import op

revision = "0600"
down_revision = "0501"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_plan",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("roundup_weekday", sa.Integer(), nullable=True),
        sa.Column("roundup_every_weeks", sa.Integer(), nullable=False),
        sa.Column("is_weekly_allowed", sa.Boolean(), nullable=False),
        sa.Column("digest_every", sa.Enum("daily", "weekly", name="digest_every", native_enum=False,
                                          create_constraint=True, length=6), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_reminder_plan_unit_id_unit"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_reminder_plan")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index("ix_assignment_extended_deadline_on", ["extended_deadline_on"], unique=False)

    # A row that was claimed but never sent (its message failed or its pass died) is taken again by the
    # next pass through its message's status; rows without a message are claims of a pass that died
    # before making one: dropped, so the next pass claims them afresh.
    op.execute("DELETE FROM reminder WHERE message_id IS NULL")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_message_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_sent_at"))
        batch_op.drop_constraint(batch_op.f("fk_reminder_message_id_outbox_message"), type_="foreignkey")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("last_error")


def downgrade():
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_reminder_message_id_outbox_message"), "outbox_message",
                                    ["message_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_reminder_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_message_id"), ["message_id"], unique=False)
    op.execute("UPDATE reminder SET sent_at = (SELECT m.sent_at FROM outbox_message m "
               "WHERE m.id = reminder.message_id AND m.status = 'sent')")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_extended_deadline_on")
    op.drop_table("reminder_plan")
