"""Booking use cases: hold, confirm, accept, cancel, swap, and the waiting list.

Capacity is exact: every change that gives a seat away counts the run's taken seats while holding a lock
on the run's row (PostgreSQL ``FOR UPDATE``; SQLite has a single writer), and nothing slow happens under
that lock. ``book_seats`` writes its enrolments and evaluates the subsidies first, then locks, counts (its
own enrolments included) and either keeps them or gives up; the lock is held only for that count and
the commit that follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from marketplace.core import clock
from marketplace.core.access import Actor
from marketplace.core.db import db
from marketplace.core.errors import Conflict, DomainError, NotFound
from marketplace.core.translation import gettext as _
from marketplace.employers.models import Employee
from marketplace.funding.ledgers import release
from marketplace.funding.snapshots import assess_enrolment
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import Course, CourseRun, RunRegion, RunStatus, reserved_clause
from providers.labels import RUN_STATUS_LABELS
from providers.marks import valid_mark_kinds
from subsidies.money import share_cents

from . import billing, notify
from .models import (
    LIVE_SEATS,
    TIMED,
    Booking,
    BookingEvent,
    BookingStatus,
    Enrolment,
    EnrolmentStatus,
    PaymentMethod,
    seat_taking,
)

HOLD_MINUTES = 15
#: how long a seat freed for the waiting list is kept for the first in line
WAITLIST_OFFER_HOURS = 48
MAX_EMPLOYEES = 100
BOOKABLE = (RunStatus.open, RunStatus.confirmed)


class NoSeats(Conflict):
    code = "no_seats"


@dataclass(frozen=True)
class BookingRequest:
    run_id: int
    employee_ids: tuple[int, ...]
    waitlist: bool = False


def lock_run(run_id: int, *, locking: bool = True) -> CourseRun:
    """The run, re-read with its row locked until the commit (PostgreSQL; SQLite serialises writers).

    ``FOR NO KEY UPDATE``: it excludes other bookers but not the key-share locks that inserting an
    enrolment (a foreign key to the run) takes, so two bookers cannot deadlock. ``locking=False`` exists
    only for the control tests that show the race the lock prevents."""
    query = select(CourseRun).where(CourseRun.id == run_id).execution_options(populate_existing=True)
    if locking and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=CourseRun, key_share=True)
    return db.session.scalars(query).one()


def lock_capacity(run_id: int, *, locking: bool = True) -> int:
    """Lock the run's row (as ``lock_run``) and read only its capacity: the short locked part of a booking."""
    query = select(CourseRun.capacity_max).where(CourseRun.id == run_id)
    if locking and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(key_share=True)
    return db.session.scalar(query)


def seats_taken(run_id: int, now: dt.datetime, *, without: int | None = None) -> int:
    query = select(func.count()).select_from(Enrolment).where(Enrolment.run_id == run_id, seat_taking(now))
    if without is not None:
        query = query.where(Enrolment.booking_id != without)
    return db.session.scalar(query)


def record(booking: Booking, kind: str, user_id: int | None, now: dt.datetime, **detail) -> None:
    db.session.add(BookingEvent(booking_id=booking.id, kind=kind, user_id=user_id, at=now, detail=detail))


def _user_id(actor: Actor | None) -> int | None:
    return actor.user.id if actor else None


# --- booking --------------------------------------------------------------------------------------------


def _bookable_run(employer: Organisation, run_id: int, today: dt.date) -> CourseRun:
    run = db.session.scalar(select(CourseRun).where(CourseRun.id == run_id, CourseRun.status != RunStatus.draft,
                                                    reserved_clause(today, employer.id))
                            .options(lazyload(CourseRun.regions), lazyload(CourseRun.course, Course.languages),
                                     lazyload(CourseRun.course, Course.tags)))
    if run is None:
        raise NotFound(_("There is no such course run."), field="run_id")
    if run.status not in BOOKABLE:
        raise Conflict(_("This run is %(status)s and takes no bookings.", status=RUN_STATUS_LABELS[run.status]),
                       field="run_id")
    if today > run.booking_deadline:
        raise Conflict(_("Booking for this run closed on %(day)s.", day=run.booking_deadline.isoformat()),
                       field="run_id")
    return run


