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
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.drop_index("ix_assignment_state_role")
        batch_op.drop_index("ix_assignment_unit_state")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("fixed_severity", sa.Integer(), server_default="0", nullable=False))

    # Each assignment's deadline that counts: the latest approved extension, else the task's own.
    # (`flask tracker check` compares extended_deadline_on with the extension history.)
    op.execute("""UPDATE assignment SET due_on = COALESCE(extended_deadline_on,
        (SELECT t.deadline_on FROM task t WHERE t.id = assignment.task_id))""")
    op.execute(f"""UPDATE task SET
        open_due_on = (SELECT min(a.due_on) FROM assignment a
                       WHERE {DECIDING} AND a.state = 'open' AND a.due_on IS NOT NULL),
        fixed_severity = COALESCE((SELECT max({FIXED}) FROM assignment a WHERE {DECIDING}), 0)""")

    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index("ix_assignment_state_role_due", ["state", "role", "due_on", "unit_id"], unique=False)
        batch_op.create_index("ix_assignment_unit_state_due", ["unit_id", "state", "due_on"], unique=False)
        batch_op.create_index("ix_assignment_state_reported", ["state", "reported_done_on"], unique=False)
        batch_op.drop_index("ix_assignment_declined_at")
        batch_op.create_index("ix_assignment_declined", ["state", "declined_at"], unique=False,
                              sqlite_where=sa.text("declined_at IS NOT NULL"),
                              postgresql_where=sa.text("declined_at IS NOT NULL"))
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_open_due", ["open_due_on"], unique=False)
        batch_op.create_index("ix_task_fixed_open_due", ["fixed_severity", "open_due_on"], unique=False)


def downgrade():
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_fixed_open_due")
        batch_op.drop_index("ix_task_open_due")
        batch_op.drop_column("fixed_severity")
        batch_op.drop_column("open_due_on")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_declined")
        batch_op.create_index("ix_assignment_declined_at", ["declined_at"], unique=False)
        batch_op.drop_index("ix_assignment_state_reported")
        batch_op.drop_index("ix_assignment_unit_state_due")
        batch_op.drop_index("ix_assignment_state_role_due")
        batch_op.create_index("ix_assignment_unit_state", ["unit_id", "state"], unique=False)
        batch_op.create_index("ix_assignment_state_role", ["state", "role"], unique=False)
        batch_op.drop_column("due_on")
