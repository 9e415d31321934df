"""Course runs over the twelve months after the base date, with the regions they serve and their lessons.

A run follows a weekly pattern of one to three weekdays (now and then Saturday) for 6-16 weeks. Its lessons are
what the supply's own ``providers.schedule.lesson_times`` makes of that pattern (public holidays left out,
Amsterdam wall-clock times stored as UTC), and its search aids what ``providers.supply.refresh_summary``
derives from them, so both follow any change the product makes. A location run serves its location's region
first, any other the provider's home region, and up to three regions more.
"""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from providers.catalogue import CourseRun, Lesson, RunRegion, RunStatus
from providers.schedule import WeeklyPattern, lesson_times, local
from providers.supply import RunInput, refresh_summary
from providers.vocabulary import WEEKDAYS, CourseFormat, PlaceKind

from .world import CHUNK, World

START_TIMES = tuple(dt.time(h, m) for h, m in ((8, 30), (9, 0), (9, 30), (10, 0), (13, 0), (13, 30), (14, 0),
                                                (15, 30), (16, 0), (18, 30), (19, 0)))
STATUSES = (RunStatus.open, RunStatus.draft, RunStatus.confirmed, RunStatus.cancelled)
STATUS_WEIGHTS = (78, 7, 10, 5)
#: runs are made up to this many days (and 600 minutes) before the base date
RUNS_MADE_WITHIN_DAYS = 120
#: what the bookings step needs to know of a run (seed_runs keeps these in World.runs, with its regions)
RUN_FACTS = ("id", "provider_id", "place_kind", "start_date", "capacity_max", "price_cents", "booking_deadline",
             "instant_booking", "acceptance_days", "free_cancellation_days", "late_cancellation_percent", "status",
             "created_at")


def weekly_lessons(first: dt.date, weeks: int, weekdays: set[int], start: dt.time,
                   end: dt.time) -> list[tuple[dt.datetime, dt.datetime]]:
    """The lessons a provider gets from this weekly pattern in the run form (public holidays left out)."""
    pattern = WeeklyPattern(weekdays=tuple(WEEKDAYS[day] for day in sorted(weekdays)), start_time=start,
                            end_time=end, first_date=first, last_date=first + dt.timedelta(days=7 * weeks - 1))
    lessons, _skipped = lesson_times(pattern)
    return lessons


def search_aids(lessons: list[tuple[dt.datetime, dt.datetime]]) -> dict:
    """The run's columns derived from its lessons (weekday_mask, slots, lessons_count, ...), set by the
    supply's own refresh_summary, so they follow any aid added there."""
    run = SimpleNamespace(lessons=[SimpleNamespace(starts_at=s, ends_at=e) for s, e in lessons])
    refresh_summary(run)
    del run.lessons
    return vars(run)


def place_of(rng: random.Random, course: dict) -> PlaceKind:
    fmt = course["format"]
    if fmt == CourseFormat.in_company or fmt == CourseFormat.classroom and rng.random() < 0.1:
        return PlaceKind.in_company
    if fmt == CourseFormat.online or fmt == CourseFormat.blended and rng.random() < 0.3:
        return PlaceKind.online
    return PlaceKind.location


def seed_runs(world: World) -> None:
    """Runs over the twelve months after the base date, with weekly lessons, in chunks to bound memory."""
    rng = world.rng("runs")
    run_id, lesson_id = world.writer.ids(CourseRun.__table__), world.writer.ids(Lesson.__table__)
    total = world.scaled("runs")
    for first_of_chunk in range(0, total, CHUNK):
        runs, run_regions, lessons = [], [], []
        for _n in range(first_of_chunk, min(total, first_of_chunk + CHUNK)):
            course = world.courses[rng.randrange(len(world.courses))]
            provider = course["provider"]
            kind = place_of(rng, course)
            location_id, place = rng.choice(provider["locations"]) if kind == PlaceKind.location else (None, None)
            served = [place.region_code if place else provider["place"].region_code]
            for extra in rng.sample(world.regions, rng.choices((0, 1, 2, 3), (5, 3, 1, 1))[0]):
                if extra not in served:
                    served.append(extra)
            weekdays = set(rng.sample(range(5), rng.choices((1, 2, 3), (35, 45, 20))[0]))
            if rng.random() < 0.05:
                weekdays = {5}
            start = rng.choice(START_TIMES)
            end = (dt.datetime.combine(world.base, start) + dt.timedelta(minutes=rng.choice((120, 150, 180)))).time()
            first = world.base + dt.timedelta(days=rng.randint(1, 365))
            times = weekly_lessons(first, rng.randint(6, 16), weekdays, start, end)
            start_date, end_date = local(times[0][0]).date(), local(times[-1][0]).date()
            capacity_max = rng.randint(6, 16)
            created = world.moment(rng, RUNS_MADE_WITHIN_DAYS)
            # acceptance_days as a provider leaves it (the supply's default): the bookings step reads it
            run = {
                "id": run_id(), "course_id": course["id"], "provider_id": course["provider_id"],
                "place_kind": kind, "location_id": location_id,
                "municipality_id": place.municipality_id if place else None,
                "start_date": start_date, "end_date": end_date,
                "capacity_min": rng.randint(3, 6), "capacity_max": capacity_max,
                "price_cents": rng.randint(50, 300) * 500,
                "booking_deadline": start_date - dt.timedelta(days=rng.choice((3, 7, 7, 10, 14))),
                "go_no_go_date": start_date - dt.timedelta(days=rng.choice((7, 10, 14, 21))),
                "instant_booking": rng.random() < 0.65, "acceptance_days": RunInput.acceptance_days,
                "free_cancellation_days": rng.choice((7, 14, 14, 21, 28)),
                "late_cancellation_percent": rng.choice((25, 50, 50, 100)),
                "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                "created_at": created, "updated_at": created, **search_aids(times)}
            runs.append(run)
            world.runs.append({name: run[name] for name in RUN_FACTS} | {"regions": served})
            run_regions += [{"run_id": run["id"], "region_code": code} for code in served]
            lessons += [{"id": lesson_id(), "run_id": run["id"], "starts_at": s, "ends_at": e,
                         "note": "Deze les in lokaal 2.14." if rng.random() < 0.02 else None}
                        for s, e in times]
        world.writer.insert(CourseRun.__table__, runs)
        world.writer.insert(RunRegion.__table__, run_regions)
        world.writer.insert(Lesson.__table__, lessons)
