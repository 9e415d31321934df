"""The questionnaire: employer, worker, course. Every question may be answered "I don't know"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from flask_babel import LazyString, get_locale
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import NumberRange, Optional

from marketplace.core.forms import EuroField, options
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.labels import SIZE_LABELS
from subsidies import load_schemes
from subsidies.catalogue import Scheme

UNKNOWN = ("", _("I don't know"))
YES_NO = [UNKNOWN, ("yes", _("Yes")), ("no", _("No"))]
LEVELS = [(level, level) for level in ("A0", "A1", "A2", "B1", "B2", "C1", "C2")]
MARKS = [("blik_op_werk", _("Blik op Werk Keurmerk Inburgeren")), ("nrto", _("NRTO keurmerk")),
         ("crkbo", _("CRKBO registration"))]
ONTWIKKELPADEN = [("none", _("None")), ("zorg_welzijn", _("Care and welfare")), ("kinderopvang", _("Childcare")),
                  ("groen", _("Green sector")), ("techniek", _("Technology, construction, energy")),
                  ("onderwijs", _("Education")), ("ict", _("ICT"))]


def question(label, choices, **kw) -> SelectField:
    """A select whose empty answer means "I don't know" (also when the question was not sent at all)."""
    return SelectField(label, choices=options(choices), default="", **kw)


def cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


class EligibilityForm(FlaskForm):
    """The questions; ``eligibility_form`` adds one per scheme that keeps a budget (how much was used)."""

    class Meta:
        csrf = False  # a GET form that changes nothing: the answer is shareable as a link

    #: scheme id -> the name of the field asking how much of its budget was used this calendar year
    budgets: dict[str, str] = {}

    on = DateField(_("Date of booking or application"), validators=[Optional()])
    # employer
    is_temp_agency = question(_("Is the employer a temp agency?"), YES_NO)
    cao = question(_("Collective labour agreement (temp agencies)"),
                   [UNKNOWN, ("ABU", "ABU"), ("NBBU", "NBBU"), ("other", _("Other"))])
    size_class = question(_("Size of the employer"), [UNKNOWN] + list(SIZE_LABELS.items()))
    de_minimis = EuroField(_("De-minimis aid received in the last 3 years (EUR)"),
                           validators=[Optional(), NumberRange(min=0)])
    # worker
    employment = question(_("The worker is"), [
        UNKNOWN, ("agency_worker", _("an agency worker")), ("employee", _("an employee")),
        ("self_employed", _("self-employed"))])
    cao_phase = question(_("Phase in the CAO (agency workers)"),
                         [UNKNOWN, ("none", _("Not applicable"))] + [(p, p) for p in "ABC1234"])
    long_term_sick = question(_("Long-term sick?"), YES_NO)
    cefr_level = question(_("Current level of Dutch"), [UNKNOWN] + LEVELS)
    labour_migrant = question(_("Labour migrant?"), YES_NO)
    statushouder = question(_("Refugee with a residence permit (statushouder)?"), YES_NO)
    # course
    price = EuroField(_("Course price per participant, excluding VAT (EUR)"),
                      validators=[Optional(), NumberRange(min=0, max=100000)])
    vocational = question(_("Is the course aimed at one specific profession?"), YES_NO,
                          description=_("Vocational courses are VAT-exempt only from CRKBO-registered providers."))
    provider_crkbo = question(_("Is the provider CRKBO-registered?"), YES_NO)
    provider_marks = SelectMultipleField(_("Quality marks of the provider"), choices=options(MARKS))
    contact_hours = IntegerField(_("Contact hours"), validators=[Optional(), NumberRange(min=1, max=2000)])
    cefr_from = question(_("Course starts at level"), [UNKNOWN] + LEVELS)
    cefr_to = question(_("Course leads to level"), [UNKNOWN] + LEVELS)
    level_test_before_start = question(_("Validated level test before the start?"), YES_NO)
    nlqf = question(_("NLQF level of the course"),
                    [UNKNOWN, ("none", _("None"))] + [(str(n), str(n)) for n in range(1, 9)])
    ontwikkelpad = question(_("Part of a sector development path (ontwikkelpad)?"), [UNKNOWN] + ONTWIKKELPADEN)
    start = DateField(_("Course start"), validators=[Optional()])
    end = DateField(_("Course end"), validators=[Optional()])

    sections = {
        "employer": ("is_temp_agency", "cao", "size_class", "de_minimis"),
        "worker": ("employment", "cao_phase", "long_term_sick", "cefr_level", "labour_migrant", "statushouder"),
        "course": ("price", "vocational", "provider_crkbo", "provider_marks", "contact_hours", "cefr_from",
                   "cefr_to", "level_test_before_start", "nlqf", "ontwikkelpad", "start", "end"),
    }

    def request_body(self, today: dt.date) -> dict:
        """The answers as a CONTRACT eligibility request; unanswered questions are left out."""
        on = self.on.data or today

        def answer(field):
            value = field.data
            return {"yes": True, "no": False}.get(value, value) if value not in ("", None) else None

        def nullable(field, convert=str):
            value = field.data
            return None if value == "none" else convert(value)

        employer = {"is_temp_agency": answer(self.is_temp_agency), "cao": answer(self.cao),
                    "size_class": answer(self.size_class), "de_minimis_received_cents": cents(self.de_minimis.data)}
        employee = {"employment": answer(self.employment), "long_term_sick": answer(self.long_term_sick),
                    "cefr_level": answer(self.cefr_level), "labour_migrant": answer(self.labour_migrant),
                    "statushouder": answer(self.statushouder)}
        if self.cao_phase.data:
            employee["cao_phase"] = nullable(self.cao_phase)
        employee["prior_subsidies"] = [
            {"scheme": scheme, "on": on.replace(month=1, day=1).isoformat(), "amount_cents": used}
            for scheme, name in self.budgets.items() if (used := cents(self[name].data))]
        course = {"price_cents": cents(self.price.data), "contact_hours": self.contact_hours.data,
                  "vocational": answer(self.vocational), "provider_crkbo": answer(self.provider_crkbo),
                  "provider_marks": self.provider_marks.data or [], "cefr_from": answer(self.cefr_from),
                  "cefr_to": answer(self.cefr_to), "level_test_before_start": answer(self.level_test_before_start),
                  "start": self.start.data.isoformat() if self.start.data else None,
                  "end": self.end.data.isoformat() if self.end.data else None}
        if self.nlqf.data:
            course["nlqf"] = nullable(self.nlqf, int)
        if self.ontwikkelpad.data:
            course["ontwikkelpad"] = nullable(self.ontwikkelpad)

        def known(section: dict) -> dict:
            return {k: v for k, v in section.items() if v is not None or k in ("cao_phase", "nlqf", "ontwikkelpad")}

        return {"on": on.isoformat(), "employer": known(employer), "employee": known(employee),
                "course": known(course)}


def budget_label(scheme: Scheme):
    """'<scheme>: already used this calendar year (EUR)', the scheme's name in the page's language."""
    name = LazyString(lambda: scheme.name.in_language("en" if str(get_locale()) == "en" else "nl"))
    return _("%(scheme)s: already used this calendar year (EUR)", scheme=name)


@cache
def _form_class(root: str | None) -> type[EligibilityForm]:
    catalogue = load_schemes(root)
    budgets = {scheme.id: f"used_{scheme.id}" for scheme in catalogue.schemes if scheme.budget is not None}
    fields = {name: EuroField(budget_label(catalogue.scheme(scheme)), validators=[Optional(), NumberRange(min=0)])
              for scheme, name in budgets.items()}
    sections = {**EligibilityForm.sections, "worker": EligibilityForm.sections["worker"] + tuple(budgets.values())}
    return type("EligibilityQuestions", (EligibilityForm,), {**fields, "budgets": budgets, "sections": sections})


def eligibility_form(formdata) -> EligibilityForm:
    """The questionnaire for the schemes in force: a question for each budget a scheme keeps."""
    return _form_class(None)(formdata)
