"""Planning an import (what the rows would change: reads only) and carrying it out through the offer services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from marketplace.core.db import db
from marketplace.core.errors import DomainError, ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation

from .. import supply
from ..catalogue import RUN_TRANSITIONS, Course, CourseRun, RunStatus
from ..models import Location
from ..seats import has_bookings
from ..supply import CourseInput
from ..vocabulary import PlaceKind
from .columns import _COURSE_FIELDS, _RUN_FIELDS
from .reading import Batch, ParsedRow, parse_row

# Planning: what the rows would change ---------------------------------------------------------------

@dataclass(frozen=True)
class CoursePlan:
    key: str  # the programId of its rows
    course_id: int | None  # None: the import creates the course
    data: CourseInput | None
    action: str  # "create", "update" or "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    line: int
    program_id: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    course_action: str  # "create", "update" or "" (unchanged, or another row already says it)
    run_action: str  # "create", "update", "unchanged", or "" when the row has errors
    errors: tuple[tuple[str, tuple[str, ...]], ...]
    run_id: int | None = None
    run: supply.RunInput | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Plan:
    format: str
    rows: tuple[PlannedRow, ...]
    courses: dict[str, CoursePlan]

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def valid_rows(self) -> tuple[PlannedRow, ...]:
        return tuple(row for row in self.rows if row.ok)

    @property
    def bad_rows(self) -> tuple[PlannedRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    def count(self, action: str) -> int:
        return sum(1 for row in self.valid_rows if row.run_action == action)

    def count_courses(self, action: str) -> int:
        keys = {row.program_id for row in self.valid_rows}
        return sum(1 for key in keys if self.courses[key].action == action)

    @property
    def changes_anything(self) -> bool:
        return any(row.run_action in ("create", "update") or row.course_action for row in self.valid_rows)


class _Problems:
    def __init__(self, start: dict[str, list[str]]) -> None:
        self.fields = {k: list(v) for k, v in start.items()}

    def add(self, name: str, message) -> None:
        messages = self.fields.setdefault(name, [])
        if str(message) not in messages:
            messages.append(str(message))

    def add_error(self, error: ValidationError, names: dict[str, str]) -> None:
        for name, messages in error.fields.items():
            for message in messages:
                self.add(names.get(name, name), message)


def plan_import(provider: Organisation, batch: Batch, *, today: dt.date) -> Plan:
    """What importing ``batch`` would do for ``provider``, row by row, with every problem found.

    Checks each row as the supply's use cases will (``supply.check_course``, ``supply.check_run``) and adds what
    only a file can get wrong: runs of another provider, one run twice, one course described two ways.
    """
    parsed = [parse_row(raw) for raw in batch.rows]
    courses = db.session.scalars(select(Course).where(Course.provider_id == provider.id,
                                                      Course.archived_at.is_(None))).unique().all()
    run_ids = {row.run_id for row in parsed if row.run_id}
    runs = {run.id: run for run in db.session.scalars(
        select(CourseRun).where(CourseRun.provider_id == provider.id, CourseRun.id.in_(run_ids))
        .options(selectinload(CourseRun.lessons), selectinload(CourseRun.regions))).unique()} if run_ids else {}
    locations = db.session.scalars(select(Location).where(Location.provider_id == provider.id)).unique().all()
    course_plans, course_problems, defined_by = _plan_courses(parsed, courses)
    announced: set[str] = set()
    seen_runs: dict[int, int] = {}
    planned = []
    for row in parsed:
        problems = _Problems(row.problems)
        course_plan = course_plans.get(row.program_id)
        for name, messages in course_problems.get(row.program_id, {}).items():
            for message in messages:
                problems.add(name, message)
        first = defined_by.get(row.program_id)
        if row.course is not None and first is not None and first.line != row.line and row.course != first.course:
            differing = [f.name for f in fields(CourseInput)
                         if getattr(row.course, f.name) != getattr(first.course, f.name)]
            problems.add("programId", _("The course fields differ from line %(line)d, which has the same "
                                        "programId: %(columns)s.", line=first.line,
                                        columns=", ".join(_course_column(name) for name in differing)))
        existing = None
        if row.run_id is not None:
            existing = runs.get(row.run_id)
            if existing is None:
                problems.add("programRunId", _("Unknown run: %(id)s is not one of your runs.", id=row.run_id))
            elif row.run_id in seen_runs:
                problems.add("programRunId", _("This run is on line %(line)d too.", line=seen_runs[row.run_id]))
            elif course_plan is not None and existing.course_id != course_plan.course_id:
                problems.add("programId", _("Run %(id)s belongs to another course (programId %(program)s).",
                                            id=existing.id, program=existing.course_id))
            seen_runs.setdefault(row.run_id, row.line)
        run_action, run_data = _plan_run(provider, row, existing, locations, problems, today)
        errors = tuple((name, tuple(messages)) for name, messages in problems.fields.items())
        course_action = ""
        if not errors and course_plan.action != "unchanged" and row.program_id not in announced:
            announced.add(row.program_id)  # said once, on the course's first importable row
            course_action = course_plan.action
        planned.append(PlannedRow(
            line=row.line, program_id=row.program_id, title=row.title,
            start_date=row.run.start_date if row.run else None, end_date=row.run.end_date if row.run else None,
            course_action=course_action, run_action="" if errors else run_action, errors=errors, run_id=row.run_id,
            run=run_data))
    return Plan(batch.format, tuple(planned), course_plans)


def _plan_run(provider: Organisation, row: ParsedRow, existing: CourseRun | None, locations: list[Location],
              problems: _Problems, today: dt.date) -> tuple[str, supply.RunInput | None]:
    """The row's run checked as ``offer.check_run`` will, and whether it is created, updated or unchanged."""
    if row.run is None:
        return "", None
    data = _resolve_location(row, locations, problems)
    data = data.replace(status=row.status or (existing.status if existing else RunStatus.draft))
    try:
        supply.check_run(provider, data, today=today)
    except ValidationError as e:
        found = dict(e.fields)
        if "end" in found and not row.explicit_sessions:
            found.pop("sessions", None)  # a pattern between reversed dates has no lessons: one error is enough
        if "locationName" in problems.fields:
            found.pop("location_id", None)  # already said: the name is not one of the locations
        names = dict(_RUN_FIELDS, sessions="courseDays" if row.explicit_sessions else "weekdays")
        problems.add_error(ValidationError(found), names)
    if existing is not None:
        return (_run_change(existing, data, problems) if not problems.fields else ""), data
    if row.run_id is not None:
        return "", data  # an unknown run: already a problem of the row
    if data.status not in (RunStatus.draft, RunStatus.open):
        problems.add("runStatus", _("An import can make a run draft or open only; do the rest on the run's page."))
    return "create", data


