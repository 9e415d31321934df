"""Test set-up: one app per session on SQLite (or PostgreSQL with TEST_DATABASE_URL), each test inside
a transaction that is rolled back, and e-mail captured in a per-test outbox folder."""

from __future__ import annotations

import os
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import text

from marketplace import create_app
from marketplace.app.migrate import upgrade
from marketplace.core.db import db
from marketplace.core.extensions import limiter
from marketplace.core.jobs import commit
from marketplace.tenancy.regions.loader import sync_regions

from .factories import World, build_world

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and not POSTGRES_URL:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return POSTGRES_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "ENV": "testing",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
        "SERVER_NAME": "taalmarkt.example",
    })
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(database_url)  # the real migrations, full-text search included
        db.engine.dispose()
        sync_regions(db.session)
        commit()
        db.session.remove()
    yield app
    app.extensions["taalmarkt.engine"].dispose()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Bind the session to one connection whose outer transaction is rolled back after the test.

    Commits inside the app become SAVEPOINT releases, so views behave as in production.
    Tests marked ``own_database`` (their own database, or real commits) run without it.
    """
    if "own_database" in request.keywords:
        yield
        return
    # No app context stays pushed during the test: the test client's requests must each get their own
    # (and so their own ``g``), as in production. The scoped session needs no context.
    connection = app.extensions["taalmarkt.engine"].connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        db.session.remove()
        outer.rollback()
        connection.close()
        db.session.configure(bind=None, join_transaction_mode="conditional_savepoint")
        with app.app_context():
            limiter.reset()


@pytest.fixture
def ctx(app):
    """A request context for tests that call services directly (not with the test client)."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app) -> World:
    """A small named world: see factories.build_world."""
    with app.test_request_context():
        built = build_world()
        commit()
        ids = {name: (type(obj), obj.id) for name, obj in vars(built).items()}
    # Re-load into the test's own session, which outlives the request context used to build them.
    return World(**{name: db.session.get(model, ident) for name, (model, ident) in ids.items()})


class Client:
    """The test client with helpers that use forms as a browser does (CSRF token included)."""

    def __init__(self, flask_client):
        self.http = flask_client

    def get(self, url, **kw):
        return self._done(self.http.get(url, **kw))

    def post(self, url, **kw):
        return self._done(self.http.post(url, **kw))

    @staticmethod
    def _done(response):
        # Each request has its own session; the test's session must re-read what the request wrote.
        db.session.expire_all()
        return response

    def csrf_token(self, page_url: str) -> str:
        page = self.get(page_url)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or re.search(
            r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {page_url} ({page.status_code})"
        return match.group(1)

    def submit(self, page_url: str, data: dict, action: str | None = None, **kw):
        """Open the page, take its CSRF token, post ``data`` to the form's action (default: the page)."""
        token = self.csrf_token(page_url)
        return self.post(action or page_url, data={"csrf_token": token, **data}, **kw)

    def login(self, email: str, password: str = "correct horse battery"):
        response = self.submit("/inloggen", {"email": email, "password": password})
        assert response.status_code == 302, response.text
        return response

    def logout(self):
        return self.submit("/dashboard", {}, action="/uitloggen")

    def api(self, method: str, url: str, token: str | None = None, json=None, data=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self._done(self.http.open(url, method=method, headers=headers, json=json, data=data,
                                         content_type="application/json"))


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def outbox(app):
    """The e-mails written to the outbox during the test, parsed."""
    folder = Path(app.config["OUTBOX_DIR"])
    before = set(folder.glob("*.eml")) if folder.exists() else set()

    def read():
        files = sorted(set(folder.glob("*.eml")) - before)
        return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]

    return read


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """argon2 with its cheapest parameters in tests: the same algorithm, a fraction of the time."""
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from marketplace.tenancy.accounts import passwords

    real = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(CHEAPEST)
    yield
    passwords._hasher = real
