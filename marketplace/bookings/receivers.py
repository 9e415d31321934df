"""Bookings answer the supply side's signals (providers.signals): the seats a run has given away, who
has booked it, and what a changed or cancelled run means for its bookings."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.core.clock import now
from marketplace.core.translation import gettext as _
from providers.catalogue import CourseRun, RunChange
from providers.signals import booked_parties, run_cancelled, run_changed, seats_taken

from . import notify
from .models import BookingStatus, Enrolment, seat_taking
from .services import cancel_run_bookings, live_bookings


@seats_taken.connect
def _seats_taken(_sender):
    return (select(func.count()).where(Enrolment.run_id == CourseRun.id, seat_taking(now()))
            .correlate(CourseRun).scalar_subquery())


@booked_parties.connect
def _booked_parties(run: CourseRun):
    return [(b.employer, b.employer_address) for b in live_bookings(run.id) if b.status != BookingStatus.waitlisted]


@run_changed.connect
def _tell_booked_employers(run: CourseRun, change: RunChange):
    for organisation, address in _booked_parties(run):
        notify.run_changed(run, change, organisation, address)


@run_cancelled.connect
def _cancel_bookings(run: CourseRun):
    cancel_run_bookings(run, _("the provider cancelled the run"), now())
