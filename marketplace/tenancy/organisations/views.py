"""The organisation's own profile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from marketplace.core import clock
from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.core.forms import attempt, render_form
from marketplace.core.translation import gettext as _
from marketplace.tenancy.regions.models import current_municipalities

from .forms import OrganisationFields
from .services import update_organisation

bp = Blueprint("organisations", __name__)


@bp.route("/organisatie")
@member()
def profile():
    return render_template("organisations/profile.html", org=actor().organisation)


@bp.route("/organisatie/bewerken", methods=["GET", "POST"])
@member(role=Role.owner)
def edit_profile():
    org = actor().organisation
    form = OrganisationFields(obj=org)
    if not form.is_submitted():
        form.municipality.data = org.municipality.label
    if form.validate_on_submit() and attempt(form, lambda: update_organisation(org, form.details(org.kind))):
        flash(_("The profile has been saved."), "success")
        return redirect(url_for("organisations.profile"))
    return render_form("organisations/edit.html", form, org=org, field_names=form.fields_for(org.kind),
                       municipalities=current_municipalities(db.session, clock.today()))
