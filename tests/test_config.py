"""create_app: defaults, then TAALMARKT_* variables, then the mapping given; unsafe production refused."""

import pytest

from marketplace import create_app
from marketplace.core.config import ConfigError


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SMTP_URL"):
        monkeypatch.delenv(f"TAALMARKT_{name}", raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key_and_a_database_url(clean_env):
    with pytest.raises(ConfigError, match="TAALMARKT_SECRET_KEY and TAALMARKT_DATABASE_URL"):
        create_app()
    clean_env.setenv("TAALMARKT_SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="TAALMARKT_DATABASE_URL"):
        create_app()


def test_settings_come_from_the_environment_and_then_from_the_mapping(clean_env):
    clean_env.setenv("TAALMARKT_SECRET_KEY", "from-env")
    clean_env.setenv("TAALMARKT_DATABASE_URL", "sqlite://")
    clean_env.setenv("TAALMARKT_SMTP_URL", "smtp://127.0.0.1:2525")
    app = create_app({"SMTP_URL": "smtp://127.0.0.1:2526"})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SMTP_URL"] == "smtp://127.0.0.1:2526"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_development_gets_a_random_secret_key_and_a_local_sqlite_database(clean_env):
    clean_env.setenv("TAALMARKT_ENV", "development")
    first, second = create_app(), create_app()
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert first.config["DATABASE_URL"].startswith("sqlite:///") and first.config["DATABASE_URL"].endswith(
        "instance/taalmarkt.db")
    assert first.config["SESSION_COOKIE_SECURE"] is False


def test_redis_configures_the_rate_limit_storage(clean_env):
    app = create_app({"ENV": "testing", "REDIS_URL": "redis://127.0.0.1:6379/15"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"


def test_an_unknown_environment_name_is_refused(clean_env):
    with pytest.raises(ConfigError, match="TAALMARKT_ENV"):
        create_app({"ENV": "staging"})


def test_a_bad_value_is_one_line_naming_the_variable(clean_env):
    clean_env.setenv("TAALMARKT_ENV", "testing")
    clean_env.setenv("TAALMARKT_PLATFORM_FEE_PERCENT", "vijf")
    with pytest.raises(ConfigError) as refused:
        create_app()
    assert str(refused.value) == "TAALMARKT_PLATFORM_FEE_PERCENT is not valid: a number such as 5 or 2.5."


def test_an_empty_variable_counts_as_unset(clean_env):
    clean_env.setenv("TAALMARKT_ENV", "testing")
    clean_env.setenv("TAALMARKT_SMTP_URL", "")
    assert create_app().config["SMTP_URL"] is None
