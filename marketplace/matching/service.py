"""Matching a training need against the open runs: a broad SQL pre-selection, then the rules in Python.

The pre-selection keeps runs that could fit or nearly fit (place, level within one step, start window,
deadline not long past; with windows, only a few runs with lessons on other days); `rules.assess` scores
every candidate with arithmetic on the runs' search aids (no lessons are read), and `rules.explain` writes
the reasons for the results shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import get_locale
from sqlalchemy import and_, func, or_, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import TrainingNeed
from marketplace.tenancy.regions.models import Municipality
from marketplace.tenancy.regions.neighbours import neighbours
from providers.catalogue import Course, CourseRun, RunRegion, RunStatus, reserved_clause
from providers.models import QualityMark
from providers.search import weekday_subsets
from providers.seats import seats_left_expression
from providers.vocabulary import Cefr, PlaceKind

from .rules import Candidate, NeedSpec, Verdict, Window, assess, explain

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
        employer_id=need.employer_id)


#: How far after the earliest start a run is still considered (the start part of the score is 0 from 180 days).
HORIZON_DAYS = 180
#: Runs with lessons on days without a window can only be near misses: a few of them are enough.
OFF_DAY_NEAR_MISSES = 40


def _candidates(spec: NeedSpec) -> list[Candidate]:
    """Runs that could fit or nearly fit: two queries, then the regions of in-company runs and the
    providers' valid marks, each in one more query."""
    nearby = {spec.region, *spec.neighbours}
    location_region = Municipality.region_code
    in_company_here = select(RunRegion.run_id).where(RunRegion.region_code == spec.region)
    query = (
        select(CourseRun.id, CourseRun.provider_id, Course.format, CourseRun.place_kind, CourseRun.municipality_id,
               location_region.label("location_region"), Course.cefr_from, Course.cefr_to, CourseRun.start_date,
               CourseRun.booking_deadline, CourseRun.price_cents, seats_left_expression().label("seats_left"),
               CourseRun.weekday_mask, CourseRun.first_minute, CourseRun.last_minute, CourseRun.slots)
        .join(Course, Course.id == CourseRun.course_id)
        .outerjoin(Municipality, Municipality.id == CourseRun.municipality_id)
        .where(CourseRun.status == RunStatus.open, reserved_clause(spec.today, spec.employer_id),
               CourseRun.booking_deadline >= spec.today - dt.timedelta(days=14),
               CourseRun.start_date >= spec.earliest_start - dt.timedelta(days=21),
               CourseRun.start_date <= spec.earliest_start + dt.timedelta(days=HORIZON_DAYS),
               # the level is a hard constraint without useful near misses: a course at the wrong level is
               # not "almost" right, so it is left out here (CEFR codes sort as strings in level order)
               Course.cefr_from <= spec.level, Course.cefr_to > spec.level,
               or_(CourseRun.place_kind == PlaceKind.online,
                   and_(CourseRun.place_kind == PlaceKind.location, location_region.in_(nearby)),
                   and_(CourseRun.place_kind == PlaceKind.in_company, CourseRun.id.in_(in_company_here))))
    )
    if spec.windows:
        allowed = sum(1 << d for d in {w.weekday for w in spec.windows})
        on_window_days = CourseRun.weekday_mask.in_(weekday_subsets(allowed))
        rows = db.session.execute(query.where(on_window_days)).all()
        rows += db.session.execute(query.where(~on_window_days).order_by(CourseRun.start_date, CourseRun.id)
                                   .limit(OFF_DAY_NEAR_MISSES)).all()
    else:
        rows = db.session.execute(query).all()
    regions: dict[int, list[str]] = {}
    in_company = [r.id for r in rows if r.place_kind == PlaceKind.in_company]
    if in_company:
        for run_id, code in db.session.execute(select(RunRegion.run_id, RunRegion.region_code)
                                               .where(RunRegion.run_id.in_(in_company))):
            regions.setdefault(run_id, []).append(code)
    marks = dict(db.session.execute(
        select(QualityMark.provider_id, func.count()).where(
            QualityMark.provider_id.in_({r.provider_id for r in rows}), QualityMark.valid_from <= spec.today,
            QualityMark.valid_until >= spec.today).group_by(QualityMark.provider_id)).all()) if rows else {}
    return [Candidate(run_id=r.id, format=r.format, place_kind=r.place_kind, municipality_id=r.municipality_id,
                      location_region=r.location_region, regions=tuple(regions.get(r.id, ())),
                      cefr_from=Cefr(r.cefr_from), cefr_to=Cefr(r.cefr_to), start_date=r.start_date,
                      booking_deadline=r.booking_deadline, price_cents=r.price_cents, seats_left=r.seats_left,
                      weekday_mask=r.weekday_mask, first_minute=r.first_minute, last_minute=r.last_minute,
                      marks=marks.get(r.provider_id, 0), slots_text=r.slots) for r in rows]


def match(need: TrainingNeed, today: dt.date | None = None) -> Result:
    """Ranked runs that fit the need, and the best near misses with the reason they were left out.

    Every candidate is assessed with arithmetic only; reasons are written for the results shown.
    """
    spec = spec_of(need, today or clock.today())
    candidates = _candidates(spec)
    verdicts = {c.run_id: assess(spec, c) for c in candidates}
    matches = sorted((v for v in verdicts.values() if v.fits), key=lambda v: (-v.score, v.run_id))[:MATCHES_SHOWN]
    near = sorted((v for v in verdicts.values() if len(v.failed) == 1),
                  key=lambda v: (-v.score, v.run_id))[:NEAR_MISSES_SHOWN]
    shown = {v.run_id for v in matches + near}
    by_id = {c.run_id: c for c in candidates}
    locale = str(get_locale())
    for run_id in shown:
        explain(spec, by_id[run_id], verdicts[run_id], locale)
    return Result(matches=matches, near_misses=near, candidates=len(candidates))
