"""Flask-Login wiring: sessions carry "<user id>.<auth stamp>", so a password change ends them."""

from __future__ import annotations

from flask import Flask

from marketplace.core.db import db
from marketplace.core.extensions import login_manager

from .models import User


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
