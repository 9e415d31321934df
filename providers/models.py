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

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    kind: Mapped[MarkKind] = mapped_column(EnumText(MarkKind, 20), nullable=False)
    #: name of the mark when kind is "other"
    label: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: certificate or registration number
    number: Mapped[str] = mapped_column(String(50), nullable=False)
    valid_from: Mapped[dt.date] = mapped_column(nullable=False)
    valid_until: Mapped[dt.date] = mapped_column(nullable=False)
    #: set when a platform admin checked the certificate
    verified_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    street: Mapped[str] = mapped_column(String(200), nullable=False)
    postcode: Mapped[str] = mapped_column(String(10), nullable=False)
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)
    #: what learners should know on arrival (entrance, parking, floor)
    directions: Mapped[str | None] = mapped_column(Text, nullable=True)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
