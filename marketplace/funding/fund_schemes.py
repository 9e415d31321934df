"""Schemes a fund defines itself (subsidies.declared): written as a draft, previewed against the enrolments
on record, published as a dated version that is never edited again.

A fund's members manage its own schemes; a platform admin may manage them for a fund. Published versions
join the named schemes in every evaluation (``current_catalogue``): eligibility answers, matching's net
price and bookings, with a budget in the ledger when the version caps the amount per worker.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock
from marketplace.core.db import Base, db
from marketplace.core.errors import Conflict, DomainError
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation
from subsidies import Catalogue, load_schemes
from subsidies.declared import (
    PREFIX,
    DeclaredDefinition,
    DeclaredTerms,
    DeclaredVersion,
    declared_scheme,
)
from subsidies.texts import Text as BilingualText


class FundScheme(Base):
    """A fund's own scheme: what stays the same across its versions."""

    __tablename__ = "fund_schemes"
    __table_args__ = (CheckConstraint("payee IN ('employer','provider')", name="payee"),)
    #: a fund's schemes are its own (``access.get_for_org``)
    owned_by = "fund_id"

    #: surrogate key; the engine knows the scheme as ``fund_<id>``
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the fund (organisation of kind fund) that pays under the scheme
    fund_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the scheme's name in Dutch
    name_nl: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the scheme's name in English
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the fund's own published terms (the scheme's source, graded official)
    source_url: Mapped[str] = mapped_column(String(300), nullable=False)
    #: how to apply, in Dutch
    route_nl: Mapped[str] = mapped_column(Text, nullable=False)
    #: how to apply, in English
    route_en: Mapped[str] = mapped_column(Text, nullable=False)
    #: what a claim needs as evidence, in Dutch
    evidence_nl: Mapped[str] = mapped_column(Text, nullable=False)
    #: what a claim needs as evidence, in English
    evidence_en: Mapped[str] = mapped_column(Text, nullable=False)
    #: who receives the money: the employer or the provider
    payee: Mapped[str] = mapped_column(String(10), nullable=False)
    #: when the scheme was first written
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    fund: Mapped[Organisation] = relationship(lazy="joined")
    versions: Mapped[list[FundSchemeVersion]] = relationship(
        back_populates="scheme", order_by="FundSchemeVersion.number", lazy="selectin")

    @property
    def scheme_id(self) -> str:
        return f"{PREFIX}{self.id}"

    @property
    def draft(self) -> FundSchemeVersion | None:
        return next((v for v in self.versions if v.published_at is None), None)

    @property
    def published(self) -> list[FundSchemeVersion]:
        return [v for v in self.versions if v.published_at is not None]

    def definition(self) -> DeclaredDefinition:
        return DeclaredDefinition(
            id=self.scheme_id, name=BilingualText(self.name_nl, self.name_en), fund=self.fund.name,
            source=self.source_url, route=BilingualText(self.route_nl, self.route_en),
            evidence=BilingualText(self.evidence_nl, self.evidence_en), payee=self.payee)


class FundSchemeVersion(Base):
    """One dated version of a fund's terms; a draft until published, then never changed."""

    __tablename__ = "fund_scheme_versions"
    __table_args__ = (UniqueConstraint("scheme_id", "number"),
                      CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="period"))

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the scheme it is a version of
    scheme_id: Mapped[int] = mapped_column(ForeignKey("fund_schemes.id"), nullable=False, index=True)
    #: 1, 2, ... per scheme
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    #: first day the terms apply (judged on the day of booking or application)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: last day they apply; empty: until a later version
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: the terms (subsidies.declared.DeclaredTerms as JSON: rate, cap, conditions)
    terms: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: when it was published; empty while it is a draft
    published_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: who published it
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    scheme: Mapped[FundScheme] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()

    def declared(self) -> DeclaredVersion:
        return DeclaredVersion(self.valid_from, self.valid_until, DeclaredTerms.from_dict(self.terms))


