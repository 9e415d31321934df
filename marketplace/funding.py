"""From the marketplace's records to the subsidy engine's facts, and back to a net price.

The engine (subsidies/) is pure; this module is where organisations, employees and runs become its
facts. Matching uses it for the expected net price, bookings for the per-employee verdicts.
"""

from __future__ import annotations

import datetime as dt

from invoices.vat import vat_rate
from marketplace.employers.models import Employee
from marketplace.organisations.models import Organisation
from providers.catalogue import CourseRun
from subsidies import (
    CourseFacts,
    EmployeeFacts,
    EmployerFacts,
    Facts,
    course_cost_items,
    evaluate,
    load_schemes,
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
                         labour_migrant=employee.labour_migrant, hours_per_week=employee.hours_per_week,
                         prior_subsidies=())


def course_facts(run: CourseRun, provider_marks: list[str]) -> CourseFacts:
    course = run.course
    return CourseFacts(
        price_cents=run.price_cents, vat_rate=vat_rate(course.vocational, course.provider.crkbo_registered),
        contact_hours=course.contact_hours, cefr_from=course.cefr_from, cefr_to=course.cefr_to,
        vocational=course.vocational, provider_marks=tuple(provider_marks),
        provider_crkbo=course.provider.crkbo_registered, start=run.start_date, end=run.end_date)


def own_share_cents(employer: Organisation, employee: Employee | None, run: CourseRun, provider_marks: list[str],
                    on: dt.date) -> tuple[int, int]:
    """(cost incl. VAT, the employer's own share) for one employee on one run, by the subsidy engine."""
    facts = Facts(employer=employer_facts(employer), employee=employee_facts(employee),
                  course=course_facts(run, provider_marks))
    catalogue = load_schemes()
    decisions = evaluate(facts, on, catalogue)
    plan = plan_funding(course_cost_items(facts.course), decisions, catalogue.order_of_preference(on))
    return plan.cost_cents, plan.own_cents
