"""The command line of CONTRACT.md: db upgrade, demo (idempotent), token create."""

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text

from marketplace import create_app
from marketplace.app.cli import main
from marketplace.app.migrate import alembic_config
from marketplace.tenancy.accounts.models import ApiToken, User
from marketplace.tenancy.organisations.models import Organisation

pytestmark = pytest.mark.own_database

@pytest.fixture
def fresh(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TAALMARKT_DATABASE_URL", url)
    monkeypatch.setenv("TAALMARKT_SECRET_KEY", "cli-test")
    monkeypatch.setenv("TAALMARKT_ENV", "testing")
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return run, url


def count(url, model):
    engine = create_engine(url)
    with engine.connect() as c:
        n = c.execute(select(func.count()).select_from(model)).scalar()
    engine.dispose()
    return n


def test_upgrade_demo_twice_and_a_token_that_works(fresh):
    run, url = fresh
    assert "up to date" in run("db", "upgrade").output
    first = run("demo").output
    assert "werkgever@demo.taalmarkt.nl" in first and "demo-taalmarkt" in first
    counts = (count(url, Organisation), count(url, User))
    run("demo")
    assert (count(url, Organisation), count(url, User)) == counts == (6, 6)

    out = run("token", "create", "--email", "werkgever@demo.taalmarkt.nl").stdout
    token = out.strip().splitlines()[-1]
    assert token.startswith("tm_")
    assert count(url, ApiToken) == 1
    app = create_app()
    with app.test_client() as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["organisation"]["kvk_number"] == "90000001"


def test_token_create_for_an_unknown_user_fails_with_a_message(fresh):
    run, _url = fresh
    run("db", "upgrade")
    result = CliRunner().invoke(main, ["token", "create", "--email", "nobody@demo.taalmarkt.nl"])
    assert result.exit_code != 0 and "No user" in result.output


def test_migrations_run_on_an_empty_database(fresh):
    run, url = fresh
    run("db", "upgrade")
    engine = create_engine(url)
    with engine.connect() as c:
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    engine.dispose()


def test_the_bookings_tick_runs_the_time_driven_work(fresh):
    run, _url = fresh
    run("db", "upgrade")
    result = run("bookings", "tick")
    assert "expired 0, went ahead 0, cancelled 0, reminded 0" in result.output


def test_payouts_run_reports_the_month_it_settled(fresh):
    run, _url = fresh
    run("db", "upgrade")
    assert run("payouts", "run", "--period", "2026-10").output.startswith("2026-10: 0 providers")
