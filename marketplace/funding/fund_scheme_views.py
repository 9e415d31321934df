"""A fund's own schemes: write the terms, see their effect on the enrolments on record, publish a version.

Fund members manage their fund's schemes; a platform admin manages them for a fund. Another fund's scheme
is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from marketplace.core import clock
from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.core.forms import EuroField, attempt, options, render_form
from marketplace.core.i18n import day as format_day
from marketplace.core.translation import lazy_gettext as _
from marketplace.employers.forms import EMPLOYMENT_LABELS, LEVELS
from marketplace.funding.fund_schemes import (
    FundScheme,
    create_scheme,
    publish,
    published_schemes,
    save_draft,
    terms_from,
    with_fund_schemes,
)
from marketplace.funding.snapshots import recorded_facts
from marketplace.tenancy.accounts.forms import ConfirmForm
from marketplace.tenancy.organisations.labels import SECTOR_LABELS
from marketplace.tenancy.organisations.models import Cao, Organisation, OrgKind
from providers.forms import MARK_LABELS
from providers.labels import FORMAT_LABELS
from subsidies import load_schemes
from subsidies.compare import scheme_impact
from subsidies.declared import DeclaredTerms, describe

bp = Blueprint("fund_schemes", __name__, url_prefix="/fonds/regelingen")

EMPLOYER_KIND_LABELS = {"temp_agency": _("Temp agencies"), "direct": _("Employers hiring directly")}
STATUS_LABELS = {"eligible": _("would pay"), "not_eligible": _("conditions not met"),
                 "needs_info": _("facts missing"), "closed": _("not in force"), "not_applicable": _("not for them")}
PAYEE_LABELS = {"employer": _("The employer"), "provider": _("The course provider")}


class TermsForm(FlaskForm):
    valid_from = DateField(_("Valid from"), validators=[InputRequired()],
                           description=_("Judged on the day of booking. Not before today."))
    valid_until = DateField(_("Valid until (last day)"), validators=[Optional()],
                            description=_("Empty: until you publish a later version."))
    percentage = DecimalField(_("Share of the course price excl. VAT the fund pays (%)"), places=2,
                              validators=[InputRequired(), NumberRange(min=1, max=100)])
    cap = EuroField(_("At most per worker per calendar year (EUR)"), validators=[Optional(), NumberRange(min=1,
                                                                                                         max=100000)])
    sectors = SelectMultipleField(_("Sectors of the employer"), choices=options(SECTOR_LABELS.items()),
                                  description=_("None chosen: any."))
    caos = SelectMultipleField(_("Collective agreements"), choices=options([(c.value, c.value) for c in Cao]),
                               description=_("None chosen: any."))
    employer_kinds = SelectMultipleField(_("Kinds of employer"), choices=options(EMPLOYER_KIND_LABELS.items()),
                                         description=_("None chosen: any."))
    employments = SelectMultipleField(_("Kinds of employment"), choices=options(EMPLOYMENT_LABELS.items()),
                                      description=_("None chosen: any."))
    levels = SelectMultipleField(_("Levels the course may lead to"), choices=options(LEVELS),
                                 description=_("None chosen: any."))
    min_contact_hours = IntegerField(_("Minimum contact hours"), validators=[Optional(), NumberRange(min=0,
                                                                                                     max=2000)])
    marks = SelectMultipleField(_("The provider holds one of these quality marks"),
                                choices=options(MARK_LABELS.items()), description=_("None chosen: no mark needed."))
    formats = SelectMultipleField(_("Course formats"), choices=options(FORMAT_LABELS.items()),
                                  description=_("None chosen: any."))

    def terms(self) -> DeclaredTerms:
        return terms_from(self.data)

    def fill(self, version) -> None:
        terms = DeclaredTerms.from_dict(version.terms)
        self.valid_from.data, self.valid_until.data = version.valid_from, version.valid_until
        self.percentage.data = terms.rate * 100
        self.cap.data = None if terms.cap_cents is None else terms.cap_cents / 100
        for name in ("sectors", "caos", "employer_kinds", "employments", "levels", "marks", "formats"):
            getattr(self, name).data = list(getattr(terms, name))
        self.min_contact_hours.data = terms.min_contact_hours or None


class SchemeForm(TermsForm):
    fund_id = SelectField(_("Fund"), coerce=int, validate_choice=False)
    name_nl = StringField(_("Name in Dutch"), validators=[InputRequired(), Length(max=120)])
    name_en = StringField(_("Name in English"), validators=[InputRequired(), Length(max=120)])
    source_url = StringField(_("Web page with the fund's terms"), validators=[InputRequired(), Length(max=300),
                                                                              URL(require_tld=True)])
    payee = RadioField(_("Who is paid"), choices=options(PAYEE_LABELS.items()), default="employer",
                       validators=[InputRequired()])
    route_nl = TextAreaField(_("How to apply (Dutch)"), validators=[InputRequired(), Length(max=2000)])
    route_en = TextAreaField(_("How to apply (English)"), validators=[InputRequired(), Length(max=2000)])
    evidence_nl = TextAreaField(_("What a claim needs (Dutch)"), validators=[InputRequired(), Length(max=2000)])
    evidence_en = TextAreaField(_("What a claim needs (English)"), validators=[InputRequired(), Length(max=2000)])


def _is_platform() -> bool:
    return actor().organisation.kind == OrgKind.platform


def _scheme(scheme_id: int) -> FundScheme:
    """The acting fund's scheme (any for a platform admin), else 404."""
    scheme = db.session.get(FundScheme, scheme_id)
    if scheme is None or not (_is_platform() or scheme.fund_id == actor().organisation.id):
        abort(404)
    return scheme


