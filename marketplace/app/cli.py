"""The `taalmarkt` command: a Flask CLI group over create_app (CONTRACT.md, command line)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from marketplace.core import clock, jobs
from marketplace.core.db import db


@click.group(cls=FlaskGroup, create_app=lambda: __import__("marketplace").create_app())
def main() -> None:
    """Taalmarkt: workplace Dutch courses."""


def init_app(app: Flask) -> None:
    from marketplace.seed.scale import seed_group

    app.cli.add_command(db_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(token_group)
    app.cli.add_command(seed_group)
    app.cli.add_command(bookings_group)
    app.cli.add_command(payments_group)
    app.cli.add_command(payouts_group)
    app.cli.add_command(mail_group)


@click.group("db", cls=AppGroup)
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations, then bring the region tables up to date with the shipped data."""
    from marketplace.app.migrate import upgrade
    from marketplace.tenancy.regions.loader import sync_regions

    upgrade(current_app.config["DATABASE_URL"])
    changes = sync_regions(db.session)
    jobs.commit()
    db.analyze()
    click.echo(f"Database is up to date ({changes} region rows added or changed).")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo data (idempotent) and print the demo logins."""
    from marketplace.seed.demo import DEMO_PASSWORD, load_demo

    logins = load_demo()
    jobs.commit()
    db.analyze()
    click.echo(f"Demo data loaded. Log in with password {DEMO_PASSWORD!r} as:")
    for email, what in logins:
        click.echo(f"  {email:32} {what}")


@click.group("token", cls=AppGroup)
def token_group() -> None:
    """API tokens."""


@token_group.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--org", "kvk", default=None, help="KvK number of the organisation (default: the user's first).")
@click.option("--name", default="command line", help="A name to recognise the token by.")
def token_create(email: str, kvk: str | None, name: str) -> None:
    """Print a new API token, alone on the last line."""
    from marketplace.tenancy.accounts.services import create_token, find_user

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
    jobs.commit()
    click.echo(f"Token for {user.email} at {organisation.name}:", err=True)
    click.echo(secret)




@click.group("bookings", cls=AppGroup)
def bookings_group() -> None:
    """Time-driven booking work."""


@bookings_group.command("tick")
def bookings_tick() -> None:
    """The scheduled work: expire lapsed holds, requests and waitlist offers; decide runs at their go/no-go
    date; remind learners and late payers; store the invoice files still missing; send the mail that waits.
    Safe to run often and twice at once (from cron every minute, or a worker)."""
    from invoices.files import render_missing
    from invoices.reminders import send_payment_reminders
    from marketplace.bookings.jobs import tick
    from marketplace.core.mail import send_waiting

    result = tick()
    reminders = send_payment_reminders(clock.today())
    jobs.commit()
    files = render_missing()
    mail = send_waiting()
    click.echo(f"expired {result.expired}, went ahead {result.went_ahead}, cancelled {result.cancelled}, "
               f"reminded {result.reminded}, payment reminders {reminders}, invoice files {files}, "
               f"mail sent {mail.sent}, failed {mail.failed}, waiting {mail.waiting}")


@click.group("mail", cls=AppGroup)
def mail_group() -> None:
    """Outgoing e-mail."""


@mail_group.command("send")
def mail_send() -> None:
    """Send the e-mail waiting in the outbox whose time has come (a failed one waits longer each time).
    Safe to run often and twice at once; `taalmarkt bookings tick` does it too."""
    from marketplace.core.mail import send_waiting

    result = send_waiting()
    click.echo(f"mail sent {result.sent}, failed {result.failed}, waiting {result.waiting}")
    if result.failed:
        raise SystemExit(1)


@click.group("payments", cls=AppGroup)
def payments_group() -> None:
    """Online payments (Stripe)."""


@payments_group.command("reconcile")
def payments_reconcile() -> None:
    """Look again at every pending Stripe payment and refund and apply what Stripe says (repairs a lost
    webhook or a crash between Stripe's answer and our commit). Safe to run often, e.g. hourly from cron."""
    from invoices.stripe_events import reconcile
    from invoices.stripe_gateway import enabled

    if not enabled():
        raise click.ClickException("Stripe is not configured (TAALMARKT_STRIPE_SECRET_KEY).")
    result = reconcile()
    click.echo(f"payments checked {result.payments}, changed {result.payments_changed}; "
               f"refunds checked {result.refunds}, changed {result.refunds_changed}; errors {result.errors}")
    if result.errors:
        raise SystemExit(1)


@click.group("payouts", cls=AppGroup)
def payouts_group() -> None:
    """What providers are owed."""


@payouts_group.command("run")
@click.option("--period", default=None, help="The month to settle, YYYY-MM (default: last month).")
def payouts_run(period: str | None) -> None:
    """Settle a month for every provider with payments in it: the platform's fee invoice, and a Stripe Connect
    transfer where the provider has a connected account and Stripe is configured. A month is settled once."""
    from decimal import Decimal

    from sqlalchemy import select

    from invoices import stripe_gateway
    from invoices.payouts import previous_month, settle
    from marketplace.tenancy.organisations.models import Organisation, OrgKind

    period = period or previous_month(clock.today())
    fee = Decimal(current_app.config["PLATFORM_FEE_PERCENT"])
    platform = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.platform)
                                 .order_by(Organisation.id))
    transfer = stripe_gateway.send_transfer if stripe_gateway.enabled() else None
    settled = [settle(provider, period, fee, platform, transfer) for provider in db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.provider).order_by(Organisation.id))]
    jobs.commit()
    paid = [p for p in settled if p is not None]
    click.echo(f"{period}: {len(paid)} providers, EUR {sum(p.amount_cents for p in paid) / 100:.2f} to pay out, "
               f"fees EUR {sum(p.fee_cents for p in paid) / 100:.2f}")
