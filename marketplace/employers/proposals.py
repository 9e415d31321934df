"""Published needs, regional pools, and providers' proposals (in-company offers) that answer them.

A published need is shown to providers active in its region without names or the employer's identity.
Compatible needs in one region (same levels, overlapping windows) are shown together as a pool, so
small employers can fill a class together. A provider answers with a proposal: a run reserved for the
employers of the need or pool; each employer accepts or declines. The employer's identity is revealed to the
provider only on acceptance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock, states
from marketplace.core.db import Base, EnumText, db
from marketplace.core.errors import Conflict
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality
from providers.catalogue import CourseRun, RunRegion, RunReservation, RunStatus
from providers.models import Location

from .models import NeedStatus, TrainingNeed

#: How long a pool's employers have the first right to book an offered run.
POOL_FIRST_RIGHTS_DAYS = 14


class ProposalStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"


PROPOSAL_TRANSITIONS = {ProposalStatus.proposed: frozenset({ProposalStatus.accepted, ProposalStatus.declined}),
                     ProposalStatus.accepted: frozenset(), ProposalStatus.declined: frozenset()}


class Proposal(Base):
    """A provider's answer to one published need: a run reserved for that employer."""

    __tablename__ = "proposals"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the published need this answers; its employer accepts or declines
    need_id: Mapped[int] = mapped_column(ForeignKey("training_needs.id"), nullable=False, index=True)
    #: the run offered, reserved for the need's employer (one offer per run)
    run_id: Mapped[int] = mapped_column(ForeignKey("course_runs.id"), nullable=False, index=True)
    #: the provider making the offer, the run's provider
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: proposed, then accepted or declined once by the employer (PROPOSAL_TRANSITIONS)
    status: Mapped[ProposalStatus] = mapped_column(EnumText(ProposalStatus, 12), nullable=False,
                                                default=ProposalStatus.proposed)
    #: the provider's note to the employer, shown with the offer (optional)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the offer to a pool this answer is part of, "pool-<id of its first need>", shared by the pool's proposals;
    #: null for an offer to a single need
    pool_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: when the offer was made
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the employer accepted or declined; null while proposed
    answered_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    need: Mapped[TrainingNeed] = relationship()
    run: Mapped[CourseRun] = relationship()
    provider: Mapped[Organisation] = relationship()

    def move_to(self, status: ProposalStatus) -> None:
        """Answer the offer, once."""
        states.move(self, status, PROPOSAL_TRANSITIONS, lambda _old, _new: Conflict(_("This offer has already been "
                                                                                     "answered.")))
        self.answered_at = clock.now()


def active_regions(provider: Organisation) -> set[str]:
    """Where a provider is active: the regions of its locations and of the runs it offers."""

    locations = db.session.scalars(select(Location).where(Location.provider_id == provider.id)).all()
    regions = {loc.municipality.region_code for loc in locations}
    regions |= set(db.session.scalars(select(RunRegion.region_code).join(CourseRun, CourseRun.id == RunRegion.run_id)
                                      .where(CourseRun.provider_id == provider.id).distinct()))
    return regions


def published_needs(regions: set[str], today: dt.date) -> list[TrainingNeed]:
    if not regions:
        return []

    return list(db.session.scalars(
        select(TrainingNeed).join(Municipality, Municipality.id == TrainingNeed.municipality_id)
        .where(TrainingNeed.status == NeedStatus.published, Municipality.region_code.in_(regions),
               TrainingNeed.earliest_start >= today - dt.timedelta(days=60))
        .order_by(Municipality.region_code, TrainingNeed.cefr_from, TrainingNeed.published_at)))


@dataclass
class Pool:
    """Compatible published needs of one region: same levels, windows that overlap on a common day."""

    key: str
    region_code: str
    region_name: str
    cefr_from: str
    cefr_to: str
    needs: list[TrainingNeed]
    common: list[tuple[int, dt.time, dt.time]]  # (weekday, from, to) all needs share

    @property
    def learners(self) -> int:
        return sum(n.learners for n in self.needs)

    @property
    def employers(self) -> int:
        return len({n.employer_id for n in self.needs})


