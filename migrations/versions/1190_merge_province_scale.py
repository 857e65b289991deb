"""Merge the branches that grew side by side from 1090: the overdue list's latest progress note (1110), the
task tally (1120) and the reminders' round-up indexes (1130).

Revision ID: 1190
Revises: 1110, 1120, 1130
"""
revision = "1190"
down_revision = ("1110", "1120", "1130")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
