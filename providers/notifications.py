"""Who is told when a run changes. Bookings (a later capability) plug in here.

``has_bookings`` and ``booked_employers`` answer from the bookings once they exist; until then no run
has any, so a change needs no reason and nobody is told.
"""

from __future__ import annotations

from collections.abc import Callable

#: Set by the bookings capability: run -> list of (organisation, contact e-mail) with live bookings.
booked_employers_source: Callable | None = None
#: Set by the bookings capability: the provider cancelled a run; its bookings are cancelled and everyone told.
run_cancelled_source: Callable | None = None


def booked_employers(run) -> list:
    return booked_employers_source(run) if booked_employers_source else []


def has_bookings(run) -> bool:
    return bool(booked_employers(run))


def run_changed(run, change) -> None:
    """Mail each booked employer what changed and why (after the commit)."""
    from marketplace.core.mail import render_mail, send_after_commit
    from marketplace.core.translation import gettext as _

    for organisation, email in booked_employers(run):
        send_after_commit(render_mail(email, _("A course you booked has changed"), "run_changed",
                                      organisation=organisation, run=run, change=change))


def run_cancelled(run) -> None:
    if run_cancelled_source:
        run_cancelled_source(run)