def _roster(employer: Organisation, employee_ids: tuple[int, ...]) -> list[Employee]:
    if not employee_ids:
        raise DomainError(_("Choose at least one employee."), field="employee_ids")
    if len(employee_ids) > MAX_EMPLOYEES:
        raise DomainError(_("At most %(n)d employees per booking.", n=MAX_EMPLOYEES), field="employee_ids")
    if len(set(employee_ids)) != len(employee_ids):
        raise DomainError(_("The same employee is listed twice."), field="employee_ids")
    employees = {e.id: e for e in db.session.scalars(select(Employee).where(
        Employee.id.in_(employee_ids), Employee.employer_id == employer.id, Employee.archived_at.is_(None)))}
    unknown = [str(i) for i in employee_ids if i not in employees]
    if unknown:
        raise DomainError(_("Not on your current roster: %(ids)s.", ids=", ".join(unknown)), field="employee_ids")
    return [employees[i] for i in employee_ids]


def _refuse_double_enrolment(run_id: int, employee_ids) -> None:
    taken = db.session.scalars(select(Employee).join(Enrolment, Enrolment.employee_id == Employee.id).where(
        Enrolment.run_id == run_id, Enrolment.employee_id.in_(list(employee_ids)),
        Enrolment.status.in_(LIVE_SEATS))).all()
    if taken:
        raise Conflict(_("Already booked on this run: %(names)s.", names=", ".join(e.name for e in taken)),
                       field="employee_ids")


def _fund(booking: Booking, enrolments: list[Enrolment], today: dt.date) -> None:
    """Every scheme's verdict per enrolment, frozen, with the Doorzaam budget reserved."""
    marks = valid_mark_kinds({booking.provider_id}, today).get(booking.provider_id, [])
    for enrolment in enrolments:
        enrolment.funding = assess_enrolment(booking.employer, enrolment.employee, booking.run, marks, today,
                                             enrolment.reference)


def book_seats(actor: Actor, request: BookingRequest, now: dt.datetime | None = None, *,
               locking: bool = True) -> Booking:
    """Hold seats on a run for named employees for HOLD_MINUTES, or put them on the waiting list.

    All or nothing: when the run cannot take every employee, the booking is waitlisted (``waitlist``)
    or refused with ``no_seats``, and nothing is written.
    """
    now = now or clock.now()
    today = clock.local_date(now)
    employer = actor.organisation
    with db.session.no_autoflush:  # checks only: nothing to write yet
        run = _bookable_run(employer, request.run_id, today)
        employees = _roster(employer, request.employee_ids)
        _refuse_double_enrolment(run.id, request.employee_ids)
        # a first count without the lock: a run that is plainly full goes to the waiting list unfunded
        fits = run.capacity_max - seats_taken(run.id, now) >= len(employees)
    if not fits and not request.waitlist:
        raise _no_seats(run, now)
    status = BookingStatus.held if fits else BookingStatus.waitlisted
    seat_until = now + dt.timedelta(minutes=HOLD_MINUTES) if fits else None
    booking = Booking(employer_id=employer.id, run_id=run.id, provider_id=run.provider_id, status=status,
                      seat_until=seat_until, created_by_id=_user_id(actor), created_at=now, employer=employer, run=run)
    booking.enrolments = [Enrolment(run_id=run.id, employee=e, status=EnrolmentStatus(status), seat_until=seat_until,
                                    price_cents=run.price_cents, created_at=now) for e in employees]
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:  # the same employee booked onto this run at this very moment
        raise Conflict(_("One of these employees was booked on this run at the same moment."),
                       field="employee_ids") from None
    record(booking, status.value, _user_id(actor), now, employees=[e.name for e in employees])
    if fits:
        _fund(booking, booking.enrolments, today)
        db.session.flush()  # everything written before the lock, so it is held only for the count and commit
        capacity = lock_capacity(run.id, locking=locking)
        if seats_taken(run.id, now) > capacity:  # others took the seats since the first count
            if not request.waitlist:
                raise _no_seats(run, now)
            _to_waitlist(booking, today)
            record(booking, "waitlisted", _user_id(actor), now, employees=[e.name for e in employees])
    return booking


