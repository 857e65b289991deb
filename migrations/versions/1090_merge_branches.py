"""Merge the branches that grew side by side from 0501: reminders' cadence (0600), sessions and login limits
(0650), status inputs (0700), search and usernames (0800), notices' original files (0850), API tokens and
calendar secrets (0900), follow-up reports and carry-over (1000).

Revision ID: 1090
Revises: 0600, 0650, 0700, 0800, 0850, 0900, 1000
"""
revision = "1090"
down_revision = ("0600", "0650", "0700", "0800", "0850", "0900", "1000")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
