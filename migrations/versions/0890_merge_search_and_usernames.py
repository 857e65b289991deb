"""Merge the folded search columns and case-insensitive usernames (0800) into the line of 0790.

Revision ID: 0890
Revises: 0790, 0800
"""
revision = "0890"
down_revision = ("0790", "0800")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