def _course_column(field_name: str) -> str:
    return {"description": "programDescriptionText", "format": "courseFormat", "vocational": "vocational",
            "exam": "exam", "what_to_bring": "whatToBring"}.get(field_name, _COURSE_FIELDS.get(field_name, field_name))


def _plan_courses(parsed: list[ParsedRow], courses: list[Course]):
    """Each programId's course: one of the provider's (by number, else by title) or a new one."""
    by_id = {str(course.id): course for course in courses}
    by_title = defaultdict(list)
    for course in courses:
        by_title[course.title.strip().casefold()].append(course)
    defined_by: dict[str, ParsedRow] = {}
    for row in parsed:
        if row.program_id and row.course is not None:
            defined_by.setdefault(row.program_id, row)
    plans, problems, key_of_course = {}, {}, {}
    for key, row in defined_by.items():
        data = row.course
        course = by_id.get(key)
        found = problems.setdefault(key, _Problems({}))
        if course is None:
            namesakes = by_title.get(data.title.strip().casefold(), [])
            if len(namesakes) > 1:
                found.add("programId", _("Several of your courses are called %(title)s; use the course's number "
                                         "as programId.", title=data.title))
            course = namesakes[0] if len(namesakes) == 1 else None
        if course is not None:
            other = key_of_course.setdefault(course.id, key)
            if other != key:
                found.add("programId", _("This is the same course as programId %(other)s; use one programId per "
                                         "course.", other=other))
        try:
            supply.check_course(data)
        except ValidationError as e:
            found.add_error(e, _COURSE_FIELDS)
        action = "create" if course is None else "unchanged" if course_input_of(course) == data else "update"
        plans[key] = CoursePlan(key, course.id if course else None, data, action)
    return plans, {key: p.fields for key, p in problems.items()}, defined_by


def course_input_of(course: Course) -> CourseInput:
    """The course as it is, in the form the file gives it (so that unchanged rows compare equal)."""
    return CourseInput(
        title=course.title, description=course.description or "", cefr_from=course.cefr_from, cefr_to=course.cefr_to,
        contact_hours=course.contact_hours, format=course.format, vocational=course.vocational, exam=course.exam,
        support_languages=tuple(sorted(course.support_languages)), sector_tags=tuple(sorted(course.sector_tags)),
        self_study_hours=course.self_study_hours, nlqf=course.nlqf, what_to_bring=course.what_to_bring or None)


