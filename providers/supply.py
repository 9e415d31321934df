"""The supply's use cases: courses, their runs and lessons, status, and changes after bookings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.errors import ValidationError
from marketplace.core.i18n import money
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Region

from . import signals
from .catalogue import Course, CourseLanguage, CourseRun, CourseTag, Lesson, RunChange, RunRegion, RunStatus
from .models import Location
from .schedule import local, overlaps, summarise
from .seats import has_bookings
from .vocabulary import LANGUAGES, SECTOR_TAGS, Cefr, CourseFormat, Exam, PlaceKind

#: A price above this per participant is almost certainly a typing error (cents vs euros).
MAX_PRICE_CENTS = 2_500_000
MAX_CAPACITY = 200
#: A run longer than two years, or with more than 500 lessons, is a typing error (and would burden every search).
MAX_RUN_DAYS = 2 * 366
MAX_LESSONS = 500


@dataclass(frozen=True)
class CourseInput:
    title: str
    description: str
    cefr_from: Cefr
    cefr_to: Cefr
    contact_hours: int
    format: CourseFormat
    vocational: bool = False
    exam: Exam = Exam.none
    support_languages: tuple[str, ...] = ()
    sector_tags: tuple[str, ...] = ()
    self_study_hours: int | None = None
    nlqf: int | None = None
    what_to_bring: str | None = None


@dataclass(frozen=True)
class RunInput:
    """A run as a provider describes it; lessons are (start, end) in UTC."""

    place_kind: PlaceKind
    start_date: dt.date
    end_date: dt.date
    capacity_min: int
    capacity_max: int
    price_cents: int
    booking_deadline: dt.date
    go_no_go_date: dt.date
    lessons: tuple[tuple[dt.datetime, dt.datetime], ...]
    regions: tuple[str, ...] = ()
    location_id: int | None = None
    instant_booking: bool = True
    acceptance_days: int = 3
    free_cancellation_days: int = 14
    late_cancellation_percent: int = 50
    status: RunStatus = RunStatus.draft

    def replace(self, **changes) -> RunInput:
        return dataclasses.replace(self, **changes)


def input_of(run: CourseRun) -> RunInput:
    """The run as it is, as input; ``replace`` on it gives a partial edit."""
    return RunInput(
        place_kind=run.place_kind, location_id=run.location_id, regions=tuple(run.region_codes),
        start_date=run.start_date, end_date=run.end_date, capacity_min=run.capacity_min,
        capacity_max=run.capacity_max, price_cents=run.price_cents, booking_deadline=run.booking_deadline,
        go_no_go_date=run.go_no_go_date, instant_booking=run.instant_booking, acceptance_days=run.acceptance_days,
        free_cancellation_days=run.free_cancellation_days, late_cancellation_percent=run.late_cancellation_percent,
        status=run.status, lessons=tuple((s.starts_at, s.ends_at) for s in run.lessons))


@dataclass
class Problems:
    """Collects field errors so a user sees all of them at once."""

    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message) -> None:
        self.fields.setdefault(name, []).append(str(message))

    def raise_any(self) -> None:
        if self.fields:
            raise ValidationError(self.fields)


def check_course(data: CourseInput) -> None:
    problems = Problems()
    if not data.title.strip():
        problems.add("title", _("Fill in the title."))
    if Cefr(data.cefr_to).rank <= Cefr(data.cefr_from).rank:
        problems.add("cefr_to", _("The course must lead to a higher level than it starts at."))
    if not 1 <= data.contact_hours <= 2000:
        problems.add("contact_hours", _("Contact hours must be between 1 and 2000."))
    if data.self_study_hours is not None and not 0 <= data.self_study_hours <= 2000:
        problems.add("self_study_hours", _("Self-study hours must be between 0 and 2000."))
    if data.nlqf is not None and not 1 <= data.nlqf <= 8:
        problems.add("nlqf", _("NLQF levels run from 1 to 8."))
    for lang in data.support_languages:
        if lang not in LANGUAGES:
            problems.add("support_languages", _("Unknown language code: %(code)s.", code=lang))
    for tag in data.sector_tags:
        if tag not in SECTOR_TAGS:
            problems.add("sector_tags", _("Unknown sector: %(tag)s.", tag=tag))
    problems.raise_any()


def _apply_course(course: Course, data: CourseInput) -> None:
    course.title, course.description = data.title.strip(), data.description.strip()
    course.cefr_from, course.cefr_to = Cefr(data.cefr_from), Cefr(data.cefr_to)
    course.contact_hours, course.self_study_hours = data.contact_hours, data.self_study_hours
    course.format, course.vocational, course.exam = CourseFormat(data.format), data.vocational, Exam(data.exam)
    course.nlqf, course.what_to_bring = data.nlqf, (data.what_to_bring or "").strip() or None
    course.languages = [CourseLanguage(language=lang) for lang in dict.fromkeys(data.support_languages)]
    course.tags = [CourseTag(tag=tag) for tag in dict.fromkeys(data.sector_tags)]


def create_course(provider: Organisation, data: CourseInput) -> Course:
    check_course(data)
    course = Course(provider=provider)
    _apply_course(course, data)
    db.session.add(course)
    db.session.flush()
    return course


def update_course(course: Course, data: CourseInput) -> None:
    check_course(data)
    _apply_course(course, data)
    db.session.flush()


def check_run(provider: Organisation, data: RunInput, *, today: dt.date) -> Location | None:
    """Every problem with a run at once; returns its location when it has one."""
    problems = Problems()
    if data.end_date < data.start_date:
        problems.add("end", _("The end date lies before the start date."))
    elif (data.end_date - data.start_date).days > MAX_RUN_DAYS:
        problems.add("end", _("A run lasts at most two years."))
    if not 1 <= data.capacity_min <= MAX_CAPACITY:
        problems.add("capacity_min", _("The minimum group size must be between 1 and %(n)d.", n=MAX_CAPACITY))
    if not 1 <= data.capacity_max <= MAX_CAPACITY:
        problems.add("capacity_max", _("The maximum group size must be between 1 and %(n)d.", n=MAX_CAPACITY))
    elif data.capacity_min > data.capacity_max:
        problems.add("capacity_min", _("The minimum group size is larger than the maximum."))
    if not 0 <= data.price_cents <= MAX_PRICE_CENTS:
        problems.add("price_cents", _("The price must be between EUR 0 and EUR 25,000 per participant."))
    if data.booking_deadline > data.start_date:
        problems.add("booking_deadline", _("The booking deadline must be on or before the start date."))
    if data.go_no_go_date > data.start_date:
        problems.add("go_no_go_date", _("The go/no-go date must be on or before the start date."))
    if not 1 <= data.acceptance_days <= 14:
        problems.add("acceptance_days", _("Between 1 and 14 days."))
    if not 0 <= data.free_cancellation_days <= 365:
        problems.add("free_cancellation_days", _("Between 0 and 365 days."))
    if not 0 <= data.late_cancellation_percent <= 100:
        problems.add("late_cancellation_percent", _("A percentage from 0 to 100."))
    location = None
    if data.place_kind == PlaceKind.location:
        location = db.session.get(Location, data.location_id) if data.location_id else None
        if location is None or location.provider_id != provider.id:
            problems.add("location_id", _("Choose one of your locations."))
    if data.place_kind == PlaceKind.in_company and not data.regions:
        problems.add("regions", _("Choose the regions where you teach in-company."))
    known = set(db.session.scalars(select(Region.code).where(Region.code.in_(data.regions))))
    for code in data.regions:
        if code not in known:
            problems.add("regions", _("Unknown region code: %(code)s.", code=code))
    _check_lessons(data, problems)
    problems.raise_any()
    return location


def _check_lessons(data: RunInput, problems: Problems) -> None:
    lessons = list(data.lessons)
    if not lessons:
        problems.add("sessions", _("A run needs at least one session."))
        return
    if len(lessons) > MAX_LESSONS:
        problems.add("sessions", _("A run has at most %(n)d lessons.", n=MAX_LESSONS))
        return
    for i, (starts_at, ends_at) in enumerate(lessons):
        if ends_at <= starts_at:
            problems.add("sessions", _("Session %(n)d ends before it starts.", n=i + 1))
        if not data.start_date <= local(starts_at).date() <= data.end_date:
            problems.add("sessions", _("Session %(n)d falls outside the run's dates.", n=i + 1))
    for i in overlaps(lessons):
        problems.add("sessions", _("Session %(n)d overlaps the one before it.", n=i + 1))


def _apply_run(run: CourseRun, data: RunInput, location: Location | None) -> None:
    run.place_kind, run.location = PlaceKind(data.place_kind), location
    run.municipality_id = location.municipality_id if location else None
    run.start_date, run.end_date = data.start_date, data.end_date
    run.capacity_min, run.capacity_max, run.price_cents = data.capacity_min, data.capacity_max, data.price_cents
    run.booking_deadline, run.go_no_go_date = data.booking_deadline, data.go_no_go_date
    run.instant_booking, run.acceptance_days = data.instant_booking, data.acceptance_days
    run.free_cancellation_days, run.late_cancellation_percent = (data.free_cancellation_days,
                                                                  data.late_cancellation_percent)
    regions = list(dict.fromkeys(data.regions))
    if location and location.municipality.region_code not in regions:
        regions.insert(0, location.municipality.region_code)  # a location always serves its own region
    run.regions = [RunRegion(region_code=code) for code in regions]


def set_lessons(run: CourseRun, lessons) -> None:
    """Make the run's lessons these (start, end) pairs; unchanged lessons keep their id and note."""
    existing = {(s.starts_at, s.ends_at): s for s in run.lessons}
    run.lessons = [existing.get((s, e)) or Lesson(starts_at=s, ends_at=e) for s, e in sorted(set(lessons))]
    refresh_summary(run)


