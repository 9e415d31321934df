"""SOWIS: a fixed amount for employers who take on statushouders, incl. job-related Dutch.

Source: Subsidieregeling Ondersteuning Werkgevers Inzet Statushouders [S]: EUR 8,000 / 6,000 /
5,000 / 5,000 for up to four statushouders a year; contract >= 20 h/week for >= 1 year; activity plan
incl. job-related language; excluded if costs are funded elsewhere; de minimis [S]. The contract's
request lacks the facts it needs, so the optional facts employee.statushouder, hours_per_week,
contract_months and sowis_position are read; without them the answer is `needs_info`.
"""

from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.rules.common import application_window_open, de_minimis, eur_en, eur_nl, price_known

SCHEME_ID = "sowis"
_WHOLE = Decimal(1)


def judge(facts: Facts, a: Assessment) -> None:
    if not application_window_open(a):
        return
    _statushouder(facts, a)
    _contract(facts, a)
    tier = _tier(facts, a)
    price = price_known(a, facts)
    amount = None if tier is None or price is None else min(tier, price)
    if amount is not None:
        a.passed(
            "amount",
            f"SOWIS-bedrag {eur_nl(tier)}, hoogstens de cursusprijs excl. btw ({eur_nl(price)}): "
            f"{eur_nl(amount)}.",
            f"SOWIS amount {eur_en(tier)}, at most the course price excl. VAT ({eur_en(price)}): "
            f"{eur_en(amount)}.",
        )
        a.grant(amount, _WHOLE)
    de_minimis(a, facts, tier)


def _statushouder(facts: Facts, a: Assessment) -> None:
    employee = facts.employee
    if employee.statushouder:
        a.passed("statushouder", "De medewerker is statushouder.", "The employee is a statushouder.")
    elif employee.statushouder is False:
        a.failed(
            "statushouder",
            "SOWIS is alleen voor statushouders.",
            "SOWIS is for statushouders only.",
            route=True,
        )
    elif employee.labour_migrant:
        a.note("labour_migrant")
        a.failed(
            "statushouder",
            "Een arbeidsmigrant is geen statushouder; SOWIS is alleen voor statushouders.",
            "A labour migrant is not a statushouder; SOWIS is for statushouders only.",
            route=True,
        )
    else:
        a.unknown(
            "statushouder",
            ("employee.statushouder",),
            "Is de medewerker statushouder?",
            "Is the employee a statushouder?",
        )


def _contract(facts: Facts, a: Assessment) -> None:
    employee = facts.employee
    if employee.employment == "self_employed":
        a.failed(
            "employment_contract",
            "SOWIS vraagt een arbeidsovereenkomst; een zzp'er heeft die niet.",
            "SOWIS needs an employment contract; a self-employed person has none.",
            route=True,
        )
    min_hours, min_months = a.param("min_hours_per_week"), a.param("min_contract_months")
    if employee.hours_per_week is None:
        a.unknown(
            "contract_hours",
            ("employee.hours_per_week",),
            "Hoeveel uur per week is de arbeidsovereenkomst?",
            "How many hours a week is the employment contract?",
        )
    elif employee.hours_per_week < min_hours:
        a.failed(
            "contract_hours",
            f"{employee.hours_per_week} uur per week; minstens {min_hours} nodig.",
            f"{employee.hours_per_week} hours a week; at least {min_hours} needed.",
        )
    else:
        a.passed(
            "contract_hours",
            f"{employee.hours_per_week} uur per week (minstens {min_hours}).",
            f"{employee.hours_per_week} hours a week (at least {min_hours}).",
        )
    if employee.contract_months is None:
        a.unknown(
            "contract_duration",
            ("employee.contract_months",),
            "Voor hoeveel maanden is de arbeidsovereenkomst?",
            "For how many months is the employment contract?",
        )
    elif employee.contract_months < min_months:
        a.failed(
            "contract_duration",
            f"Overeenkomst van {employee.contract_months} maanden; minstens {min_months} nodig.",
            f"A contract of {employee.contract_months} months; at least {min_months} needed.",
        )
    else:
        a.passed(
            "contract_duration",
            f"Overeenkomst van {employee.contract_months} maanden (minstens {min_months}).",
            f"A contract of {employee.contract_months} months (at least {min_months}).",
        )


def _tier(facts: Facts, a: Assessment) -> int | None:
    amounts = a.param("amount_by_position")
    position = facts.employee.sowis_position
    if position is None:
        a.unknown(
            "position_in_application",
            ("employee.sowis_position",),
            "De hoeveelste statushouder in de aanvraag van dit jaar is dit (1-4)?",
            "Which statushouder in this year's application is this (1-4)?",
        )
        return None
    if position > len(amounts):
        a.failed(
            "position_in_application",
            f"Hoogstens {len(amounts)} statushouders per werkgever per jaar.",
            f"At most {len(amounts)} statushouders per employer a year.",
        )
        return None
    tier = amounts[position - 1]
    a.passed(
        "position_in_application",
        f"Statushouder nummer {position}: {eur_nl(tier)}.",
        f"Statushouder number {position}: {eur_en(tier)}.",
    )
    return tier
