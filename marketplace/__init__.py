"""Taalmarkt: the marketplace for workplace Dutch courses.

The layers, bottom to top (docs/architecture.md): ``core`` and ``tenancy`` (the ground floor), then the
domain packages ``providers`` and ``invoices`` beside the pure ``subsidies``, then the demand features
(``employers``, ``funding``, ``matching``, ``bookings``), then ``seed`` and ``app`` on top.
"""


def create_app(config: dict | None = None):
    """The application (``gunicorn 'marketplace:create_app()'``); built by ``marketplace.app``."""
    from marketplace.app import create_app as build

    return build(config)