def refresh_summary(run: CourseRun) -> None:
    summary = summarise((s.starts_at, s.ends_at) for s in run.lessons)
    run.weekday_mask, run.lessons_count, run.slots = summary.weekday_mask, summary.count, summary.slots
    run.first_minute, run.last_minute = summary.first_minute, summary.last_minute


def create_run(course: Course, data: RunInput, *, today: dt.date | None = None) -> CourseRun:
    """A new run of ``course``; it starts as a draft unless it asks to be published at once."""
    location = check_run(course.provider, data, today=today or clock.today())
    run = CourseRun(course=course, provider_id=course.provider_id, status=RunStatus.draft)
    _apply_run(run, data, location)
    set_lessons(run, data.lessons)
    db.session.add(run)
    if data.status != RunStatus.draft:
        run.move_to(RunStatus(data.status))
    db.session.flush()
    return run


def update_run(run: CourseRun, data: RunInput, *, by: User | None, reason: str | None = None,
               today: dt.date | None = None) -> list[str]:
    """Edit a run. Once it has bookings, a change of price or dates is never silent: it needs a reason,
    is recorded, and the booked employers are told. Returns the changes that were announced."""
    location = check_run(run.course.provider, data, today=today or clock.today())
    announced = _announce(run, data, by, reason)
    _apply_run(run, data, location)
    set_lessons(run, data.lessons)
    db.session.flush()
    return announced


