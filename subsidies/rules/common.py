"""Checks several schemes share: being in force, application windows, de minimis, the course price."""

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.messages import Day, Message, Money, _

DE_MINIMIS_SOURCE = "https://eur-lex.europa.eu/eli/reg/2023/2831/oj"
THIS_AID = _("this aid")


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
            _("No rules of this scheme are in force on %(on)s (from %(first)s).", on=Day(a.on), first=Day(first)),
            parameter.history[0].source,
        )
    else:
        a.close(
            "scheme_in_force",
            _("The scheme has ended: no applications since %(since)s.", since=Day(entry.start)),
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
                _(
                    "Applications are open on %(on)s (window %(first)s to %(last)s).",
                    on=Day(a.on),
                    first=Day(window.first),
                    last=Day(window.last),
                ),
                source,
            )
            return True
    later = [w for w in windows if w.first > a.on]
    if later:
        text = _(
            "No application window is open on %(on)s; the next opens on %(next)s.",
            on=Day(a.on),
            next=Day(later[0].first),
        )
    else:
        text = _("No application window is open on %(on)s; no later window is known.", on=Day(a.on))
        if note_when_none_later:
            a.note(note_when_none_later)
    a.close("application_window", text, source)
    return False


def de_minimis(a: Assessment, facts: Facts, aid_cents: int | None, aid: Message = THIS_AID) -> None:
    """De minimis aid received in three years plus this aid may not pass the ceiling.

    EU 2023/2831 art. 3: if new aid would pass the ceiling, none of it may be granted, so a pass over
    the ceiling makes the scheme not_eligible rather than reducing the amount. `aid` names the aid in
    the texts ("this aid"). An aid whose amount is not known yet is still more than nothing, so aid
    received up to the ceiling already leaves no room for it.
    """
    ceiling = a.common("de_minimis_ceiling")
    received = facts.employer.de_minimis_received_cents
    if received is None:
        a.unknown(
            "de_minimis",
            ("employer.de_minimis_received_cents",),
            _("How much de minimis aid did the employer receive in the last three years?"),
            DE_MINIMIS_SOURCE,
        )
    elif aid_cents is None and received >= ceiling:
        a.failed("de_minimis", _("De minimis aid received (%(received)s) already reaches the ceiling of %(ceiling)s "
                                 "over three years; any further aid would pass it, so none may be granted.",
                                 received=Money(received), ceiling=Money(ceiling)), DE_MINIMIS_SOURCE)
    elif aid_cents is None:
        a.unknown(
            "de_minimis",
            (),
            _(
                "%(room)s left under the de minimis ceiling; the amount of this aid is not known yet.",
                room=Money(ceiling - received),
            ),
            DE_MINIMIS_SOURCE,
        )
    else:
        figures = {"received": Money(received), "aid": aid, "amount": Money(aid_cents or 0),
                   "ceiling": Money(ceiling)}
        if received + (aid_cents or 0) > ceiling:
            a.failed("de_minimis", _("De minimis aid received (%(received)s) plus %(aid)s (%(amount)s) passes the "
                                     "ceiling of %(ceiling)s over three years; then none of this aid may be granted.",
                                     **figures), DE_MINIMIS_SOURCE)
        else:
            a.passed("de_minimis", _("De minimis aid received (%(received)s) plus %(aid)s (%(amount)s) stays within "
                                     "the ceiling of %(ceiling)s.", **figures), DE_MINIMIS_SOURCE)


def price_known(a: Assessment, facts: Facts) -> int | None:
    """The course price excl. VAT, or a `missing` check when it is not given."""
    price = facts.course.price_cents
    if price is None:
        a.unknown(
            "course_price",
            ("course.price_cents",),
            _("What does the course cost per participant (excl. VAT)?"),
        )
    return price


def yearly_budget_left(a: Assessment, facts: Facts, cap: int, ask: Message) -> int | None:
    """``cap`` per calendar year of `on`, less what this scheme already granted or reserved that year (the
    employee's prior subsidies); a check either way, or the question ``ask`` when they are not known."""
    prior = facts.employee.prior_subsidies
    year = a.on.year
    if prior is None:
        a.unknown("yearly_budget", ("employee.prior_subsidies",), ask)
        return None
    used = sum(p.amount_cents for p in prior if p.scheme == a.scheme.id and p.on.year == year)
    left = max(cap - used, 0)
    if left == 0:
        a.failed("yearly_budget", _("The %(year)s budget of %(cap)s is used up (%(used)s used).",
                                    year=year, cap=Money(cap), used=Money(used)))
    else:
        a.passed("yearly_budget", _("%(left)s of the %(year)s budget of %(cap)s is left.",
                                    left=Money(left), year=year, cap=Money(cap)))
    return left
