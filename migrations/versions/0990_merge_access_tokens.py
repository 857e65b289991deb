"""Merge the API tokens and calendar secrets (0900) into the line of 0899.

Revision ID: 0990
Revises: 0899, 0900
"""
revision = "0990"
down_revision = ("0899", "0900")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
