"""Bookings: an employer's seats on a run for named employees, and what happened to them.

A booking moves as a whole (held -> confirmed, or through the provider's acceptance); each employee has
an enrolment that follows it and can leave on its own (cancelled, or replaced by a colleague). Seats are
never counted into a column: the seats a run has given away are its confirmed enrolments plus the held,
requested and offered ones whose time has not run out (``seat_taking``), so an expired hold frees its
seat at that moment, whether or not the clean-up job has run yet.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, and_, or_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock, states
from marketplace.core.db import Base, EnumText
from marketplace.core.errors import Conflict
from marketplace.core.translation import gettext as _
from marketplace.core.translation import lazy_gettext as _l
from marketplace.employers.models import Employee
from marketplace.funding.snapshots import FundingSnapshot
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import CourseRun


class BookingStatus(StrEnum):
    held = "held"  # seats held while the employer reviews cost and terms (HOLD_MINUTES)
    requested = "requested"  # the employer confirmed; the provider accepts or declines
    offered = "offered"  # a waitlisted booking got its seats: the employer may confirm until seat_until
    waitlisted = "waitlisted"
    confirmed = "confirmed"
    cancelled = "cancelled"
    declined = "declined"  # by the provider
    expired = "expired"  # a hold, request or waitlist offer ran out


class EnrolmentStatus(StrEnum):
    """One employee's seat: it follows its booking until the booking is confirmed, then lives on its own
    (cancelled alone, given to a colleague, and at the end of the run completed, dropped or a no-show)."""

    held = "held"
    requested = "requested"
    offered = "offered"
    waitlisted = "waitlisted"
    confirmed = "confirmed"
    cancelled = "cancelled"
    declined = "declined"
    expired = "expired"
    completed = "completed"  # took part to the end (attendance)
    dropped = "dropped"  # started, then left
    no_show = "no_show"  # never came


class PaymentMethod(StrEnum):
    invoice = "invoice"  # bank transfer against the provider's invoice
    stripe = "stripe"  # card, iDEAL or SEPA Direct Debit through Stripe


#: statuses that take a seat until ``seat_until``; a confirmed enrolment takes one for good
TIMED = (BookingStatus.held, BookingStatus.requested, BookingStatus.offered)
#: statuses of a booking that is still going somewhere
LIVE = (*TIMED, BookingStatus.waitlisted, BookingStatus.confirmed)

#: the allowed changes of a booking's status; anything else is refused
TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    # held -> waitlisted: the booking lost the race for the last seats while it was being funded
    BookingStatus.held: frozenset({BookingStatus.confirmed, BookingStatus.requested, BookingStatus.expired,
                                   BookingStatus.cancelled, BookingStatus.waitlisted}),
    BookingStatus.offered: frozenset({BookingStatus.confirmed, BookingStatus.requested, BookingStatus.expired,
                                      BookingStatus.cancelled}),
    BookingStatus.waitlisted: frozenset({BookingStatus.offered, BookingStatus.cancelled}),
    BookingStatus.requested: frozenset({BookingStatus.confirmed, BookingStatus.declined, BookingStatus.expired,
                                        BookingStatus.cancelled}),
    BookingStatus.confirmed: frozenset({BookingStatus.cancelled}),
    BookingStatus.cancelled: frozenset(),
    BookingStatus.declined: frozenset(),
    BookingStatus.expired: frozenset(),
}

#: the allowed changes of an enrolment's status: with its booking, then on its own after the confirmation
ENROLMENT_TRANSITIONS: dict[EnrolmentStatus, frozenset[EnrolmentStatus]] = {
    **{EnrolmentStatus(old): frozenset(EnrolmentStatus(new) for new in news) for old, news in TRANSITIONS.items()},
    EnrolmentStatus.confirmed: frozenset({EnrolmentStatus.cancelled, EnrolmentStatus.completed,
                                          EnrolmentStatus.dropped, EnrolmentStatus.no_show}),
    EnrolmentStatus.completed: frozenset(),
    EnrolmentStatus.dropped: frozenset(),
    EnrolmentStatus.no_show: frozenset(),
}

STATUS_LABELS = {
    BookingStatus.held: _l("held for you"), BookingStatus.requested: _l("awaiting the provider"),
    BookingStatus.offered: _l("seats offered from the waiting list"),
    BookingStatus.waitlisted: _l("on the waiting list"),
    BookingStatus.confirmed: _l("confirmed"), BookingStatus.cancelled: _l("cancelled"),
    BookingStatus.declined: _l("declined by the provider"), BookingStatus.expired: _l("expired"),
}


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_run_id_status", "run_id", "status"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer booking the seats
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the course run the seats are on; one booking per employer and run
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id"), nullable=False)
    #: the provider, copied from the run so its pages need no join
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: where the booking stands; it moves only along TRANSITIONS, and its live enrolments with it
    status: Mapped[BookingStatus] = mapped_column(EnumText(BookingStatus, 12), nullable=False)
    #: when a held, requested or offered booking lapses (UTC)
    seat_until: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: chosen at confirmation; payments themselves are recorded by the invoices capability
    payment_method: Mapped[PaymentMethod | None] = mapped_column(EnumText(PaymentMethod, 10), nullable=True)
    #: the person who booked, who gets the mail about the booking; when null, the employer's contact address does
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: when the seats were first asked for
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the booking became confirmed (instantly, or on the provider's acceptance)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: the learners' reminder before the first lesson went out (sent once)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    employer: Mapped[Organisation] = relationship(foreign_keys=[employer_id])
    provider: Mapped[Organisation] = relationship(foreign_keys=[provider_id])
    run: Mapped[CourseRun] = relationship()
    created_by: Mapped[User | None] = relationship()
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="booking", order_by="Enrolment.id")
    events: Mapped[list[BookingEvent]] = relationship(back_populates="booking", order_by="BookingEvent.id")

    @property
    def employer_address(self) -> str:
        """Where mail about the booking goes: the person who booked, or else the employer's contact address."""
        return self.created_by.email if self.created_by is not None else self.employer.contact_email

    @property
    def live_enrolments(self) -> list[Enrolment]:
        return [e for e in self.enrolments if e.status in LIVE_SEATS]

    def move_to(self, status: BookingStatus, seat_until: dt.datetime | None = None) -> None:
        """Change status along TRANSITIONS, and every live enrolment with it."""
        live = self.live_enrolments
        states.move(self, status, TRANSITIONS, _refused)
        for enrolment in live:
            enrolment.move_to(EnrolmentStatus(status), seat_until)
        self.seat_until = seat_until


