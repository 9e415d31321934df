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
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.core.db import db

log = logging.getLogger(__name__)

#: every job by name; ``@job("mail.send")`` registers one
JOBS: dict[str, Callable[..., Any]] = {}

_RUNNING: ContextVar[str | None] = ContextVar("taalmarkt_job", default=None)
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
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before any SQL, drops the job
    session.info.setdefault(_PENDING, []).append((name, arguments))


def running() -> str | None:
    """The name of the job running now in this thread (for logs, and to tell its work from a request's)."""
    return _RUNNING.get()


def pending(name: str) -> dict[str, Any] | None:
    """The arguments of the job ``name`` already enqueued in this transaction (to add to it), or None."""
    return next((arguments for queued, arguments in db.session().info.get(_PENDING, []) if queued == name), None)


def pending_count() -> int:
    return len(db.session().info.get(_PENDING, []))


def forget_since(count: int) -> None:
    """Drop the jobs enqueued after the first ``count`` (their savepoint was rolled back)."""
    del db.session().info.setdefault(_PENDING, [])[count:]


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.setdefault(_READY, []).extend(session.info.pop(_PENDING, []))


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint (see forms.attempt)
        session.info.pop(_PENDING, None)


def run_ready() -> int:
    """Run the jobs whose transaction committed, each in a transaction of its own; returns how many ran.

    A failing job is rolled back and logged; what it was to do stays recorded for the scheduled commands."""
    session = db.session()
    done = 0
    while ready := session.info.get(_READY):
        name, arguments = ready.pop(0)
        token = _RUNNING.set(name)
        try:
            JOBS[name](**arguments)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("job %s%r failed; it is done again by the scheduled commands", name, arguments)
        finally:
            _RUNNING.reset(token)
        done += 1
    return done


def commit() -> None:
    """Commit the current transaction, then run the jobs it enqueued: the end of every unit of work (a
    request, a command, one step of a scheduled job)."""
    db.session.commit()
    run_ready()