def move_lesson(lesson: Lesson, starts_at: dt.datetime, ends_at: dt.datetime, note: str | None, *,
                 by: User | None, reason: str | None = None) -> None:
    """Change one lesson's time or note, keeping the lesson itself (its id, and later its attendance)."""
    run = lesson.run
    times = tuple((starts_at, ends_at) if s is lesson else (s.starts_at, s.ends_at) for s in run.lessons)
    data = input_of(run).replace(lessons=times)
    check_run(run.course.provider, data, today=clock.today())
    _announce(run, data, by, reason)
    lesson.starts_at, lesson.ends_at = starts_at, ends_at
    lesson.note = (note or "").strip() or None
    refresh_summary(run)
    db.session.flush()


def _announce(run: CourseRun, data: RunInput, by: User | None, reason: str | None) -> list[str]:
    announced = _announced_changes(run, data)
    if not announced or not has_bookings(run):
        return []
    if not (reason or "").strip():
        raise ValidationError({"reason": [str(_("This run has bookings: say why the price or dates change. "
                                                "The booked employers will be told."))]})
    change = RunChange(run_id=run.id, changed_by_id=by.id if by else None, summary="; ".join(announced),
                       reason=reason.strip())
    db.session.add(change)
    signals.run_changed.send(run, change=change)
    return announced


def _announced_changes(run: CourseRun, data: RunInput) -> list[str]:
    changes = []
    if run.price_cents != data.price_cents:
        changes.append(f"price {money(run.price_cents, 'nl')} -> {money(data.price_cents, 'nl')}")
    if (run.start_date, run.end_date) != (data.start_date, data.end_date):
        changes.append(f"dates {run.start_date}..{run.end_date} -> {data.start_date}..{data.end_date}")
    old = [(s.starts_at, s.ends_at) for s in run.lessons]
    if sorted(old) != sorted(data.lessons):
        changes.append(f"sessions ({len(old)} -> {len(data.lessons)})")
    return changes


def change_status(run: CourseRun, status: RunStatus) -> None:
    run.move_to(status)
    db.session.flush()
    if status == RunStatus.cancelled:
        signals.run_cancelled.send(run)
