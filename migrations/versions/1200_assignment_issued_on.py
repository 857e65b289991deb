"""the dashboard from one index: each assignment keeps its directive's date (Assignment.issued_on), and an
index holds a period's lead work with every column its class reads (partial: only a query that names a
period can use it, so the other lists keep their plans)

Revision ID: 1200
Revises: 1190
"""
import sqlalchemy as sa
from alembic import op

revision = "1200"
down_revision = "1190"
branch_labels = None
depends_on = None

LEAD_ISSUED = "role = 'lead' AND issued_on IS NOT NULL"


def upgrade():
    # Plain ALTER TABLE, never a batch copy (see 0700).
    op.add_column("assignment", sa.Column("issued_on", sa.Date(), nullable=True))
    # UPDATE … FROM (PostgreSQL; SQLite 3.33+): one join, not a lookup per assignment.
    op.execute("""UPDATE assignment SET issued_on = directive.issued_on
                  FROM task JOIN directive ON directive.id = task.directive_id
                  WHERE task.id = assignment.task_id""")
    op.create_index("ix_assignment_lead_issued", "assignment",
                    ["issued_on", "unit_id", "state", "due_on", "done_on", "reported_done_on"], unique=False,
                    sqlite_where=sa.text(LEAD_ISSUED), postgresql_where=sa.text(LEAD_ISSUED))


def downgrade():
    op.drop_index("ix_assignment_lead_issued", table_name="assignment")
    op.drop_column("assignment", "issued_on")
