"""Flask-Login wiring: sessions carry "<user id>.<auth stamp>", so a password change ends them."""

from __future__ import annotations

from flask import Flask

from marketplace.db import db
from marketplace.extensions import login_manager

from .models import User


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.login"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, stamp = user_id.partition(".")
        if not ident.isdigit():
            return None
        user = db.session.get(User, int(ident))
        return user if user is not None and user.auth_stamp == stamp else None
