"""The funding plan: which scheme pays which cost item, and what the employer pays itself.

Rules (DOMAIN.md, "Stacking") [S]/[I]: no cost is funded twice, so each cost item goes to at most one
scheme, in the order of preference (a dated common parameter); subsidies never exceed the cost.

Amounts: a cost item's `price_cents` is excl. VAT; every scheme's cap and share apply to that amount
("excl. VAT" caps; VAT is reclaimable and not an eligible cost). The plan's `cost_cents` is what the
invoice will total, VAT included; `own_cents = cost_cents - subsidy_cents` is what the employer
carries, including any VAT (which a VAT-registered employer may reclaim as input tax).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from subsidies.decision import Decision, Status
from subsidies.facts import CourseFacts
from subsidies.money import share_cents

_PERCENT = Decimal(100)


@dataclass(frozen=True, slots=True)
class CostItem:
    """One invoice line: its price excl. VAT and its VAT rate ("0", "21", or None when unknown)."""

    id: str
    price_cents: int
    vat_rate: str | None

    @property
    def vat_cents(self) -> int:
        return (
            0 if self.vat_rate is None else share_cents(self.price_cents, Decimal(self.vat_rate) / _PERCENT)
        )

    @property
    def total_cents(self) -> int:
        return self.price_cents + self.vat_cents


@dataclass(frozen=True, slots=True)
class Allocation:
    scheme: str
    cost_item: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class FundingPlan:
    cost_cents: int  # invoice total incl. VAT
    vat_cents: int
    subsidy_cents: int
    own_cents: int
    allocations: tuple[Allocation, ...]
    vat_rates: tuple[str | None, ...]

    def to_dict(self, lang: str = "en") -> dict:  # lang unused: the same call as Decision.to_dict
        return {
            "cost_cents": self.cost_cents,
            "subsidy_cents": self.subsidy_cents,
            "own_cents": self.own_cents,
            "vat_cents": self.vat_cents,
            "vat_known": None not in self.vat_rates,
            "allocations": [
                {"scheme": a.scheme, "amount_cents": a.amount_cents, "cost_item": a.cost_item}
                for a in self.allocations
            ],
        }


def plan_funding(
    cost_items: Sequence[CostItem], decisions: Sequence[Decision], order: Sequence[str] | None = None
) -> FundingPlan:
    """Give each cost item to the first eligible scheme in the order of preference that still has room.

    A scheme pays at most its decision's `amount_cents` over all items, and per item at most its
    `rate` of the item's price excl. VAT. `order` defaults to the order in force on the decisions' day.
    """
    if order is None:
        order = _order_on(decisions[0].on) if decisions else ()
    eligible = {d.scheme: d for d in decisions if d.status is Status.eligible and d.amount_cents > 0}
    room = {scheme: d.amount_cents for scheme, d in eligible.items()}
    allocations = []
    for item in cost_items:
        for scheme in order:
            if room.get(scheme, 0) <= 0:
                continue
            amount = min(room[scheme], share_cents(item.price_cents, eligible[scheme].rate), item.price_cents)
            if amount > 0:
                room[scheme] -= amount
                allocations.append(Allocation(scheme, item.id, amount))
                break
    cost = sum(item.total_cents for item in cost_items)
    subsidy = sum(a.amount_cents for a in allocations)
    assert subsidy <= sum(item.price_cents for item in cost_items) <= cost, (
        "a plan never funds more than the cost"
    )
    return FundingPlan(
        cost_cents=cost,
        vat_cents=sum(item.vat_cents for item in cost_items),
        subsidy_cents=subsidy,
        own_cents=cost - subsidy,
        allocations=tuple(allocations),
        vat_rates=tuple(item.vat_rate for item in cost_items),
    )


def course_cost_items(course: CourseFacts) -> tuple[CostItem, ...]:
    """The enrolment's one cost item: the course price, with its VAT rate.

    When vat_rate is not given it follows from the VAT rules where they decide it (DOMAIN.md, "VAT on
    courses" [S]/[I]): general language teaching is exempt; vocational teaching is exempt with a CRKBO
    provider and 21% without. Otherwise it stays unknown (plan `vat_known: false`).
    """
    if course.price_cents is None:
        return ()
    return (CostItem("course", course.price_cents, course.vat_rate or derived_vat_rate(course)),)


def derived_vat_rate(course: CourseFacts) -> str | None:
    if course.vocational is False or course.provider_crkbo is True:
        return "0"
    if course.vocational is True and course.provider_crkbo is False:
        return "21"
    return None


def _order_on(day: dt.date) -> tuple[str, ...]:
    from subsidies.catalogue import load_schemes

    return load_schemes().order_of_preference(day)
