"""One workspace per kind of organisation: what to do next, and what is there already."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from marketplace.bookings.models import Booking
from marketplace.core import clock
from marketplace.core.access import actor, signed_in
from marketplace.core.db import db
from marketplace.tenancy.accounts.models import Membership
from marketplace.tenancy.organisations.models import Organisation, OrgKind
from providers.models import QualityMark

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@signed_in
def home():
    who = actor()
    if who.organisation is None:
        return render_template("dashboard/no_organisation.html")
    return render_template(f"dashboard/{who.organisation.kind}.html", org=who.organisation, **_facts(who))


def _facts(who) -> dict:
    org = who.organisation
    colleagues = db.session.scalar(select(func.count()).select_from(Membership)
                                   .where(Membership.organisation_id == org.id))
    facts = {"colleagues": colleagues, "today": clock.today()}
    if org.kind == OrgKind.provider:
        facts["marks"] = db.session.scalars(select(QualityMark).where(QualityMark.provider_id == org.id)
                                            .order_by(QualityMark.valid_until)).all()
    if org.kind in (OrgKind.employer, OrgKind.provider):

        side = Booking.employer_id if org.kind == OrgKind.employer else Booking.provider_id
        facts["bookings"] = dict(db.session.execute(select(Booking.status, func.count()).where(side == org.id)
                                                    .group_by(Booking.status)).all())
    if org.kind == OrgKind.platform:
        facts["organisations_by_kind"] = dict(db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    return facts
