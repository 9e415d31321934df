"""SLIM training subsidy (SLIM-scholingssubsidie): course fees in a sector development path.

Source: Stcrt. 2025, 7276 [S]: 90% at NLQF 1-3, 40% at NLQF 4; only courses in a recognised
ontwikkelpad; not bought or started before 28 February 2025; starting within 13 weeks of the
application; 2025 windows 10 Mar-30 Jun and 1 Jul-10 Nov; ends 1 January 2028; de minimis [S].
"""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.money import percent_text, share_cents
from subsidies.rules.common import (
    application_window_open,
    day_en,
    day_nl,
    de_minimis,
    eur_en,
    eur_nl,
    price_known,
)

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
            f"{percent_text(rate)} van de cursusprijs excl. btw ({eur_nl(price)}) is {eur_nl(amount)}.",
            f"{percent_text(rate)} of the course price excl. VAT ({eur_en(price)}) is {eur_en(amount)}.",
        )
        a.grant(amount, rate)
    de_minimis(a, facts, amount)


def _employee(facts: Facts, a: Assessment) -> None:
    employment = facts.employee.employment
    if employment is None:
        a.unknown(
            "employee_of_applicant",
            ("employee.employment",),
            "Hoe werkt de deelnemer voor de werkgever?",
            "How does the participant work for the employer?",
        )
    elif employment == "self_employed":
        a.failed(
            "employee_of_applicant",
            "De regeling is voor werknemers; een zzp'er valt erbuiten.",
            "The scheme is for employees; a self-employed person is outside it.",
        )
    else:
        a.passed(
            "employee_of_applicant",
            "De deelnemer werkt in loondienst of als uitzendkracht.",
            "The participant is an employee or an agency worker.",
        )


def _ontwikkelpad(facts: Facts, a: Assessment) -> None:
    path = facts.course.ontwikkelpad
    if path is None:
        a.unknown(
            "ontwikkelpad",
            ("course.ontwikkelpad",),
            "Hoort de cursus bij een sectoraal ontwikkelpad?",
            "Is the course part of a sector development path?",
        )
    elif path is NONE or path not in a.param("ontwikkelpaden"):
        a.failed(
            "ontwikkelpad",
            "De cursus hoort niet bij een erkend sectoraal ontwikkelpad.",
            "The course is not part of a recognised sector development path.",
        )
    else:
        a.passed(
            "ontwikkelpad",
            f"De cursus hoort bij het ontwikkelpad {path}.",
            f"The course is part of the {path} development path.",
        )


def _rate(facts: Facts, a: Assessment):
    level = facts.course.nlqf
    if level is None:
        a.unknown(
            "nlqf_level",
            ("course.nlqf",),
            "Op welk NLQF-niveau is de cursus?",
            "At which NLQF level is the course?",
        )
        return None
    if level is NONE or not 1 <= level <= 4:
        shown = "geen" if level is NONE else str(level)
        a.failed(
            "nlqf_level",
            f"Alleen NLQF 1-4 wordt betaald; deze cursus: {shown}.",
            f"Only NLQF 1-4 is paid; this course: {'none' if level is NONE else level}.",
        )
        return None
    rate = a.param("rate_nlqf_1_3") if level <= 3 else a.param("rate_nlqf_4")
    a.passed("nlqf_level", f"NLQF {level}: {percent_text(rate)}.", f"NLQF {level}: {percent_text(rate)}.")
    return rate


def _course_start(facts: Facts, a: Assessment) -> None:
    start = facts.course.start
    if start is None:
        a.unknown(
            "course_start", ("course.start",), "Wanneer start de cursus?", "When does the course start?"
        )
        return
    earliest = a.param("earliest_course_start")
    weeks = a.param("max_weeks_to_start")
    latest = a.on + dt.timedelta(weeks=weeks)
    if start < earliest:
        a.failed(
            "course_start",
            f"De cursus startte vóór {day_nl(earliest)} ({day_nl(start)}).",
            f"The course started before {day_en(earliest)} ({day_en(start)}).",
        )
    elif start > latest:
        a.failed(
            "course_start",
            f"De cursus start later dan {weeks} weken na de aanvraag (uiterlijk {day_nl(latest)}).",
            f"The course starts more than {weeks} weeks after the application (at the latest "
            f"{day_en(latest)}).",
        )
    else:
        a.passed(
            "course_start",
            f"Start {day_nl(start)}: niet vóór {day_nl(earliest)} en binnen {weeks} weken na de aanvraag.",
            f"Starts {day_en(start)}: not before {day_en(earliest)} and within {weeks} weeks of the "
            "application.",
        )
