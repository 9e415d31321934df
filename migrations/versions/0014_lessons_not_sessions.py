"""a run's lessons: the table sessions becomes lessons, course_runs.sessions_count becomes lessons_count

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 19:10:00
"""

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# PostgreSQL renames constraints and sequences as well; SQLite keeps constraint names inside the table's SQL
# (they are never referred to by name there), so only the table, its index and the column are renamed.
POSTGRES_RENAMES = (
    "ALTER INDEX ix_{old}_run_id RENAME TO ix_{new}_run_id",
    "ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}",
    "ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_run_id_course_runs TO fk_{new}_run_id_course_runs",
    "ALTER TABLE {new} RENAME CONSTRAINT ck_{old}_in_order TO ck_{new}_in_order",
    "ALTER SEQUENCE {old}_id_seq RENAME TO {new}_id_seq",
)


def _rename(old: str, new: str) -> None:
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_RENAMES:
            op.execute(statement.format(old=old, new=new))
    else:
        op.drop_index(f"ix_{old}_run_id", table_name=new)
        op.create_index(f"ix_{new}_run_id", new, ["run_id"])
    op.execute(f"ALTER TABLE course_runs RENAME COLUMN {old}_count TO {new}_count")


def upgrade() -> None:
    _rename("sessions", "lessons")


def downgrade() -> None:
    _rename("lessons", "sessions")
