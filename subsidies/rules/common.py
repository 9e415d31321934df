"""Checks several schemes share: being in force, application windows, de minimis, and text helpers."""

import datetime as dt

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.money import euro_text

DE_MINIMIS_SOURCE = "https://eur-lex.europa.eu/eli/reg/2023/2831/oj"
_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_nl(day: dt.date) -> str:
    return f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def day_en(day: dt.date) -> str:
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def eur_nl(cents: int) -> str:
    return euro_text(cents, "nl")


def eur_en(cents: int) -> str:
    return euro_text(cents, "en")


def scheme_in_force(a: Assessment) -> bool:
    """A scheme is in force on `on` while its `in_force_by` parameter has a value (null ends it)."""
    parameter = a.scheme.parameter(a.scheme.in_force_by)
    entry = parameter.entry_on(a.on)
    if entry is not None and entry.value is not None:
        return True
    if entry is None:
        first = parameter.history[0].start
        a.close(
            "scheme_in_force",
            f"Op {day_nl(a.on)} gelden er nog geen regels van deze regeling (vanaf {day_nl(first)}).",
            f"No rules of this scheme are in force on {day_en(a.on)} (from {day_en(first)}).",
            parameter.history[0].source,
        )
    else:
        a.close(
            "scheme_in_force",
            f"De regeling is beëindigd: sinds {day_nl(entry.start)} kan niet meer worden aangevraagd.",
            f"The scheme has ended: no applications since {day_en(entry.start)}.",
            entry.source,
        )
    return False


def application_window_open(a: Assessment, note_when_none_later: str | None = None) -> bool:
    """On `on` one of the scheme's application windows is open; otherwise the scheme is closed."""
    windows = a.param("application_windows")
    source = a.scheme.parameter("application_windows").entry_on(a.on).source
    for window in windows:
        if a.on in window:
            a.passed(
                "application_window",
                f"Aanvragen kan op {day_nl(a.on)} (tijdvak {day_nl(window.first)} t/m "
                f"{day_nl(window.last)}).",
                f"Applications are open on {day_en(a.on)} (window {day_en(window.first)} to "
                f"{day_en(window.last)}).",
                source,
            )
            return True
    later = [w for w in windows if w.first > a.on]
    if later:
        nl_next, en_next = (
            f"het volgende opent op {day_nl(later[0].first)}",
            f"the next opens on {day_en(later[0].first)}",
        )
    else:
        nl_next, en_next = "er is geen later tijdvak bekend", "no later window is known"
        if note_when_none_later:
            a.note(note_when_none_later)
    a.close(
        "application_window",
        f"Op {day_nl(a.on)} is geen aanvraagtijdvak open; {nl_next}.",
        f"No application window is open on {day_en(a.on)}; {en_next}.",
        source,
    )
    return False


def de_minimis(
    a: Assessment, facts: Facts, aid_cents: int | None, aid_nl: str = "deze steun", aid_en: str = "this aid"
) -> None:
    """De minimis aid received in three years plus this aid may not pass the ceiling.

    EU 2023/2831 art. 3: if new aid would pass the ceiling, none of it may be granted, so a pass over
    the ceiling makes the scheme not_eligible rather than reducing the amount.
    """
    ceiling = a.common("de_minimis_ceiling")
    received = facts.employer.de_minimis_received_cents
    if received is None:
        a.unknown(
            "de_minimis",
            ("employer.de_minimis_received_cents",),
            "Hoeveel de-minimissteun kreeg de werkgever de afgelopen drie jaar?",
            "How much de minimis aid did the employer receive in the last three years?",
            DE_MINIMIS_SOURCE,
        )
    elif aid_cents is None and received < ceiling:
        a.unknown(
            "de_minimis",
            (),
            f"Nog {eur_nl(ceiling - received)} ruimte onder het de-minimisplafond; het bedrag van deze steun "
            "is nog onbekend.",
            f"{eur_en(ceiling - received)} left under the de minimis ceiling; the amount of this aid is not "
            "known yet.",
            DE_MINIMIS_SOURCE,
        )
    elif received + (aid_cents or 0) > ceiling:
        a.failed(
            "de_minimis",
            f"Eerdere de-minimissteun ({eur_nl(received)}) plus {aid_nl} ({eur_nl(aid_cents or 0)}) komt "
            "boven "
            f"het plafond van {eur_nl(ceiling)} over drie jaar; dan mag niets van deze steun worden "
            "verleend.",
            f"De minimis aid received ({eur_en(received)}) plus {aid_en} ({eur_en(aid_cents or 0)}) passes "
            "the "
            f"ceiling of {eur_en(ceiling)} over three years; then none of this aid may be granted.",
            DE_MINIMIS_SOURCE,
        )
    else:
        a.passed(
            "de_minimis",
            f"Eerdere de-minimissteun ({eur_nl(received)}) plus {aid_nl} ({eur_nl(aid_cents or 0)}) blijft "
            f"binnen het plafond van {eur_nl(ceiling)}.",
            f"De minimis aid received ({eur_en(received)}) plus {aid_en} ({eur_en(aid_cents or 0)}) stays "
            "within "
            f"the ceiling of {eur_en(ceiling)}.",
            DE_MINIMIS_SOURCE,
        )


def price_known(a: Assessment, facts: Facts) -> int | None:
    """The course price excl. VAT, or a `missing` check when it is not given."""
    price = facts.course.price_cents
    if price is None:
        a.unknown(
            "course_price",
            ("course.price_cents",),
            "Wat kost de cursus per deelnemer (excl. btw)?",
            "What does the course cost per participant (excl. VAT)?",
        )
    return price
