"""Platform admins: every scheme's parameters with their history and sources, and trying a proposed
parameter file against the enrolments on record before it is adopted. Parameters change through
reviewed files in subsidies/schemes/, never through a web form."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import InputRequired

from marketplace.core import clock
from marketplace.core.access import member
from marketplace.core.forms import options, render_form
from marketplace.core.translation import lazy_gettext as _
from marketplace.funding.fund_schemes import current_catalogue
from marketplace.funding.snapshots import recorded_facts_by_reference
from marketplace.tenancy.organisations.models import OrgKind
from subsidies import ParameterError, compare_parameter_sets, parameter_history
from subsidies.catalogue import SCHEMES_DIR

bp = Blueprint("scheme_admin", __name__, url_prefix="/beheer/regelingen")

#: an uploaded proposal larger than this is not a parameter file
MAX_PROPOSAL_BYTES = 100_000


def parameter_files() -> list[str]:
    return sorted(str(p.relative_to(SCHEMES_DIR)) for p in SCHEMES_DIR.glob("*/parameters/*.yaml"))


class ProposalForm(FlaskForm):
    target = SelectField(_("The file it replaces"), validators=[InputRequired()])
    proposal = FileField(_("Proposed parameter file (YAML)"), validators=[FileRequired()])


@bp.route("")
@member(OrgKind.platform)
def list_schemes():
    return render_template("admin/schemes.html", schemes=parameter_history(current_catalogue()),
                           lang=str(get_locale()))


@bp.route("/proberen", methods=["GET", "POST"])
@member(OrgKind.platform)
def try_proposal():
    form = ProposalForm()
    form.target.choices = options([(name, name) for name in parameter_files()])
    comparison = None
    if form.validate_on_submit():
        content = request.files["proposal"].read(MAX_PROPOSAL_BYTES + 1)
        if len(content) > MAX_PROPOSAL_BYTES:
            form.proposal.errors = [_("A parameter file is at most 100 kB.")]
        else:
            try:
                comparison = compare_with(form.target.data, content, clock.today())
            except ParameterError as e:
                form.proposal.errors = [str(e)]
    return render_form("admin/try_proposal.html", form, comparison=comparison)


def compare_with(target: str, content: bytes, on: dt.date):
    """Evaluate every recorded enrolment under the current files and with ``target`` replaced by ``content``."""
    if target not in parameter_files():
        raise ParameterError(target, "", "not one of the scheme parameter files")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise ParameterError(target, "", "the file is not UTF-8 text") from None
    recorded = recorded_facts_by_reference()
    references, facts_list = [r for r, _f in recorded], [f for _r, f in recorded]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / target
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        result = compare_parameter_sets(facts_list, on, folder)
    return {"result": result, "references": references}
