"""Who is making the request: Flask-Login sessions (carrying "<user id>.<auth stamp>", so a password change
ends them) for pages, bearer tokens for the API."""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_login import current_user

from marketplace.core.access import Actor, Unauthorised
from marketplace.core.db import db
from marketplace.core.extensions import login_manager

from .models import User
from .services import actor_for_token


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    # Flask-Login's session protection rewrites every anonymous session on every request (it finds no
    # identifier there), so a late response (e.g. a favicon) could overwrite a newer cookie and lose the
    # CSRF token. Sessions are signed, HttpOnly, Secure and SameSite=Lax, renewed at log-in, and end when
    # the password changes (the auth stamp): that is the protection here.
    login_manager.session_protection = None
    login_manager.login_view = "accounts.login"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, stamp = user_id.partition(".")
        if not ident.isdigit():
            return None
        user = db.session.get(User, int(ident))
        return user if user is not None and user.auth_stamp == stamp else None

    app.before_request(load_actor)


def load_actor() -> None:
    """Set ``g.actor``: from the bearer token on the API (never from the cookie), else from the session."""
    g.actor = None
    if request.path.startswith("/api/"):
        header = request.headers.get("Authorization", "")
        if not header:
            return
        scheme, _, secret = header.partition(" ")
        found = actor_for_token(secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
        if found is None:
            raise Unauthorised()
        token, membership = found
        g.actor = Actor(user=token.user, organisation=token.organisation, role=membership.role, via_token=True)
        return
    if not current_user.is_authenticated:
        return
    memberships = current_user.memberships
    chosen = next((m for m in memberships if m.organisation_id == session.get("org_id")), None)
    chosen = chosen or (memberships[0] if memberships else None)
    g.actor = Actor(user=current_user._get_current_object(), organisation=chosen.organisation if chosen else None,
                    role=chosen.role if chosen else None)
