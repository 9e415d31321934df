"""Subsidy ledgers: the budget per employee, scheme and period, and de-minimis aid per undertaking.

Both are append-only. A budget is committed by a ``reserve`` entry at booking, freed by ``release`` on
cancellation, and marked ``consume`` when a claim is approved (which moves nothing: the amount stays
committed). Which schemes keep a budget, per what and with which cap, their parameter files say
(``budget`` in scheme.yaml, e.g. Doorzaam's EUR 1,500 per worker per calendar year): the ledger knows no
scheme. A cap holds under concurrency: a reservation locks the employee's row (PostgreSQL ``FOR UPDATE``;
SQLite has a single writer) before it sums and writes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, case, func, select
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core import clock
from marketplace.core.db import Base, EnumText, db
from marketplace.employers.models import Employee
from marketplace.funding.fund_schemes import current_catalogue
from marketplace.tenancy.organisations.models import Organisation
from subsidies import PriorSubsidy

DE_MINIMIS_YEARS = 3


class EntryKind(StrEnum):
    reserve = "reserve"
    release = "release"
    consume = "consume"


class BudgetEntry(Base):
    __tablename__ = "budget_entries"
    __table_args__ = (CheckConstraint("amount_cents >= 0", name="amount_not_negative"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employee whose budget it is; reservations lock this employee's row
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), nullable=False, index=True)
    #: the scheme whose budget it is, by its id in the scheme files (e.g. "doorzaam_taalbudget")
    scheme: Mapped[str] = mapped_column(String(40), nullable=False)
    #: the budget period the scheme declares (its ``Budget.period_of``: the calendar year)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    #: reserve (commits), release (frees) or consume (a claim approved; moves nothing)
    kind: Mapped[EntryKind] = mapped_column(EnumText(EntryKind, 10), nullable=False)
    #: the amount, never negative: the kind says which way it counts (SIGNED)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: what the entry is for, e.g. "enrolment:42" or "claim:7"
    reference: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    #: the day of the booking, cancellation or claim it records; the engine sees it as the subsidy's date
    booked_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: when the entry was written
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)


class DeMinimisAid(Base):
    """State aid an undertaking received under the de-minimis regulation (EU 2023/2831)."""

    __tablename__ = "de_minimis_aid"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the undertaking that received the aid; linked undertakings count it too
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the day the aid was granted; it counts for three years (DE_MINIMIS_YEARS)
    granted_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the amount of aid, in cents; summed against the de-minimis ceiling
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the scheme it was granted under (e.g. "slim"), which need not be one the marketplace evaluates
    scheme: Mapped[str] = mapped_column(String(60), nullable=False)
    #: the aid's own reference, to trace the amount back to its grant
    reference: Mapped[str] = mapped_column(String(100), nullable=False)


class LinkedUndertaking(Base):
    """Companies that count as one undertaking for de-minimis (a group): stored once per pair."""

    __tablename__ = "linked_undertakings"

    #: one company of the pair
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    #: the other company of the pair; the link counts both ways
    linked_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)


class BudgetError(Exception):
    pass


#: an entry's effect on the committed budget: reservations add, releases subtract, consumption changes nothing
SIGNED = case((BudgetEntry.kind == EntryKind.reserve, BudgetEntry.amount_cents),
              (BudgetEntry.kind == EntryKind.release, -BudgetEntry.amount_cents), else_=0)


def committed_cents(employee_id: int, scheme: str, period: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(SIGNED), 0)).where(
        BudgetEntry.employee_id == employee_id, BudgetEntry.scheme == scheme, BudgetEntry.period == period)))


def keeps_budget(scheme: str) -> bool:
    """Whether the scheme declares a budget the ledger keeps."""
    return current_catalogue().scheme(scheme).budget is not None


def _period(scheme: str, on: dt.date) -> int:
    return current_catalogue().scheme(scheme).budget.period_of(on)


def _lock_employee(employee_id: int, locking: bool) -> None:
    query = select(Employee.id).where(Employee.id == employee_id)
    if locking and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(key_share=True)  # FOR NO KEY UPDATE: see bookings.services.lock_run
    db.session.execute(query)


def reserve(employee_id: int, scheme: str, amount_cents: int, on: dt.date, reference: str, *,
            locking: bool = True) -> int:
    """Reserve up to ``amount_cents`` of the employee's budget for ``on``'s year; returns what was granted
    (less than asked when the cap leaves less). ``locking=False`` exists only for the control test that
    shows the race the lock prevents."""
    _lock_employee(employee_id, locking)
    period = _period(scheme, on)
    cap = current_catalogue().scheme(scheme).budget_cap_on(on)
    granted = amount_cents if cap is None else max(0, min(amount_cents, cap - committed_cents(employee_id, scheme,
                                                                                                period)))
    if granted:
        db.session.add(BudgetEntry(employee_id=employee_id, scheme=scheme, period=period, kind=EntryKind.reserve,
                                   amount_cents=granted, reference=reference, booked_on=on))
        db.session.flush()
    return granted


def release(reference: str, on: dt.date) -> int:
    """Free what a reference reserved (on cancellation); idempotent."""
    released = 0
    for employee_id, scheme, period in db.session.execute(select(
            BudgetEntry.employee_id, BudgetEntry.scheme, BudgetEntry.period).where(
            BudgetEntry.reference == reference).distinct()).all():
        _lock_employee(employee_id, True)
        entries = db.session.scalars(select(BudgetEntry).where(
            BudgetEntry.reference == reference, BudgetEntry.scheme == scheme, BudgetEntry.period == period)).all()
        held = sum(e.amount_cents for e in entries if e.kind == EntryKind.reserve) - sum(
            e.amount_cents for e in entries if e.kind == EntryKind.release)
        if held > 0:
            db.session.add(BudgetEntry(employee_id=employee_id, scheme=scheme, period=period, kind=EntryKind.release,
                                       amount_cents=held, reference=reference, booked_on=on))
            released += held
    db.session.flush()
    return released


def prior_subsidies(employee_id: int, settled: frozenset[str] = frozenset()) -> tuple[PriorSubsidy, ...]:
    """What the ledger holds for the employee, per reference net of releases, as the engine's facts; an
    allowance is settled when its reference is in ``settled`` (Doorzaam: one allowance at a time)."""
    rows = db.session.execute(
        select(BudgetEntry.scheme, BudgetEntry.reference, func.min(BudgetEntry.booked_on), func.sum(SIGNED))
        .where(BudgetEntry.employee_id == employee_id).group_by(BudgetEntry.scheme, BudgetEntry.reference)
        .order_by(func.min(BudgetEntry.booked_on)))
    return tuple(PriorSubsidy(scheme, day, int(amount), reference in settled)
                 for scheme, reference, day, amount in rows if amount > 0)


def de_minimis_received_cents(organisation: Organisation, on: dt.date) -> int:
    """De-minimis aid of the undertaking and its linked companies over the rolling three years to ``on``."""
    linked = (select(LinkedUndertaking.linked_organisation_id)
              .where(LinkedUndertaking.organisation_id == organisation.id)
              .union(select(LinkedUndertaking.organisation_id)
                     .where(LinkedUndertaking.linked_organisation_id == organisation.id)))
    since = dt.date(on.year - DE_MINIMIS_YEARS, on.month, min(on.day, 28 if on.month == 2 else on.day))
    total = db.session.scalar(select(func.sum(DeMinimisAid.amount_cents)).where(
        (DeMinimisAid.organisation_id == organisation.id) | DeMinimisAid.organisation_id.in_(linked),
        DeMinimisAid.granted_on > since, DeMinimisAid.granted_on <= on))
    return int(total or 0)
