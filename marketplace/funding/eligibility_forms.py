"""The questionnaire: employer, worker, course. Every question may be answered "I don't know".

Each question answers one of the engine's facts: the question is named like the fact (``employee.cao_phase`` is
asked by ``cao_phase``) unless ``RENAMED`` says otherwise, so a new fact needs only a question of its name. The
pages name a fact by its question's label, never by its dotted path.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from flask_babel import LazyString, get_locale
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField
from wtforms.fields.core import UnboundField
from wtforms.validators import NumberRange, Optional

from marketplace.core.forms import EuroField, options
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.labels import SECTOR_LABELS, SIZE_LABELS
from providers.labels import FORMAT_LABELS
from subsidies import load_schemes, request_schema
from subsidies.catalogue import Scheme
from subsidies.facts import NULL_IS_NONE

UNKNOWN = ("", _("I don't know"))
YES_NO = [UNKNOWN, ("yes", _("Yes")), ("no", _("No"))]
LEVELS = [(level, level) for level in ("A0", "A1", "A2", "B1", "B2", "C1", "C2")]
MARKS = [("blik_op_werk", _("Blik op Werk Keurmerk Inburgeren")), ("nrto", _("NRTO keurmerk")),
         ("crkbo", _("CRKBO registration"))]
ONTWIKKELPADEN = [("none", _("None")), ("zorg_welzijn", _("Care and welfare")), ("kinderopvang", _("Childcare")),
                  ("groen", _("Green sector")), ("techniek", _("Technology, construction, energy")),
                  ("onderwijs", _("Education")), ("ict", _("ICT"))]
#: facts whose question has another name than the fact's last part
RENAMED = {"employer.de_minimis_received_cents": "de_minimis", "course.price_cents": "price",
           "course.format": "course_format"}
#: the fact the budget questions answer together (one question per scheme that keeps a budget)
PRIOR_SUBSIDIES = "employee.prior_subsidies"
_UNANSWERED = object()


def question(label, choices, **kw) -> SelectField:
    """A select whose empty answer means "I don't know" (also when the question was not sent at all)."""
    return SelectField(label, choices=options(choices), default="", **kw)


def cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


@cache
def fact_types() -> dict[str, str]:
    """Every fact the engine takes (dotted path) with its JSON type, from the request's schema."""
    sections = request_schema()["properties"]
    return {f"{section}.{key}": (schema.get("anyOf") or [schema])[0].get("type", "string")
            for section in ("employer", "employee", "course")
            for key, schema in sections[section]["properties"].items()}


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
    sector = question(_("Sector of the employer"), [UNKNOWN] + list(SECTOR_LABELS.items()))
    sowis_funded_previous_round = question(
        _("Did the employer receive SOWIS support in the previous application round?"), YES_NO)
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
    inburgeringsplichtig = question(_("Was or is the worker obliged to take the civic integration course "
                                      "(inburgeringsplichtig)?"), YES_NO)
    lives_in_nl = question(_("Does the worker live in the Netherlands?"), YES_NO)
    hours_per_week = IntegerField(_("Contract hours per week"), validators=[Optional(), NumberRange(min=0, max=168)])
    contract_months = IntegerField(_("Length of the employment contract, in months"),
                                   validators=[Optional(), NumberRange(min=0, max=1200)])
    in_service_since = DateField(_("In service since"), validators=[Optional()])
    sowis_position = IntegerField(_("Which statushouder in the employer's application this year is this (1, 2, ...)?"),
                                  validators=[Optional(), NumberRange(min=1, max=100)])
    # course
    price = EuroField(_("Course price per participant, excluding VAT (EUR)"),
                      validators=[Optional(), NumberRange(min=0, max=100000)])
    vocational = question(_("Is the course aimed at one specific profession?"), YES_NO,
                          description=_("Vocational courses are VAT-exempt only from CRKBO-registered providers."))
    provider_crkbo = question(_("Is the provider CRKBO-registered?"), YES_NO)
    provider_marks = SelectMultipleField(_("Quality marks of the provider"), choices=options(MARKS))
    course_format = question(_("Form of the course"), [UNKNOWN] + list(FORMAT_LABELS.items()))
    contact_hours = IntegerField(_("Contact hours"), validators=[Optional(), NumberRange(min=1, max=2000)])
    cefr_from = question(_("Course starts at level"), [UNKNOWN] + LEVELS)
    cefr_to = question(_("Course leads to level"), [UNKNOWN] + LEVELS)
    level_test_before_start = question(_("Validated level test before the start?"), YES_NO)
    nlqf = question(_("NLQF level of the course"),
                    [UNKNOWN, ("none", _("None"))] + [(str(n), str(n)) for n in range(1, 9)])
    ontwikkelpad = question(_("Part of a sector development path (ontwikkelpad)?"), [UNKNOWN] + ONTWIKKELPADEN)
    in_scholingspakket = question(_("Is the course in the official training package of that development path?"),
                                  YES_NO)
    participant_pays = question(_("Does the participant pay part of the course?"), YES_NO)
    start = DateField(_("Course start"), validators=[Optional()])
    end = DateField(_("Course end"), validators=[Optional()])
    granted_on = DateField(_("Day the subsidy was granted (if it was)"), validators=[Optional()])

    sections = {
        "employer": ("is_temp_agency", "cao", "size_class", "sector", "de_minimis", "sowis_funded_previous_round"),
        "worker": ("employment", "cao_phase", "long_term_sick", "cefr_level", "labour_migrant", "statushouder",
                   "inburgeringsplichtig", "lives_in_nl", "hours_per_week", "contract_months", "in_service_since",
                   "sowis_position"),
        "course": ("price", "vocational", "provider_crkbo", "provider_marks", "course_format", "contact_hours",
                   "cefr_from", "cefr_to", "level_test_before_start", "nlqf", "ontwikkelpad", "in_scholingspakket",
                   "participant_pays", "start", "end", "granted_on"),
    }

    def question_for(self, path: str) -> str | None:
        """The name of the question answering a fact, None when the questionnaire does not ask it."""
        name = RENAMED.get(path, path.rpartition(".")[2])
        return name if name in self._fields and name not in self.budgets.values() else None

    def questions_for(self, path: str, scheme: str | None = None) -> list[str]:
        """The questions answering a fact: the budget question of ``scheme`` (or all) for earlier subsidies."""
        if path == PRIOR_SUBSIDIES:
            return [self.budgets[scheme]] if scheme in self.budgets else list(self.budgets.values())
        name = self.question_for(path)
        return [name] if name else []

    def answered(self, name: str) -> bool:
        return self[name].data not in ("", None, [])

    def request_body(self, today: dt.date) -> dict:
        """The answers as a CONTRACT eligibility request; unanswered questions are left out."""
        on = self.on.data or today
        body: dict = {"on": on.isoformat(), "employer": {}, "employee": {}, "course": {}}
        for path, kind in fact_types().items():
            name = self.question_for(path)
            value = _UNANSWERED if name is None else self._answer(path, kind, self[name])
            if value is not _UNANSWERED:
                section, _dot, key = path.partition(".")
                body[section][key] = value
        body["employee"]["prior_subsidies"] = [
            {"scheme": scheme, "on": on.replace(month=1, day=1).isoformat(), "amount_cents": used}
            for scheme, name in self.budgets.items() if (used := cents(self[name].data))]
        return body

    @staticmethod
    def _answer(path: str, kind: str, field):
        value = field.data
        if isinstance(field, SelectMultipleField):
            return list(value or [])
        if value in ("", None):
            return _UNANSWERED
        if value == "none" and path in NULL_IS_NONE:
            return None  # stated: none
        if isinstance(field, EuroField):
            return cents(value)
        if isinstance(field, DateField):
            return value.isoformat()
        if value in ("yes", "no"):
            return value == "yes"
        return int(value) if kind == "integer" else value


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


def question_label(path: str) -> str | None:
    """The questionnaire's label for a fact (dotted path), without a form or a request; None when it does not
    ask it."""
    field = getattr(_form_class(None), RENAMED.get(path, path.rpartition(".")[2]), None)
    return str(field.args[0]) if isinstance(field, UnboundField) else None


def eligibility_form(formdata) -> EligibilityForm:
    """The questionnaire for the schemes in force: a question for each budget a scheme keeps."""
    return _form_class(None)(formdata)
