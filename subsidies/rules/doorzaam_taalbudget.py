"""Doorzaam Nederlands Taalbudget: up to EUR 1,500 excl. VAT per agency worker per calendar year.

Source: https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/ (terms [S]); the temp agency
applies [S], a company booking for its own staff cannot [I]; phase A/B (ABU) or 1/2/3 (NBBU), or
"nvt" for statushouders in placement since 3 July 2023 [S]; not long-term sick [S]; per calendar
year [I]; pays the provider [S]/[I].
"""

from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.rules.common import eur_en, eur_nl, price_known

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
            f"Doorzaam betaalt {eur_nl(amount)}: de cursusprijs excl. btw ({eur_nl(price)}), tot het "
            "resterende "
            f"budget van {eur_nl(left)}; btw valt buiten het budget.",
            f"Doorzaam pays {eur_en(amount)}: the course price excl. VAT ({eur_en(price)}), up to the "
            "remaining "
            f"budget of {eur_en(left)}; VAT is outside the budget.",
        )
        a.grant(amount, _WHOLE)


def _applicant(facts: Facts, a: Assessment) -> None:
    agency = facts.employer.is_temp_agency
    if agency is None:
        a.unknown(
            "applicant_is_temp_agency",
            ("employer.is_temp_agency",),
            "Is de werkgever een uitzendbureau?",
            "Is the employer a temp agency?",
        )
    elif agency:
        a.passed(
            "applicant_is_temp_agency",
            "Het uitzendbureau vraagt aan, per uitzendkracht.",
            "The temp agency applies, per agency worker.",
        )
    else:
        a.failed(
            "applicant_is_temp_agency",
            "Alleen een uitzendbureau kan het Taalbudget aanvragen; een bedrijf dat voor eigen personeel "
            "boekt niet.",
            "Only a temp agency can apply for the Language Budget; a company booking for its own staff "
            "cannot.",
            route=True,
        )
        return
    cao = facts.employer.cao
    caos = a.param("eligible_caos")
    if cao is None:
        a.unknown(
            "agency_cao",
            ("employer.cao",),
            "Onder welke cao valt het uitzendbureau?",
            "Which collective agreement does the temp agency follow?",
        )
    elif cao in caos:
        a.passed(
            "agency_cao",
            f"Het uitzendbureau valt onder de {cao}-cao.",
            f"The agency follows the {cao} agreement.",
        )
    else:
        a.failed(
            "agency_cao",
            "Doorzaam is het fonds voor uitzendbureaus onder de ABU- of NBBU-cao.",
            "Doorzaam is the fund of temp agencies under the ABU or NBBU agreement.",
            route=True,
        )


def _agency_worker(facts: Facts, a: Assessment) -> None:
    employment = facts.employee.employment
    if employment is None:
        a.unknown(
            "agency_worker",
            ("employee.employment",),
            "Is de medewerker een uitzendkracht?",
            "Is the employee an agency worker?",
        )
    elif employment == "agency_worker":
        a.passed("agency_worker", "De medewerker is uitzendkracht.", "The employee is an agency worker.")
    else:
        a.failed(
            "agency_worker",
            "Het Taalbudget is alleen voor uitzendkrachten.",
            "The Language Budget is for agency workers only.",
        )


def _cao_phase(facts: Facts, a: Assessment) -> None:
    phase, cao = facts.employee.cao_phase, facts.employer.cao
    if phase is None:
        a.unknown(
            "cao_phase",
            ("employee.cao_phase",),
            "In welke cao-fase zit de uitzendkracht?",
            "Which phase of the collective agreement is the agency worker in?",
        )
        return
    if phase == "nvt" and "nvt" in (a.param("phases_without_payslip") or ()):
        a.passed(
            "cao_phase",
            "Fase nvt: statushouder in bemiddeling, zonder loonstrook.",
            "Phase nvt: a statushouder in placement, no payslip needed.",
        )
        return
    if phase is NONE:
        a.failed("cao_phase", "De uitzendkracht zit in geen cao-fase.", "The agency worker is in no phase.")
        return
    if cao not in ("ABU", "NBBU"):
        if cao is None:
            a.unknown(
                "cao_phase",
                ("employer.cao",),
                "Onder welke cao valt de fase?",
                "Which agreement is the phase of?",
            )
        return  # an agency under another agreement already failed agency_cao
    allowed = a.param("eligible_phases_abu") if cao == "ABU" else a.param("eligible_phases_nbbu")
    shown = "/".join(allowed)
    if phase in allowed:
        a.passed(
            "cao_phase",
            f"Fase {phase} ({cao}) komt in aanmerking ({shown}).",
            f"Phase {phase} ({cao}) is eligible ({shown}).",
        )
    else:
        a.failed(
            "cao_phase",
            f"Fase {phase} komt onder de {cao}-cao niet in aanmerking; alleen {shown}.",
            f"Phase {phase} is not eligible under the {cao} agreement; only {shown}.",
        )


def _not_long_term_sick(facts: Facts, a: Assessment) -> None:
    sick = facts.employee.long_term_sick
    if sick is None:
        a.unknown(
            "not_long_term_sick",
            ("employee.long_term_sick",),
            "Is de uitzendkracht langdurig ziek?",
            "Is the agency worker on long-term sick leave?",
        )
    elif sick:
        a.failed(
            "not_long_term_sick",
            "Een langdurig zieke uitzendkracht komt niet in aanmerking.",
            "A worker on long-term sick leave is not eligible.",
        )
    else:
        a.passed(
            "not_long_term_sick",
            "De uitzendkracht is niet langdurig ziek.",
            "The worker is not on long-term sick leave.",
        )


def _budget_left(facts: Facts, a: Assessment) -> int | None:
    """EUR 1,500 per calendar year of `on`, less Doorzaam amounts already granted or reserved that year."""
    cap = a.param("max_per_employee_per_year")
    prior = facts.employee.prior_subsidies
    year = a.on.year
    if prior is None:
        a.unknown(
            "yearly_budget",
            ("employee.prior_subsidies",),
            f"Welke Doorzaam-bedragen kreeg de uitzendkracht al in {year}?",
            f"Which Doorzaam amounts did the worker already get in {year}?",
        )
        return None
    used = sum(p.amount_cents for p in prior if p.scheme == SCHEME_ID and p.on.year == year)
    left = max(cap - used, 0)
    if left == 0:
        a.failed(
            "yearly_budget",
            f"Het budget van {eur_nl(cap)} voor {year} is op ({eur_nl(used)} gebruikt).",
            f"The {year} budget of {eur_en(cap)} is used up ({eur_en(used)} used).",
        )
    else:
        a.passed(
            "yearly_budget",
            f"Van het budget van {eur_nl(cap)} voor {year} is {eur_nl(left)} over.",
            f"{eur_en(left)} of the {year} budget of {eur_en(cap)} is left.",
        )
    return left