def _no_seats(run: CourseRun, now: dt.datetime) -> NoSeats:
    left = max(0, run.capacity_max - seats_taken(run.id, now))
    return NoSeats(_("Not enough seats: %(left)d left on this run. Book fewer employees or join the waiting "
                     "list.", left=left), field="employee_ids")


def _to_waitlist(booking: Booking, today: dt.date) -> None:
    """A booking that lost the race for the last seats after being funded: give the budget back, and wait."""
    for enrolment in booking.enrolments:
        release(enrolment.reference, today)
    booking.move_to(BookingStatus.waitlisted)


def _keep_seats(booking: Booking, now: dt.datetime) -> None:
    """Before a held, offered or requested booking moves on: it still has its seats. Counted under the run's
    lock against everyone else's, so a hold that lapsed a moment ago cannot keep seats someone else took."""
    capacity = lock_capacity(booking.run_id)
    others = seats_taken(booking.run_id, now, without=booking.id)
    if others + len(booking.live_enrolments) > capacity:
        raise Conflict(_("Your hold has expired and the seats have gone. Book again or join the waiting list."))


def confirm(actor: Actor, booking: Booking, method: PaymentMethod = PaymentMethod.invoice,
            now: dt.datetime | None = None) -> Booking:
    """The employer confirms a held or offered booking: booked at once, or sent to the provider to accept."""
    now = now or clock.now()
    if booking.status not in (BookingStatus.held, BookingStatus.offered):
        raise Conflict(_("Only a booking with held seats can be confirmed."))
    _keep_seats(booking, now)
    booking.payment_method = method
    if booking.run.instant_booking:
        _confirmed(booking, actor, now)
    else:
        booking.move_to(BookingStatus.requested, now + dt.timedelta(days=booking.run.acceptance_days))
        record(booking, "requested", _user_id(actor), now, payment_method=method.value)
        notify.requested(booking)
    return booking


def _confirmed(booking: Booking, actor: Actor | None, now: dt.datetime) -> None:
    booking.move_to(BookingStatus.confirmed)
    booking.confirmed_at = now
    invoice = billing.invoice_booking(booking, clock.local_date(now))
    record(booking, "confirmed", _user_id(actor), now, payment_method=booking.payment_method.value,
           invoice=invoice.number)
    notify.confirmed(booking)


