"""Alembic, driven from the app: the migrations live in migrations/ at the project root."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from marketplace.core.config import ROOT


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


#: Database objects made by raw SQL in the migrations (full-text search), unknown to the models.
UNMODELLED = ("course_fts", "search_vector", "ix_courses_search_vector")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate and the schema test ignore the full-text search objects the models do not describe."""
    return not (reflected and compare_to is None and name and name.startswith(UNMODELLED))
