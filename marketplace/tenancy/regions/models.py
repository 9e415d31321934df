"""Labour-market regions (arbeidsmarktregio's) and their municipalities, as classified by CBS."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import Base


class Region(Base):
    __tablename__ = "regions"

    #: CBS code, AM01..AM38
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    #: name as CBS writes it
    name: Mapped[str] = mapped_column(String(80), nullable=False)

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="region", order_by="Municipality.name")


class Municipality(Base):
    """One municipality in one classification period; a merger or a move to another region adds a row."""

    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    #: surrogate key; a municipality has one row per classification period, so its CBS code is not unique
    id: Mapped[int] = mapped_column(primary_key=True)
    #: CBS code, GM....
    code: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    #: name as CBS writes it, with its suffix where there is one, e.g. "Bergen (NH.)"
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    #: the labour-market region the municipality belongs to in this classification
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), nullable=False, index=True)
    #: the province, as in the CBS table
    province_name: Mapped[str] = mapped_column(String(40), nullable=False)
    #: first day of the classification this row belongs to
    valid_from: Mapped[dt.date] = mapped_column(nullable=False)
    #: first day it no longer holds (a later classification dropped or changed it); null while current
    valid_to: Mapped[dt.date | None] = mapped_column(nullable=True)

    region: Mapped[Region] = relationship(back_populates="municipalities")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def valid_on(day: dt.date):
    """Filter for municipalities in force on ``day``."""
    return (Municipality.valid_from <= day) & or_(Municipality.valid_to.is_(None), Municipality.valid_to > day)


def current_municipalities(session, day: dt.date):
    return session.scalars(select(Municipality).where(valid_on(day)).order_by(Municipality.name)).all()
