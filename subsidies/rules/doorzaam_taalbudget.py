"""Doorzaam Nederlands Taalbudget: up to EUR 1,500 excl. VAT per agency worker per calendar year.

Source: https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/ (terms [S]); the temp agency
applies [S], a company booking for its own staff cannot [I]; phase A/B (ABU) or 1/2/3 (NBBU), or
"nvt" for statushouders in placement since 3 July 2023 [S]; not long-term sick [S]; per calendar
year [I]; pays the provider [S]/[I].
"""

from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.messages import Money, _
from subsidies.rules.common import price_known

SCHEME_ID = "doorzaam_taalbudget"
_WHOLE = Decimal(1)


def judge(facts: Facts, a: Assessment) -> None:
    _applicant(facts, a)
    _agency_worker(facts, a)
    _cao_phase(facts, a)
    _not_long_term_sick(facts, a)
    left = _budget_left(facts, a)
    price = price_known(a, facts)
    if left and price is not None:
        amount = min(price, left)
        a.passed(
            "amount",
            _(
                "Doorzaam pays %(amount)s: the course price excl. VAT (%(price)s), up to the remaining budget "
                "of %(left)s; VAT is outside the budget.",
                amount=Money(amount),
                price=Money(price),
                left=Money(left),
            ),
        )
        a.grant(amount, _WHOLE)


def _applicant(facts: Facts, a: Assessment) -> None:
    agency = facts.employer.is_temp_agency
    if agency is None:
        a.unknown("applicant_is_temp_agency", ("employer.is_temp_agency",), _("Is the employer a temp agency?"))
    elif agency:
        a.passed("applicant_is_temp_agency", _("The temp agency applies, per agency worker."))
    else:
        a.failed(
            "applicant_is_temp_agency",
            _("Only a temp agency can apply for the Language Budget; a company booking for its own staff cannot."),
            route=True,
        )
        return
    cao = facts.employer.cao
    caos = a.param("eligible_caos")
    if cao is None:
        a.unknown("agency_cao", ("employer.cao",), _("Which collective agreement does the temp agency follow?"))
    elif cao in caos:
        a.passed("agency_cao", _("The agency follows the %(cao)s agreement.", cao=cao))
    else:
        a.failed(
            "agency_cao",
            _("Doorzaam is the fund of temp agencies under the ABU or NBBU agreement."),
            route=True,
        )


def _agency_worker(facts: Facts, a: Assessment) -> None:
    employment = facts.employee.employment
    if employment is None:
        a.unknown("agency_worker", ("employee.employment",), _("Is the employee an agency worker?"))
    elif employment == "agency_worker":
        a.passed("agency_worker", _("The employee is an agency worker."))
    else:
        a.failed("agency_worker", _("The Language Budget is for agency workers only."))


def _cao_phase(facts: Facts, a: Assessment) -> None:
    phase, cao = facts.employee.cao_phase, facts.employer.cao
    if phase is None:
        a.unknown(
            "cao_phase",
            ("employee.cao_phase",),
            _("Which phase of the collective agreement is the agency worker in?"),
        )
        return
    if phase == "nvt" and "nvt" in (a.param("phases_without_payslip") or ()):
        a.passed("cao_phase", _("Phase nvt: a statushouder in placement, no payslip needed."))
        return
    if phase is NONE:
        a.failed("cao_phase", _("The agency worker is in no phase."))
        return
    if cao not in ("ABU", "NBBU"):
        if cao is None:
            a.unknown("cao_phase", ("employer.cao",), _("Which agreement is the phase of?"))
        return  # an agency under another agreement already failed agency_cao
    allowed = a.param("eligible_phases_abu") if cao == "ABU" else a.param("eligible_phases_nbbu")
    shown = "/".join(allowed)
    if phase in allowed:
        a.passed(
            "cao_phase",
            _("Phase %(phase)s (%(cao)s) is eligible (%(allowed)s).", phase=phase, cao=cao, allowed=shown),
        )
    else:
        a.failed(
            "cao_phase",
            _(
                "Phase %(phase)s is not eligible under the %(cao)s agreement; only %(allowed)s.",
                phase=phase,
                cao=cao,
                allowed=shown,
            ),
        )


def _not_long_term_sick(facts: Facts, a: Assessment) -> None:
    sick = facts.employee.long_term_sick
    if sick is None:
        a.unknown(
            "not_long_term_sick", ("employee.long_term_sick",), _("Is the agency worker on long-term sick leave?")
        )
    elif sick:
        a.failed("not_long_term_sick", _("A worker on long-term sick leave is not eligible."))
    else:
        a.passed("not_long_term_sick", _("The worker is not on long-term sick leave."))


def _budget_left(facts: Facts, a: Assessment) -> int | None:
    """EUR 1,500 per calendar year of `on`, less Doorzaam amounts already granted or reserved that year."""
    cap = a.param("max_per_employee_per_year")
    prior = facts.employee.prior_subsidies
    year = a.on.year
    if prior is None:
        a.unknown(
            "yearly_budget",
            ("employee.prior_subsidies",),
            _("Which Doorzaam amounts did the worker already get in %(year)s?", year=year),
        )
        return None
    used = sum(p.amount_cents for p in prior if p.scheme == SCHEME_ID and p.on.year == year)
    left = max(cap - used, 0)
    if left == 0:
        a.failed(
            "yearly_budget",
            _(
                "The %(year)s budget of %(cap)s is used up (%(used)s used).",
                year=year,
                cap=Money(cap),
                used=Money(used),
            ),
        )
    else:
        a.passed(
            "yearly_budget",
            _("%(left)s of the %(year)s budget of %(cap)s is left.", left=Money(left), year=year, cap=Money(cap)),
        )
    return left
