"""Bookings and their enrolments: the state of the next twelve months' runs at the base date.

600,000 enrolments on 30,000 runs of 6-16 seats (about 330,000 seats) means demand outruns supply, so the data
set has the churn around full runs. ``scaled("enrolments")`` is shared out over the runs by capacity and demand
(runs starting sooner are fuller; confirmed runs more, cancelled runs less, drafts nothing), then booked in
bookings of 1-6 employees of one employer (in the run's regions, weighted by roster; in-company runs mostly by
one employer), created between the run's creation and the base date (never after the booking deadline), in
that order: a booking that would be confirmed is **confirmed** while it fits under ``capacity_max``, and
otherwise **waitlisted**, gone from the waiting list (**cancelled**, free) or an **expired** waitlist offer;
the others are **cancelled** (two thirds after confirming, for the fee ``bookings.services`` charges under the
run's terms), **expired** (a lapsed hold, or a lapsed provider request), **declined** by the provider (runs
without instant booking) or **held** with ``seat_until`` in the past (a lapsed hold the tick job has not
expired yet; no seat). Some confirmed bookings had one employee cancelled on their own. Every booking on a
cancelled run is cancelled free of charge. Confirmed enrolments never exceed a run's ``capacity_max``; an
employee is live (``bookings.models.LIVE``) at most once per run, but may book a run again after an expired or
cancelled booking. No requested or offered bookings (their seats would still be taken at the base date).
Left out: booking events (the audit trail), funding snapshots and budget entries (``funding_id`` is null),
swaps, payment records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from marketplace.bookings.jobs import REMIND_DAYS_BEFORE
from marketplace.bookings.models import LIVE, Booking, BookingStatus, Enrolment, EnrolmentStatus, PaymentMethod
from marketplace.bookings.services import HOLD_MINUTES, late_cancellation_fee
from marketplace.core import clock
from providers.catalogue import RunStatus
from providers.schedule import to_utc
from providers.vocabulary import PlaceKind

from .draws import Weighted, apportion, between, one
from .world import BATCH, World

#: what a booking on a bookable run came to, before capacity has its say (see the module docstring)
OUTCOME = Weighted(("confirmed", "cancelled", "expired", "declined", "held"), (70, 13, 11, 4, 1))
#: what became of a booking that would have been confirmed but found the run full
FULL_OUTCOME = Weighted(("waitlisted", "left", "expired"), (45, 30, 25))
BOOKING_SIZE = Weighted((1, 2, 3, 4, 5, 6), (22, 24, 20, 14, 11, 9))
PAYMENT = Weighted((PaymentMethod.invoice, PaymentMethod.stripe), (7, 3))
#: a run's demand relative to its seats, by status (times nearness and chance, see seed_enrolments)
RUN_DEMAND = {RunStatus.open: 1.0, RunStatus.confirmed: 1.4, RunStatus.cancelled: 0.4}


def employer_index(world: World) -> dict[str | None, Weighted]:
    """Per region (None: the whole country) its employers with an active roster, as indexes into
    ``world.employers``, weighted by the active roster's size (big rosters book more)."""
    found: dict[str | None, tuple[list[int], list[int]]] = {}
    for i, employer in enumerate(world.employers):
        if employer["roster"][1]:
            for key in (employer["place"].region_code, None):
                found.setdefault(key, ([], []))
                found[key][0].append(i)
                found[key][1].append(employer["roster"][1])
    return {key: Weighted(*lists) for key, lists in found.items()}


@dataclass
class RunBookings:
    """One run's bookings while they are made, oldest first: the seats taken and who is live on it."""

    run: dict
    confirmed: int = 0
    live: set[int] = field(default_factory=set)
    live_per_employer: dict[int, int] = field(default_factory=dict)
    house: int | None = None  # in-company: the employer it is given for

    def take(self, employer: int, people: list[int]) -> None:
        self.live.update(people)
        self.live_per_employer[employer] = self.live_per_employer.get(employer, 0) + len(people)


def pick_people(world: World, rng: random.Random, index: dict[str | None, Weighted], state: RunBookings,
                size: int) -> tuple[int, list[int], bool]:
    """An employer in the run's regions (after four without staff left to book, from anywhere) and up to
    ``size`` of its active staff not live on the run yet; when eight employers in a row have none left (a tiny
    data set), anyone, for a booking that is not live."""
    run = state.run
    for attempt in range(8):
        if state.house is not None and attempt == 0 and rng.random() < 0.85:
            employer = state.house
        else:
            region = run["regions"][0] if rng.random() < 0.7 else one(rng, run["regions"])
            nearby = index.get(region) if attempt < 4 else None
            employer = (nearby or index[None])(rng)
            if run["place_kind"] == PlaceKind.in_company and state.house is None:
                state.house = employer
        first, active = world.employers[employer]["roster"]
        free = active - state.live_per_employer.get(employer, 0)
        if free:
            return employer, draw_staff(rng, first, active, free, min(size, free), state.live), True
    return employer, draw_staff(rng, first, active, active, min(size, active), set()), False


