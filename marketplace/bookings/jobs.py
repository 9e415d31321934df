"""Time-driven work of bookings: lapsed holds and requests, the go/no-go decision, learner reminders.

``tick`` runs all three; `taalmarkt bookings tick` calls it (from cron every minute, or a worker) with the
other scheduled work. Each step is idempotent and safe to run twice at once: the go/no-go decision locks
the run's row and looks at its status again under the lock, so a second job finds the run decided and
leaves it alone. Each step commits (``jobs.commit``), so its mail goes out as it is done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.core import clock, jobs
from marketplace.core.db import db
from marketplace.core.translation import gettext as _
from providers.catalogue import CourseRun, RunStatus

from . import notify
from .models import Booking, BookingStatus, Enrolment, EnrolmentStatus
from .services import cancel_run_bookings, expire_lapsed, live_bookings, lock_run, record

#: learners are reminded this many days before the first lesson
REMIND_DAYS_BEFORE = 2


@dataclass
class TickResult:
    expired: int = 0
    went_ahead: int = 0
    cancelled: int = 0
    reminded: int = 0


def go_no_go(now: dt.datetime | None = None, *, locking: bool = True) -> tuple[int, int]:
    """Decide every open run whose go/no-go date has come: enough confirmed participants and it goes
    ahead, else it is cancelled with all its bookings. Each run in its own transaction.
    Returns (went ahead, cancelled)."""
    now = now or clock.now()
    due = db.session.scalars(select(CourseRun.id).where(
        CourseRun.status == RunStatus.open, CourseRun.go_no_go_date <= clock.local_date(now))
        .order_by(CourseRun.id)).all()
    jobs.commit()
    went, cancelled = 0, 0
    for run_id in due:
        run = lock_run(run_id, locking=locking)
        if run.status != RunStatus.open:  # another job decided it a moment ago
            db.session.rollback()
            continue
        if decide(run, now):
            went += 1
        else:
            cancelled += 1
        jobs.commit()
    return went, cancelled


def decide(run: CourseRun, now: dt.datetime) -> bool:
    participants = db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.run_id == run.id, Enrolment.status == EnrolmentStatus.confirmed))
    if participants >= run.capacity_min:
        run.move_to(RunStatus.confirmed)
        for booking in live_bookings(run.id):
            if booking.status == BookingStatus.confirmed:
                record(booking, "run_confirmed", None, now, participants=participants)
                notify.run_confirmed(booking)
        notify.provider_run_decided(run, True, participants)
        return True
    run.move_to(RunStatus.cancelled)
    cancel_run_bookings(run, _("fewer participants than the minimum group size (%(n)d of %(min)d)",
                               n=participants, min=run.capacity_min), now)
    notify.provider_run_decided(run, False, participants)
    return False


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind the learners of each confirmed booking once, REMIND_DAYS_BEFORE days before the first lesson."""
    now = now or clock.now()
    today = clock.local_date(now)
    due = db.session.scalars(select(Booking).join(CourseRun, CourseRun.id == Booking.run_id).where(
        Booking.status == BookingStatus.confirmed, Booking.reminded_at.is_(None),
        CourseRun.status.in_((RunStatus.open, RunStatus.confirmed)), CourseRun.start_date >= today,
        CourseRun.start_date <= today + dt.timedelta(days=REMIND_DAYS_BEFORE))).all()
    for booking in due:
        booking.reminded_at = now
        record(booking, "reminded", None, now)
        notify.reminder(booking)
    return len(due)


def tick(now: dt.datetime | None = None) -> TickResult:
    now = now or clock.now()
    result = TickResult(expired=expire_lapsed(now))
    jobs.commit()
    result.went_ahead, result.cancelled = go_no_go(now)
    result.reminded = send_reminders(now)
    jobs.commit()
    return result
