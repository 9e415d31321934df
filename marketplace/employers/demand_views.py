"""Providers see published needs and regional pools, anonymised, and answer with offers; employers answer them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.core import clock
from marketplace.core.access import Role, actor, get_for_org, member
from marketplace.core.db import db
from marketplace.core.translation import gettext as _
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind
from providers.catalogue import CourseRun, RunStatus

from .models import TrainingNeed
from .proposals import Proposal, active_regions, answer_proposal, make_proposal, pools, published_needs

bp = Blueprint("demand", __name__)


@bp.route("/aanbieder/vraag")
@member(OrgKind.provider)
def list_demand():
    today = clock.today()
    provider = actor().organisation
    regions = active_regions(provider)
    found = pools(published_needs(regions, today))
    runs = db.session.scalars(select(CourseRun).where(
        CourseRun.provider_id == provider.id, CourseRun.status.in_([RunStatus.draft, RunStatus.open]),
        CourseRun.start_date >= today).order_by(CourseRun.start_date)).all()
    proposals = db.session.scalars(select(Proposal).where(Proposal.provider_id == provider.id)
                                .options(joinedload(Proposal.run),
                                         joinedload(Proposal.need).joinedload(TrainingNeed.employer))
                                .order_by(Proposal.created_at.desc())).all()
    return render_template("employers/demand.html", pools=found, runs=runs, proposals=proposals, regions=regions,
                           confirm=ConfirmForm())


@bp.route("/aanbieder/vraag/aanbod", methods=["POST"])
@member(OrgKind.provider, role=Role.member)
def propose_run():
    """Offer one of the provider's runs to a published need or to every need of a pool."""
    ConfirmForm().validate_on_submit()
    provider = actor().organisation
    run = get_for_org(CourseRun, request.form.get("run_id", type=int) or 0)
    need_ids = request.form.getlist("need_id", type=int)
    visible = {n.id: n for n in published_needs(active_regions(provider), clock.today())}
    needs = [visible[i] for i in need_ids if i in visible]
    if not needs or len(needs) != len(need_ids):
        abort(404)
    make_proposal(provider, run, needs, request.form.get("message"), clock.today())
    if run.status == RunStatus.draft:
        run.move_to(RunStatus.open)  # reserved for the employers offered to, so it may be bookable now
    flash(_("Your offer has been sent to %(n)d employer(s). They see it with their need.", n=len(needs)), "success")
    return redirect(url_for("demand.list_demand"))


@bp.route("/werkgever/aanbiedingen/<int:proposal_id>", methods=["POST"])
@member(OrgKind.employer, role=Role.member)
def answer(proposal_id: int):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    need = get_for_org(TrainingNeed, proposal.need_id)
    ConfirmForm().validate_on_submit()
    accept = request.form.get("answer") == "accept"
    answer_proposal(proposal, accept)
    flash(_("You accepted the offer: the run is reserved for you and you can book it.") if accept
          else _("You declined the offer."), "success")
    return redirect(url_for("matching.show_need", need_id=need.id))


def proposals_for(need: TrainingNeed) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(Proposal.need_id == need.id).order_by(Proposal.created_at)))


