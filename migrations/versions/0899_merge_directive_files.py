"""Merge the notices' original files (0850) into the line of 0890.

Revision ID: 0899
Revises: 0890, 0850
"""
revision = "0899"
down_revision = ("0890", "0850")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
