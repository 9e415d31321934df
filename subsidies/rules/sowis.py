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
from subsidies.messages import Money, _
from subsidies.rules.common import application_window_open, de_minimis, price_known

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
            _(
                "SOWIS amount %(tier)s, at most the course price excl. VAT (%(price)s): %(amount)s.",
                tier=Money(tier),
                price=Money(price),
                amount=Money(amount),
            ),
        )
        a.grant(amount, _WHOLE)
    de_minimis(a, facts, tier)


def _statushouder(facts: Facts, a: Assessment) -> None:
    employee = facts.employee
    if employee.statushouder:
        a.passed("statushouder", _("The employee is a statushouder."))
    elif employee.statushouder is False:
        a.failed("statushouder", _("SOWIS is for statushouders only."), route=True)
    elif employee.labour_migrant:
        a.note("labour_migrant")
        a.failed(
            "statushouder",
            _("A labour migrant is not a statushouder; SOWIS is for statushouders only."),
            route=True,
        )
    else:
        a.unknown("statushouder", ("employee.statushouder",), _("Is the employee a statushouder?"))


def _contract(facts: Facts, a: Assessment) -> None:
    employee = facts.employee
    if employee.employment == "self_employed":
        a.failed(
            "employment_contract",
            _("SOWIS needs an employment contract; a self-employed person has none."),
            route=True,
        )
    min_hours, min_months = a.param("min_hours_per_week"), a.param("min_contract_months")
    hours, months = employee.hours_per_week, employee.contract_months
    if hours is None:
        a.unknown(
            "contract_hours", ("employee.hours_per_week",), _("How many hours a week is the employment contract?")
        )
    elif hours < min_hours:
        a.failed(
            "contract_hours", _("%(hours)s hours a week; at least %(minimum)s needed.", hours=hours, minimum=min_hours)
        )
    else:
        a.passed("contract_hours", _("%(hours)s hours a week (at least %(minimum)s).", hours=hours, minimum=min_hours))
    if months is None:
        a.unknown(
            "contract_duration",
            ("employee.contract_months",),
            _("For how many months is the employment contract?"),
        )
    elif months < min_months:
        a.failed(
            "contract_duration",
            _("A contract of %(months)s months; at least %(minimum)s needed.", months=months, minimum=min_months),
        )
    else:
        a.passed(
            "contract_duration",
            _("A contract of %(months)s months (at least %(minimum)s).", months=months, minimum=min_months),
        )


def _tier(facts: Facts, a: Assessment) -> int | None:
    amounts = a.param("amount_by_position")
    position = facts.employee.sowis_position
    if position is None:
        a.unknown(
            "position_in_application",
            ("employee.sowis_position",),
            _("Which statushouder in this year's application is this (1-4)?"),
        )
        return None
    if position > len(amounts):
        a.failed(
            "position_in_application",
            _("At most %(count)s statushouders per employer a year.", count=len(amounts)),
        )
        return None
    tier = amounts[position - 1]
    a.passed(
        "position_in_application",
        _("Statushouder number %(position)s: %(amount)s.", position=position, amount=Money(tier)),
    )
    return tier