@bp.route("")
@member(OrgKind.fund, OrgKind.platform)
def list_schemes():
    query = select(FundScheme).order_by(FundScheme.id)
    if not _is_platform():
        query = query.where(FundScheme.fund_id == actor().organisation.id)
    return render_template("fund_schemes/list.html", schemes=db.session.scalars(query).all(),
                           lang=str(get_locale()))


@bp.route("/nieuw", methods=["GET", "POST"])
@member(OrgKind.fund, OrgKind.platform, role=Role.member)
def new_scheme():
    form = SchemeForm()
    funds = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.fund)
                               .order_by(Organisation.name)).all() if _is_platform() else []
    form.fund_id.choices = options((f.id, f.name) for f in funds)
    if not form.is_submitted():
        form.valid_from.data = clock.today()
    if form.validate_on_submit():
        fund = actor().organisation
        if _is_platform():
            fund = next((f for f in funds if f.id == form.fund_id.data), None) or abort(422)
        texts = {k: form[k].data.strip() for k in ("name_nl", "name_en", "route_nl", "route_en", "evidence_nl",
                                                   "evidence_en")}
        done = attempt(form, lambda: _create(fund, texts, form))
        if done.done:
            return redirect(url_for(".show_scheme", scheme_id=done.result.id), 303)
    return render_form("fund_schemes/new.html", form, platform=_is_platform())


def _create(fund, texts, form):
    scheme = create_scheme(fund, texts=texts, source_url=form.source_url.data.strip(), payee=form.payee.data)
    save_draft(scheme, form.terms(), form.valid_from.data, form.valid_until.data)
    return scheme


@bp.route("/<int:scheme_id>")
@member(OrgKind.fund, OrgKind.platform)
def show_scheme(scheme_id: int):
    scheme = _scheme(scheme_id)
    return render_template("fund_schemes/show.html", scheme=scheme, impact=_impact(scheme),
                           describe=lambda version: describe(DeclaredTerms.from_dict(version.terms)),
                           status_label=lambda status: STATUS_LABELS.get(status, status), csrf_form=ConfirmForm(),
                           lang=str(get_locale()), today=clock.today())


def _impact(scheme: FundScheme):
    """The draft's effect on the enrolments on record, judged on its first day (or today, if later)."""
    if scheme.draft is None:
        return None
    catalogue = with_fund_schemes(load_schemes(), published_schemes(), draft_of=scheme)
    return scheme_impact(recorded_facts(), max(scheme.draft.valid_from, clock.today()), catalogue, scheme.scheme_id)


@bp.route("/<int:scheme_id>/concept", methods=["GET", "POST"])
@member(OrgKind.fund, OrgKind.platform, role=Role.member)
def edit_draft(scheme_id: int):
    scheme = _scheme(scheme_id)
    form = TermsForm()
    if not form.is_submitted():
        source = scheme.draft or (scheme.published[-1] if scheme.published else None)
        if source is not None:
            form.fill(source)
        if scheme.draft is None:
            form.valid_from.data = clock.today()
    if form.validate_on_submit():
        done = attempt(form, lambda: save_draft(scheme, form.terms(), form.valid_from.data, form.valid_until.data))
        if done.done:
            return redirect(url_for(".show_scheme", scheme_id=scheme.id), 303)
    return render_form("fund_schemes/draft.html", form, scheme=scheme, lang=str(get_locale()))


@bp.route("/<int:scheme_id>/publiceren", methods=["POST"])
@member(OrgKind.fund, OrgKind.platform, role=Role.member)
def publish_draft(scheme_id: int):
    scheme = _scheme(scheme_id)
    version = publish(scheme, actor().user)
    flash(_("Version %(number)s is published; it applies from %(day)s.", number=version.number,
            day=format_day(version.valid_from)), "success")
    return redirect(url_for(".show_scheme", scheme_id=scheme.id), 303)
