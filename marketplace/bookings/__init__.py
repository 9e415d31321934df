"""Bookings: seats for named employees on a run, holds, the waiting list, go/no-go, cancellations.

``install`` plugs bookings into the supply side's hooks (providers may not import marketplace): seats taken
for search and run pages, who is told of a changed run, and what a provider's cancellation of a run does.
"""

from __future__ import annotations


def install() -> None:
    from sqlalchemy import func, select

    from marketplace.core.db import utcnow
    from providers import notifications, seats
    from providers.catalogue import CourseRun

    from .models import BookingStatus, Enrolment, seat_taking
    from .notify import employer_address
    from .services import cancel_run_bookings, live_bookings

    def taken():
        return (select(func.count()).where(Enrolment.run_id == CourseRun.id, seat_taking(utcnow()))
                .correlate(CourseRun).scalar_subquery())

    def booked_employers(run):
        return [(b.employer, employer_address(b)) for b in live_bookings(run.id)
                if b.status != BookingStatus.waitlisted]

    def run_cancelled(run):
        from marketplace.core.translation import gettext as _

        cancel_run_bookings(run, _("the provider cancelled the run"), utcnow())

    seats.taken_source = taken
    notifications.booked_employers_source = booked_employers
    notifications.run_cancelled_source = run_cancelled
