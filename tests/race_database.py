"""A PostgreSQL database of its own for tests that commit from several threads at once (the races)."""

from __future__ import annotations

import contextlib
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.app.migrate import upgrade
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.regions.loader import sync_regions


@contextlib.contextmanager
def own_database_app(name: str, **config):
    """An app on a fresh database ``<name>_<pid>`` next to TEST_DATABASE_URL, migrated and with the regions;
    dropped afterwards."""
    name = f"{name}_{os.getpid()}"
    server = make_url(os.environ["TEST_DATABASE_URL"])
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    app = create_app({"ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": "race", "SERVER_NAME": "race.example",
                      **config})
    with app.app_context():
        sync_regions(db.session)
        commit()
    try:
        yield app
    finally:
        app.extensions["taalmarkt.engine"].dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
