"""Alembic environment: the app's metadata, the URL given by `taalmarkt db upgrade`."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from marketplace.app.migrate import include_object
from marketplace.app.models import metadata
from marketplace.core.db import EnumText, UTCDateTime

config = context.config


def render_item(type_, obj, autogen_context):
    """Write the app's column types as plain SQL types, so migrations never depend on app code."""
    if type_ == "type" and isinstance(obj, EnumText):
        return f"sa.String(length={obj.impl.length})"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True, render_as_batch=True, render_item=render_item,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        # batch mode lets the same migrations alter tables on SQLite
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                          compare_type=True, render_item=render_item,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
