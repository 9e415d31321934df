"""Work that happens after a commit: e-mail from the outbox, Stripe refunds, stamping a token's last use.

A use case *enqueues* a job inside its transaction; the job runs only once that transaction has committed,
and is dropped when it rolls back, so no mail tells of something that did not happen and no money moves
for a credit note that does not exist. Jobs run inline, right after the commit, in the same process (the
default); each runs in its own transaction, and a failure is logged and never reaches the request that
asked for it. Every job is idempotent and its effect is kept in the database (the outbox, pending
refunds), so a job that failed or never ran is simply done again by the scheduled commands
(``taalmarkt mail send``, ``taalmarkt bookings tick``, ``taalmarkt payments reconcile``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.core.db import db

log = logging.getLogger(__name__)

#: every job by name; ``@job("mail.send")`` registers one
JOBS: dict[str, Callable[..., Any]] = {}

_PENDING = "taalmarkt.jobs.pending"  # enqueued in the open transaction
_READY = "taalmarkt.jobs.ready"  # their transaction committed: to run


def job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as the job ``name``; its keyword arguments must be plain data (ids, strings)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        JOBS[name] = function
        return function

    return register


def enqueue(name: str, **arguments: Any) -> None:
    """Run the job ``name`` once the current transaction has committed (never if it rolls back)."""
    if name not in JOBS:
        raise KeyError(f"no job called {name!r}")
    db.session().info.setdefault(_PENDING, []).append((name, arguments))


def pending_count() -> int:
    return len(db.session().info.get(_PENDING, []))


def forget_since(count: int) -> None:
    """Drop the jobs enqueued after the first ``count`` (their savepoint was rolled back)."""
    del db.session().info.setdefault(_PENDING, [])[count:]


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.setdefault(_READY, []).extend(session.info.pop(_PENDING, []))


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def run_ready() -> int:
    """Run the jobs whose transaction committed, each in a transaction of its own; returns how many ran.

    A failing job is rolled back and logged; what it was to do stays recorded for the scheduled commands."""
    session = db.session()
    done = 0
    while ready := session.info.get(_READY):
        name, arguments = ready.pop(0)
        try:
            JOBS[name](**arguments)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("job %s%r failed; it is done again by the scheduled commands", name, arguments)
        done += 1
    return done


def commit() -> None:
    """Commit the current transaction, then run the jobs it enqueued: the end of every unit of work (a
    request, a command, one step of a scheduled job)."""
    db.session.commit()
    run_ready()
