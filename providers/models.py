"""Provider profile data: quality marks with their validity, and teaching locations."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock
from marketplace.core.db import Base, EnumText
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality


class MarkKind(StrEnum):
    blik_op_werk = "blik_op_werk"  # Blik op Werk Keurmerk Inburgeren
    nrto = "nrto"  # NRTO keurmerk
    crkbo = "crkbo"  # CRKBO register
    other = "other"


class QualityMark(Base):
    """A certificate a provider holds. An expired mark stops counting (DOMAIN.md, quality marks)."""

    __tablename__ = "quality_marks"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "provider_id"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the provider holding the mark
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: which mark (Blik op Werk, NRTO, CRKBO, or another); subsidy rules read the kinds of valid marks
    kind: Mapped[MarkKind] = mapped_column(EnumText(MarkKind, 20), nullable=False)
    #: name of the mark when kind is "other"
    label: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: certificate or registration number
    number: Mapped[str] = mapped_column(String(50), nullable=False)
    #: first day the mark is valid
    valid_from: Mapped[dt.date] = mapped_column(nullable=False)
    #: last day the mark is valid; after it, the mark stops counting
    valid_until: Mapped[dt.date] = mapped_column(nullable=False)
    #: when a platform admin checked the certificate; cleared when its kind, number or dates change
    verified_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: the platform admin who checked it; cleared with verified_at
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: when the provider recorded the mark
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    organisation: Mapped[Organisation] = relationship()

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def is_expired_on(self, day: dt.date) -> bool:
        return day > self.valid_until


class Location(Base):
    """A place where a provider teaches; its municipality gives the region."""

    __tablename__ = "locations"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "provider_id"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the provider teaching there
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the provider's name for the place, shown with its runs
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: street and number, for learners' invitations
    street: Mapped[str] = mapped_column(String(200), nullable=False)
    #: postcode of the location
    postcode: Mapped[str] = mapped_column(String(10), nullable=False)
    #: town of the location
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    #: the municipality the location lies in; it gives the region runs there serve
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)
    #: what learners should know on arrival (entrance, parking, floor)
    directions: Mapped[str | None] = mapped_column(Text, nullable=True)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
