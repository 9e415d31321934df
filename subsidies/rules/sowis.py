"""SOWIS: a fixed amount for employers who take on statushouders, incl. job-related Dutch.

Source: Subsidieregeling ondersteuning werkgevers inzet statushouders (Stcrt. 2024, 19739) and its
executing agency, Uitvoering van Beleid SZW [S]: EUR 8,000 / 6,000 / 5,000 / 5,000 for up to four
statushouders a year; the 2024 and 2025 windows [S], none published for 2026 (a consultation only) [open];
contract >= 20 h/week for >= 1 year [S]; the statushouder is or was inburgeringsplichtig [S2]; joined the
employer on or after 1 January 2024 (2024 round), at most six months before applying (from 2025), or not
yet [S]; an employer funded in the previous round is not eligible [S]; activity plan incl. job-related
language; excluded if costs are funded elsewhere; de minimis [S]. The contract's request lacks the facts
it needs, so the optional facts employee.statushouder, inburgeringsplichtig, in_service_since,
hours_per_week, contract_months, sowis_position and employer.sowis_funded_previous_round are read;
without them the answer is `needs_info`.
"""

import calendar
import datetime as dt
from decimal import Decimal

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.messages import Day, Money, _
from subsidies.rules.common import application_window_open, de_minimis, price_known

SCHEME_ID = "sowis"
_WHOLE = Decimal(1)
INBURGERING_SOURCE = "https://www.upgradejezelfregiozwolle.nl/nieuws/nieuwe-subsidieregeling-voor-statushouders/"
PREVIOUS_ROUND_SOURCE = ("https://www.rijksoverheid.nl/actueel/nieuws/2025/06/02/"
                         "nieuwe-aanvraagronde-werkgeverssubsidie-statushouders-van-start")


def judge(facts: Facts, a: Assessment) -> None:
    if not application_window_open(a, "no_2026_window"):
        return
    if _statushouder(facts, a) is not False:
        _inburgeringsplichtig(facts, a)
    _in_service(facts, a)
    _previous_round(facts, a)
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


def _statushouder(facts: Facts, a: Assessment) -> bool | None:
    employee = facts.employee
    if employee.statushouder:
        a.passed("statushouder", _("The employee is a statushouder."))
        return True
    if employee.statushouder is False:
        a.failed("statushouder", _("SOWIS is for statushouders only."), route=True)
        return False
    if employee.labour_migrant:
        a.note("labour_migrant")
        a.failed(
            "statushouder",
            _("A labour migrant is not a statushouder; SOWIS is for statushouders only."),
            route=True,
        )
        return False
    a.unknown("statushouder", ("employee.statushouder",), _("Is the employee a statushouder?"))
    return None


def _inburgeringsplichtig(facts: Facts, a: Assessment) -> None:
    obliged = facts.employee.inburgeringsplichtig
    if obliged is None:
        a.unknown("inburgeringsplichtig", ("employee.inburgeringsplichtig",),
                  _("Is or was the statushouder obliged to integrate (inburgeringsplichtig)?"), INBURGERING_SOURCE)
    elif obliged:
        a.passed("inburgeringsplichtig", _("The statushouder is or was obliged to integrate."), INBURGERING_SOURCE)
    else:
        a.failed("inburgeringsplichtig", _("SOWIS is for a statushouder who is or was obliged to integrate under the "
                                           "Wet inburgering or the Wet inburgering 2021."), INBURGERING_SOURCE)


def _in_service(facts: Facts, a: Assessment) -> None:
    """Joined the employer on or after a fixed day (2024 round) or at most N months before `on` (from 2025)."""
    name = "in_service_from"
    earliest = a.param(name)
    if earliest is None:
        name = "max_months_in_service"
        months = a.param(name)
        if months is None:
            return
        earliest = _months_before(a.on, months)
    source = a.scheme.parameter(name).entry_on(a.on).source
    since = facts.employee.in_service_since
    if since is None:
        a.unknown("in_service", ("employee.in_service_since",),
                  _("Since when has the statushouder been in the employer's service (or not yet)?"), source)
    elif since is NONE:
        a.passed("in_service", _("Not in the employer's service yet: SOWIS can be applied for."), source)
    elif since < earliest:
        a.failed("in_service", _("In service since %(since)s; only a statushouder who joined on or after %(earliest)s, "
                                 "or has not joined yet, qualifies.", since=Day(since), earliest=Day(earliest)), source)
    else:
        a.passed("in_service", _("In service since %(since)s, on or after %(earliest)s.", since=Day(since),
                                 earliest=Day(earliest)), source)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _previous_round(facts: Facts, a: Assessment) -> None:
    """An employer funded in the previous round is not eligible (from the 2025 round; 2024 had none before)."""
    windows = a.param("application_windows")
    current = next(w for w in windows if a.on in w)
    if not any(w.last < current.first for w in windows):
        return
    funded = facts.employer.sowis_funded_previous_round
    if funded is None:
        a.unknown("not_funded_previous_round", ("employer.sowis_funded_previous_round",),
                  _("Did the employer get SOWIS in the previous application round?"), PREVIOUS_ROUND_SOURCE)
    elif funded:
        a.failed("not_funded_previous_round", _("The employer got SOWIS in the previous application round, so not in "
                                                "this one."), PREVIOUS_ROUND_SOURCE)
    else:
        a.passed("not_funded_previous_round", _("The employer got no SOWIS in the previous application round."),
                 PREVIOUS_ROUND_SOURCE)


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
