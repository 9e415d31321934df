"""Search open course runs: one function over SQLite and PostgreSQL, used by the public page and the API."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import case, exists, or_, select, text, tuple_
from sqlalchemy.orm import joinedload

from marketplace.core.db import db
from marketplace.tenancy.regions.models import Municipality, valid_on

from .catalogue import Course, CourseLanguage, CourseRun, RunRegion, RunStatus, reserved_clause
from .models import MarkKind, QualityMark
from .seats import seats_left_expression
from .vocabulary import WEEKDAYS, Cefr, CourseFormat, Exam, PlaceKind

SORTS = ("start", "price", "level_fit")


@dataclass(frozen=True)
class RunFilters:
    today: dt.date
    region: str | None = None
    municipality: str | None = None
    level: Cefr | None = None
    formats: tuple[CourseFormat, ...] = ()
    starts_after: dt.date | None = None
    starts_before: dt.date | None = None
    weekdays: tuple[str, ...] = ()
    time_from: dt.time | None = None
    time_to: dt.time | None = None
    support_language: str | None = None
    exam: Exam | None = None
    max_price_cents: int | None = None
    mark: MarkKind | None = None
    min_seats: int | None = None
    q: str | None = None
    sort: str = "start"


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def run_query(f: RunFilters):
    """The ids of the bookable runs (open, deadline not passed, not reserved) that pass the filters.

    Narrow on purpose: the search sorts and limits these ids, and only the page's runs are loaded in full
    (docs/performance.md: a sort over wide rows of five tables cost most of the time).
    """
    query = (select(CourseRun.id).join(Course, Course.id == CourseRun.course_id)
             .where(CourseRun.status == RunStatus.open, CourseRun.booking_deadline >= f.today,
                    reserved_clause(f.today)))
    online = CourseRun.place_kind == PlaceKind.online
    if f.region:
        served = exists().where(RunRegion.run_id == CourseRun.id, RunRegion.region_code == f.region)
        query = query.where(or_(served, online))
    if f.municipality:
        here = select(Municipality.id, Municipality.region_code).where(
            Municipality.code == f.municipality, valid_on(f.today)).subquery()
        served = exists().where(RunRegion.run_id == CourseRun.id, RunRegion.region_code == here.c.region_code)
        query = query.where(or_(CourseRun.municipality_id.in_(select(here.c.id)),
                                (CourseRun.place_kind == PlaceKind.in_company) & served, online))
    if f.level:
        # CEFR codes sort as strings in level order (A0 < A1 < ... < C2)
        query = query.where(Course.cefr_from <= f.level, Course.cefr_to > f.level)
    if f.formats:
        query = query.where(Course.format.in_(f.formats))
    if f.starts_after:
        query = query.where(CourseRun.start_date >= f.starts_after)
    if f.starts_before:
        query = query.where(CourseRun.start_date <= f.starts_before)
    if f.weekdays:
        # every lesson on an allowed day: the run's weekday mask is one of the subsets of the allowed days.
        # As a list (at most 128 values) PostgreSQL can estimate it from the column's statistics.
        allowed = sum(1 << WEEKDAYS.index(d) for d in f.weekdays)
        query = query.where(CourseRun.weekday_mask.in_(weekday_subsets(allowed)))
    if f.time_from:
        query = query.where(CourseRun.first_minute >= _minutes(f.time_from))
    if f.time_to:
        query = query.where(CourseRun.last_minute <= _minutes(f.time_to))
    if f.support_language:
        query = query.where(exists().where(CourseLanguage.course_id == Course.id,
                                           CourseLanguage.language == f.support_language))
    if f.exam:
        query = query.where(Course.exam == f.exam)
    if f.max_price_cents is not None:
        query = query.where(CourseRun.price_cents <= f.max_price_cents)
    if f.mark:
        query = query.where(exists().where(
            QualityMark.provider_id == CourseRun.provider_id, QualityMark.kind == f.mark,
            QualityMark.valid_from <= f.today, QualityMark.valid_until >= f.today))
    if f.min_seats:
        query = query.where(seats_left_expression() >= f.min_seats)
    if f.q and f.q.strip():
        query = query.where(Course.id.in_(text_matches(f.q)))
    return query


def weekday_subsets(allowed: int) -> list[int]:
    """Every weekday mask whose days are all among ``allowed``: runs with lessons on those days only."""
    return [mask for mask in range(128) if mask & ~allowed & 127 == 0]


def text_matches(q: str):
    """Ids of courses whose title or description match ``q``: Dutch stemming on PostgreSQL (tsvector),
    FTS5 with prefix matching on SQLite. Both treat the words as all required."""
    if db.session.get_bind().dialect.name == "postgresql":
        return select(Course.id).where(text("courses.search_vector @@ websearch_to_tsquery('dutch', :q)")
                                       .bindparams(q=q))
    words = re.findall(r"\w+", q, flags=re.UNICODE)
    fts_query = " ".join(f'"{w}"*' for w in words) or '""'
    return text("SELECT rowid FROM course_fts WHERE course_fts MATCH :q").bindparams(q=fts_query)


def sort_key(f: RunFilters):
    if f.sort == "price":
        return CourseRun.price_cents
    if f.sort == "level_fit" and f.level:
        # a course that starts exactly at the learner's level fits best, then the one that starts nearest
        return case({lvl.value: abs(lvl.rank - Cefr(f.level).rank) for lvl in Cefr}, value=Course.cefr_from)
    return CourseRun.start_date


def search_run_ids(f: RunFilters, limit: int, after: tuple | None = None) -> list[int]:
    """Up to ``limit + 1`` run ids in the chosen order, after the keyset ``after`` = (sort value, run id)."""
    key = sort_key(f)
    query = run_query(f)
    if after is not None:
        value, run_id = after
        query = query.where(tuple_(key, CourseRun.id) > tuple_(value, run_id))
    return list(db.session.scalars(query.order_by(key, CourseRun.id).limit(limit + 1)))


def search_runs(f: RunFilters, limit: int, after: tuple | None = None) -> list[tuple[CourseRun, int]]:
    """Up to ``limit + 1`` (run, seats left) in the chosen order: the ids first, then those runs in full."""
    ids = search_run_ids(f, limit, after)
    if not ids:
        return []
    rows = db.session.execute(
        select(CourseRun, seats_left_expression().label("seats_left")).where(CourseRun.id.in_(ids))
        .options(joinedload(CourseRun.course).lazyload(Course.languages),
                 joinedload(CourseRun.course).lazyload(Course.tags))).all()
    found = {run.id: (run, seats) for run, seats in rows}
    return [found[i] for i in ids]


def key_of(run: CourseRun, f: RunFilters):
    """The cursor value of a run under the sort of ``f`` (JSON-friendly)."""
    if f.sort == "price":
        return [run.price_cents, run.id]
    if f.sort == "level_fit" and f.level:
        return [abs(run.course.cefr_from.rank - Cefr(f.level).rank), run.id]
    return [run.start_date.isoformat(), run.id]


def item_key(item: dict, f: RunFilters):
    """The cursor value of a run list item (the API's) under the sort of ``f``."""
    if f.sort == "price":
        return [item["price_cents"], item["id"]]
    if f.sort == "level_fit" and f.level:
        return [abs(Cefr(item["course"]["cefr_from"]).rank - Cefr(f.level).rank), item["id"]]
    return [item["start"], item["id"]]


def parse_key(value, f: RunFilters):
    """The keyset back from a cursor; ValueError when it does not fit the sort."""
    sort_value, run_id = value
    if not isinstance(run_id, int) or not 0 < run_id < 2**31:
        raise ValueError("bad id")
    if f.sort == "start" or (f.sort == "level_fit" and not f.level):
        return dt.date.fromisoformat(sort_value), run_id
    if not isinstance(sort_value, int) or abs(sort_value) >= 2**31:
        raise ValueError("bad key")
    return sort_value, run_id
