"""the roster records whether an employee is a statushouder (a refugee with a residence permit): yes, no, or
not recorded; the subsidy rules ask it (Doorzaam's phase nvt, SOWIS, ESF+)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("employees", sa.Column("statushouder", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employees") as batch:  # SQLite before 3.35 cannot drop a column in place
        batch.drop_column("statushouder")
