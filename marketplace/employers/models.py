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
#: ABU phases A-C, NBBU phases 1-4, and "nvt": a statushouder the agency places before any phase (Doorzaam)
CAO_PHASES = ("A", "B", "C", "1", "2", "3", "4", "nvt")


class Site(Base):
    """A place where the employer's staff work; in-company training happens here."""

    __tablename__ = "sites"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "employer_id"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer whose site it is
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the employer's name for the site, e.g. a warehouse or a branch
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: street and number, where an in-company teacher goes
    street: Mapped[str] = mapped_column(String(200), nullable=False)
    #: postcode of the site
    postcode: Mapped[str] = mapped_column(String(10), nullable=False)
    #: town of the site
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    #: the municipality the site lies in; it gives the region for matching
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class Employee(Base):
    """A person on an employer's roster: a learner."""

    __tablename__ = "employees"
    #: the column naming the organisation a row belongs to (``access.get_for_org``)
    owned_by = "employer_id"
    __table_args__ = (CheckConstraint("hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 60)",
                                      name="hours_per_week"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer whose roster the person is on
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: for invitations and attendance lists
    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    #: for invitations and attendance lists, with prefixes such as "de" or "van der"
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    #: optional: invitations go to the employer when empty
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    #: optional: for reaching the person about their lessons
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: the language of the invitation (ISO 639-1)
    preferred_language: Mapped[str] = mapped_column(String(5), nullable=False, default="nl")
    #: current CEFR level and how it was established (matching; Tel mee met Taal needs a level test)
    cefr_level: Mapped[Cefr | None] = mapped_column(EnumText(Cefr, 2), nullable=True)
    #: self-reported, a placement test or a certificate; with level_assessed_on, for the schemes that ask
    level_source: Mapped[LevelSource | None] = mapped_column(EnumText(LevelSource, 16), nullable=True)
    #: when cefr_level was established (goes with level_source)
    level_assessed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: the level the person should reach, above cefr_level (optional)
    target_level: Mapped[Cefr | None] = mapped_column(EnumText(Cefr, 2), nullable=True)
    #: subsidy rules: Doorzaam is for agency workers only
    employment: Mapped[Employment] = mapped_column(EnumText(Employment, 16), nullable=False)
    #: agency workers only: A, B, C (ABU) or 1-4 (NBBU); subsidy rules: Doorzaam pays in A/B (ABU) or 1-3 (NBBU)
    cao_phase: Mapped[str | None] = mapped_column(String(3), nullable=True)
    #: subsidy rules (Doorzaam): not for the long-term sick
    long_term_sick: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: subsidy rules (SOWIS: contract of at least 20 hours)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: first day of employment; some schemes ask how long the contract runs (optional)
    employment_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: anonymous statistics (share of labour migrants per region) and the ESF+ rules; never shown per person
    labour_migrant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: subsidy rules: a refugee with a residence permit (Doorzaam's phase "nvt", SOWIS, ESF+); None: not recorded
    statushouder: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: where the person works, for in-company training
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    #: when the person was added to the roster
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when taken off the active roster; kept because bookings and claims may refer to the person
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

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer whose staff need the training
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the employer's name for the need; "Dutch for N learners" when left empty
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the number of learners (the named employees, or a number when names are not known yet)
    learners: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the group's starting level; matching takes the lowest known level of the named employees instead
    cefr_from: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    #: the level the group should reach
    cefr_to: Mapped[Cefr] = mapped_column(EnumText(Cefr, 2), nullable=False)
    #: formats the employer accepts; empty means any
    formats: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: where the staff work (a site, or a municipality)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    #: where the training is wanted: the site's municipality, else the one given, else the employer's
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), nullable=False)
    #: the first day lessons can start; matching scores runs starting sooner after it higher, earlier ones fail
    earliest_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: what the employer means to spend per learner (optional); runs above it score lower
    budget_per_person_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: draft (only the employer sees it), published (providers in the region see it, anonymised) or closed
    status: Mapped[NeedStatus] = mapped_column(EnumText(NeedStatus, 12), nullable=False, default=NeedStatus.draft)
    #: the employer's own remarks on the need (optional)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: when the need was entered
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when it was first published; kept when it is closed and published again
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

    #: the training need
    need_id: Mapped[int] = mapped_column(ForeignKey("training_needs.id", ondelete="CASCADE"), primary_key=True)
    #: a named employee in the need's group, from the employer's active roster
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)

    employee: Mapped[Employee] = relationship(lazy="joined")


class NeedWindow(Base):
    """A weekly window in which the staff can follow lessons (inside or next to their shifts)."""

    __tablename__ = "need_windows"
    __table_args__ = (CheckConstraint("time_from < time_to", name="in_order"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the training need whose staff have this window
    need_id: Mapped[int] = mapped_column(ForeignKey("training_needs.id", ondelete="CASCADE"), nullable=False,
                                         index=True)
    #: 0 = Monday .. 6 = Sunday
    weekday: Mapped[int] = mapped_column(Integer, nullable=False)
    #: local time the window opens
    time_from: Mapped[dt.time] = mapped_column(nullable=False)
    #: local time the window closes, after time_from
    time_to: Mapped[dt.time] = mapped_column(nullable=False)
