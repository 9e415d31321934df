"""CSRF, headers, cookies, and templates that keep to the Content-Security-Policy."""

import re
from pathlib import Path

from marketplace import create_app

TEMPLATES = Path(__file__).parent.parent / "templates"


def test_a_form_post_without_a_csrf_token_is_refused(client, world):
    response = client.post("/inloggen", data={"email": world.employer_owner.email, "password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302  # not logged in


def test_every_page_sends_strict_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(client, world):
    client.login(world.employer_owner.email)
    assert client.get("/team").headers["Cache-Control"] == "no-store"


def test_no_template_served_under_the_csp_has_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if path.parts[-2] in ("emails", "pdf"):
            continue  # e-mails and PDFs are not pages: no CSP applies to them
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"\sstyle=", text) or re.search(r"<style", text) \
                or re.search(r"\son[a-z]+=", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_session_cookie_is_secure_httponly_and_samesite_in_production(monkeypatch):
    monkeypatch.setenv("TAALMARKT_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TAALMARKT_DATABASE_URL", "sqlite://")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_login_sets_a_fresh_session(client, world):
    client.get("/inloggen")
    before = client.http.get_cookie("taalmarkt_session", domain="taalmarkt.example").value
    client.login(world.employer_owner.email)
    assert client.http.get_cookie("taalmarkt_session", domain="taalmarkt.example").value != before


def test_an_anonymous_page_view_does_not_rewrite_the_session(client):
    # A response that rewrites the cookie from a stale request (a favicon loaded beside a form) would drop
    # the form's CSRF token: pages that do not change the session must not send it again.
    client.get("/taal/en")
    client.get("/inloggen")
    assert client.get("/regios").headers.getlist("Set-Cookie") == []
    assert client.get("/favicon.ico").headers.getlist("Set-Cookie") == []
