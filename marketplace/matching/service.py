"""Matching a training need against the open runs: a broad SQL pre-selection, then the rules in Python.

The pre-selection keeps runs that could fit or nearly fit (place, level within one step, start window,
deadline not long past); `rules.judge` decides, and the best near misses are shown with their reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import get_locale
from sqlalchemy import and_, exists, func, or_, select

from marketplace.db import db
from marketplace.employers.models import TrainingNeed
from marketplace.regions.models import Municipality
from marketplace.regions.neighbours import neighbours
from providers.catalogue import Course, CourseRun, RunRegion, RunStatus, Session, reserved_clause
from providers.models import QualityMark
from providers.schedule import local
from providers.seats import seats_left_expression
from providers.vocabulary import Cefr, PlaceKind

from .rules import Candidate, NeedSpec, Verdict, Window, judge, summary_fits

MATCHES_SHOWN = 20
NEAR_MISSES_SHOWN = 10


@dataclass
class Result:
    matches: list[Verdict]
    near_misses: list[Verdict]
    candidates: int


def spec_of(need: TrainingNeed, today: dt.date) -> NeedSpec:
    levels = [m.employee.cefr_level for m in need.members if m.employee.cefr_level is not None]
    level = min(levels, key=lambda c: c.rank) if levels else need.cefr_from
    region = need.municipality.region_code
    return NeedSpec(
        learners=need.learners, level=Cefr(level), target=Cefr(need.cefr_to), formats=frozenset(need.formats or ()),
        municipality_id=need.municipality_id, region=region, neighbours=neighbours(region),
        windows=tuple(Window(w.weekday, w.time_from.hour * 60 + w.time_from.minute,
                             w.time_to.hour * 60 + w.time_to.minute) for w in need.windows),
        earliest_start=need.earliest_start, budget_cents=need.budget_per_person_cents, today=today,
        organisation_id=need.organisation_id)


def _candidates(spec: NeedSpec) -> list[Candidate]:
    ranks = list(Cefr)
    one_up = ranks[min(spec.level.rank + 1, len(ranks) - 1)]
    nearby = {spec.region, *spec.neighbours}
    location_region = select(Municipality.region_code).where(
        Municipality.id == CourseRun.municipality_id).scalar_subquery()
    marks = (select(func.count()).select_from(QualityMark).where(
        QualityMark.organisation_id == CourseRun.organisation_id, QualityMark.valid_from <= spec.today,
        QualityMark.valid_until >= spec.today).scalar_subquery())
    query = (
        select(CourseRun.id, Course.format, CourseRun.place_kind, CourseRun.municipality_id,
               location_region.label("location_region"), Course.cefr_from, Course.cefr_to, CourseRun.start_date,
               CourseRun.booking_deadline, CourseRun.price_cents, seats_left_expression().label("seats_left"),
               CourseRun.weekday_mask, CourseRun.first_minute, CourseRun.last_minute, marks.label("marks"))
        .join(Course, Course.id == CourseRun.course_id)
        .where(CourseRun.status == RunStatus.open, reserved_clause(spec.today, spec.organisation_id),
               CourseRun.booking_deadline >= spec.today - dt.timedelta(days=14),
               CourseRun.start_date >= spec.earliest_start - dt.timedelta(days=21),
               CourseRun.start_date <= spec.earliest_start + dt.timedelta(days=365),
               Course.cefr_from <= one_up, Course.cefr_to >= spec.level,
               or_(CourseRun.place_kind == PlaceKind.online,
                   and_(CourseRun.place_kind == PlaceKind.location, location_region.in_(nearby)),
                   and_(CourseRun.place_kind == PlaceKind.in_company,
                        exists().where(RunRegion.run_id == CourseRun.id, RunRegion.region_code == spec.region))))
    )
    rows = db.session.execute(query).all()
    regions: dict[int, list[str]] = {}
    if rows:
        in_company = [r.id for r in rows if r.place_kind == PlaceKind.in_company]
        for run_id, code in db.session.execute(select(RunRegion.run_id, RunRegion.region_code)
                                               .where(RunRegion.run_id.in_(in_company))):
            regions.setdefault(run_id, []).append(code)
    return [Candidate(run_id=r.id, format=r.format, place_kind=r.place_kind, municipality_id=r.municipality_id,
                      location_region=r.location_region, regions=tuple(regions.get(r.id, ())),
                      cefr_from=Cefr(r.cefr_from), cefr_to=Cefr(r.cefr_to), start_date=r.start_date,
                      booking_deadline=r.booking_deadline, price_cents=r.price_cents, seats_left=r.seats_left,
                      weekday_mask=r.weekday_mask, first_minute=r.first_minute, last_minute=r.last_minute,
                      marks=r.marks) for r in rows]


def _load_sessions(candidates: list[Candidate]) -> None:
    if not candidates:
        return
    by_id = {c.run_id: c for c in candidates}
    for c in candidates:
        c.sessions = []
    for run_id, starts_at, ends_at in db.session.execute(
            select(Session.run_id, Session.starts_at, Session.ends_at).where(Session.run_id.in_(by_id))):
        start, end = local(starts_at), local(ends_at)
        by_id[run_id].sessions.append((start.weekday(), start.hour * 60 + start.minute, end.hour * 60 + end.minute))


def _days_without_window(spec: NeedSpec, c: Candidate) -> bool:
    window_days = {w.weekday for w in spec.windows}
    return any(c.weekday_mask & (1 << d) and d not in window_days for d in range(7))


def match(need: TrainingNeed, today: dt.date | None = None) -> Result:
    """Ranked runs that fit the need, and the best near misses with the reason they were left out."""
    spec = spec_of(need, today or dt.date.today())
    locale = str(get_locale())
    candidates = _candidates(spec)
    # Sessions are read only where the search aids cannot decide: runs whose lessons all fall on days
    # with a window, but not plainly inside one. Runs with lessons on other days fail without reading.
    undecided = [c for c in candidates if spec.windows and not summary_fits(spec, c)
                 and not _days_without_window(spec, c)]
    _load_sessions(undecided)
    verdicts = [judge(spec, c, locale) if c.sessions is not None or not _days_without_window(spec, c)
                else _judge_later(spec, c, locale) for c in candidates]
    matches = sorted((v for v in verdicts if v.fits), key=lambda v: (-v.score, v.run_id))
    near = sorted((v for v in verdicts if len(v.failed) == 1), key=lambda v: (-v.score, v.run_id))
    near = near[:NEAR_MISSES_SHOWN]
    # exact per-day counts for the near misses shown that failed on days without a window
    pending = [c for c in candidates if c.run_id in {v.run_id for v in near} and c.sessions is None
               and spec.windows and _days_without_window(spec, c)]
    if pending:
        _load_sessions(pending)
        redone = {c.run_id: judge(spec, c, locale) for c in pending}
        near = [redone.get(v.run_id, v) for v in near]
    return Result(matches=matches[:MATCHES_SHOWN], near_misses=near, candidates=len(candidates))


def _judge_later(spec: NeedSpec, c: Candidate, locale: str) -> Verdict:
    """Judge a run with lessons on days without a window, without reading its sessions (yet)."""
    c.sessions = [(d, c.first_minute, c.last_minute) for d in range(7) if c.weekday_mask & (1 << d)]
    verdict = judge(spec, c, locale)
    c.sessions = None
    return verdict
