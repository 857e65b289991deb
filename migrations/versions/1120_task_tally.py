"""task tally: how many tasks have each pair of status inputs (fixed_severity, open_due_on), so that the
count of every class on any day is a sum over a few thousand rows, not a count over every task

Revision ID: 1120
Revises: 1090

The fill recounts the tasks (the same statement as tracker/services/status.py REBUILD_TALLY, frozen here).
"""
import sqlalchemy as sa
from alembic import op

revision = "1120"
down_revision = "1090"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "task_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fixed_severity", sa.Integer(), nullable=False),
        sa.Column("open_due_on", sa.Date(), nullable=True),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_tally")),
    )
    op.create_index("ix_task_tally_inputs", "task_tally", ["fixed_severity", "open_due_on"], unique=False)
    op.execute("INSERT INTO task_tally (fixed_severity, open_due_on, tasks) "
               "SELECT fixed_severity, open_due_on, count(*) FROM task GROUP BY fixed_severity, open_due_on")


def downgrade():
    op.drop_index("ix_task_tally_inputs", table_name="task_tally")
    op.drop_table("task_tally")
