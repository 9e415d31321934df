"""A live server on its own SQLite database with the demo data, and headless Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.app.migrate import upgrade
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.seed.demo import load_demo
from marketplace.tenancy.regions.loader import sync_regions

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here not in item.path.parents:
            continue  # this hook sees every collected test, not only this folder's
        item.add_marker(pytest.mark.own_database)
        item.add_marker(pytest.mark.browser)
        if not Path(CHROMIUM).exists():
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


@contextlib.contextmanager
def live_demo_server(tmp_path_factory, name: str, **config):
    """The app with the demo data on its own SQLite database, served on a free loopback port; yields
    (app, base URL)."""
    url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'live.db'}"
    app = create_app({"ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": f"browser-{name}",
                      "LOGIN_RATE_LIMIT": "1000 per minute",
                      "OUTBOX_DIR": str(tmp_path_factory.mktemp(f"{name}-outbox")), **config})
    upgrade(url)
    with app.app_context():
        sync_regions(db.session)
        load_demo()
        commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.extensions["taalmarkt.engine"].dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with live_demo_server(tmp_path_factory, "live") as (_app, base):
        yield base


def log_in(page, email: str) -> None:
    """Log in with the English labels as a demo user (password ``demo-taalmarkt``), ending on the dashboard."""
    page.goto("/taal/en")
    page.goto("/inloggen")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-taalmarkt")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard$"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp only so that the test can inject axe-core; the app's own pages never need it.
    context = browser.new_context(base_url=live_server, bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Serious and critical accessibility violations on the current page, by axe-core."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(r =>
        r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.map(n => n.target.join(' '))})))""")
    return [v for v in result if v["impact"] in ("serious", "critical")]
