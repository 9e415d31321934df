"""From the marketplace's records to the subsidy engine's facts, and back to a net price.

The engine (subsidies/) is pure; this module is where organisations, employees and runs become its
facts. Matching uses it for the expected net price, bookings for the per-employee verdicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core import clock
from marketplace.core.db import Base, db
from marketplace.employers.models import Employee
from marketplace.funding.fund_schemes import current_catalogue
from marketplace.funding.ledgers import de_minimis_received_cents, keeps_budget, prior_subsidies, reserve
from marketplace.tenancy.organisations.models import Organisation
from providers.catalogue import CourseRun
from providers.vat import vat_rate
from subsidies import (
    NONE,
    Catalogue,
    CourseFacts,
    Decision,
    EmployeeFacts,
    EmployerFacts,
    Facts,
    FactsError,
    FundingPlan,
    Status,
    course_cost_items,
    evaluate,
    facts_from_dict,
    plan_funding,
)


def employer_facts(employer: Organisation) -> EmployerFacts:
    return EmployerFacts(is_temp_agency=employer.is_temp_agency, cao=employer.cao, size_class=employer.size_class,
                         sector=employer.sector)


def employee_facts(employee: Employee | None) -> EmployeeFacts:
    if employee is None:
        return EmployeeFacts()
    return EmployeeFacts(employment=employee.employment, cao_phase=employee.cao_phase,
                         long_term_sick=employee.long_term_sick, cefr_level=employee.cefr_level,
                         labour_migrant=employee.labour_migrant, statushouder=employee.statushouder,
                         in_service_since=employee.employment_start,
                         hours_per_week=employee.hours_per_week,
                         prior_subsidies=())


def course_facts(run: CourseRun, provider_marks: list[str]) -> CourseFacts:
    course = run.course
    return CourseFacts(
        price_cents=run.price_cents, vat_rate=vat_rate(course.vocational, course.provider.crkbo_registered),
        contact_hours=course.contact_hours, cefr_from=course.cefr_from, cefr_to=course.cefr_to,
        vocational=course.vocational, provider_marks=tuple(provider_marks),
        provider_crkbo=course.provider.crkbo_registered, start=run.start_date, end=run.end_date,
        format=course.format)


def decide(facts: Facts, on: dt.date, catalogue: Catalogue | None = None) -> tuple[list[Decision], FundingPlan]:
    """Every scheme's decision on ``on`` and the funding plan for the course price (``catalogue``: read once
    by a caller that decides many times, e.g. a page of matches)."""
    catalogue = catalogue or current_catalogue()
    decisions = evaluate(facts, on, catalogue)
    return decisions, plan_funding(course_cost_items(facts.course), decisions, catalogue.order_of_preference(on))


def own_share_cents(employer: Organisation, employee: Employee | None, run: CourseRun, provider_marks: list[str],
                    on: dt.date) -> tuple[int, int]:
    """(cost incl. VAT, the employer's own share) for one employee on one run, by the subsidy engine."""
    facts = Facts(employer=employer_facts(employer), employee=employee_facts(employee),
                  course=course_facts(run, provider_marks))
    plan = decide(facts, on)[1]
    return plan.cost_cents, plan.own_cents


class FundingSnapshot(Base):
    """The subsidy decisions an enrolment rests on, frozen when it was made: the facts, every scheme's
    decision with its scheme version and parameter values, the plan, and the day of evaluation. A later
    claim is built from this, so it stays reproducible after the rules change."""

    __tablename__ = "funding_snapshots"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: what it belongs to, e.g. "enrolment:42"
    reference: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    #: the employee the enrolment is for
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), nullable=False, index=True)
    #: the course run enrolled on
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id"), nullable=False, index=True)
    #: the day the schemes were evaluated for (the booking day); the rules in force then apply
    evaluated_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the facts the engine was given, in the POST /api/v1/eligibility request shape (``facts_json``)
    facts: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: every scheme's decision, with its checks, scheme version, parameter values and payee
    decisions: Mapped[list] = mapped_column(JSON, nullable=False)
    #: the funding plan: cost, subsidy and the employer's own share, and what each scheme pays
    plan: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: what was actually reserved in the budget ledgers of schemes that keep one (less than decided under a cap)
    reserved_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: when the snapshot was frozen
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)


def facts_for(employer: Organisation, employee: Employee, run: CourseRun, provider_marks: list[str],
              on: dt.date) -> Facts:
    """All facts for one enrolment, with the employee's earlier subsidies and the employer's de-minimis aid
    taken from the ledgers."""

    ended = frozenset(db.session.scalars(
        select(FundingSnapshot.reference).join(CourseRun, CourseRun.id == FundingSnapshot.run_id)
        .where(FundingSnapshot.employee_id == employee.id, CourseRun.end_date < on)))
    employee_part = dataclasses.replace(employee_facts(employee), prior_subsidies=prior_subsidies(employee.id, ended))
    employer_part = dataclasses.replace(employer_facts(employer),
                                        de_minimis_received_cents=de_minimis_received_cents(employer, on))
    return Facts(employer=employer_part, employee=employee_part, course=course_facts(run, provider_marks))


def assess_enrolment(employer: Organisation, employee: Employee, run: CourseRun, provider_marks: list[str],
                     on: dt.date, reference: str, lang: str = "en") -> FundingSnapshot:
    """Evaluate every scheme for one enrolment, reserve what it grants in the budgets schemes keep, and freeze
    the result.

    A reservation goes through the ledger's lock, so two bookings for the same worker at the same moment
    cannot pass a cap together; the plan is recomputed if a ledger granted less than decided.
    """

    facts = facts_for(employer, employee, run, provider_marks, on)
    catalogue = current_catalogue()
    decisions = evaluate(facts, on, catalogue)
    budgeted = [d for d in decisions if d.status == Status.eligible and d.amount_cents and keeps_budget(d.scheme)]
    granted = {d.scheme: reserve(employee.id, d.scheme, d.amount_cents, on, reference) for d in budgeted}
    reserved = sum(granted.values())
    if any(granted[d.scheme] != d.amount_cents for d in budgeted):
        # a ledger changed since the facts were read (a booking at the same moment): decide again on it
        facts = facts_for(employer, employee, run, provider_marks, on)
        decisions = evaluate(facts, on, catalogue)
    plan = plan_funding(course_cost_items(facts.course), decisions, catalogue.order_of_preference(on))
    snapshot = FundingSnapshot(
        reference=reference, employee_id=employee.id, run_id=run.id, evaluated_on=on,
        facts=facts_json(facts),
        decisions=[d.to_dict(lang) for d in decisions], plan=plan.to_dict(lang), reserved_cents=reserved)
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def recorded_facts() -> list[Facts]:
    """The facts of every enrolment on record (for trying rules before adopting them); facts of an older
    shape that no longer read are left out."""
    return [facts for _reference, facts in recorded_facts_by_reference()]


def recorded_facts_by_reference() -> list[tuple[str, Facts]]:
    out = []
    for reference, body in db.session.execute(select(FundingSnapshot.reference, FundingSnapshot.facts)
                                               .order_by(FundingSnapshot.id)):
        try:
            out.append((reference, facts_from_dict(body)))
        except FactsError:
            continue
    return out


def facts_json(facts: Facts) -> dict:
    """The facts in the request shape of POST /api/v1/eligibility: unknown facts left out, an explicit
    "none" (e.g. no NLQF level) as null, so ``facts_from_dict`` reads back exactly the same facts."""

    def plain(value):
        if value is NONE:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if dataclasses.is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                    if getattr(value, f.name) is not None}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value

    return plain(facts)