def draw_staff(rng: random.Random, first: int, active: int, free: int, size: int, taken: set[int]) -> list[int]:
    """``size`` different ids from first .. first + active - 1 that are not ``taken`` (``free`` of them are
    not): drawn one by one while most are free, else from the list of the free ones (faster than
    ``random.sample``)."""
    if 3 * size < free and 2 * free > active:
        chosen: list[int] = []
        while len(chosen) < size:
            person = first + int(rng.random() * active)
            if person not in taken and person not in chosen:
                chosen.append(person)
        return chosen
    pool = [person for person in range(first, first + active) if person not in taken]
    for i in range(size):  # the first ``size`` steps of a Fisher-Yates shuffle
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:size]


def late_fee(run: dict, cancelled_at: dt.datetime) -> int:
    """What the product charges for a confirmed seat given up at ``cancelled_at``, under the run's terms."""
    return late_cancellation_fee(run["price_cents"], run["start_date"], run["free_cancellation_days"],
                                 run["late_cancellation_percent"], clock.local_date(cancelled_at))


def closes(run: dict) -> dt.datetime:
    """The moment booking closes: the end of the deadline day in Amsterdam (bookings take it while today is
    not past ``booking_deadline``)."""
    return to_utc(run["booking_deadline"] + dt.timedelta(days=1), dt.time())


def outcome_of(rng: random.Random, run: dict, state: RunBookings, size: int, can_live: bool,
               still_open: bool) -> str:
    """What became of one booking of ``size`` people on a run that was not cancelled (module docstring)."""
    if not can_live:
        return "expired"
    outcome = OUTCOME(rng)
    if outcome == "declined" and run["instant_booking"]:
        return "expired"  # only a run without instant booking asks its provider
    if outcome == "held" and not still_open:
        return "expired"  # booking has closed: no hold can have lapsed just now
    if outcome == "confirmed" and state.confirmed + size > run["capacity_max"]:
        return FULL_OUTCOME(rng)
    return outcome


def settle(rng: random.Random, run: dict, outcome: str, created: dt.datetime, now: dt.datetime,
           run_cancelled: dt.datetime | None, reminder: dt.datetime) -> dict:
    """The booking's columns for its outcome: when it was held, confirmed, reminded (by the tick job's
    reminder at ``reminder``) or cancelled, and the fee (``cancellation_fee_cents`` of its enrolments)."""
    status, seat_until, payment, confirmed_at, reminded_at = outcome, None, None, None, None
    cancelled_at = fee = None
    if outcome == "held":  # a hold that lapsed minutes ago, before the tick job expired it
        created = now - dt.timedelta(minutes=HOLD_MINUTES + 1 + int(rng.random() * 225))
        seat_until = created + dt.timedelta(minutes=HOLD_MINUTES)
    elif outcome == "confirmed" or (outcome in ("run_cancelled", "cancelled") and rng.random() < 0.67):
        # by the employer within its hold, or on request by the provider within its acceptance days
        limit = HOLD_MINUTES - 2 if run["instant_booking"] else run["acceptance_days"] * 24 * 60
        wait = dt.timedelta(minutes=2 + int(rng.random() * limit))
        confirmed_at = min(created + wait, run_cancelled or now - dt.timedelta(minutes=1))
        payment = PAYMENT(rng)
        if outcome == "confirmed" and confirmed_at < reminder < now:
            reminded_at = reminder
    elif outcome in ("declined", "expired") and not run["instant_booking"] and rng.random() < 0.5:
        payment = PAYMENT(rng)  # chosen when the employer sent the request
    if outcome == "run_cancelled":
        status, cancelled_at, fee = "cancelled", run_cancelled, 0
    elif outcome == "left":  # left the waiting list
        status, cancelled_at, fee = "cancelled", between(rng, created, now), 0
    elif outcome == "cancelled":
        cancelled_at = between(rng, confirmed_at or created, now)
        fee = late_fee(run, cancelled_at) if confirmed_at else 0
    return {"status": BookingStatus(status), "seat_until": seat_until, "payment_method": payment,
            "created_at": created, "confirmed_at": confirmed_at, "reminded_at": reminded_at,
            "cancelled_at": cancelled_at, "fee": fee}


