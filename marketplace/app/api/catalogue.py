"""Course and run endpoints: public search, and the provider's offer (CONTRACT.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import abort, jsonify, request
from flask_babel import get_locale
from pydantic import AwareDatetime, Field
from sqlalchemy import select
from sqlalchemy.orm import aliased

from marketplace.core import clock
from marketplace.core.access import Role, actor, get_for_org, member, public
from marketplace.core.db import db
from marketplace.core.links import external_url
from marketplace.tenancy.organisations.models import Organisation, OrgKind
from marketplace.tenancy.regions.models import Municipality
from providers import supply
from providers.catalogue import Course, CourseRun, RunRegion, RunStatus
from providers.models import Location, MarkKind
from providers.public import visible_runs
from providers.schedule import WeeklyPattern, describe, lesson_times
from providers.search import SORTS, RunFilters, item_key, parse_key, search_run_ids
from providers.seats import seats_left_expression
from providers.vat import vat_rate
from providers.vocabulary import WEEKDAYS, Cefr, CourseFormat, Exam, PlaceKind

from .core import (
    ApiError,
    Int,
    LocalTime,
    Strict,
    api_route,
    body_schema,
    encode_cursor,
    json_body,
    page_args,
    parse,
    reject_nulls,
)

PROVIDER_MEMBER = member(OrgKind.provider, role=Role.member)


class CourseBody(Strict):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    cefr_from: Cefr
    cefr_to: Cefr
    format: CourseFormat
    contact_hours: int = Field(ge=1, le=2000)
    vocational: bool = False
    support_languages: list[str] = []
    exam: Exam = Exam.none
    sector_tags: list[str] = []
    self_study_hours: int | None = Field(default=None, ge=0, le=2000)
    nlqf: int | None = Field(default=None, ge=1, le=8)
    what_to_bring: str | None = Field(default=None, max_length=2000)

    def to_input(self) -> supply.CourseInput:
        data = self.model_dump()
        data["support_languages"] = tuple(data["support_languages"])
        data["sector_tags"] = tuple(data["sector_tags"])
        return supply.CourseInput(**data)


class Place(Strict):
    kind: PlaceKind
    location_id: Int | None = None
    municipality_code: str | None = None


class LessonBody(Strict):
    start: AwareDatetime
    end: AwareDatetime


class PatternBody(Strict):
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    start_time: LocalTime
    end_time: LocalTime
    first_date: dt.date
    last_date: dt.date
    skip_public_holidays: bool = True
    excluded_dates: list[dt.date] = []


class RunBody(Strict):
    course_id: Int
    place: Place
    regions: list[str] = []
    start: dt.date
    end: dt.date
    capacity_min: int
    capacity_max: int
    price_cents: int
    booking_deadline: dt.date
    go_no_go_date: dt.date
    instant_booking: bool = True
    acceptance_days: int = 3
    free_cancellation_days: int = 14
    late_cancellation_percent: int = 50
    status: Literal["draft", "open"] = "draft"
    sessions: list[LessonBody] | None = None
    pattern: PatternBody | None = None


class RunPatch(Strict):
    """Only the fields given change. A change of price or dates on a booked run needs ``reason``."""

    status: RunStatus | None = None
    regions: list[str] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    capacity_min: int | None = None
    capacity_max: int | None = None
    price_cents: int | None = None
    booking_deadline: dt.date | None = None
    go_no_go_date: dt.date | None = None
    instant_booking: bool | None = None
    sessions: list[LessonBody] | None = None
    reason: str | None = Field(default=None, max_length=2000)


def course_json(course: Course) -> dict:
    return {
        "id": course.id, "title": course.title, "description": course.description,
        "cefr_from": course.cefr_from, "cefr_to": course.cefr_to, "format": course.format,
        "contact_hours": course.contact_hours, "self_study_hours": course.self_study_hours,
        "vocational": course.vocational, "exam": course.exam, "nlqf": course.nlqf,
        "support_languages": course.support_languages, "sector_tags": course.sector_tags,
        "provider": {"id": course.provider.id, "name": course.provider.name},
    }


def run_json(run: CourseRun, seats_left: int, detail: bool = False) -> dict:
    course = run.course
    body = {
        "id": run.id,
        "course": {"id": course.id, "title": course.title, "cefr_from": course.cefr_from, "cefr_to": course.cefr_to,
                   "format": course.format, "provider": {"id": course.provider.id, "name": course.provider.name}},
        "regions": run.region_codes,
        "place": {"kind": run.place_kind, "location_id": run.location_id,
                  "municipality_code": run.location.municipality.code if run.location else None},
        "start": run.start_date.isoformat(), "end": run.end_date.isoformat(),
        "capacity_min": run.capacity_min, "capacity_max": run.capacity_max, "seats_left": seats_left,
        "price_cents": run.price_cents, "vat_rate": vat_rate(course.vocational, course.provider.crkbo_registered),
        "status": run.status, "sessions_count": run.lessons_count,
        "booking_deadline": run.booking_deadline.isoformat(), "go_no_go_date": run.go_no_go_date.isoformat(),
        "instant_booking": run.instant_booking, "acceptance_days": run.acceptance_days,
        "ics_url": external_url("catalogue.run_calendar_file", run_id=run.id),
    }
    if detail:
        body["sessions"] = [{"id": s.id, "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat(),
                             "note": s.note} for s in run.lessons]
        body["weekly_pattern"] = describe([(s.starts_at, s.ends_at) for s in run.lessons], str(get_locale()))
        body["cancellation"] = {"free_until_days_before_start": run.free_cancellation_days,
                                "late_percent": run.late_cancellation_percent}
    return body


def run_items(ids: list[int]) -> list[dict]:
    """The list items of these runs, in this order, as ``run_json`` renders them, from two Core queries:
    a result page needs no ORM objects (docs/performance.md, the run search)."""
    if not ids:
        return []
    provider = aliased(Organisation)
    place = aliased(Municipality)
    rows = db.session.execute(
        select(CourseRun.id, CourseRun.place_kind, CourseRun.location_id, place.code.label("municipality_code"),
               CourseRun.start_date, CourseRun.end_date, CourseRun.capacity_min, CourseRun.capacity_max,
               seats_left_expression().label("seats_left"), CourseRun.price_cents, CourseRun.status,
               CourseRun.lessons_count, CourseRun.booking_deadline, CourseRun.go_no_go_date,
               CourseRun.instant_booking, CourseRun.acceptance_days, Course.id.label("course_id"), Course.title,
               Course.cefr_from,
               Course.cefr_to, Course.format, Course.vocational, provider.id.label("provider_id"),
               provider.name.label("provider_name"), provider.crkbo_registered)
        .join(Course, Course.id == CourseRun.course_id).join(provider, provider.id == Course.provider_id)
        .outerjoin(Location, Location.id == CourseRun.location_id)
        .outerjoin(place, place.id == Location.municipality_id)
        .where(CourseRun.id.in_(ids))).all()
    regions: dict[int, list[str]] = {}
    for run_id, code in db.session.execute(select(RunRegion.run_id, RunRegion.region_code)
                                           .where(RunRegion.run_id.in_(ids)).order_by(RunRegion.region_code)):
        regions.setdefault(run_id, []).append(code)
    by_id = {r.id: r for r in rows}
    return [_item(by_id[i], regions.get(i, [])) for i in ids]


def _item(r, regions: list[str]) -> dict:
    return {
        "id": r.id,
        "course": {"id": r.course_id, "title": r.title, "cefr_from": r.cefr_from, "cefr_to": r.cefr_to,
                   "format": r.format, "provider": {"id": r.provider_id, "name": r.provider_name}},
        "regions": regions,
        "place": {"kind": r.place_kind, "location_id": r.location_id, "municipality_code": r.municipality_code},
        "start": r.start_date.isoformat(), "end": r.end_date.isoformat(),
        "capacity_min": r.capacity_min, "capacity_max": r.capacity_max, "seats_left": r.seats_left,
        "price_cents": r.price_cents, "vat_rate": vat_rate(r.vocational, r.crkbo_registered),
        "status": r.status, "sessions_count": r.lessons_count,
        "booking_deadline": r.booking_deadline.isoformat(), "go_no_go_date": r.go_no_go_date.isoformat(),
        "instant_booking": r.instant_booking, "acceptance_days": r.acceptance_days,
        "ics_url": external_url("catalogue.run_calendar_file", run_id=r.id),
    }


def seats_left_of(run: CourseRun) -> int:
    return db.session.scalar(select(seats_left_expression()).where(CourseRun.id == run.id))


# Search ------------------------------------------------------------------------------------------

def filters_from_args(args) -> RunFilters:
    """Query arguments into filters, or 422 naming each bad argument."""
    problems: dict[str, list[str]] = {}

    def one(name, convert):
        raw = args.get(name)
        if raw in (None, ""):
            return None
        try:
            return convert(raw)
        except ValueError:
            problems[name] = [f"Not a valid value: {raw!r}."]
            return None

    def many(name, allowed):
        values = args.getlist(name)
        bad = [v for v in values if v not in allowed]
        if bad:
            problems[name] = [f"Not one of {', '.join(allowed)}: {', '.join(bad)}."]
        return tuple(v for v in values if v in allowed)

    def choice(allowed):
        def convert(raw):
            if raw not in allowed:
                raise ValueError(raw)
            return raw
        return convert

    def non_negative(raw):
        value = int(raw)
        if not 0 <= value < 2**31:
            raise ValueError(raw)
        return value

    filters = RunFilters(
        today=clock.today(), region=one("region", str.upper), municipality=one("municipality", str.upper),
        level=one("level", Cefr), formats=many("format", [f.value for f in CourseFormat]),
        starts_after=one("starts_after", dt.date.fromisoformat),
        starts_before=one("starts_before", dt.date.fromisoformat),
        weekdays=many("weekday", WEEKDAYS), time_from=one("time_from", dt.time.fromisoformat),
        time_to=one("time_to", dt.time.fromisoformat), support_language=one("support_language", str.lower),
        exam=one("exam", Exam), max_price_cents=one("max_price_cents", non_negative),
        mark=one("mark", MarkKind), min_seats=one("min_seats", non_negative), q=one("q", str),
        sort=one("sort", choice(SORTS)) or "start",
    )
    if problems:
        raise ApiError(422, "Some search arguments are not valid.", "invalid", problems)
    return filters


SEARCH_PARAMETERS = [
    {"name": n, "in": "query", "required": False, "schema": {"type": "string"}, "description": d} for n, d in [
        ("region", "labour-market region code, e.g. AM22 (online runs always match)"),
        ("municipality", "municipality code, e.g. GM0599"),
        ("level", "the learner's CEFR level: runs that start at or below it and lead above it"),
        ("format", "classroom, in_company, online, blended (repeatable)"),
        ("starts_after", "ISO date"), ("starts_before", "ISO date"),
        ("weekday", "mon..sun (repeatable): every session falls on one of these days"),
        ("time_from", "HH:MM: every session starts at or after it"), ("time_to", "HH:MM: every session ends by it"),
        ("support_language", "ISO 639-1 code"), ("exam", "none, provider_certificate, staatsexamen_nt2_i, ..."),
        ("max_price_cents", "per participant, excl. VAT"), ("mark", "blik_op_werk, nrto, crkbo, other"),
        ("min_seats", "seats still free"), ("q", "words in the title or description"),
        ("sort", "start (default), price, level_fit"), ("limit", "1..200"), ("cursor", "from next_cursor"),
    ]]


@api_route("/runs", summary="Search open course runs", parameters=SEARCH_PARAMETERS,
           responses={"200": {"description": "{items: [run], next_cursor}"}})
@public
def list_runs():
    filters = filters_from_args(request.args)
    limit, cursor = page_args()
    after = None
    if cursor is not None:
        try:
            after = parse_key(cursor, filters)
        except (ValueError, TypeError):
            raise ApiError(400, "The cursor is not valid; start again without it.", "bad_cursor") from None
    ids = search_run_ids(filters, limit, after)
    items = run_items(ids[:limit])
    return jsonify({"items": items, "next_cursor": encode_cursor(item_key(items[-1], filters))
                    if len(ids) > limit else None})


def visible_run(run_id: int) -> CourseRun:
    """A run the caller may see (providers.public.visible_runs), else 404."""
    run = db.session.scalar(visible_runs(select(CourseRun).where(CourseRun.id == run_id)))
    if run is None:
        abort(404)
    return run


@api_route("/runs/<int:run_id>", summary="One run with its sessions, seats left and calendar file")
@public
def get_run(run_id: int):
    run = visible_run(run_id)
    return jsonify(run_json(run, seats_left_of(run), detail=True))


@api_route("/courses/<int:course_id>", summary="One course")
@public
def get_course(course_id: int):
    course = db.session.get(Course, course_id)
    if course is None or course.archived_at is not None:
        abort(404)
    return jsonify(course_json(course))


# The provider's offer ----------------------------------------------------------------------------

@api_route("/courses", methods=("POST",), summary="Create a course (providers)", requestBody=body_schema(CourseBody),
           responses={"201": {"description": "The course"}})
@PROVIDER_MEMBER
def create_course():
    body = parse(CourseBody, json_body())
    course = supply.create_course(actor().organisation, body.to_input())
    return jsonify(course_json(course)), 201


def _lessons(body_sessions, pattern) -> tuple:
    if body_sessions is not None and pattern is not None:
        raise ApiError(422, "Give sessions or a pattern, not both.", "invalid",
                       {"sessions": ["Give sessions or a pattern, not both."]})
    if pattern is not None:
        if pattern.end_time <= pattern.start_time:
            raise ApiError(422, "The pattern's end time is before its start time.", "invalid",
                           {"pattern.end_time": ["Must be after the start time."]})
        times, _skipped = lesson_times(WeeklyPattern(
            tuple(pattern.weekdays), pattern.start_time, pattern.end_time, pattern.first_date, pattern.last_date,
            pattern.skip_public_holidays, frozenset(pattern.excluded_dates)))
        return tuple(times)
    return tuple((s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC)) for s in body_sessions or ())


def _location_id(place: Place) -> int | None:
    if place.location_id is not None or place.kind != PlaceKind.location or not place.municipality_code:
        return place.location_id
    location = db.session.scalar(select(Location).join(Location.municipality).where(
        Location.provider_id == actor().organisation.id, Location.municipality.has(code=place.municipality_code)))
    return location.id if location else None


@api_route("/runs", methods=("POST",), summary="Create a run with its sessions, inline or as a weekly pattern "
           "(providers)", requestBody=body_schema(RunBody), responses={"201": {"description": "The run"}})
@PROVIDER_MEMBER
def create_run():
    body = parse(RunBody, json_body())
    course = get_for_org(Course, body.course_id)
    data = supply.RunInput(
        place_kind=body.place.kind, location_id=_location_id(body.place),
        regions=tuple(r.upper() for r in body.regions),
        start_date=body.start, end_date=body.end, capacity_min=body.capacity_min, capacity_max=body.capacity_max,
        price_cents=body.price_cents, booking_deadline=body.booking_deadline, go_no_go_date=body.go_no_go_date,
        instant_booking=body.instant_booking, acceptance_days=body.acceptance_days,
        free_cancellation_days=body.free_cancellation_days,
        late_cancellation_percent=body.late_cancellation_percent, status=RunStatus(body.status),
        lessons=_lessons(body.sessions, body.pattern))
    run = supply.create_run(course, data)
    return jsonify(run_json(run, seats_left_of(run), detail=True)), 201


@api_route("/runs/<int:run_id>", methods=("PATCH",), summary="Edit or publish a run (providers)",
           requestBody=body_schema(RunPatch), responses={"200": {"description": "The run"}})
@PROVIDER_MEMBER
def patch_run(run_id: int):
    body = parse(RunPatch, json_body())
    run = get_for_org(CourseRun, run_id)
    given = body.model_dump(exclude_unset=True)
    reject_nulls(given, nullable={"reason"})
    status = given.pop("status", None)
    reason = given.pop("reason", None)
    if given:
        current = supply.input_of(run)
        renames = {"start": "start_date", "end": "end_date"}
        changes = {renames.get(k, k): v for k, v in given.items() if k != "sessions"}
        if "regions" in changes:
            changes["regions"] = tuple(r.upper() for r in changes["regions"])
        if body.sessions is not None:
            changes["lessons"] = _lessons(body.sessions, None)
        supply.update_run(run, current.replace(**changes), by=actor().user, reason=reason)
    if status is not None and status != run.status:
        supply.change_status(run, RunStatus(status))
    return jsonify(run_json(run, seats_left_of(run), detail=True))