def _common_windows(a: list[tuple[int, dt.time, dt.time]], b: list[tuple[int, dt.time, dt.time]]):
    common = []
    for day_a, from_a, to_a in a:
        for day_b, from_b, to_b in b:
            start, end = max(from_a, from_b), min(to_a, to_b)
            if day_a == day_b and start < end:
                common.append((day_a, start, end))
    return common


def pools(needs: list[TrainingNeed]) -> list[Pool]:
    """Group needs into pools; a need joins the first pool it is compatible with."""
    found: list[Pool] = []
    for need in needs:
        windows = [(w.weekday, w.time_from, w.time_to) for w in need.windows]
        region = need.municipality.region
        for pool in found:
            if (pool.region_code, pool.cefr_from, pool.cefr_to) != (region.code, need.cefr_from, need.cefr_to):
                continue
            common = _common_windows(pool.common, windows) if pool.common and windows else pool.common or windows
            if common or not (pool.common and windows):
                pool.needs.append(need)
                pool.common = common
                break
        else:
            found.append(Pool(key=f"{region.code}:{need.cefr_from}-{need.cefr_to}:{need.id}", region_code=region.code,
                              region_name=region.name, cefr_from=need.cefr_from, cefr_to=need.cefr_to, needs=[need],
                              common=windows))
    return found


def make_proposal(provider: Organisation, run: CourseRun, needs: list[TrainingNeed], message: str | None,
               today: dt.date) -> list[Proposal]:
    """Reserve ``run`` for the employers of ``needs`` and offer it to each. A single need's run is theirs
    for good; a pool's employers have the first right to book for POOL_FIRST_RIGHTS_DAYS days."""
    if run.provider_id != provider.id:
        raise Conflict(_("You can only offer your own runs."))
    if run.status not in (RunStatus.draft, RunStatus.open) or run.start_date <= today:
        raise Conflict(_("Only a run that has not started and is not cancelled can be offered."))
    if db.session.scalar(select(Proposal.id).where(Proposal.run_id == run.id).limit(1)) is not None:
        raise Conflict(_("This run has already been offered. Offer another run, so that each offer keeps its "
                         "own reservation."))
    pool_key = f"pool-{needs[0].id}" if len(needs) > 1 else None
    run.reserved_until = today + dt.timedelta(days=POOL_FIRST_RIGHTS_DAYS) if pool_key else None
    proposals = []
    for need in needs:
        if need.status != NeedStatus.published:
            raise Conflict(_("This need is no longer published."))
        if db.session.get(RunReservation, (run.id, need.employer_id)) is None:
            db.session.add(RunReservation(run_id=run.id, employer_id=need.employer_id))
        proposal = Proposal(need=need, run=run, provider=provider, message=(message or "").strip() or None,
                      pool_key=pool_key)
        db.session.add(proposal)
        proposals.append(proposal)
    db.session.flush()
    return proposals


def answer_proposal(proposal: Proposal, accept: bool) -> None:
    """The employer accepts (the run stays reserved for it, and the provider learns who it is) or declines
    (its reservation is released)."""
    proposal.move_to(ProposalStatus.accepted if accept else ProposalStatus.declined)
    employer_id = proposal.need.employer_id
    still_wanted = db.session.scalar(select(Proposal.id).join(TrainingNeed, TrainingNeed.id == Proposal.need_id).where(
        Proposal.run_id == proposal.run_id, Proposal.id != proposal.id, TrainingNeed.employer_id == employer_id,
        Proposal.status != ProposalStatus.declined).limit(1))
    if not accept and still_wanted is None:
        reservation = db.session.get(RunReservation, (proposal.run_id, employer_id))
        if reservation is not None:
            db.session.delete(reservation)
    db.session.flush()
