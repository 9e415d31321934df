"""SLIM training subsidy (SLIM-scholingssubsidie): course fees in a sector development path.

Source: Stcrt. 2025, 7276 [S]: 90% at NLQF 1-3, 40% at NLQF 4; only courses of a recognised ontwikkelpad,
no cost charged to the participant; not bought or started before 28 February 2025; starting within 13
weeks of the application; ends 1 January 2028; de minimis [S]. 2025 windows 10 Mar-30 Jun and 1 Jul-10 Nov
[S2]; no later window published (closed, stated) [open]. Per ontwikkelpad: only courses in its
scholingspakket [S2], each path with the day its courses count from (first twelve paths: 28 February 2025
[S]; education and ICT: not found, not counted [open]) and a maximum per course (not found, none applied
[open]). Collectives (social partners, O&O funds) may apply since September 2025 [S2]. For the
applicant's own staff only: an agency worker's employer is the agency [I].
"""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.facts import NONE, Facts
from subsidies.messages import Day, Money, Percent, _
from subsidies.money import share_cents
from subsidies.rules.common import application_window_open, de_minimis, price_known

SCHEME_ID = "slim_scholing"
_SCHOLINGSPAKKET = "https://subvice.nl/begin-maart-wordt-het-weer-slim-dit-kun-je-nu-al-doen"


def judge(facts: Facts, a: Assessment) -> None:
    if not application_window_open(a, note_when_none_later="no_window_published"):
        return
    if a.param("collective_applicants"):
        a.note("collectives_may_apply")
    _employee(facts, a)
    path, earliest = _ontwikkelpad(facts, a)
    _scholingspakket(facts, a)
    _no_cost_to_participant(facts, a)
    rate = _rate(facts, a)
    _course_start(facts, a, earliest)
    price = price_known(a, facts)
    amount = None if rate is None or price is None else _amount(a, path, price, rate)
    if amount is not None:
        a.grant(amount, rate)
    de_minimis(a, facts, amount)


def _employee(facts: Facts, a: Assessment) -> None:
    """Only the applicant's own staff: the employer of an agency worker is the temp agency."""
    employment = facts.employee.employment
    if employment is None:
        a.unknown(
            "employee_of_applicant", ("employee.employment",), _("How does the participant work for the employer?")
        )
    elif employment == "self_employed":
        a.failed("employee_of_applicant", _("The scheme is for employees; a self-employed person is outside it."))
    elif employment == "employee":
        a.passed("employee_of_applicant", _("The participant is an employee of the applicant."))
    else:
        a.note("agency_worker_employer")
        agency = facts.employer.is_temp_agency
        if agency is None:
            a.unknown(
                "employee_of_applicant",
                ("employer.is_temp_agency",),
                _("Is the applicant the temp agency that employs the agency worker?"),
            )
        elif agency:
            a.passed("employee_of_applicant", _("The temp agency applies for its own agency worker."))
        else:
            a.failed(
                "employee_of_applicant",
                _("An agency worker is employed by the temp agency: the hiring company cannot apply for them."),
            )


def _ontwikkelpad(facts: Facts, a: Assessment) -> tuple[str | None, dt.date | None]:
    """The course's development path and the day from which its courses count (None if not known)."""
    path = facts.course.ontwikkelpad
    if path is None:
        a.unknown("ontwikkelpad", ("course.ontwikkelpad",), _("Is the course part of a sector development path?"))
        return None, None
    if path is NONE:
        a.failed("ontwikkelpad", _("The course is not part of a recognised sector development path."))
        return None, None
    earliest = a.param(f"subsidiable_from_{path}")
    if earliest is None:
        a.failed(
            "ontwikkelpad",
            _(
                "No recognition of the %(path)s development path in force on %(on)s was found; its courses are "
                "not counted.",
                path=path,
                on=Day(a.on),
            ),
            a.scheme.parameter(f"subsidiable_from_{path}").history[0].source,
        )
        return None, None
    a.passed("ontwikkelpad", _("The course is part of the %(path)s development path.", path=path))
    return path, earliest


def _scholingspakket(facts: Facts, a: Assessment) -> None:
    listed = facts.course.in_scholingspakket
    if listed is None:
        a.unknown(
            "scholingspakket",
            ("course.in_scholingspakket",),
            _("Is the course in the official scholingspakket of its development path?"),
            _SCHOLINGSPAKKET,
        )
    elif listed:
        a.passed(
            "scholingspakket", _("The course is in the scholingspakket of its development path."), _SCHOLINGSPAKKET
        )
    else:
        a.failed(
            "scholingspakket",
            _("Only courses in the scholingspakket of a development path are paid; this course is not in it."),
            _SCHOLINGSPAKKET,
        )


def _no_cost_to_participant(facts: Facts, a: Assessment) -> None:
    pays = facts.course.participant_pays
    if pays is None:
        a.unknown(
            "no_cost_to_participant",
            ("course.participant_pays",),
            _("Does the participant pay any part of the course?"),
        )
    elif pays:
        a.failed(
            "no_cost_to_participant",
            _("No part of the course may be charged to the participant; here the participant pays a part."),
        )
    else:
        a.passed("no_cost_to_participant", _("The participant pays nothing for the course."))


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


def _course_start(facts: Facts, a: Assessment, earliest: dt.date | None) -> None:
    """Not started before the path's courses count, and starting at most 13 weeks after the application."""
    start = facts.course.start
    if start is None:
        a.unknown("course_start", ("course.start",), _("When does the course start?"))
        return
    weeks = a.param("max_weeks_to_start")
    latest = a.on + dt.timedelta(weeks=weeks)
    if start > latest:
        a.failed(
            "course_start",
            _(
                "The course starts more than %(weeks)s weeks after the application (at the latest %(latest)s).",
                weeks=weeks,
                latest=Day(latest),
            ),
        )
    elif earliest is None:
        if facts.course.ontwikkelpad is None:
            a.unknown(
                "course_start",
                ("course.ontwikkelpad",),
                _("The earliest start depends on the development path, which is not known."),
            )
        else:  # no recognised path: judged by the ontwikkelpad check
            a.passed(
                "course_start",
                _("Starts %(start)s: within %(weeks)s weeks of the application.", start=Day(start), weeks=weeks),
            )
    elif start < earliest:
        a.failed(
            "course_start",
            _("The course started before %(earliest)s (%(start)s).", earliest=Day(earliest), start=Day(start)),
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


def _amount(a: Assessment, path: str | None, price: int, rate) -> int:
    """The rate of the price excl. VAT, at most the path's maximum per course where one is known."""
    share = share_cents(price, rate)
    maximum = a.param(f"max_per_course_{path}") if path else None
    if maximum is not None and share > maximum:
        a.passed(
            "amount",
            _(
                "%(rate)s of the course price excl. VAT (%(price)s) is %(share)s; the %(path)s development path "
                "pays at most %(maximum)s per course.",
                rate=Percent(rate),
                price=Money(price),
                share=Money(share),
                path=path,
                maximum=Money(maximum),
            ),
        )
        return maximum
    a.passed(
        "amount",
        _(
            "%(rate)s of the course price excl. VAT (%(price)s) is %(amount)s.",
            rate=Percent(rate),
            price=Money(price),
            amount=Money(share),
        ),
    )
    return share
