"""The course catalogue: courses, their dated runs, and the runs' lessons."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock, states
from marketplace.core.db import Base, EnumText
from marketplace.core.errors import Conflict
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import Organisation

from .labels import RUN_STATUS_LABELS
from .models import Location
from .vocabulary import Cefr, CourseFormat, Exam, PlaceKind


class Course(Base):
    __tablename__ = "courses"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "provider_id"
    __table_args__ = (CheckConstraint("contact_hours > 0", name="contact_hours_positive"),)

    #: surrogate key; also the course's number in catalogue exports (programId)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the provider offering the course
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the course's name in the catalogue
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: public description for the catalogue; empty when none is given
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: the CEFR level learners start at
    cefr_from: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    #: the CEFR level the course leads to, above cefr_from
    cefr_to: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    #: hours of lessons with a teacher; some subsidy rules ask for a minimum (Tel mee met Taal)
    contact_hours: Mapped[int] = mapped_column(Integer, nullable=False)
    #: expected hours of self-study besides the lessons (optional); planners need the total time
    self_study_hours: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: classroom, in-company, online or blended; matched against the formats a need accepts
    format: Mapped[CourseFormat] = mapped_column(EnumText(CourseFormat, 12), nullable=False)
    #: aimed at one specific profession; decides VAT with the provider's CRKBO registration (DOMAIN.md)
    vocational: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: the exam the course prepares for, if any (e.g. staatsexamen NT2 programme I); a search filter
    exam: Mapped[Exam] = mapped_column(EnumText(Exam, 24), nullable=False, default=Exam.none)
    #: NLQF level where the course has one (SLIM scholing rates depend on it)
    nlqf: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: what a learner needs to bring (shown in invitations)
    what_to_bring: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: when the course was created
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the course was last changed
    updated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now, onupdate=clock.now)
    #: when the course was withdrawn: it leaves the catalogue, the provider's list and exports
    archived_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    provider: Mapped[Organisation] = relationship(lazy="joined")
    languages: Mapped[list[CourseLanguage]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                           order_by="CourseLanguage.language")
    tags: Mapped[list[CourseTag]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                 order_by="CourseTag.tag")
    runs: Mapped[list[CourseRun]] = relationship(back_populates="course", order_by="CourseRun.start_date")

    @property
    def support_languages(self) -> list[str]:
        return [lang.language for lang in self.languages]

    @property
    def sector_tags(self) -> list[str]:
        return [t.tag for t in self.tags]


class CourseLanguage(Base):
    """A language the teacher supports in (the course itself is in Dutch)."""

    __tablename__ = "course_languages"

    #: the course
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    #: a language the teacher can explain in (ISO 639-1), besides Dutch
    language: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)


class CourseTag(Base):
    """A sector whose vocabulary the course teaches."""

    __tablename__ = "course_tags"

    #: the course
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    #: a sector word (SECTOR_TAGS), searched on
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class RunStatus(StrEnum):
    draft = "draft"
    open = "open"  # published: employers can book
    confirmed = "confirmed"  # the group goes ahead
    running = "running"
    completed = "completed"
    cancelled = "cancelled"


#: The allowed status changes of a run; anything else is refused.
RUN_TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.draft: frozenset({RunStatus.open, RunStatus.cancelled}),
    RunStatus.open: frozenset({RunStatus.draft, RunStatus.confirmed, RunStatus.cancelled}),
    RunStatus.confirmed: frozenset({RunStatus.running, RunStatus.cancelled}),
    RunStatus.running: frozenset({RunStatus.completed}),
    RunStatus.completed: frozenset(),
    RunStatus.cancelled: frozenset(),
}


class RunTransitionError(Conflict):
    code = "conflict"


class CourseRun(Base):
    """A dated group of a course, with its place, capacity, price and lessons."""

    __tablename__ = "course_runs"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "provider_id"
    __table_args__ = (
        CheckConstraint("capacity_min >= 1 AND capacity_min <= capacity_max", name="capacity"),
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("start_date <= end_date", name="dates_in_order"),
        # the search walks open runs in its sort order and stops after a page (docs/performance.md)
        Index("ix_course_runs_status_start_date_id", "status", "start_date", "id"),
        Index("ix_course_runs_status_price_cents_id", "status", "price_cents", "id"),
    )

    #: surrogate key; also the run's number in catalogue exports (programRunId)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the course this is a run of
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), nullable=False, index=True)
    #: the provider, copied from the course so tenant checks and searches need no join
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: where the lessons are: at one of the provider's locations, at the employer, or online
    place_kind: Mapped[PlaceKind] = mapped_column(EnumText(PlaceKind, 12), nullable=False)
    #: the provider's location, when place_kind is location
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), nullable=True)
    #: municipality of the place (the location's), for "same municipality" search and matching
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), nullable=True, index=True)
    #: first day of the run
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    #: last day of the run; every lesson falls between start_date and end_date
    end_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the smallest group the provider starts with; checked on the go/no-go date
    capacity_min: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the largest group: held, requested, offered and confirmed seats never exceed it
    capacity_max: Mapped[int] = mapped_column(Integer, nullable=False)
    #: per participant, excluding VAT
    price_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the last day employers can book; on or before start_date
    booking_deadline: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the day the run is confirmed or cancelled by its number of participants (bookings tick)
    go_no_go_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: bookable at once, or the provider accepts each booking
    instant_booking: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: without instant booking: days the provider has to accept a booking before the request lapses
    acceptance_days: Mapped[int] = mapped_column(Integer, nullable=False, default=3, server_default="3")
    #: free cancellation until this many days before the start
    free_cancellation_days: Mapped[int] = mapped_column(Integer, nullable=False, default=14)
    #: share of the price charged for a later cancellation
    late_cancellation_percent: Mapped[int] = mapped_column(Integer, nullable=False, default=50)
    #: where the run stands; it moves only along RUN_TRANSITIONS
    status: Mapped[RunStatus] = mapped_column(EnumText(RunStatus, 12), nullable=False, default=RunStatus.draft)
    #: search aid kept in step with the lessons (schedule.summarise): a bit per weekday with a lesson, mon = 1
    weekday_mask: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: search aid: the earliest start of any lesson, in minutes after midnight, Amsterdam time; null without lessons
    first_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: search aid: the latest end of any lesson, in minutes after midnight, Amsterdam time; null without lessons
    last_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the number of lessons, kept in step with them (schedule.summarise)
    lessons_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: every distinct weekly slot of its lessons with its number of lessons (schedule.summarise), so matching
    #: judges the timetable without reading the lessons
    slots: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: a run offered to particular employers (RunReservation) is theirs until this day; null: for good
    reserved_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: when the run was created
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the run was last changed (the DTSTAMP of its calendar file)
    updated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now, onupdate=clock.now)

    course: Mapped[Course] = relationship(back_populates="runs", lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    regions: Mapped[list[RunRegion]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                    order_by="RunRegion.region_code")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="run", cascade="all, delete-orphan",
                                                   order_by="Lesson.starts_at")

    @property
    def region_codes(self) -> list[str]:
        return [r.region_code for r in self.regions]

    def move_to(self, status: RunStatus) -> None:
        """Change status along RUN_TRANSITIONS, or raise."""
        states.move(self, status, RUN_TRANSITIONS, _run_refused)


def _run_refused(old: RunStatus, new: RunStatus) -> RunTransitionError:
    return RunTransitionError(_("A run that is %(old)s cannot become %(new)s.", old=RUN_STATUS_LABELS[old],
                                new=RUN_STATUS_LABELS[new]), field="status")


class RunReservation(Base):
    """An employer that may book a reserved run (an in-company offer, or first rights for a regional pool)."""

    __tablename__ = "run_reservations"

    #: the reserved run
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id", ondelete="CASCADE"), primary_key=True)
    #: an employer that may book it
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True, index=True)


def reserved_clause(today: dt.date, for_employer_id: int | None = None):
    """SQL condition: the run is open to everyone today, or reserved for ``for_employer_id``.

    Written with IN over the (small) reservations table, so the database hashes it once instead of
    looking up every run.
    """

    options = [CourseRun.id.not_in(select(RunReservation.run_id)),
               CourseRun.reserved_until.is_not(None) & (CourseRun.reserved_until < today)]
    if for_employer_id:
        options.append(CourseRun.id.in_(select(RunReservation.run_id).where(
            RunReservation.employer_id == for_employer_id)))
    return or_(*options)


class RunRegion(Base):
    """A labour-market region a run serves (employers there find it)."""

    __tablename__ = "run_regions"

    #: the run
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id", ondelete="CASCADE"), primary_key=True)
    #: a region where employers find the run; a location's own region is always one
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True, index=True)


class Lesson(Base):
    """One lesson of a run."""

    __tablename__ = "lessons"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="in_order"),)

    #: surrogate key; a lesson keeps it when moved (``supply.move_lesson``) or when the run's other lessons change
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the run the lesson is part of
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id", ondelete="CASCADE"), nullable=False, index=True)
    #: when the lesson starts
    starts_at: Mapped[dt.datetime] = mapped_column(nullable=False)
    #: when the lesson ends, after starts_at
    ends_at: Mapped[dt.datetime] = mapped_column(nullable=False)
    #: a different room or address for this one lesson
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)

    run: Mapped[CourseRun] = relationship(back_populates="lessons")


class RunChange(Base):
    """A change of price or dates after bookings exist: who, what, why. Append-only."""

    __tablename__ = "run_changes"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the run that changed
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id"), nullable=False, index=True)
    #: the person who made the change; null when none is known
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: when the change was made
    changed_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: human summary of what changed, e.g. "price EUR 450,00 -> EUR 480,00"
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    #: why, in the provider's words; the booked employers are told
    reason: Mapped[str] = mapped_column(Text, nullable=False)
