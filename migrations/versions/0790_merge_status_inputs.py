"""Merge the status inputs of the assignments (0700) into the line of 0690.

Revision ID: 0790
Revises: 0690, 0700
"""
revision = "0790"
down_revision = ("0690", "0700")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
