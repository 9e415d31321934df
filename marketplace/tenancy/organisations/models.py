"""Organisations: every party on the marketplace is one, of one kind."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock
from marketplace.core.db import Base, EnumText
from marketplace.tenancy.regions.models import Municipality


class OrgKind(StrEnum):
    employer = "employer"
    provider = "provider"
    social_partner = "social_partner"
    fund = "fund"
    platform = "platform"


class Cao(StrEnum):
    ABU = "ABU"
    NBBU = "NBBU"
    other = "other"


class SizeClass(StrEnum):
    """EU SME definition (Recommendation 2003/361/EC) by headcount."""

    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


SECTORS = (
    "logistics", "food_production", "construction", "care", "cleaning", "hospitality",
    "horticulture", "agriculture", "manufacturing", "retail", "technology", "other",
)


class Organisation(Base):
    __tablename__ = "organisations"
    #: an organisation is its own (``access.get_for_org``)
    owned_by = "id"
    __table_args__ = (
        CheckConstraint("kind IN ('employer','provider','social_partner','fund','platform')", name="kind"),
    )

    #: surrogate key; the tenant id that owned rows point to
    id: Mapped[int] = mapped_column(primary_key=True)
    #: which party it is (employer, provider, social partner, fund, platform); it decides what it may do
    kind: Mapped[OrgKind] = mapped_column(EnumText(OrgKind, 20), nullable=False)
    #: trade name as shown on the marketplace and on invoices
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Kamer van Koophandel number, 8 digits
    kvk_number: Mapped[str] = mapped_column(String(8), nullable=False, unique=True)
    #: VAT id (btw-identificatienummer), normalised, e.g. NL004495445B01
    vat_id: Mapped[str | None] = mapped_column(String(20), nullable=True)
    #: street and number of the address, printed on invoices
    street: Mapped[str] = mapped_column(String(200), nullable=False)
    #: postcode of the address, printed on invoices
    postcode: Mapped[str] = mapped_column(String(10), nullable=False)
    #: town of the address, printed on invoices
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    #: the municipality of the address; it gives the labour-market region
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False, index=True)
    #: where booking notices and invoice reminders go; the e-mail address on its invoices
    contact_email: Mapped[str] = mapped_column(String(254), nullable=False)
    #: contact telephone number, shown on the profile (optional)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: employer: a temp agency (uitzendonderneming) rather than a hiring company
    is_temp_agency: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: employer: collective labour agreement for its agency workers
    cao: Mapped[Cao | None] = mapped_column(EnumText(Cao, 10), nullable=True)
    #: employer: EU SME size class
    size_class: Mapped[SizeClass | None] = mapped_column(EnumText(SizeClass, 10), nullable=True)
    #: employer: main sector (one of SECTORS)
    sector: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: provider: registered in the CRKBO register (VAT exemption for vocational courses)
    crkbo_registered: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: provider: account for payouts
    iban: Mapped[str | None] = mapped_column(String(34), nullable=True)
    #: provider: a Stripe Connect account for payouts (acct_...), when payouts go through Stripe
    stripe_account_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: provider: public description
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: when the organisation was registered on the marketplace
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    municipality: Mapped[Municipality] = relationship(lazy="joined")

    @property
    def region(self):
        return self.municipality.region
