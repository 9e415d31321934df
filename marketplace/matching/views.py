"""A training need with its ranked matches, near misses and the providers' in-company offers."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale

from marketplace.core.access import get_for_org, member
from marketplace.core.translation import lazy_gettext as _l
from marketplace.employers.demand_views import proposals_for
from marketplace.employers.models import TrainingNeed
from marketplace.funding.eligibility_views import LABELS
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind

from .presentation import matches_json

bp = Blueprint("matching", __name__, url_prefix="/werkgever")

PART_LABELS = {"level": _l("Level"), "place": _l("Place"), "schedule": _l("Timetable"), "price": _l("Price"),
               "start": _l("Start date"), "marks": _l("Quality marks"), "format": _l("Form")}


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["part_label"] = lambda part: PART_LABELS.get(part, part)


@bp.route("/behoeften/<int:need_id>")
@member(OrgKind.employer)
def show_need(need_id: int):
    need = get_for_org(TrainingNeed, need_id)
    lang = "en" if str(get_locale()) == "en" else "nl"
    return render_template("matching/need.html", need=need, result=matches_json(need, lang=lang),
                           confirm=ConfirmForm(), proposals=proposals_for(need), learners=len(need.members),
                           **LABELS)
