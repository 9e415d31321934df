"""schemes funds define themselves: the scheme (names, source, route, evidence, payee) and its dated
versions of terms, drafts until published

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 04:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("name_nl", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("source_url", sa.String(length=300), nullable=False),
        sa.Column("route_nl", sa.Text(), nullable=False),
        sa.Column("route_en", sa.Text(), nullable=False),
        sa.Column("evidence_nl", sa.Text(), nullable=False),
        sa.Column("evidence_en", sa.Text(), nullable=False),
        sa.Column("payee", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("payee IN ('employer','provider')", name=op.f("ck_fund_schemes_payee")),
        sa.ForeignKeyConstraint(["fund_id"], ["organisations.id"], name=op.f("fk_fund_schemes_fund_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_schemes")),
    )
    op.create_index(op.f("ix_fund_schemes_fund_id"), "fund_schemes", ["fund_id"], unique=False)
    op.create_table(
        "fund_scheme_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("valid_until IS NULL OR valid_until >= valid_from",
                           name=op.f("ck_fund_scheme_versions_period")),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"],
                                name=op.f("fk_fund_scheme_versions_published_by_id_users")),
        sa.ForeignKeyConstraint(["scheme_id"], ["fund_schemes.id"],
                                name=op.f("fk_fund_scheme_versions_scheme_id_fund_schemes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_scheme_versions")),
        sa.UniqueConstraint("scheme_id", "number", name=op.f("uq_fund_scheme_versions_scheme_id_number")),
    )
    op.create_index(op.f("ix_fund_scheme_versions_scheme_id"), "fund_scheme_versions", ["scheme_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_fund_scheme_versions_scheme_id"), table_name="fund_scheme_versions")
    op.drop_table("fund_scheme_versions")
    op.drop_index(op.f("ix_fund_schemes_fund_id"), table_name="fund_schemes")
    op.drop_table("fund_schemes")
