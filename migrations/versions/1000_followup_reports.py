"""follow-up reports: versioned report texts, carry-over links, and the "carried_over" assignment state

Revision ID: 1000
Revises: 0501
"""
import sqlalchemy as sa
from alembic import op

revision = "1000"
down_revision = "0501"
branch_labels = None
depends_on = None

OLD_STATES = ("open", "reported_done", "done")
NEW_STATES = OLD_STATES + ("carried_over",)


def _state(values):
    return sa.Enum(*values, name="assignment_state", native_enum=False, create_constraint=True, length=13)


def upgrade():
    op.create_table(
        "report_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("notice", "period", "unit", name="report_kind", native_enum=False,
                                  create_constraint=True), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], name=op.f("fk_report_text_author_id_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["directive_id"], ["directive.id"], name=op.f("fk_report_text_directive_id_directive"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_report_text_unit_id_unit"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_text")),
        sa.UniqueConstraint("kind", "scope", "version", name="uq_report_text_version"),
    )
    with op.batch_alter_table("report_text") as batch_op:
        batch_op.create_index(batch_op.f("ix_report_text_directive_id"), ["directive_id"], unique=False)

    op.create_table(
        "task_carry_over",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_task_id", sa.Integer(), nullable=False),
        sa.Column("to_directive_id", sa.Integer(), nullable=False),
        sa.Column("to_task_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.Enum("carried", "restated", name="carry_mode", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("new_deadline_on", sa.Date(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], name=op.f("fk_task_carry_over_actor_id_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["from_task_id"], ["task.id"], name=op.f("fk_task_carry_over_from_task_id_task"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_directive_id"], ["directive.id"],
                                name=op.f("fk_task_carry_over_to_directive_id_directive"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_task_id"], ["task.id"], name=op.f("fk_task_carry_over_to_task_id_task"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_carry_over")),
        sa.UniqueConstraint("from_task_id", "to_directive_id", name="uq_task_carry_over_once"),
    )
    with op.batch_alter_table("task_carry_over") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_carry_over_from_task_id"), ["from_task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_carry_over_to_directive_id"), ["to_directive_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_carry_over_to_task_id"), ["to_task_id"], unique=False)

    with op.batch_alter_table("assignment") as batch_op:
        batch_op.alter_column("state", existing_type=_state(OLD_STATES), type_=_state(NEW_STATES),
                              existing_nullable=False)


def downgrade():
    op.execute("UPDATE assignment SET state = 'open' WHERE state = 'carried_over'")
    with op.batch_alter_table("assignment") as batch_op:
        batch_op.alter_column("state", existing_type=_state(NEW_STATES), type_=_state(OLD_STATES),
                              existing_nullable=False)
    op.drop_table("task_carry_over")
    op.drop_table("report_text")
