"""Configuration: defaults, then TAALMARKT_* environment variables, then an explicit mapping.

Outside development and tests the app refuses to start without a secret key and a database URL,
so a production instance can never run on a throw-away key or a local SQLite file by accident.
"""

import os
import secrets
from pathlib import Path

#: the project's root folder (templates/, migrations/, node_modules/ live there)
ROOT = Path(__file__).resolve().parents[2]

#: Settings read from the environment (CONTRACT.md), as ``TAALMARKT_<NAME>``.
ENV_SETTINGS = (
    "ENV",
    "DATABASE_URL",
    "SECRET_KEY",
    "REDIS_URL",
    "SMTP_URL",
    "MAIL_SENDER",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_JS_URL",
    "PLATFORM_FEE_PERCENT",
    "BASE_URL",
)


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


def defaults(instance_path: str) -> dict:
    return {
        "ENV": "production",
        "DATABASE_URL": None,
        "SECRET_KEY": None,
        "REDIS_URL": None,
        "SMTP_URL": None,
        "MAIL_SENDER": "Taalmarkt <noreply@taalmarkt.nl>",
        "OUTBOX_DIR": str(Path(instance_path) / "outbox"),
        "BASE_URL": None,
        "STRIPE_SECRET_KEY": None,
        "STRIPE_PUBLISHABLE_KEY": None,
        "STRIPE_WEBHOOK_SECRET": None,
        "STRIPE_API_BASE": None,
        #: where the pay page loads Stripe.js from (unset: Stripe's own, or the stand-in at STRIPE_API_BASE)
        "STRIPE_JS_URL": None,
        #: the platform's fee on what providers receive, in percent (a decimal string)
        "PLATFORM_FEE_PERCENT": "5",
        "PASSWORD_RESET_MAX_AGE": 60 * 60,  # seconds: a reset link works for one hour
        "INVITATION_MAX_AGE": 14 * 24 * 60 * 60,
        "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "taalmarkt_session",
        "PERMANENT_SESSION_LIFETIME": 8 * 60 * 60,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": "nl",
        "LANGUAGES": ("nl", "en"),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    }


def from_environment(environ=os.environ) -> dict:
    return {name: environ[f"TAALMARKT_{name}"] for name in ENV_SETTINGS if environ.get(f"TAALMARKT_{name}")}


def finish(config: dict, instance_path: str) -> None:
    """Fill development defaults and refuse unsafe production settings."""
    env = config["ENV"]
    if env not in ("production", "development", "testing"):
        raise ConfigError(f"TAALMARKT_ENV must be production, development or testing, not {env!r}.")
    relaxed = env in ("development", "testing")
    if not relaxed:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not config.get(name)]
        if missing:
            names = " and ".join(f"TAALMARKT_{name}" for name in missing)
            raise ConfigError(
                f"{names} must be set in production. For a local instance set TAALMARKT_ENV=development."
            )
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'taalmarkt.db'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_hex(32)  # random per development start
    config["SESSION_COOKIE_SECURE"] = not relaxed
    config["TESTING"] = env == "testing" or config.get("TESTING", False)
