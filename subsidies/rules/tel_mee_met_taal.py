"""Tel mee met Taal (employees): 67% of the cost, closed after 2024.

Source: https://www.dus-i.nl/subsidies/t/tel-mee-met-taal [S]: 67% of costs, max EUR 1,500 per
participant, at most EUR 150 per contact hour, at least 30 contact hours, participant below level 2F and
living in the Netherlands (Caribbean Netherlands included), validated level test before the start, start
not before the application, finished within 18 months of the grant [S2]; 2024 window 1 Jan-29 Feb; no
applications after 2024. An O&O fund or a provider could apply as penvoerder for employers (DUS-I
handleiding, 2023) [S]. The worked example of a scheme that ends on a date; for claims still open.
"""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.facts import CEFR_LEVELS, Facts
from subsidies.messages import Day, Money, Percent, _
from subsidies.money import share_cents
from subsidies.rules.common import application_window_open, price_known

SCHEME_ID = "tel_mee_met_taal"
_REGULATION = "https://zoek.officielebekendmakingen.nl/stcrt-2020-65777.html"
_GUIDE = (
    "https://www.dus-i.nl/subsidies/tel-mee-met-taal/documenten/publicaties/2023/01/17/"
    "tel-mee-met-taal---handleiding-bij-de-aanvraagformulieren"
)


def judge(facts: Facts, a: Assessment) -> None:
    if not application_window_open(a):
        return
    _works_for_employer(facts, a)
    _lives_in_nl(facts, a)
    _level(facts, a)
    _level_test(facts, a)
    hours = _contact_hours(facts, a)
    _timing(facts, a)
    price = price_known(a, facts)
    if hours is not None and price is not None:
        rate = a.param("rate")
        per_hour = a.param("max_per_contact_hour")
        cap = a.param("max_per_participant")
        eligible_cost = min(price, per_hour * hours)
        amount = min(share_cents(eligible_cost, rate), cap)
        a.passed(
            "amount",
            _(
                "%(rate)s of %(cost)s (price excl. VAT, at most %(per_hour)s per contact hour), at most %(cap)s "
                "per participant: %(amount)s.",
                rate=Percent(rate),
                cost=Money(eligible_cost),
                per_hour=Money(per_hour),
                cap=Money(cap),
                amount=Money(amount),
            ),
        )
        a.grant(amount, rate)


def _works_for_employer(facts: Facts, a: Assessment) -> None:
    if facts.employee.employment is None:
        a.unknown("works_for_employer", ("employee.employment",), _("How does the participant work for the employer?"))
    else:
        a.passed(
            "works_for_employer",
            _("Employees, agency workers and self-employed people working for the employer count."),
            _REGULATION,
        )


def _lives_in_nl(facts: Facts, a: Assessment) -> None:
    lives = facts.employee.lives_in_nl
    if lives is None:
        a.unknown(
            "lives_in_nl", ("employee.lives_in_nl",), _("Does the participant live in the Netherlands?"), _GUIDE
        )
    elif lives:
        a.passed("lives_in_nl", _("The participant lives in the Netherlands."), _GUIDE)
    else:
        a.failed(
            "lives_in_nl",
            _("Only participants who live in the Netherlands (Caribbean Netherlands included) count."),
            _GUIDE,
        )


def _level(facts: Facts, a: Assessment) -> None:
    level, below = facts.employee.cefr_level, a.param("level_below")
    if level is None:
        a.unknown("level_below_2f", ("employee.cefr_level",), _("What is the participant's language level?"))
    elif CEFR_LEVELS.index(level) < CEFR_LEVELS.index(below):
        a.passed("level_below_2f", _("Level %(level)s is below 2F (≈ %(below)s).", level=level, below=below))
    else:
        a.failed("level_below_2f", _("Level %(level)s is not below 2F (≈ %(below)s).", level=level, below=below))


def _level_test(facts: Facts, a: Assessment) -> None:
    tested = facts.course.level_test_before_start
    if tested is None:
        a.unknown(
            "level_test_before_start",
            ("course.level_test_before_start",),
            _("Does the participant take a validated level test before the start?"),
        )
    elif tested:
        a.passed("level_test_before_start", _("A validated level test comes before the start."))
    else:
        a.failed("level_test_before_start", _("A validated level test before the start is required."))


def _contact_hours(facts: Facts, a: Assessment) -> int | None:
    hours, minimum = facts.course.contact_hours, a.param("min_contact_hours")
    if hours is None:
        a.unknown("contact_hours", ("course.contact_hours",), _("How many contact hours does the course have?"))
        return None
    if hours < minimum:
        a.failed(
            "contact_hours",
            _("%(hours)s contact hours; at least %(minimum)s needed.", hours=hours, minimum=minimum),
        )
        return None
    a.passed("contact_hours", _("%(hours)s contact hours (at least %(minimum)s).", hours=hours, minimum=minimum))
    return hours


def _timing(facts: Facts, a: Assessment) -> None:
    start, end = facts.course.start, facts.course.end
    if start is None:
        a.unknown("start_after_application", ("course.start",), _("When does the course start?"))
    elif start < a.on:
        a.failed(
            "start_after_application",
            _("The course started (%(start)s) before the application.", start=Day(start)),
        )
    else:
        a.passed("start_after_application", _("The course does not start before the application."))
    months = a.param("max_months_to_finish")
    granted = facts.course.granted_on
    if granted is None:
        a.unknown(
            "finish_in_time",
            ("course.granted_on",) + (("course.end",) if end is None else ()),
            _("When was the subsidy granted? The course must end within %(months)s months of it.", months=months),
        )
        return
    deadline = _add_months(granted, months)
    if end is None:
        a.unknown("finish_in_time", ("course.end",), _("When does the course end?"))
    elif end > deadline:
        a.failed(
            "finish_in_time",
            _(
                "The course ends after %(deadline)s, %(months)s months after the grant of %(granted)s.",
                deadline=Day(deadline),
                months=months,
                granted=Day(granted),
            ),
        )
    else:
        a.passed(
            "finish_in_time",
            _(
                "The course ends by %(deadline)s, %(months)s months after the grant of %(granted)s.",
                deadline=Day(deadline),
                months=months,
                granted=Day(granted),
            ),
        )


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 Aug + 18 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
