"""Links that leave the site (in e-mails, calendar files, Stripe's return address): absolute, built on
the configured ``TAALMARKT_BASE_URL``, so they are the same from a request, a command or a job.

Without a base URL (development, tests) a request's own address is used, and outside a request the local
development server's.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

#: the development server, for links made outside a request when no base URL is configured
LOCAL = "http://127.0.0.1:5000"


def base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/")
    return request.host_url.rstrip("/") if has_request_context() else LOCAL


def external_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` (as ``url_for`` names it)."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def init_app(app) -> None:
    app.jinja_env.globals["external_url"] = external_url