def _refused(old: BookingStatus, _new: BookingStatus) -> Conflict:
    return Conflict(_("This booking is %(status)s and can no longer change that way.", status=STATUS_LABELS[old]))


ENROLMENT_LABELS = {
    **{EnrolmentStatus(status): label for status, label in STATUS_LABELS.items()},
    EnrolmentStatus.completed: _l("completed"), EnrolmentStatus.dropped: _l("dropped out"),
    EnrolmentStatus.no_show: _l("did not come"),
}

_LIVE_SQL = text("status IN ('held', 'requested', 'offered', 'waitlisted', 'confirmed')")


class Enrolment(Base):
    """One employee's seat in a booking."""

    __tablename__ = "enrolments"
    __table_args__ = (
        # counting a run's seats reads only this index
        Index("ix_enrolments_run_id_status", "run_id", "status", "seat_until"),
        # an employee is in a run at most once (also between two bookings made at the same moment)
        Index("uq_enrolments_live_employee", "run_id", "employee_id", unique=True,
              sqlite_where=_LIVE_SQL, postgresql_where=_LIVE_SQL),
    )

    #: surrogate key; the budget reservation and funding snapshot are filed under "enrolment:<id>"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the booking the seat belongs to
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), nullable=False, index=True)
    #: the run, copied from the booking so seats are counted from this table alone
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id"), nullable=False)
    #: the employee who takes the seat; at most once per run while live
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), nullable=False, index=True)
    #: where this seat stands: with its booking until confirmed, then on its own (ENROLMENT_TRANSITIONS)
    status: Mapped[EnrolmentStatus] = mapped_column(EnumText(EnrolmentStatus, 12), nullable=False)
    #: when a held, requested or offered seat lapses, as the booking's; null otherwise
    seat_until: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: per participant excluding VAT, as it was when booked
    price_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: charged for a late cancellation under the run's terms (0 when free); null unless cancelled
    cancellation_fee_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: when the seat was given up (also when swapped to a colleague)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: the colleague who took this seat (a swap)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id"), nullable=True, index=True)
    #: the subsidy decisions frozen for this seat at booking; null until evaluated (waitlisted)
    funding_id: Mapped[int | None] = mapped_column(ForeignKey("funding_snapshots.id"), nullable=True)
    #: when the seat was asked for
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    booking: Mapped[Booking] = relationship(back_populates="enrolments")
    employee: Mapped[Employee] = relationship(lazy="joined")
    funding: Mapped[FundingSnapshot | None] = relationship(lazy="joined")

    @property
    def reference(self) -> str:
        """What its budget reservation and funding snapshot are filed under."""
        return f"enrolment:{self.id}"

    def move_to(self, status: EnrolmentStatus, seat_until: dt.datetime | None = None) -> None:
        """Change status along ENROLMENT_TRANSITIONS; the seat is held until ``seat_until`` (timed statuses)."""
        states.move(self, status, ENROLMENT_TRANSITIONS, _enrolment_refused)
        self.seat_until = seat_until

    def cancel(self, now: dt.datetime, fee_cents: int) -> None:
        """Give the seat up, at ``now``, for ``fee_cents`` under the run's terms."""
        self.move_to(EnrolmentStatus.cancelled)
        self.cancelled_at, self.cancellation_fee_cents = now, fee_cents


def _enrolment_refused(old: EnrolmentStatus, _new: EnrolmentStatus) -> Conflict:
    return Conflict(_("This seat is %(status)s and can no longer change that way.", status=ENROLMENT_LABELS[old]))


#: enrolment statuses that take a seat until ``seat_until``; a confirmed enrolment takes one for good
TIMED_SEATS = tuple(EnrolmentStatus(s) for s in TIMED)
#: enrolment statuses of a seat that is still going somewhere
LIVE_SEATS = tuple(EnrolmentStatus(s) for s in LIVE)


def seat_taking(now: dt.datetime):
    """SQL condition on Enrolment: it takes a seat at ``now``."""
    return or_(Enrolment.status == EnrolmentStatus.confirmed,
               and_(Enrolment.status.in_(TIMED_SEATS), Enrolment.seat_until > now))


class BookingEvent(Base):
    """The audit trail: who did what to a booking, and when. Append-only."""

    __tablename__ = "booking_events"

    #: surrogate key; gives the order of the history
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the booking it happened to
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), nullable=False, index=True)
    #: when it happened
    at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: null: the platform itself (a job)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: what happened, e.g. "held", "confirmed", "cancelled", "swapped" (labels in bookings.timeline)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    #: the particulars: names, amounts, reasons
    detail: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    booking: Mapped[Booking] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship(lazy="joined")
