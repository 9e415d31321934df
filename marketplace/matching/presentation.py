"""Match results as the API and the pages show them: runs with their details and expected net price."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import TrainingNeed
from marketplace.funding.snapshots import own_share_cents
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import CourseRun
from providers.marks import valid_mark_kinds

from .service import match


def net_prices(need: TrainingNeed, runs: list[CourseRun], today: dt.date) -> dict[int, int | None]:
    """Expected own share per learner (average over the named employees) for each run, by the subsidy engine."""
    employer = db.session.get(Organisation, need.employer_id)
    employees = [m.employee for m in need.members] or [None]
    marks = valid_mark_kinds({r.provider_id for r in runs}, today)
    prices = {}
    for run in runs:
        shares = [own_share_cents(employer, e, run, marks.get(run.provider_id, []), today)[1] for e in employees]
        prices[run.id] = round(sum(shares) / len(shares))
    return prices


def matches_json(need: TrainingNeed, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    result = match(need, today)
    ids = [v.run_id for v in result.matches + result.near_misses]
    runs = {r.id: r for r in db.session.scalars(select(CourseRun).where(CourseRun.id.in_(ids)))} if ids else {}
    net = net_prices(need, [runs[v.run_id] for v in result.matches], today)

    def run_part(run: CourseRun) -> dict:
        return {"course": {"id": run.course.id, "title": run.course.title, "cefr_from": run.course.cefr_from,
                           "cefr_to": run.course.cefr_to, "format": run.course.format},
                "provider": {"id": run.course.provider.id, "name": run.course.provider.name},
                "start": run.start_date.isoformat(), "end": run.end_date.isoformat(),
                "gross_price_cents": run.price_cents}

    return {
        "need_id": need.id,
        "items": [{"run_id": v.run_id, "score": v.score, "parts": v.parts, "reasons": v.reasons,
                   "net_price_cents": net[v.run_id], **run_part(runs[v.run_id])} for v in result.matches],
        "near_misses": [{"run_id": v.run_id, "score": v.score, "reasons": v.exclusions,
                         **run_part(runs[v.run_id])} for v in result.near_misses],
        "candidates_considered": result.candidates,
    }
