"""Language choice and the formats every page shares (money, dates)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from marketplace.core.access import current_actor
from marketplace.core.clock import AMSTERDAM
from subsidies import formats


def select_locale() -> str:
    """The visitor's explicit choice, then their account's language, then Dutch (the default). Outside a
    request (a command, a job) the default, unless a mail is rendered in its reader's language
    (``flask_babel.force_locale``)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen

    who = current_actor()
    if who is not None and who.user.locale in languages:
        return who.user.locale
    if request and request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages) or "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def api_language() -> str:
    """The language of texts in API answers: ``?lang=``, else Accept-Language, else English."""
    wanted = request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        return wanted
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "en"


# Money and dates are written by the product's one formatter (subsidies.formats, Babel), in the page's language.

def money(cents: int | None, locale: str | None = None) -> str:
    """EUR 1.234,50 in Dutch, EUR 1,234.50 in English."""
    return "" if cents is None else formats.money(cents, locale or str(get_locale()))


def day(value: dt.date | None, fmt: str = "medium") -> str:
    return "" if value is None else formats.day(value, str(get_locale()), fmt)


def moment(value: dt.datetime | None, fmt: str = "medium") -> str:
    """A timestamp shown in Amsterdam time."""
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=AMSTERDAM, locale=formats.babel_locale(str(get_locale())))


def register(app) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(day, "day")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(dt.date.fromisoformat, "isodate")
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
