"""Configuration: defaults, then TAALMARKT_* environment variables, then an explicit mapping.

The settings of CONTRACT.md are declared once, typed, in ``Settings``; pydantic-settings reads them from
the environment as ``TAALMARKT_<NAME>`` (an empty variable counts as unset). Flask's own settings follow
from them. Outside development and tests the app refuses to start without a secret key and a database URL,
so a production instance can never run on a throw-away key or a local SQLite file by accident. Every
refusal is one line that names the variable to set.
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: the project's root folder (templates/, migrations/, node_modules/ live there)
ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENTS = ("production", "development", "testing")


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


class Settings(BaseSettings):
    """The settings an operator gives (CONTRACT.md, "Configuration"), with their defaults."""

    model_config = SettingsConfigDict(env_prefix="TAALMARKT_", env_ignore_empty=True, extra="ignore")

    #: production, development or testing; development and testing relax the checks below
    ENV: str = "production"
    #: SQLAlchemy URL; development and tests default to SQLite in instance/
    DATABASE_URL: str | None = None
    #: signs sessions and links; random per start in development
    SECRET_KEY: str | None = None
    #: job queue and rate-limit storage; unset: jobs inline, limits in memory
    REDIS_URL: str | None = None
    #: smtp(s)://user:pass@host:port; unset: mail is written to instance/outbox/
    SMTP_URL: str | None = None
    MAIL_SENDER: str = "Taalmarkt <noreply@taalmarkt.nl>"
    STRIPE_SECRET_KEY: str | None = None
    STRIPE_PUBLISHABLE_KEY: str | None = None
    STRIPE_WEBHOOK_SECRET: str | None = None
    #: another Stripe API address (a local stand-in)
    STRIPE_API_BASE: str | None = None
    #: where the pay page loads Stripe.js from (unset: Stripe's own, or the stand-in at STRIPE_API_BASE)
    STRIPE_JS_URL: str | None = None
    #: the platform's fee on what providers receive, in percent (a decimal string)
    PLATFORM_FEE_PERCENT: str = "5"
    #: the address links in e-mail, calendar files and Stripe point at
    BASE_URL: str | None = None

    @field_validator("PLATFORM_FEE_PERCENT")
    @classmethod
    def _a_percentage(cls, value: str) -> str:
        try:
            fee = Decimal(value)
        except InvalidOperation:
            raise ValueError("a number such as 5 or 2.5") from None
        if not fee.is_finite() or not 0 <= fee <= 100:
            raise ValueError("between 0 and 100")
        return value


def flask_defaults(instance_path: str) -> dict:
    """Flask's and the extensions' settings, the same for every instance."""
    return {
        "OUTBOX_DIR": str(Path(instance_path) / "outbox"),
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


def load(instance_path: str, overrides: dict | None = None) -> dict:
    """The whole configuration: Flask's defaults, the settings from the environment, then ``overrides`` (a
    mapping given to create_app, e.g. by the tests); refused with a ConfigError when it cannot run safely."""
    overrides = dict(overrides or {})
    given = {name: value for name, value in overrides.items() if name in Settings.model_fields}
    try:
        settings = Settings(**given)
    except ValidationError as e:
        problem = e.errors()[0]
        message = problem['msg'].removeprefix('Value error, ')
        raise ConfigError(f"TAALMARKT_{problem['loc'][0]} is not valid: {message}.") from None
    config = {**flask_defaults(instance_path), **settings.model_dump(), **overrides}
    _finish(config, instance_path)
    return config


def _finish(config: dict, instance_path: str) -> None:
    """Fill development defaults and refuse unsafe production settings."""
    env = config["ENV"]
    if env not in ENVIRONMENTS:
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