def _resolve_location(row: ParsedRow, locations: list[Location], problems: _Problems) -> supply.RunInput:
    data = row.run
    if data.place_kind != PlaceKind.location:
        if data.location_id is not None or row.location_name:
            problems.add("placeKind", _("Only a run at one of your locations has a location; use placeKind "
                                        "location or leave the location empty."))
        return data
    if not row.location_name:
        return data
    named = [loc for loc in locations if loc.name.strip().casefold() == row.location_name.casefold()]
    if data.location_id is not None:
        if not any(loc.id == data.location_id for loc in named):
            problems.add("locationName", _("This is not the name of location %(id)s.", id=data.location_id))
        return data
    if not named:
        problems.add("locationName", _("Unknown location: %(value)s.", value=row.location_name))
    elif len(named) > 1:
        problems.add("locationName", _("Several of your locations are called %(value)s; use locationId.",
                                       value=row.location_name))
    else:
        return data.replace(location_id=named[0].id)
    return data


def _comparable(data: supply.RunInput, location_region: str | None) -> supply.RunInput:
    regions = set(data.regions) | ({location_region} if location_region else set())
    return data.replace(regions=tuple(sorted(regions)), lessons=tuple(sorted(data.lessons)))


def _run_change(run: CourseRun, data: supply.RunInput, problems: _Problems) -> str:
    """"update" or "unchanged"; a change the import may not make is a problem of the row."""
    location = db.session.get(Location, data.location_id) if data.location_id else None
    wanted = _comparable(data, location.municipality.region_code if location else None)
    current = _comparable(supply.input_of(run), None)
    if wanted == current:
        return "unchanged"
    if run.status in (RunStatus.running, RunStatus.completed, RunStatus.cancelled):
        problems.add("programRunId", _("A run that is %(status)s can no longer be changed by an import.",
                                       status=run.status))
    elif data.status != run.status and (data.status not in (RunStatus.draft, RunStatus.open)
                                        or data.status not in RUN_TRANSITIONS[run.status]):
        problems.add("runStatus", _("An import can make a run draft or open only; do the rest on the run's page."))
    elif has_bookings(run) and (
            (wanted.price_cents, wanted.start_date, wanted.end_date, wanted.lessons)
            != (current.price_cents, current.start_date, current.end_date, current.lessons)):
        problems.add("programRunId", _("This run has bookings: change its price, dates or lessons on the run's "
                                       "page, where you tell the booked employers why."))
    return "update"


# Importing -------------------------------------------------------------------------------------------

class ImportFailed(DomainError):
    """A row failed while being written; the whole import was undone."""


@dataclass(frozen=True)
class Outcome:
    courses_created: int = 0
    courses_updated: int = 0
    runs_created: int = 0
    runs_updated: int = 0
    runs_unchanged: int = 0


def import_plan(provider: Organisation, plan: Plan, *, only_valid: bool, by: User, today: dt.date) -> Outcome:
    """Write the plan's rows through the offer services, all of them or none.

    A file with errors is imported only when the user chose to import just its valid rows (the issue's
    "nothing half-imported"). Everything runs in one savepoint: if any row fails after all, it is rolled
    back and ImportFailed names the line, so the request answers 422 and commits nothing.
    """
    if not plan.ok and not only_valid:
        raise DomainError(_("Some rows have errors. Fix them and upload the file again, or import only the valid "
                            "rows."))
    rows = plan.valid_rows
    if not rows:
        raise DomainError(_("No row can be imported."))
    counts = {f.name: 0 for f in fields(Outcome)}
    line = rows[0].line
    try:
        with db.session.begin_nested():
            courses: dict[str, Course] = {}
            for row in rows:
                line = row.line
                if row.program_id not in courses:
                    courses[row.program_id] = _write_course(provider, plan.courses[row.program_id], counts)
                if row.run_action == "create":
                    supply.create_run(courses[row.program_id], row.run, today=today)
                    counts["runs_created"] += 1
                elif row.run_action == "update":
                    run = db.session.get(CourseRun, row.run_id)
                    supply.update_run(run, row.run, by=by, today=today)
                    if row.run.status != run.status:
                        supply.change_status(run, row.run.status)
                    counts["runs_updated"] += 1
                else:
                    counts["runs_unchanged"] += 1
    except (DomainError, SQLAlchemyError) as e:
        if isinstance(e, ValidationError):
            reason = "; ".join(str(m) for messages in e.fields.values() for m in messages)
        else:
            reason = e.message if isinstance(e, DomainError) else _("it could not be saved.")
        where = _("Line %(n)d", n=line) if plan.format == "csv" else _("Item %(n)d", n=line)
        raise ImportFailed(_("%(where)s could not be imported: %(reason)s Nothing has been imported.",
                             where=where, reason=reason)) from e
    return Outcome(**counts)


def _write_course(provider: Organisation, plan: CoursePlan, counts: dict[str, int]) -> Course:
    if plan.course_id is None:
        counts["courses_created"] += 1
        return supply.create_course(provider, plan.data)
    course = db.session.get(Course, plan.course_id)
    if plan.action == "update":
        supply.update_course(course, plan.data)
        counts["courses_updated"] += 1
    return course
