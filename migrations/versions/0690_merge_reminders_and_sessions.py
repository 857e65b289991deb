"""Merge the reminders' cadence (0600) and the sessions and login limits (0650), both grown from 0501.

Revision ID: 0690
Revises: 0600, 0650
"""
revision = "0690"
down_revision = ("0600", "0650")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
