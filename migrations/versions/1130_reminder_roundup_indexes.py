"""Two partial indexes for the reminder pass's round-up: open, undeclined assignments by unit and deadline
(a unit's long-overdue work counted and its oldest listed from the index alone), and the open leads of a task
(whether a supporting unit is still reminded).

Revision ID: 1130
Revises: 1090
"""
import sqlalchemy as sa
from alembic import op

revision = "1130"
down_revision = "1090"
branch_labels = None
depends_on = None

OPEN = "state = 'open' AND declined_at IS NULL"
LEAD_OPEN = "role = 'lead' AND state <> 'done'"


def upgrade():
    op.create_index("ix_assignment_open_unit_due", "assignment", ["unit_id", "state", "due_on", "role", "task_id", "declined_at", "id"],
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index("ix_assignment_lead_open", "assignment", ["task_id"],
                    sqlite_where=sa.text(LEAD_OPEN), postgresql_where=sa.text(LEAD_OPEN))


def downgrade():
    op.drop_index("ix_assignment_lead_open", table_name="assignment")
    op.drop_index("ix_assignment_open_unit_due", table_name="assignment")