def accept(actor: Actor, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """The provider accepts a requested booking."""
    now = now or clock.now()
    if booking.status != BookingStatus.requested:
        raise Conflict(_("Only a booking awaiting your answer can be accepted."))
    _keep_seats(booking, now)
    record(booking, "accepted", _user_id(actor), now)
    _confirmed(booking, actor, now)
    return booking


def decline(actor: Actor, booking: Booking, reason: str, now: dt.datetime | None = None) -> Booking:
    now = now or clock.now()
    if not reason.strip():
        raise DomainError(_("Tell the employer why."), field="reason")
    booking.move_to(BookingStatus.declined)
    _release_all(booking, clock.local_date(now))
    record(booking, "declined", _user_id(actor), now, reason=reason.strip())
    notify.declined(booking, reason.strip())
    offer_freed_seats(booking.run, now)
    return booking


# --- cancelling and swapping ----------------------------------------------------------------------------


def late_cancellation_fee(price_cents: int, start_date: dt.date, free_days: int, percent: int, on: dt.date) -> int:
    """What giving up a confirmed seat on day ``on`` costs under a run's terms: nothing until ``free_days``
    before the start, then ``percent`` of the price, rounded once (subsidies.money)."""
    if on <= start_date - dt.timedelta(days=free_days):
        return 0
    return share_cents(price_cents, Decimal(percent) / 100)


def cancellation_fee(enrolment: Enrolment, run: CourseRun, today: dt.date) -> int:
    """The run's terms (``late_cancellation_fee``); only a confirmed seat costs anything."""
    if enrolment.status != EnrolmentStatus.confirmed:
        return 0
    return late_cancellation_fee(enrolment.price_cents, run.start_date, run.free_cancellation_days,
                                 run.late_cancellation_percent, today)


def cancel(actor: Actor, booking: Booking, employee_ids: tuple[int, ...] | None = None,
           now: dt.datetime | None = None) -> list[Enrolment]:
    """Cancel all of a booking's enrolments, or those of ``employee_ids``, under the run's terms."""
    now = now or clock.now()
    today = clock.local_date(now)
    if today >= booking.run.start_date:
        raise Conflict(_("The course has started; ask the provider about cancelling."))
    live = booking.live_enrolments
    if not live:
        raise Conflict(_("Nothing left to cancel in this booking."))
    chosen = live if employee_ids is None else [e for e in live if e.employee_id in set(employee_ids)]
    unknown = set(employee_ids or ()) - {e.employee_id for e in live}
    if unknown or not chosen:
        raise DomainError(_("Not in this booking: %(ids)s.", ids=", ".join(map(str, sorted(unknown)))
                            or "-"), field="employee_ids")
    was_confirmed = booking.status == BookingStatus.confirmed
    for enrolment in chosen:
        enrolment.cancel(now, cancellation_fee(enrolment, booking.run, today))
        release(enrolment.reference, today)
    if not booking.live_enrolments:
        booking.move_to(BookingStatus.cancelled)
    fees = sum(e.cancellation_fee_cents for e in chosen)
    note = billing.credit_cancelled(booking, chosen, today, "Annulering door de werkgever") if was_confirmed \
        else None
    record(booking, "cancelled", _user_id(actor), now, employees=[e.employee.name for e in chosen], fee_cents=fees,
           credit_note=note.number if note else None)
    notify.cancelled(booking, chosen, fees, learners_told=was_confirmed)
    offer_freed_seats(booking.run, now)
    return chosen


def swap(actor: Actor, booking: Booking, employee_id: int, colleague_id: int,
         now: dt.datetime | None = None) -> Enrolment:
    """Give an employee's seat to a colleague before the start; the seat count does not change."""
    now = now or clock.now()
    today = clock.local_date(now)
    if today >= booking.run.start_date:
        raise Conflict(_("The course has started; a seat can no longer change hands."))
    old = next((e for e in booking.live_enrolments if e.employee_id == employee_id), None)
    if old is None or booking.status == BookingStatus.waitlisted:
        raise DomainError(_("This employee has no seat in this booking."), field="employee_id")
    colleague = _roster(booking.employer, (colleague_id,))[0]
    _refuse_double_enrolment(booking.run_id, (colleague.id,))
    new = Enrolment(booking=booking, run_id=booking.run_id, employee=colleague, status=old.status,
                    seat_until=old.seat_until, price_cents=old.price_cents, created_at=now)
    old.cancel(now, 0)
    db.session.add(new)
    db.session.flush()
    old.replaced_by_id = new.id
    release(old.reference, today)
    _fund(booking, [new], today)
    record(booking, "swapped", _user_id(actor), now, employee=old.employee.name, colleague=colleague.name)
    notify.swapped(booking, old, new)
    return new


def _release_all(booking: Booking, today: dt.date) -> None:
    for enrolment in booking.enrolments:
        release(enrolment.reference, today)


# --- the waiting list and time-driven work ---------------------------------------------------------------


def offer_freed_seats(run: CourseRun, now: dt.datetime) -> list[Booking]:
    """Offer free seats to the waiting list in order: each booking that fits gets them until
    WAITLIST_OFFER_HOURS from now (or the booking deadline), then they go to the next."""
    today = clock.local_date(now)
    if run.status not in BOOKABLE or today > run.booking_deadline:
        return []
    waiting = db.session.scalars(select(Booking).where(
        Booking.run_id == run.id, Booking.status == BookingStatus.waitlisted).order_by(Booking.id)).all()
    if not waiting:
        return []
    free = lock_capacity(run.id) - seats_taken(run.id, now)
    offered = []
    for booking in waiting:
        size = len(booking.live_enrolments)
        if size > free:
            continue
        until = min(now + dt.timedelta(hours=WAITLIST_OFFER_HOURS),
                    dt.datetime.combine(run.booking_deadline + dt.timedelta(days=1), dt.time(), now.tzinfo))
        booking.move_to(BookingStatus.offered, until)
        _fund(booking, booking.live_enrolments, today)
        record(booking, "offered", None, now, until=until.isoformat())
        notify.offered(booking)
        offered.append(booking)
        free -= size
    return offered


def expire_lapsed(now: dt.datetime | None = None) -> int:
    """Holds, provider requests and waitlist offers whose time ran out become expired; their budget is
    released and their seats offered to the waiting list. Returns how many expired."""
    now = now or clock.now()
    lapsed = db.session.scalars(select(Booking).where(Booking.status.in_(TIMED), Booking.seat_until <= now)
                                .order_by(Booking.id)).all()
    for booking in lapsed:
        was = booking.status
        booking.move_to(BookingStatus.expired)
        _release_all(booking, clock.local_date(now))
        record(booking, "expired", None, now, was=was.value)
        notify.expired(booking, was)
    for run in {b.run for b in lapsed}:
        offer_freed_seats(run, now)
    return len(lapsed)


def live_bookings(run_id: int) -> list[Booking]:
    return db.session.scalars(select(Booking).where(
        Booking.run_id == run_id, Booking.status.in_([*TIMED, BookingStatus.waitlisted, BookingStatus.confirmed]))
        .order_by(Booking.id)).all()


def cancel_run_bookings(run: CourseRun, reason: str, now: dt.datetime) -> list[Booking]:
    """The run does not go ahead: every live booking is cancelled free of charge and everyone told, with
    other runs of the same level nearby as alternatives."""
    today = clock.local_date(now)
    bookings = live_bookings(run.id)
    for booking in bookings:
        was_confirmed = booking.status == BookingStatus.confirmed
        seats = booking.live_enrolments
        for enrolment in seats:
            enrolment.cancel(now, 0)
            release(enrolment.reference, today)
        booking.move_to(BookingStatus.cancelled)
        note = billing.credit_cancelled(booking, seats, today, f"Uitvoering gaat niet door: {reason}") \
            if was_confirmed else None
        record(booking, "run_cancelled", None, now, reason=reason, credit_note=note.number if note else None)
        notify.run_cancelled(booking, reason, alternatives(run, today), learners_told=was_confirmed)
    return bookings


def alternatives(run: CourseRun, today: dt.date, limit: int = 3) -> list[CourseRun]:
    """Open runs at the same starting level in the same regions that still take bookings."""

    return db.session.scalars(
        select(CourseRun).join(Course).where(
            CourseRun.id != run.id, CourseRun.status.in_(BOOKABLE), CourseRun.booking_deadline >= today,
            Course.cefr_from == run.course.cefr_from, reserved_clause(today),
            CourseRun.id.in_(select(RunRegion.run_id).where(RunRegion.region_code.in_(run.region_codes))))
        .order_by(CourseRun.start_date, CourseRun.id).limit(limit)).all()
