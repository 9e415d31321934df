"""The database: declarative base with a naming convention, one scoped session, UTC timestamps.

Views and services only ``flush()``; the unit of work (a request, a command, a job) commits once, with
``jobs.commit`` (docs/architecture.md, "The life of a request").
"""

from __future__ import annotations

import datetime as dt
import threading

from flask import Flask, current_app, has_app_context
from flask.globals import app_ctx
from sqlalchemy import DateTime, MetaData, String, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite keeps no offset, PostgreSQL's ``timestamp`` neither; storing UTC everywhere keeps both
    databases identical and comparisons correct.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use clock.now() or an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=dt.UTC)


class EnumText(TypeDecorator):
    """A StrEnum stored as its string value; reads give the enum member, writes reject unknown values."""

    impl = String
    cache_ok = True

    def __init__(self, enum_cls, length: int = 20) -> None:
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_cls(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime}


def _session_scope() -> int:
    """One session per app context (so per request), else per thread (scripts, test code)."""
    if has_app_context():
        return id(app_ctx._get_current_object())
    return threading.get_ident()


class AppSession(Session):
    """A session bound to the engine of the app in whose context it runs (one process may hold several
    apps, as tests do), unless it was given a bind explicitly."""

    def get_bind(self, mapper=None, clause=None, **kw):
        if self.bind is not None:
            return self.bind
        return db.engine


class Database:
    """Holds each app's engine and the session, scoped per app context."""

    def __init__(self) -> None:
        self.session = scoped_session(sessionmaker(class_=AppSession, expire_on_commit=False),
                                      scopefunc=_session_scope)
        self._last_engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The current app's engine; outside an app context, that of the app created last."""
        if has_app_context():
            return current_app.extensions["taalmarkt.engine"]
        if self._last_engine is None:
            raise RuntimeError("No app has been created yet.")
        return self._last_engine

    def analyze(self) -> None:
        """Let the query planner know the tables' sizes (SQLite keeps no statistics unless asked)."""
        with self.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["taalmarkt.engine"] = self._last_engine = engine

        @app.teardown_appcontext
        def _remove_session(exc):
            if exc is not None:
                self.session.rollback()
            self.session.remove()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record):
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that SAVEPOINTs
    # (nested transactions, and the per-test rollback) work as on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection):
    connection.exec_driver_sql("BEGIN")


db = Database()
