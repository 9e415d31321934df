"""Demo bookings: the temp agency has booked agency workers with the Doorzaam budget, one of them on a run
that is still below its minimum group size, and cancelled one seat again (so the demo has an invoice and a
credit note). Idempotent: nothing is added once the agency has a booking.
The Rotterdam employer has no bookings, so a visitor can book its warehouse team from scratch."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.bookings import services
from marketplace.bookings.models import Booking
from marketplace.core.access import Actor
from marketplace.core.db import db
from marketplace.employers.models import Employee
from marketplace.tenancy.accounts.models import Role, User
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import Course, CourseRun, RunStatus
from providers.vocabulary import PlaceKind


def load_bookings(agency: Organisation, user: User, today: dt.date) -> None:
    if db.session.scalar(select(Booking.id).where(Booking.employer_id == agency.id).limit(1)):
        return
    staff = {e.first_name: e for e in db.session.scalars(select(Employee).where(Employee.employer_id == agency.id))}
    open_runs = select(CourseRun).join(Course).where(CourseRun.status == RunStatus.open).order_by(CourseRun.start_date)
    venlo = db.session.scalars(open_runs.where(CourseRun.place_kind == PlaceKind.location,
                                               Course.cefr_from == "A0")).all()[-1]
    online = db.session.scalars(open_runs.where(CourseRun.place_kind == PlaceKind.online)).first()
    actor = Actor(user=user, organisation=agency, role=Role.owner)
    now = dt.datetime.combine(today, dt.time(9), dt.UTC)  # the demo's day, so a demo of another day works too
    bookings = []
    for run, names in ((venlo, ("Tomasz", "Dmytro")), (online, ("Maria",))):
        request = services.BookingRequest(run.id, tuple(staff[n].id for n in names))
        bookings.append(services.confirm(actor, services.book_seats(actor, request, now), now=now))
    services.cancel(actor, bookings[0], (staff["Dmytro"].id,), now=now)
