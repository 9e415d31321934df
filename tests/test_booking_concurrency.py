"""Capacity, the go/no-go job and invoice numbers under real concurrency: threads on PostgreSQL, each with
its own connection.

Each test has a control twin that removes the lock and shows the race really happens, so the lock is what
keeps the numbers right (not luck or timing). They run on a database of their own, because they commit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading

import pytest
from sqlalchemy import func, select

from marketplace.bookings import jobs, services
from marketplace.bookings.models import BookingEvent, Enrolment, seat_taking
from marketplace.core import clock
from marketplace.core.access import Actor
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.accounts.models import Role, User
from marketplace.tenancy.organisations.models import Organisation

from .booking_world import a_run, staff
from .factories import build_world
from .race_database import own_database_app

pytestmark = [pytest.mark.postgres, pytest.mark.own_database]

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
RACERS = 20
SEATS = 12


@pytest.fixture(scope="module")
def race_app():
    with own_database_app("taalmarkt_race") as app:
        yield app


@pytest.fixture(scope="module")
def people(race_app):
    """An agency with RACERS workers, and its owner: committed once for the module."""
    with race_app.test_request_context():
        world = build_world()
        workers = staff(world.agency, RACERS, emails=False)
        commit()
        return world.provider.id, world.agency.id, world.agency_owner.id, [w.id for w in workers]


def fresh_run(app, provider_id: int, **kw) -> int:
    with app.test_request_context():
        run = a_run(db.session.get(Organisation, provider_id), capacity=SEATS, **kw)
        commit()
        return run.id


def wait_at(barrier: threading.Barrier, real):
    """Wrap ``real`` so every thread gets there before any goes on; with the lock in place the threads queue
    behind it instead, the barrier times out and each goes on alone."""

    def wrapped(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return real(*args, **kwargs)

    return wrapped


def in_threads(n: int, work) -> list:
    results: list = [None] * n

    def run(i):
        try:
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 - reported to the test
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def race_for_seats(app, people, monkeypatch, *, locking: bool) -> tuple[list, int]:
    provider_id, agency_id, owner_id, workers = people
    run_id = fresh_run(app, provider_id)
    monkeypatch.setattr(services, "lock_capacity", wait_at(threading.Barrier(RACERS), services.lock_capacity))

    def book(i):
        with app.test_request_context():
            actor = Actor(db.session.get(User, owner_id), db.session.get(Organisation, agency_id), Role.owner)
            try:
                booking = services.book_seats(actor, services.BookingRequest(run_id, (workers[i],)), locking=locking)
                commit()
                return booking.status.value
            except services.NoSeats:
                db.session.rollback()
                return "no_seats"

    outcomes = in_threads(RACERS, book)
    with app.app_context():
        taken = db.session.scalar(select(func.count()).select_from(Enrolment).where(
            Enrolment.run_id == run_id, seat_taking(clock.now())))
    return outcomes, taken


def test_twenty_employers_racing_for_twelve_seats_get_exactly_twelve(race_app, people, monkeypatch):
    outcomes, taken = race_for_seats(race_app, people, monkeypatch, locking=True)
    assert sorted(map(str, outcomes)) == ["held"] * SEATS + ["no_seats"] * (RACERS - SEATS)
    assert taken == SEATS


def test_control_without_the_lock_the_run_is_overbooked(race_app, people, monkeypatch):
    outcomes, taken = race_for_seats(race_app, people, monkeypatch, locking=False)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert taken > SEATS


def decide_twice(app, people, monkeypatch, *, locking: bool) -> int:
    """Two go/no-go jobs started at the same moment on a run below its minimum; returns how many times the
    run was decided (and so its provider told), after checking its booking was cancelled exactly once."""
    provider_id, agency_id, owner_id, workers = people
    run_id = fresh_run(app, provider_id, minimum=5, go_no_go_days=20)
    with app.test_request_context():
        actor = Actor(db.session.get(User, owner_id), db.session.get(Organisation, agency_id), Role.owner)
        booking = services.book_seats(actor, services.BookingRequest(run_id, (workers[0],)))
        services.confirm(actor, booking)
        commit()
        booking_id, go_no_go = booking.id, booking.run.go_no_go_date
    decision_time = clock.now() + dt.timedelta(days=(go_no_go - clock.today()).days)
    monkeypatch.setattr(jobs, "lock_run", wait_at(threading.Barrier(2), jobs.lock_run))

    def job(_i):
        with app.test_request_context():
            return jobs.go_no_go(decision_time, locking=locking)

    results = in_threads(2, job)
    assert [r for r in results if isinstance(r, Exception)] == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BookingEvent).where(
            BookingEvent.booking_id == booking_id, BookingEvent.kind == "run_cancelled")) == 1
    return sum(cancelled for _went, cancelled in results)


def test_go_no_go_started_twice_at_once_decides_once(race_app, people, monkeypatch):
    assert decide_twice(race_app, people, monkeypatch, locking=True) == 1


def test_control_without_the_lock_both_jobs_decide(race_app, people, monkeypatch):
    assert decide_twice(race_app, people, monkeypatch, locking=False) == 2


def issue_at_once(app, people, monkeypatch, *, locking: bool) -> list:
    """Ten invoices by one provider at the same moment; returns what each thread got (a number or an error)."""
    from invoices import services as invoicing

    from .test_invoices import draft

    provider_id, agency_id, _owner_id, _workers = people
    monkeypatch.setattr(invoicing, "last_number", wait_at(threading.Barrier(10), invoicing.last_number))
    year = 2004 if locking else 2005  # a sequence of its own per test

    def issue(_i):
        with app.test_request_context():
            provider, agency = db.session.get(Organisation, provider_id), db.session.get(Organisation, agency_id)
            invoice = invoicing.issue(provider, agency, draft(provider, agency), "race", dt.date(year, 6, 1),
                                      locking=locking)
            commit()
            return invoice.number

    return in_threads(10, issue)


def test_ten_invoices_at_once_get_ten_consecutive_numbers(race_app, people, monkeypatch):
    numbers = issue_at_once(race_app, people, monkeypatch, locking=True)
    assert sorted(numbers) == [f"2004-{n:05d}" for n in range(1, 11)]


def test_control_without_the_lock_invoices_collide_on_a_number(race_app, people, monkeypatch):
    outcomes = issue_at_once(race_app, people, monkeypatch, locking=False)
    assert any(isinstance(o, Exception) and "uq_invoices_issuer_year_sequence" in str(o) for o in outcomes)
