"""Match results as the API and the pages show them: runs with their details and expected net price, and on
the page why a scheme does not pay for the need's learners."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import Employee, TrainingNeed
from marketplace.funding.fund_schemes import current_catalogue
from marketplace.funding.reasons import Fix, Reason, fixes, why_not
from marketplace.funding.snapshots import course_facts, decide, employee_facts, employer_facts
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import CourseRun
from providers.marks import valid_mark_kinds
from subsidies import Facts

from .service import match


@dataclass
class NotPaying:
    """One reason a scheme does not pay on a run, and the learners it holds for (None: learners not named)."""

    scheme: str
    name: str
    reason: Reason
    #: what would change it, as for the first of the learners; a roster link is made per learner
    fixes: list[Fix]
    people: list[Employee | None] = field(default_factory=list)


@dataclass
class Funding:
    """What the subsidy engine says of one run for the need's learners."""

    #: expected own share per learner (the average over the named employees), VAT included
    net_price_cents: int
    #: each scheme that does not pay for some of them, grouped by reason (filled only when asked for)
    not_paying: list[NotPaying]


def funding_of(need: TrainingNeed, runs: list[CourseRun], today: dt.date, lang: str | None = None
               ) -> dict[int, Funding]:
    """Per run, the expected net price and (with ``lang``) why the schemes that do not pay do not.

    The engine decides once per run and learner (``snapshots.decide``, as ``own_share_cents`` does), with
    the catalogue read once for the page: no query per run or learner. The same reason for several
    learners is told once, with their names."""
    employer = db.session.get(Organisation, need.employer_id)
    employees = [m.employee for m in need.members] or [None]
    marks = valid_mark_kinds({r.provider_id for r in runs}, today)
    catalogue = current_catalogue()
    found: dict[int, Funding] = {}
    for run in runs:
        course = course_facts(run, marks.get(run.provider_id, []))
        shares, groups = [], {}
        for employee in employees:
            facts = Facts(employer=employer_facts(employer), employee=employee_facts(employee), course=course)
            decisions, plan = decide(facts, today, catalogue)
            shares.append(plan.own_cents)
            for decision in decisions if lang else ():
                reason = why_not(decision.to_dict(lang), lang)
                if reason is None:
                    continue
                key = (reason.scheme, reason.status, reason.text)
                if key not in groups:
                    groups[key] = NotPaying(reason.scheme, decision.name.in_language(lang), reason,
                                            fixes(reason, employee.id if employee else None))
                groups[key].people.append(employee)
        found[run.id] = Funding(round(sum(shares) / len(shares)), list(groups.values()))
    return found


def matches_json(need: TrainingNeed, today: dt.date | None = None, *, lang: str | None = None) -> dict:
    """The matches; with ``lang`` (the page), each also says why the schemes that do not pay do not."""
    today = today or clock.today()
    result = match(need, today)
    ids = [v.run_id for v in result.matches + result.near_misses]
    runs = {r.id: r for r in db.session.scalars(select(CourseRun).where(CourseRun.id.in_(ids)))} if ids else {}
    funding = funding_of(need, [runs[v.run_id] for v in result.matches], today, lang)

    def run_part(run: CourseRun) -> dict:
        return {"course": {"id": run.course.id, "title": run.course.title, "cefr_from": run.course.cefr_from,
                           "cefr_to": run.course.cefr_to, "format": run.course.format},
                "provider": {"id": run.course.provider.id, "name": run.course.provider.name},
                "start": run.start_date.isoformat(), "end": run.end_date.isoformat(),
                "gross_price_cents": run.price_cents}

    return {
        "need_id": need.id,
        "items": [{"run_id": v.run_id, "score": v.score, "parts": v.parts, "reasons": v.reasons,
                   "net_price_cents": funding[v.run_id].net_price_cents, **run_part(runs[v.run_id]),
                   **({"not_paying": funding[v.run_id].not_paying} if lang else {})} for v in result.matches],
        "near_misses": [{"run_id": v.run_id, "score": v.score, "reasons": v.exclusions,
                         **run_part(runs[v.run_id])} for v in result.near_misses],
        "candidates_considered": result.candidates,
    }
