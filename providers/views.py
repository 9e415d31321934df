"""The provider's workspace: quality marks."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.core import clock
from marketplace.core.access import Role, actor, get_for_org, member
from marketplace.core.db import db
from marketplace.core.forms import attempt, render_form
from marketplace.core.translation import gettext as _
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.models import OrgKind

from .forms import MarkForm, mark_label
from .marks import add_mark, update_mark, verify
from .models import QualityMark

bp = Blueprint("providers", __name__, url_prefix="/aanbieder")


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals["mark_label"] = mark_label


@bp.route("/keurmerken")
@member(OrgKind.provider)
def list_marks():
    marks = db.session.scalars(select(QualityMark).where(QualityMark.provider_id == actor().organisation.id)
                               .order_by(QualityMark.valid_until.desc())).all()
    return render_template("providers/marks.html", marks=marks, today=clock.today(),
                           confirm=ConfirmForm())


@bp.route("/keurmerken/nieuw", methods=["GET", "POST"])
@member(OrgKind.provider, role=Role.member)
def new_mark():
    form = MarkForm()
    if form.validate_on_submit() and attempt(form, lambda: add_mark(actor().organisation, form.details())):
        flash(_("The quality mark has been added. A platform administrator will verify it."), "success")
        return redirect(url_for("providers.list_marks"))
    return render_form("providers/mark_form.html", form, mark=None)


@bp.route("/keurmerken/<int:mark_id>", methods=["GET", "POST"])
@member(OrgKind.provider, role=Role.member)
def edit_mark(mark_id: int):
    mark = get_for_org(QualityMark, mark_id)
    form = MarkForm(obj=mark)
    if form.validate_on_submit() and attempt(form, lambda: update_mark(mark, form.details())):
        flash(_("The quality mark has been saved."), "success")
        return redirect(url_for("providers.list_marks"))
    return render_form("providers/mark_form.html", form, mark=mark)


@bp.route("/keurmerken/<int:mark_id>/verwijderen", methods=["POST"])
@member(OrgKind.provider, role=Role.member)
def delete_mark(mark_id: int):
    mark = get_for_org(QualityMark, mark_id)
    db.session.delete(mark)
    flash(_("The quality mark has been removed."), "success")
    return redirect(url_for("providers.list_marks"))


# Platform administration: verifying marks --------------------------------------------------------

@bp.route("/beheer/keurmerken")
@member(OrgKind.platform)
def review_marks():
    """Marks awaiting verification first, then the verified ones."""
    marks = db.session.scalars(select(QualityMark).options(joinedload(QualityMark.organisation))
                               .order_by(QualityMark.verified_at.is_not(None), QualityMark.created_at)).all()
    return render_template("providers/review_marks.html", marks=marks, today=clock.today(), confirm=ConfirmForm())


@bp.route("/beheer/keurmerken/<int:mark_id>/controleren", methods=["POST"])
@member(OrgKind.platform, role=Role.member)
def verify_mark(mark_id: int):
    mark = db.session.get(QualityMark, mark_id)
    if mark is None:
        abort(404)
    verify(mark, actor().user)
    flash(_("The quality mark of %(org)s has been verified.", org=mark.organisation.name), "success")
    return redirect(url_for("providers.review_marks"))
