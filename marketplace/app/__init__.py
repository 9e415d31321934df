"""The composition root: ``create_app`` binds the ground floor, registers every feature's blueprint, the API
and the command line."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from invoices.pdf import check_fonts
from marketplace.core import config as configuration
from marketplace.core.config import ROOT
from subsidies import load_schemes


class Taalmarkt(Flask):
    """Flask, with the one rule of the request's transaction: an exception that escapes the view rolls back
    everything the request wrote (and the e-mail and jobs it asked for), whichever handler then answers;
    otherwise the request commits at its end (``marketplace.core.jobs.commit``)."""

    def handle_user_exception(self, e):
        _abandon()
        return super().handle_user_exception(e)

    def handle_exception(self, e):
        _abandon()
        return super().handle_exception(e)


def _abandon() -> None:
    from marketplace.core.db import db

    db.session.rollback()


def _commit_request(response):
    from marketplace.core import jobs

    jobs.commit()
    return response


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs fit the database's integers: a larger number is simply not found (404), never an error."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, then TAALMARKT_* environment variables, then ``config``."""
    app = Taalmarkt(__name__, template_folder=str(ROOT / "templates"),
                    static_folder=str(ROOT / "marketplace" / "static"), instance_path=str(ROOT / "instance"))
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.update(configuration.load(app.instance_path, config))
    app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "marketplace" / "translations")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO if app.config["ENV"] != "testing" else logging.WARNING)

    _init_extensions(app)
    _register_blueprints(app)
    load_schemes()  # a broken subsidy parameter file fails here, at start-up, not on a user's request
    check_fonts(strict=False)  # missing invoice fonts: an error at start-up naming the package; PDFs then refuse
    return app


def _init_extensions(app: Flask) -> None:
    from marketplace.core import i18n, links, security
    from marketplace.core.db import db
    from marketplace.core.extensions import babel, csrf, limiter
    from marketplace.tenancy.accounts.login import init_login

    from . import errorpages

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    init_login(app)
    security.init_app(app)
    errorpages.init_app(app)
    i18n.register(app)
    links.init_app(app)
    app.after_request(_commit_request)


def _register_blueprints(app: Flask) -> None:
    from invoices.payment_views import bp as payments_bp
    from invoices.payment_views import stripe_webhook
    from invoices.views import bp as invoice_pages_bp
    from marketplace.bookings.views import bp as bookings_bp
    from marketplace.core.extensions import csrf
    from marketplace.employers.demand_views import bp as demand_bp
    from marketplace.employers.roster_import import bp as roster_import_bp
    from marketplace.employers.views import bp as employers_bp
    from marketplace.funding.eligibility_views import bp as eligibility_bp
    from marketplace.funding.fund_scheme_views import bp as fund_schemes_bp
    from marketplace.funding.scheme_admin import bp as scheme_admin_bp
    from marketplace.matching.views import bp as matching_bp
    from marketplace.tenancy.accounts.views import bp as accounts_bp
    from marketplace.tenancy.organisations import labels
    from marketplace.tenancy.organisations.views import bp as organisations_bp
    from marketplace.tenancy.regions.views import bp as regions_bp
    from providers.imports import bp as imports_bp
    from providers.public import bp as catalogue_bp
    from providers.supply_views import bp as supply_bp
    from providers.views import bp as providers_bp

    from . import assets, cli
    from .api import bp as api_bp
    from .dashboard import bp as dashboard_bp
    from .pages import bp as pages_bp

    csrf.exempt(api_bp)  # the API authenticates with bearer tokens only, never with the cookie
    csrf.exempt(stripe_webhook)  # Stripe signs its webhook calls; there is no cookie to protect
    blueprints = (pages_bp, accounts_bp, organisations_bp, dashboard_bp, regions_bp, eligibility_bp, catalogue_bp,
                  providers_bp, supply_bp, imports_bp, employers_bp, roster_import_bp, demand_bp, matching_bp,
                  scheme_admin_bp, fund_schemes_bp, bookings_bp, invoice_pages_bp, payments_bp, api_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    assets.init_app(app)
    labels.register(app)
    cli.init_app(app)
