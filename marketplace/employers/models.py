"""The staff roster, the employer's sites, and training needs.

Personal data is kept to what a subsidy rule or the anonymous statistics need (DESIGN.md): no BSN, no
date of birth. Each column says what it is used for.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock, states
from marketplace.core.db import Base, EnumText
from marketplace.core.errors import Conflict
from marketplace.core.translation import gettext as _
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality
from providers.vocabulary import Cefr


class Employment(StrEnum):
    agency_worker = "agency_worker"
    employee = "employee"
    self_employed = "self_employed"


class LevelSource(StrEnum):
    self_reported = "self_reported"
    placement_test = "placement_test"
    certificate = "certificate"


#: CAO phases: A, B, C (ABU); 1-4 (NBBU) (CONTRACT.md vocabulary)
CAO_PHASES = ("A", "B", "C", "1", "2", "3", "4")


class Site(Base):
    """A place where the employer's staff work; in-company training happens here."""

    __tablename__ = "sites"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "employer_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    street: Mapped[str] = mapped_column(String(200), nullable=False)
    postcode: Mapped[str] = mapped_column(String(10), nullable=False)
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class Employee(Base):
    """A person on an employer's roster: a learner."""

    __tablename__ = "employees"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "employer_id"
    __table_args__ = (CheckConstraint("hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 60)",
                                      name="hours_per_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: for invitations and attendance lists
    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    #: optional: invitations go to the employer when empty
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: the language of the invitation (ISO 639-1)
    preferred_language: Mapped[str] = mapped_column(String(5), nullable=False, default="nl")
    #: current CEFR level and how it was established (matching; Tel mee met Taal needs a level test)
    cefr_level: Mapped[Cefr | None] = mapped_column(EnumText(Cefr, 2), nullable=True)
    level_source: Mapped[LevelSource | None] = mapped_column(EnumText(LevelSource, 16), nullable=True)
    level_assessed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    target_level: Mapped[Cefr | None] = mapped_column(EnumText(Cefr, 2), nullable=True)
    #: subsidy rules: Doorzaam is for agency workers only
    employment: Mapped[Employment] = mapped_column(EnumText(Employment, 16), nullable=False)
    #: subsidy rules (Doorzaam): phase A/B (ABU) or 1-3 (NBBU)
    cao_phase: Mapped[str | None] = mapped_column(String(3), nullable=True)
    #: subsidy rules (Doorzaam): not for the long-term sick
    long_term_sick: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: subsidy rules (SOWIS: contract of at least 20 hours)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    employment_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: anonymous statistics (share of labour migrants per region) and the ESF+ rules; never shown per person
    labour_migrant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: where the person works, for in-company training
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    archived_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    site: Mapped[Site | None] = relationship()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class NeedStatus(StrEnum):
    draft = "draft"  # only the employer sees it
    published = "published"  # providers in the region see it, anonymised
    closed = "closed"


#: published needs are seen by providers; a closed need can be published again
NEED_TRANSITIONS: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.draft: frozenset({NeedStatus.published, NeedStatus.closed}),
    NeedStatus.published: frozenset({NeedStatus.closed}),
    NeedStatus.closed: frozenset({NeedStatus.published}),
}


class TrainingNeed(Base):
    """What an employer's people need, and when they can follow lessons: what matching runs against."""

    __tablename__ = "training_needs"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "employer_id"
    __table_args__ = (CheckConstraint("learners >= 1", name="learners_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the number of learners (the named employees, or a number when names are not known yet)
    learners: Mapped[int] = mapped_column(Integer, nullable=False)
    cefr_from: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    cefr_to: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    #: formats the employer accepts; empty means any
    formats: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: where the staff work (a site, or a municipality)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)
    earliest_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    budget_per_person_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[NeedStatus] = mapped_column(EnumText(NeedStatus, 12), nullable=False, default=NeedStatus.draft)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    published_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    employer: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship(lazy="joined")
    site: Mapped[Site | None] = relationship()
    windows: Mapped[list[NeedWindow]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                     order_by="(NeedWindow.weekday, NeedWindow.time_from)")
    members: Mapped[list[NeedEmployee]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def employee_ids(self) -> list[int]:
        return [m.employee_id for m in self.members]

    def move_to(self, status: NeedStatus) -> None:
        states.move(self, status, NEED_TRANSITIONS, lambda _old, _new: Conflict(
            _("This need can no longer change that way.")))


class NeedEmployee(Base):
    __tablename__ = "need_employees"

    need_id: Mapped[int] = mapped_column(ForeignKey("training_needs.id", ondelete="CASCADE"), primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)

    employee: Mapped[Employee] = relationship(lazy="joined")


class NeedWindow(Base):
    """A weekly window in which the staff can follow lessons (inside or next to their shifts)."""

    __tablename__ = "need_windows"
    __table_args__ = (CheckConstraint("time_from < time_to", name="in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("training_needs.id", ondelete="CASCADE"), nullable=False,
                                         index=True)
    #: 0 = Monday .. 6 = Sunday
    weekday: Mapped[int] = mapped_column(Integer, nullable=False)
    time_from: Mapped[dt.time] = mapped_column(nullable=False)
    time_to: Mapped[dt.time] = mapped_column(nullable=False)
