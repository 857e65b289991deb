"""Merge the follow-up reports' texts and the carry-over of tasks (1000) into the line of 0990.

Revision ID: 1090
Revises: 0990, 1000
"""
revision = "1090"
down_revision = ("0990", "1000")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
