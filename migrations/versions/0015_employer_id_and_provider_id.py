"""employer_id and provider_id where organisation_id said neither: bookings, needs, rosters, sites and
reservations belong to an employer; courses, runs, locations and quality marks to a provider

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 19:30:00
"""

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

RENAMES = {
    "bookings": "employer_id", "training_needs": "employer_id", "employees": "employer_id", "sites": "employer_id",
    "run_reservations": "employer_id", "courses": "provider_id", "course_runs": "provider_id",
    "locations": "provider_id", "quality_marks": "provider_id",
}


def _rename(table: str, old: str, new: str) -> None:
    # SQLite (3.25+) renames the column in the table, its indexes and foreign keys; only the index's name stays
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX ix_{table}_{old} RENAME TO ix_{table}_{new}")
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT fk_{table}_{old}_organisations "
                   f"TO fk_{table}_{new}_organisations")
    else:
        op.drop_index(f"ix_{table}_{old}", table_name=table)
        op.create_index(f"ix_{table}_{new}", table, [new])


def upgrade() -> None:
    for table, column in RENAMES.items():
        _rename(table, "organisation_id", column)


def downgrade() -> None:
    for table, column in RENAMES.items():
        _rename(table, column, "organisation_id")
