"""Merge the two branches that grew from the initial schema: workflow indexes (0400) and reminders (0500).

Revision ID: 0501
Revises: 0400, 0500
"""

revision = "0501"
down_revision = ("0400", "0500")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
