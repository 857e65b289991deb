"""the overdue list from an index: each assignment's latest progress report (a stored input), a partial index
of the lead work not yet done with every column the list reads, and the unit directory's order

Revision ID: 1110
Revises: 1090

The fill is a frozen copy of the rule of tracker/services/status.py (`latest_progress`) in SQL: the newest
progress report of the assignment that the office has not returned.
"""
import sqlalchemy as sa
from alembic import op

revision = "1110"
down_revision = "1090"
branch_labels = None
depends_on = None

LEAD_PENDING = "role = 'lead' AND state NOT IN ('done', 'carried_over')"


def upgrade():
    # Plain ALTER TABLE, never a batch copy (see 0700).
    op.add_column("assignment", sa.Column("latest_progress_id", sa.Integer(), nullable=True))
    # UPDATE … FROM (PostgreSQL; SQLite 3.33+): one grouped pass, not a lookup per assignment.
    op.execute("""UPDATE assignment SET latest_progress_id = latest.id
                  FROM (SELECT assignment_id, max(id) AS id FROM progress_report WHERE returned_at IS NULL
                        GROUP BY assignment_id) AS latest
                  WHERE latest.assignment_id = assignment.id""")
    op.create_index("ix_assignment_lead_pending", "assignment",
                    ["unit_id", "due_on", "state", "reported_done_on", "extended_deadline_on", "task_id",
                     "latest_progress_id"], unique=False,
                    sqlite_where=sa.text(LEAD_PENDING), postgresql_where=sa.text(LEAD_PENDING))
    op.create_index("ix_unit_directory_order", "unit", ["sort_order", "name", "id"], unique=False)


def downgrade():
    op.drop_index("ix_unit_directory_order", table_name="unit")
    op.drop_index("ix_assignment_lead_pending", table_name="assignment")
    op.drop_column("assignment", "latest_progress_id")
