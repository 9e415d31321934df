"""SLIM (classic): pays for a company scan, career advice or a learning method, not course fees.

Source: Stcrt. 2024, 41822 (extension to 2030, 60% for all firms, large-company chapter removed) [S];
before: 80% small, 60% medium [S]; "does not pay course fees" [S]/[I]; de minimis declaration [S].
The decision is therefore `not_eligible` for a course price, with the reasons shown.
"""

from subsidies.assessment import Assessment
from subsidies.facts import Facts
from subsidies.messages import Money, Percent, _
from subsidies.rules.common import de_minimis

SCHEME_ID = "slim"


def judge(facts: Facts, a: Assessment) -> None:
    a.failed(
        "pays_course_fees",
        _(
            "SLIM pays no course fees: only a company scan with a training plan, career advice or introducing a "
            "learning method. For course fees, see the SLIM training subsidy."
        ),
    )
    _size_class(facts, a)
    # The ceiling check uses SLIM's maximum grant: that is the aid an application would ask room for.
    de_minimis(a, facts, a.param("max_per_sme"), _("the maximum SLIM grant"))


def _size_class(facts: Facts, a: Assessment) -> None:
    size, sector = facts.employer.size_class, facts.employer.sector
    if size is None:
        a.unknown("sme", ("employer.size_class",), _("How large is the firm (EU SME definition)?"))
        return
    if size in a.param("eligible_size_classes"):
        rate = a.param("rate_medium") if size == "medium" else a.param("rate_small")
        minimum = a.param("min_eligible_costs")
        a.passed(
            "sme",
            _(
                "SME (%(size)s): SLIM pays %(rate)s of the cost of its activities, from %(minimum)s of eligible costs.",
                size=size,
                rate=Percent(rate),
                minimum=Money(minimum),
            ),
        )
        return
    sectors = a.param("large_company_sectors")  # None since the 2024 amendment removed the chapter
    if sectors and sector in sectors:
        a.passed("sme", _("Large company in the %(sector)s sector: still admitted then.", sector=sector))
    elif sectors and sector is None:
        a.unknown("sme", ("employer.sector",), _("Which sector is the large company in?"))
    else:
        a.failed("sme", _("SLIM is for SMEs; a large company cannot apply itself."), route=True)
