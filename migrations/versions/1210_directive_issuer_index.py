"""an index on the directive's issuer: the filters' list of issuing bodies is a walk along it, one step per
body, instead of a DISTINCT over every directive

Revision ID: 1210
Revises: 1200
"""
from alembic import op

revision = "1210"
down_revision = "1200"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_directive_issuer", "directive", ["issuer"], unique=False)


def downgrade():
    op.drop_index("ix_directive_issuer", table_name="directive")
