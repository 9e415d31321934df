"""What is left of the budgets schemes keep per worker, for a whole page of workers in one query.

The ledger (``ledgers.py``) keeps the entries; this reads them for display only. Which schemes keep a budget,
per which period and with which cap, the catalogue says (``Scheme.budget``, ``Scheme.budget_cap_on``): no
scheme is named here. Shown are the budgets of the schemes a temp agency applies for (Doorzaam's), to a temp
agency only: a fund's own scheme may cap its amount per worker too, but whether an employer falls under that
fund is the fund's question, which a roster column cannot answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers import signals
from marketplace.funding.ledgers import SIGNED, BudgetEntry
from marketplace.tenancy.organisations.models import Organisation
from subsidies import load_schemes
from subsidies.catalogue import Scheme
from subsidies.texts import Text


@dataclass(frozen=True)
class BudgetLeft:
    """One worker's budget of one scheme in one period: the cap, what bookings committed, and the rest."""

    scheme: str
    #: the scheme's name in both languages
    name: Text
    period: int
    cap_cents: int
    used_cents: int

    @property
    def left_cents(self) -> int:
        return max(0, self.cap_cents - self.used_cents)


def budget_schemes(employer: Organisation, on: dt.date) -> list[Scheme]:
    """The schemes for temp agencies keeping a per-worker budget with a cap in force on ``on``; none for an
    employer that is not a temp agency."""
    if not employer.is_temp_agency:
        return []
    return [s for s in load_schemes().schemes if s.budget is not None and s.applicant == "temp_agency"
            and s.budget_cap_on(on) is not None]


def budgets_left(employer: Organisation, employee_ids: Iterable[int], on: dt.date | None = None
                 ) -> dict[int, list[BudgetLeft]]:
    """Per employee id, what is left of each budget the employer sees, in the period of ``on`` (default: today).

    One query for the whole page, however many employees; none when the employer sees no budget.
    """
    on = on or clock.today()
    ids = sorted(set(employee_ids))
    schemes = budget_schemes(employer, on)
    if not ids or not schemes:
        return {}
    periods = {s.id: s.budget.period_of(on) for s in schemes}
    used = {(employee_id, scheme): int(amount) for employee_id, scheme, amount in db.session.execute(
        select(BudgetEntry.employee_id, BudgetEntry.scheme, func.coalesce(func.sum(SIGNED), 0))
        .where(BudgetEntry.employee_id.in_(ids),
               or_(*(and_(BudgetEntry.scheme == scheme, BudgetEntry.period == period)
                     for scheme, period in periods.items())))
        .group_by(BudgetEntry.employee_id, BudgetEntry.scheme))}
    return {employee_id: [BudgetLeft(s.id, s.name, periods[s.id], s.budget_cap_on(on),
                                     used.get((employee_id, s.id), 0)) for s in schemes] for employee_id in ids}


@signals.budgets_left.connect
def _budgets_left(employer: Organisation, employee_ids: Iterable[int]) -> dict[int, list[BudgetLeft]]:
    return budgets_left(employer, employee_ids)
