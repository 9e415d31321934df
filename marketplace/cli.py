"""The `taalmarkt` command: a Flask CLI group over create_app (CONTRACT.md, command line)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from marketplace.db import db


@click.group(cls=FlaskGroup, create_app=lambda: __import__("marketplace").create_app())
def main() -> None:
    """Taalmarkt: workplace Dutch courses."""


def init_app(app: Flask) -> None:
    from marketplace.seed import seed_group

    app.cli.add_command(db_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(token_group)
    app.cli.add_command(seed_group)
    app.cli.add_command(bookings_group)


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations, then bring the region tables up to date with the shipped data."""
    from marketplace.migrate import upgrade
    from marketplace.regions.loader import sync_regions

    upgrade(current_app.config["DATABASE_URL"])
    changes = sync_regions(db.session)
    db.session.commit()
    refresh_statistics()
    click.echo(f"Database is up to date ({changes} region rows added or changed).")


def refresh_statistics() -> None:
    """Let the query planner know the tables' sizes (SQLite keeps no statistics unless asked)."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


@click.command("demo")
def demo_command() -> None:
    """Load the demo data (idempotent) and print the demo logins."""
    from marketplace.demo import DEMO_PASSWORD, load_demo

    logins = load_demo()
    db.session.commit()
    refresh_statistics()
    click.echo(f"Demo data loaded. Log in with password {DEMO_PASSWORD!r} as:")
    for email, what in logins:
        click.echo(f"  {email:32} {what}")


@click.group("token")
def token_group() -> None:
    """API tokens."""


@token_group.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--org", "kvk", default=None, help="KvK number of the organisation (default: the user's first).")
@click.option("--name", default="command line", help="A name to recognise the token by.")
def token_create(email: str, kvk: str | None, name: str) -> None:
    """Print a new API token, alone on the last line."""
    from marketplace.accounts.services import create_token, find_user

    user = find_user(email)
    if user is None or not user.memberships:
        raise click.ClickException(f"No user {email} with an organisation.")
    memberships = user.memberships
    if kvk:
        memberships = [m for m in memberships if m.organisation.kvk_number == kvk]
        if not memberships:
            raise click.ClickException(f"{email} is not a member of an organisation with KvK number {kvk}.")
    organisation = memberships[0].organisation
    secret = create_token(user, organisation, name)
    db.session.commit()
    click.echo(f"Token for {user.email} at {organisation.name}:", err=True)
    click.echo(secret)




@click.group("bookings")
def bookings_group() -> None:
    """Time-driven booking work."""


@bookings_group.command("tick")
def bookings_tick() -> None:
    """Expire lapsed holds, requests and waitlist offers; decide runs at their go/no-go date; remind learners.
    Safe to run often and twice at once (from cron every minute, or a worker)."""
    from marketplace.bookings.jobs import job_context, tick

    with job_context():
        result = tick()
    click.echo(f"expired {result.expired}, went ahead {result.went_ahead}, cancelled {result.cancelled}, "
               f"reminded {result.reminded}, payment reminders {result.payment_reminders}")