def book_run(world: World, rng: random.Random, index: dict[str | None, Weighted], run: dict, count: int,
             window: tuple[dt.datetime, dt.datetime], ids: tuple[Callable[[], int], Callable[[], int]],
             bookings: list[dict], enrolments: list[dict]) -> None:
    """``count`` enrolments on one run in bookings of 1-6, in the order they were made (module docstring)."""
    booking_id, enrolment_id = ids
    now, state = world.now, RunBookings(run)
    sizes, left = [], count
    while left:
        sizes.append(min(left, BOOKING_SIZE(rng)))
        left -= sizes[-1]
    plan = sorted((between(rng, *window), size) for size in sizes)
    run_cancelled = between(rng, plan[-1][0], now) if run["status"] == RunStatus.cancelled else None
    still_open = clock.local_date(now) <= run["booking_deadline"]
    # the learners' reminder goes out REMIND_DAYS_BEFORE the start, on the morning's tick
    reminder = to_utc(run["start_date"] - dt.timedelta(days=REMIND_DAYS_BEFORE), dt.time(7))
    i = 0
    while i < len(plan):
        created, size = plan[i]
        i += 1
        employer, people, can_live = pick_people(world, rng, index, state, size)
        if len(people) < size:  # the rest of the group books separately (another employer, most likely)
            plan.insert(i, (created, size - len(people)))
        outcome = ("run_cancelled" if run_cancelled is not None
                   else outcome_of(rng, run, state, len(people), can_live, still_open))
        booking = settle(rng, run, outcome, created, now, run_cancelled, reminder)
        status, cancelled_at, fee = booking.pop("status"), booking.pop("cancelled_at"), booking.pop("fee")
        bookings.append({"id": booking_id(), "employer_id": world.employers[employer]["id"], "run_id": run["id"],
                         "provider_id": run["provider_id"], "status": status, **booking})
        # now and then one employee of a confirmed group cancelled on their own
        alone = (len(people) - 1 if status == BookingStatus.confirmed and len(people) > 1 and rng.random() < 0.08
                 else None)
        for n, person in enumerate(people):
            enrolment = {"id": enrolment_id(), "booking_id": bookings[-1]["id"], "run_id": run["id"],
                         "employee_id": person, "status": EnrolmentStatus(status),
                         "seat_until": booking["seat_until"], "price_cents": run["price_cents"],
                         "cancellation_fee_cents": fee, "cancelled_at": cancelled_at,
                         "created_at": booking["created_at"]}
            if n == alone:
                moment = between(rng, booking["confirmed_at"], now)
                enrolment.update(status=EnrolmentStatus.cancelled, cancelled_at=moment,
                                 cancellation_fee_cents=late_fee(run, moment))
            enrolments.append(enrolment)
        if status in LIVE:
            live = people if alone is None else people[:alone]
            state.take(employer, live)
            if status == BookingStatus.confirmed:
                state.confirmed += len(live)


def seed_enrolments(world: World) -> None:
    """``scaled("enrolments")`` enrolments over the runs in their bookings; confirmed ones within capacity."""
    rng = world.rng("enrolments")
    ids = world.writer.ids(Booking.__table__), world.writer.ids(Enrolment.__table__)
    index = employer_index(world)
    now = world.now
    windows, weights = [], []
    for run in world.runs:
        # bookable from an hour after the run was made until the base date or the booking deadline
        window = (run["created_at"] + dt.timedelta(hours=1), min(now - dt.timedelta(minutes=20), closes(run)))
        nearness = max(0.0, 1 - (run["start_date"] - world.base).days / 365)
        demand = RUN_DEMAND.get(run["status"], 0.0) * (0.8 + 2.2 * nearness) * (0.6 + 0.8 * rng.random())
        windows.append(window)
        weights.append(run["capacity_max"] * demand if window[1] > window[0] else 0.0)
    bookings: list[dict] = []
    enrolments: list[dict] = []
    shares = apportion(world.scaled("enrolments"), weights) if index else [0] * len(weights)
    for run, window, count in zip(world.runs, windows, shares, strict=True):
        if count:
            book_run(world, rng, index, run, count, window, ids, bookings, enrolments)
        if len(enrolments) >= BATCH:
            world.writer.insert(Booking.__table__, bookings)
            world.writer.insert(Enrolment.__table__, enrolments)
            bookings, enrolments = [], []
    world.writer.insert(Booking.__table__, bookings)
    world.writer.insert(Enrolment.__table__, enrolments)
