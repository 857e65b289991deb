"""status inputs: the deadline that counts on each assignment, the task's open deadline and fixed severity,
and the composite indexes that answer "open and due before today" as a range

Revision ID: 0700
Revises: 0501

The fill is a frozen copy of the rule of tracker/services/status.py (task_inputs) written in SQL, so
that the migration does not change when the code does. Severity: 5 overdue, 4 in progress, 3 ongoing,
2 done late, 1 done on time.
"""
import sqlalchemy as sa
from alembic import op

revision = "0700"
down_revision = "0501"
branch_labels = None
depends_on = None

#: The severity of an assignment whose class does not depend on the day; NULL for open work with a deadline.
FIXED = """CASE
    WHEN a.state = 'done' THEN CASE WHEN a.due_on IS NULL OR a.done_on <= a.due_on THEN 1 ELSE 2 END
    WHEN a.due_on IS NULL THEN 3
    WHEN a.state = 'reported_done' THEN CASE WHEN a.reported_done_on > a.due_on THEN 5 ELSE 4 END
    END"""
#: The task's deciding assignments: its leads, or all of them if none leads.
DECIDING = """a.task_id = task.id AND (a.role = 'lead' OR NOT EXISTS (
    SELECT 1 FROM assignment l WHERE l.task_id = task.id AND l.role = 'lead'))"""


def upgrade():
    # Plain ALTER TABLE (no batch copy of the tables, see downgrade).
    op.add_column("assignment", sa.Column("due_on", sa.Date(), nullable=True))
    op.drop_index("ix_assignment_state_role", table_name="assignment")
    op.drop_index("ix_assignment_unit_state", table_name="assignment")
    op.add_column("task", sa.Column("open_due_on", sa.Date(), nullable=True))
    op.add_column("task", sa.Column("fixed_severity", sa.Integer(), server_default="0", nullable=False))

    # Each assignment's deadline that counts: the latest approved extension, else the task's own.
    # (`flask tracker check` compares extended_deadline_on with the extension history.)
    op.execute("""UPDATE assignment SET due_on = COALESCE(extended_deadline_on,
        (SELECT t.deadline_on FROM task t WHERE t.id = assignment.task_id))""")
    op.execute(f"""UPDATE task SET
        open_due_on = (SELECT min(a.due_on) FROM assignment a
                       WHERE {DECIDING} AND a.state = 'open' AND a.due_on IS NOT NULL),
        fixed_severity = COALESCE((SELECT max({FIXED}) FROM assignment a WHERE {DECIDING}), 0)""")

    op.create_index("ix_assignment_state_role_due", "assignment", ["state", "role", "due_on", "unit_id"],
                    unique=False)
    op.create_index("ix_assignment_unit_state_due", "assignment", ["unit_id", "state", "due_on"], unique=False)
    op.create_index("ix_assignment_state_reported", "assignment",
                    ["state", "reported_done_on", "role", "due_on", "unit_id"], unique=False)
    op.drop_index("ix_assignment_declined_at", table_name="assignment")
    op.create_index("ix_assignment_declined", "assignment", ["state", "declined_at"], unique=False,
                    sqlite_where=sa.text("declined_at IS NOT NULL"), postgresql_where=sa.text("declined_at IS NOT NULL"))
    op.create_index("ix_task_open_due", "task", ["open_due_on"], unique=False)
    op.create_index("ix_task_fixed_open_due", "task", ["fixed_severity", "open_due_on"], unique=False)


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+), never a batch copy of the table: on SQLite a batch drops
    # and recreates the table, and with foreign keys on, dropping `task` cascades to every assignment.
    op.drop_index("ix_task_fixed_open_due", table_name="task")
    op.drop_index("ix_task_open_due", table_name="task")
    op.drop_column("task", "fixed_severity")
    op.drop_column("task", "open_due_on")
    op.drop_index("ix_assignment_declined", table_name="assignment")
    op.create_index("ix_assignment_declined_at", "assignment", ["declined_at"], unique=False)
    op.drop_index("ix_assignment_state_reported", table_name="assignment")
    op.drop_index("ix_assignment_unit_state_due", table_name="assignment")
    op.drop_index("ix_assignment_state_role_due", table_name="assignment")
    op.create_index("ix_assignment_unit_state", "assignment", ["unit_id", "state"], unique=False)
    op.create_index("ix_assignment_state_role", "assignment", ["state", "role"], unique=False)
    op.drop_column("assignment", "due_on")
