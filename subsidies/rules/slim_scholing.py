"""SLIM training subsidy (SLIM-scholingssubsidie): course fees in a sector development path.

Source: Stcrt. 2025, 7276 [S]: 90% at NLQF 1-3, 40% at NLQF 4; only courses in a recognised
ontwikkelpad; not bought or started before 28 February 2025; starting within 13 weeks of the
application; 2025 windows 10 Mar-30 Jun and 1 Jul-10 Nov; ends 1 January 2028; de minimis [S].
"""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.messages import Day, Money, Percent, _
from subsidies.money import share_cents
from subsidies.rules.common import application_window_open, de_minimis, price_known

SCHEME_ID = "slim_scholing"


def judge(facts: Facts, a: Assessment) -> None:
    if not application_window_open(a, note_when_none_later="no_window_published"):
        return
    _employee(facts, a)
    _ontwikkelpad(facts, a)
    rate = _rate(facts, a)
    _course_start(facts, a)
    price = price_known(a, facts)
    amount = None if rate is None or price is None else share_cents(price, rate)
    if amount is not None:
        a.passed(
            "amount",
            _(
                "%(rate)s of the course price excl. VAT (%(price)s) is %(amount)s.",
                rate=Percent(rate),
                price=Money(price),
                amount=Money(amount),
            ),
        )
        a.grant(amount, rate)
    de_minimis(a, facts, amount)


def _employee(facts: Facts, a: Assessment) -> None:
    employment = facts.employee.employment
    if employment is None:
        a.unknown(
            "employee_of_applicant", ("employee.employment",), _("How does the participant work for the employer?")
        )
    elif employment == "self_employed":
        a.failed("employee_of_applicant", _("The scheme is for employees; a self-employed person is outside it."))
    else:
        a.passed("employee_of_applicant", _("The participant is an employee or an agency worker."))


def _ontwikkelpad(facts: Facts, a: Assessment) -> None:
    path = facts.course.ontwikkelpad
    if path is None:
        a.unknown("ontwikkelpad", ("course.ontwikkelpad",), _("Is the course part of a sector development path?"))
    elif path is NONE or path not in a.param("ontwikkelpaden"):
        a.failed("ontwikkelpad", _("The course is not part of a recognised sector development path."))
    else:
        a.passed("ontwikkelpad", _("The course is part of the %(path)s development path.", path=path))


def _rate(facts: Facts, a: Assessment):
    level = facts.course.nlqf
    if level is None:
        a.unknown("nlqf_level", ("course.nlqf",), _("At which NLQF level is the course?"))
        return None
    if level is NONE:
        a.failed("nlqf_level", _("Only NLQF 1-4 is paid; this course: none."))
        return None
    if not 1 <= level <= 4:
        a.failed("nlqf_level", _("Only NLQF 1-4 is paid; this course: %(level)s.", level=level))
        return None
    rate = a.param("rate_nlqf_1_3") if level <= 3 else a.param("rate_nlqf_4")
    a.passed("nlqf_level", _("NLQF %(level)s: %(rate)s.", level=level, rate=Percent(rate)))
    return rate


def _course_start(facts: Facts, a: Assessment) -> None:
    start = facts.course.start
    if start is None:
        a.unknown("course_start", ("course.start",), _("When does the course start?"))
        return
    earliest = a.param("earliest_course_start")
    weeks = a.param("max_weeks_to_start")
    latest = a.on + dt.timedelta(weeks=weeks)
    if start < earliest:
        a.failed(
            "course_start",
            _("The course started before %(earliest)s (%(start)s).", earliest=Day(earliest), start=Day(start)),
        )
    elif start > latest:
        a.failed(
            "course_start",
            _(
                "The course starts more than %(weeks)s weeks after the application (at the latest %(latest)s).",
                weeks=weeks,
                latest=Day(latest),
            ),
        )
    else:
        a.passed(
            "course_start",
            _(
                "Starts %(start)s: not before %(earliest)s and within %(weeks)s weeks of the application.",
                start=Day(start),
                earliest=Day(earliest),
                weeks=weeks,
            ),
        )
