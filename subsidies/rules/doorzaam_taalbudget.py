"""Doorzaam Nederlands Taalbudget: up to EUR 1,500 excl. VAT per agency worker per calendar year.

Source: https://www.doorzaam.nl/werksituatie/nederlands-taalbudget/ and Doorzaam's terms
(uitzendkracht.doorzaam.nl) [S]; the temp agency applies [S], a company booking for its own staff cannot
[I]; phase A/B (ABU) or 1/2/3 (NBBU) [S], or "nvt" only for a statushouder seeking work whom the agency
is placing, since 3 July 2023 (Doorzaam news item 722) [S]; not long-term sick [S]; one allowance at a
time: an earlier one still open (not booked and paid) rules out a new one [S]; per calendar year [I];
in use in 2023, its first day and 2023 amount assumed [I]. The amount check says what Doorzaam pays only
when every other check passed: a refused decision never reads as a payment.
"""

from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.messages import Day, Money, _
from subsidies.rules.common import price_known, yearly_budget_left

SCHEME_ID = "doorzaam_taalbudget"
_WHOLE = Decimal(1)
NEWS_NVT = "https://www.doorzaam.nl/nieuwsbericht/?tx_news_pi1%5Bnews%5D=722&cHash=6adb88f94e223c0b946d9011200ed9b0"
TERMS = "https://uitzendkracht.doorzaam.nl/en/terms-and-conditions"

# Each check helper answers True (passed), False (failed) or None (a fact is missing).


def judge(facts: Facts, a: Assessment) -> None:
    outcomes = [
        _applicant(facts, a),
        _agency_worker(facts, a),
        _cao_phase(facts, a),
        _not_long_term_sick(facts, a),
        _previous_allowance_settled(facts, a),
    ]
    left = _budget_left(facts, a)
    price = price_known(a, facts)
    if not left or price is None:
        return
    amount = min(price, left)
    a.grant(amount, _WHOLE)
    figures = {"amount": Money(amount), "price": Money(price), "left": Money(left)}
    if all(outcomes):
        a.passed("amount", _("Doorzaam pays %(amount)s: the course price excl. VAT (%(price)s), up to the remaining "
                             "budget of %(left)s; VAT is outside the budget.", **figures))
    elif False not in outcomes:
        a.passed("amount", _("Up to %(amount)s if the open questions are answered in the worker's favour: the course "
                             "price excl. VAT (%(price)s), up to the remaining budget of %(left)s.", **figures))


def _applicant(facts: Facts, a: Assessment) -> bool | None:
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
        return False
    cao = facts.employer.cao
    caos = a.param("eligible_caos")
    if cao is None:
        a.unknown("agency_cao", ("employer.cao",), _("Which collective agreement does the temp agency follow?"))
        return None
    if cao not in caos:
        a.failed(
            "agency_cao",
            _("Doorzaam is the fund of temp agencies under the ABU or NBBU agreement."),
            route=True,
        )
        return False
    a.passed("agency_cao", _("The agency follows the %(cao)s agreement.", cao=cao))
    return agency


def _agency_worker(facts: Facts, a: Assessment) -> bool | None:
    employment = facts.employee.employment
    if employment is None:
        a.unknown("agency_worker", ("employee.employment",), _("Is the employee an agency worker?"))
        return None
    if employment != "agency_worker":
        a.failed("agency_worker", _("The Language Budget is for agency workers only."))
        return False
    a.passed("agency_worker", _("The employee is an agency worker."))
    return True


def _cao_phase(facts: Facts, a: Assessment) -> bool | None:
    phase, cao = facts.employee.cao_phase, facts.employer.cao
    if phase is None:
        a.unknown(
            "cao_phase",
            ("employee.cao_phase",),
            _("Which phase of the collective agreement is the agency worker in?"),
        )
        return None
    if phase == "nvt" and "nvt" in (a.param("phases_without_payslip") or ()):
        return _statushouder_in_placement(facts, a)
    if phase is NONE:
        a.failed("cao_phase", _("The agency worker is in no phase."))
        return False
    if cao not in ("ABU", "NBBU"):
        if cao is None:
            a.unknown("cao_phase", ("employer.cao",), _("Which agreement is the phase of?"))
            return None
        return False  # an agency under another agreement already failed agency_cao
    allowed = a.param("eligible_phases_abu") if cao == "ABU" else a.param("eligible_phases_nbbu")
    shown = "/".join(allowed)
    if phase not in allowed:
        a.failed(
            "cao_phase",
            _(
                "Phase %(phase)s is not eligible under the %(cao)s agreement; only %(allowed)s.",
                phase=phase,
                cao=cao,
                allowed=shown,
            ),
        )
        return False
    a.passed(
        "cao_phase",
        _("Phase %(phase)s (%(cao)s) is eligible (%(allowed)s).", phase=phase, cao=cao, allowed=shown),
    )
    return True


def _statushouder_in_placement(facts: Facts, a: Assessment) -> bool | None:
    """Phase "nvt" is the portal's phase of a 'werkzoekende statushouder in bemiddeling' only."""
    statushouder = facts.employee.statushouder
    if statushouder is None:
        a.unknown("cao_phase", ("employee.statushouder",), _("Is the employee a statushouder?"), NEWS_NVT)
        return None
    if not statushouder:
        a.failed("cao_phase", _("Phase nvt is only for a statushouder seeking work whom the agency is placing; "
                                "this worker is not a statushouder."), NEWS_NVT)
        return False
    a.passed("cao_phase", _("Phase nvt: a statushouder in placement, no payslip needed."), NEWS_NVT)
    return True


def _not_long_term_sick(facts: Facts, a: Assessment) -> bool | None:
    sick = facts.employee.long_term_sick
    if sick is None:
        a.unknown(
            "not_long_term_sick", ("employee.long_term_sick",), _("Is the agency worker on long-term sick leave?")
        )
        return None
    if sick:
        a.failed("not_long_term_sick", _("A worker on long-term sick leave is not eligible."))
        return False
    a.passed("not_long_term_sick", _("The worker is not on long-term sick leave."))
    return True


def _previous_allowance_settled(facts: Facts, a: Assessment) -> bool | None:
    """One allowance at a time (terms, art. 3): an earlier Doorzaam allowance still open blocks a new one.

    Unknown earlier subsidies are asked once, by the yearly budget; an item without `settled` counts as
    settled, and the decision says so."""
    prior = facts.employee.prior_subsidies
    if prior is None:
        return None
    own = [p for p in prior if p.scheme == SCHEME_ID]
    if any(p.settled is None for p in own):
        a.note("settled_when_not_told")
    open_ = sorted((p for p in own if p.settled is False), key=lambda p: p.on)
    if open_:
        if open_[0].on.year < a.on.year:
            a.note("open_from_earlier_year")
        a.failed("previous_allowance_settled", _("An earlier Doorzaam allowance (of %(day)s) is not settled yet; a new "
                                                 "one can start only once it has been booked and paid.",
                                                 day=Day(open_[0].on)), TERMS)
        return False
    a.passed("previous_allowance_settled", _("No earlier Doorzaam allowance is still open."), TERMS)
    return True


def _budget_left(facts: Facts, a: Assessment) -> int | None:
    """EUR 1,500 per calendar year of `on`, less Doorzaam amounts already granted or reserved that year."""
    cap = a.param("max_per_employee_per_year")
    if cap is None:  # 2023: before the published amount, the assumed one (its assumption is stated)
        cap = a.param("assumed_cap_2023")
    return yearly_budget_left(a, facts, cap, _("Which Doorzaam amounts did the worker already get in %(year)s?",
                                               year=a.on.year))