def create_scheme(fund: Organisation, *, texts: dict, source_url: str, payee: str) -> FundScheme:
    """A new scheme with an empty draft (version 1)."""
    if fund.kind != "fund":
        raise DomainError("Only a fund defines schemes of its own.", "fund")
    scheme = FundScheme(fund=fund, source_url=source_url, payee=payee, **texts)
    db.session.add(scheme)
    db.session.flush()
    return scheme


def save_draft(scheme: FundScheme, terms: DeclaredTerms, valid_from: dt.date, valid_until: dt.date | None
               ) -> FundSchemeVersion:
    """Write the draft (a new one after the last published version)."""
    if valid_until is not None and valid_until < valid_from:
        raise DomainError("The last day comes on or after the first.", "valid_until")
    draft = scheme.draft
    if draft is None:
        draft = FundSchemeVersion(scheme=scheme, number=len(scheme.versions) + 1)
        db.session.add(draft)
    draft.valid_from, draft.valid_until, draft.terms = valid_from, valid_until, terms.to_dict()
    db.session.flush()
    return draft


def publish(scheme: FundScheme, by: User, now: dt.datetime | None = None) -> FundSchemeVersion:
    """Publish the draft: from its first day it joins every evaluation. Not in the past: enrolments already
    booked keep the verdicts they were booked with, and a published version is not rewritten."""
    now = now or clock.now()
    draft = scheme.draft
    if draft is None:
        raise Conflict("There is no draft to publish.")
    if draft.valid_from < clock.local_date(now):
        raise DomainError("A version cannot start in the past; choose today or a later day.", "valid_from")
    draft.published_at, draft.published_by = now, by
    db.session.flush()
    _forget_catalogue()
    return draft


# --- the catalogue every evaluation uses -----------------------------------------------------------------
_cached: tuple[tuple, Catalogue] | None = None


def _forget_catalogue() -> None:
    global _cached
    _cached = None


def current_catalogue() -> Catalogue:
    """The named schemes plus every fund scheme with a published version; rebuilt only when a version was
    published since (one small query per call)."""
    global _cached
    counts = db.session.execute(select(func.count(FundSchemeVersion.id), func.max(FundSchemeVersion.id),
                                       func.max(FundSchemeVersion.published_at))
                                .where(FundSchemeVersion.published_at.is_not(None))).one()
    stamp = (id(db.session.get_bind()), *counts)
    if _cached is None or _cached[0] != stamp:
        _cached = (stamp, with_fund_schemes(load_schemes(), published_schemes()))
    return _cached[1]


def published_schemes() -> list[FundScheme]:
    ids = select(FundSchemeVersion.scheme_id).where(FundSchemeVersion.published_at.is_not(None))
    return list(db.session.scalars(select(FundScheme).where(FundScheme.id.in_(ids)).order_by(FundScheme.id)))


def with_fund_schemes(catalogue: Catalogue, schemes: list[FundScheme], draft_of: FundScheme | None = None
                      ) -> Catalogue:
    """``catalogue`` with the published versions of ``schemes``; ``draft_of``'s draft counts as published
    (the preview)."""
    declared = []
    for scheme in schemes + ([draft_of] if draft_of is not None and draft_of not in schemes else []):
        versions = scheme.published + ([scheme.draft] if scheme is draft_of and scheme.draft else [])
        if versions:
            declared.append(declared_scheme(scheme.definition(), [v.declared() for v in versions]))
    return catalogue.with_declared(declared)


def terms_from(data: dict) -> DeclaredTerms:
    """Terms from a form's data: a percentage and an optional cap in euros."""
    cap = data.get("cap")
    return DeclaredTerms(
        rate=(Decimal(data["percentage"]) / 100).quantize(Decimal("0.0001")).normalize(),
        cap_cents=None if cap is None else int(Decimal(cap) * 100),
        sectors=tuple(data.get("sectors") or ()), caos=tuple(data.get("caos") or ()),
        employer_kinds=tuple(data.get("employer_kinds") or ()), employments=tuple(data.get("employments") or ()),
        levels=tuple(data.get("levels") or ()), min_contact_hours=data.get("min_contact_hours") or 0,
        marks=tuple(data.get("marks") or ()), formats=tuple(data.get("formats") or ()))
