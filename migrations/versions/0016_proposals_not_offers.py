"""a provider's answer to a published need is a proposal (the word offer is kept for seats offered from
the waiting list): the table offers becomes proposals, the status offered becomes proposed

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 19:50:00
"""

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

INDEXED = ("need_id", "provider_id", "run_id")
FOREIGN_KEYS = ("need_id_training_needs", "provider_id_organisations", "run_id_course_runs")


def _rename(old: str, new: str) -> None:
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        for column in INDEXED:
            op.execute(f"ALTER INDEX ix_{old}_{column} RENAME TO ix_{new}_{column}")
        for key in FOREIGN_KEYS:
            op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_{key} TO fk_{new}_{key}")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(f"ALTER SEQUENCE {old}_id_seq RENAME TO {new}_id_seq")
    else:  # SQLite keeps constraint names inside the table's SQL; only the indexes are named from outside
        for column in INDEXED:
            op.drop_index(f"ix_{old}_{column}", table_name=new)
            op.create_index(f"ix_{new}_{column}", new, [column])


def upgrade() -> None:
    _rename("offers", "proposals")
    op.execute("UPDATE proposals SET status = 'proposed' WHERE status = 'offered'")


def downgrade() -> None:
    op.execute("UPDATE proposals SET status = 'offered' WHERE status = 'proposed'")
    _rename("proposals", "offers")
