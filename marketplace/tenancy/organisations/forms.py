"""The organisation profile form, shared by sign-up and the profile page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from marketplace.core.forms import options
from marketplace.core.translation import lazy_gettext as _

from .labels import KIND_LABELS, SECTOR_LABELS, SIZE_LABELS
from .models import SECTORS, Cao, OrgKind
from .services import OrganisationDetails

__all__ = ["KIND_LABELS", "OrganisationFields"]

class OrganisationFields(FlaskForm):
    name = StringField(_("Organisation name"), validators=[InputRequired(), Length(max=200)])
    kvk_number = StringField(_("KvK number"), validators=[InputRequired()],
                             description=_("8 digits, from the Chamber of Commerce register."))
    vat_id = StringField(_("VAT identification number"), validators=[Optional()],
                         description=_("Needed on invoices, for example NL004495445B01."))
    street = StringField(_("Street and number"), validators=[InputRequired(), Length(max=200)])
    postcode = StringField(_("Postcode"), validators=[InputRequired()])
    city = StringField(_("Town"), validators=[InputRequired(), Length(max=100)])
    municipality = StringField(
        _("Municipality"), validators=[InputRequired()],
        description=_("Type to search and choose from the list; it decides your labour-market region."),
        render_kw={"list": "municipality-options", "autocomplete": "off"})
    contact_email = EmailField(_("Contact e-mail address"), validators=[InputRequired(), Email(), Length(max=254)])
    phone = StringField(_("Phone"), validators=[Optional(), Length(max=40)])
    is_temp_agency = BooleanField(_("We are a temp agency (uitzendonderneming)"),
                                  description=_("Only temp agencies can use the Doorzaam language budget."))
    cao = SelectField(_("Collective labour agreement for agency workers"),
                      choices=options([("", _("Not applicable"))] + [(c.value, c.value) for c in Cao]),
                      validators=[Optional()])
    size_class = SelectField(_("Size"),
                             choices=options([("", _("Choose"))] + [(k.value, v) for k, v in SIZE_LABELS.items()]),
                             validators=[Optional()],
                             description=_("By the EU SME definition; SLIM and de-minimis rules depend on it."))
    sector = SelectField(_("Sector"), choices=options([("", _("Choose"))] + [(s, SECTOR_LABELS[s]) for s in SECTORS]),
                         validators=[Optional()])
    crkbo_registered = BooleanField(_("Registered in the CRKBO register"),
                                    description=_("Makes vocational courses exempt from VAT."))
    iban = StringField(_("IBAN for payouts"), validators=[Optional()])
    description = TextAreaField(_("About your organisation"), validators=[Optional(), Length(max=4000)])

    employer_fields = ("is_temp_agency", "cao", "size_class", "sector")
    provider_fields = ("crkbo_registered", "iban", "description")

    def fields_for(self, kind: OrgKind) -> list[str]:
        common = ["name", "kvk_number", "vat_id", "street", "postcode", "city", "municipality",
                  "contact_email", "phone"]
        if kind == OrgKind.employer:
            return common + list(self.employer_fields)
        if kind == OrgKind.provider:
            return common + list(self.provider_fields)
        return common

    def details(self, kind: OrgKind) -> OrganisationDetails:
        d = self.data
        return OrganisationDetails(
            kind=kind, name=d["name"], kvk_number=d["kvk_number"], street=d["street"], postcode=d["postcode"],
            city=d["city"], municipality=d["municipality"], contact_email=d["contact_email"],
            vat_id=d["vat_id"] or None, phone=d["phone"] or None,
            is_temp_agency=bool(d["is_temp_agency"]), cao=d["cao"] or None, size_class=d["size_class"] or None,
            sector=d["sector"] or None, crkbo_registered=bool(d["crkbo_registered"]), iban=d["iban"] or None,
            description=d["description"] or None,
        )
