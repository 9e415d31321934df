"""Roster and training-need forms. Each field's hint says what it is used for."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from marketplace.core.forms import EuroField, options
from marketplace.core.translation import lazy_gettext as _
from providers.labels import FORMAT_LABELS, WEEKDAY_LABELS
from providers.vocabulary import LANGUAGES, Cefr, CourseFormat

from .models import CAO_PHASES, Employment, LevelSource
from .services import EmployeeInput, NeedInput, WindowInput

LEVELS = [(c.value, c.value) for c in Cefr]
EMPLOYMENT_LABELS = {Employment.employee: _("Employee on the payroll"), Employment.agency_worker: _("Agency worker"),
                     Employment.self_employed: _("Self-employed")}
SOURCE_LABELS = {LevelSource.self_reported: _("Self-reported"), LevelSource.placement_test: _("Placement test"),
                 LevelSource.certificate: _("Certificate")}
PHASE_LABELS = {"nvt": _("nvt: statushouder in placement, no phase yet")}
TRI = [("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))]


def tri(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def tri_value(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class EmployeeForm(FlaskForm):
    first_name = StringField(_("First name"), validators=[InputRequired(), Length(max=100)])
    last_name = StringField(_("Last name"), validators=[InputRequired(), Length(max=100)])
    preferred_language = SelectField(_("Language for invitations"), default="nl",
                                     choices=options([(code, code) for code in LANGUAGES]))
    email = EmailField(_("E-mail address"), validators=[Optional(), Email(), Length(max=254)],
                       description=_("Optional. Without it, invitations go to you."))
    phone = StringField(_("Phone"), validators=[Optional(), Length(max=40)], description=_("Optional."))
    cefr_level = SelectField(_("Level of Dutch now"), default="",
                             choices=options([("", _("Not known yet"))] + LEVELS),
                             description=_("Used for matching courses."))
    level_source = SelectField(_("How the level was established"), default="",
                               choices=options([("", _("Not recorded"))] + list(SOURCE_LABELS.items())),
                               description=_("Some schemes require a validated level test before the start."))
    level_assessed_on = DateField(_("Date of the level assessment"), validators=[Optional()])
    target_level = SelectField(_("Target level"), default="", choices=options([("", _("Not set"))] + LEVELS))
    employment = SelectField(_("Employment"), choices=options(list(EMPLOYMENT_LABELS.items())),
                             description=_("Subsidy rule: the Doorzaam budget is for agency workers."))
    cao_phase = SelectField(_("CAO phase (agency workers)"), default="",
                            choices=options([("", _("Not applicable"))]
                                            + [(p, PHASE_LABELS.get(p, p)) for p in CAO_PHASES]),
                            description=_("Subsidy rule: Doorzaam pays in phase A or B (ABU) or 1 to 3 (NBBU)."))
    long_term_sick = SelectField(_("Long-term sick"), default="", choices=options(TRI),
                                 description=_("Subsidy rule: Doorzaam does not pay for long-term sick workers."))
    hours_per_week = IntegerField(_("Hours per week"), validators=[Optional(), NumberRange(min=1, max=60)],
                                  description=_("Subsidy rule: SOWIS requires at least 20 hours a week."))
    employment_start = DateField(_("In service since"), validators=[Optional()])
    labour_migrant = SelectField(_("Labour migrant"), default="", choices=options(TRI),
                                 description=_("For anonymous regional statistics and the ESF+ programmes for labour "
                                                   "migrants; never shown per person."))
    statushouder = SelectField(_("Statushouder (refugee with a residence permit)"), default="", choices=options(TRI),
                               description=_("Subsidy rules: SOWIS and ESF+ ask it, and Doorzaam for a worker in "
                                             "placement without a CAO phase."))
    site_id = SelectField(_("Works at"), coerce=int, validate_choice=False, default=0)

    def to_input(self) -> EmployeeInput:
        return EmployeeInput(
            first_name=self.first_name.data, last_name=self.last_name.data,
            employment=Employment(self.employment.data), preferred_language=self.preferred_language.data,
            cefr_level=Cefr(self.cefr_level.data) if self.cefr_level.data else None,
            level_source=LevelSource(self.level_source.data) if self.level_source.data else None,
            level_assessed_on=self.level_assessed_on.data,
            target_level=Cefr(self.target_level.data) if self.target_level.data else None,
            cao_phase=self.cao_phase.data or None, long_term_sick=tri(self.long_term_sick.data),
            hours_per_week=self.hours_per_week.data, employment_start=self.employment_start.data,
            labour_migrant=tri(self.labour_migrant.data), statushouder=tri(self.statushouder.data),
            email=self.email.data or None, phone=self.phone.data or None,
            site_id=self.site_id.data or None)

    def fill(self, employee) -> None:
        for name in ("cefr_level", "level_source", "target_level", "cao_phase"):
            getattr(self, name).data = getattr(employee, name) or ""
        self.long_term_sick.data = tri_value(employee.long_term_sick)
        self.labour_migrant.data = tri_value(employee.labour_migrant)
        self.statushouder.data = tri_value(employee.statushouder)
        self.site_id.data = employee.site_id or 0


class WindowForm(Form):
    weekday = SelectField(_("Day"), default="", choices=options([("", "—")] + list(WEEKDAY_LABELS.items())))
    time_from = TimeField(_("From"), validators=[Optional()])
    time_to = TimeField(_("Until"), validators=[Optional()])


class NeedForm(FlaskForm):
    title = StringField(_("Name of the need"), validators=[Optional(), Length(max=200)],
                        description=_("For example 'Warehouse team, early shift'."))
    employee_ids = SelectMultipleField(_("Employees"), coerce=int, validate_choice=False)
    learners = IntegerField(_("Or the number of learners"), validators=[Optional(), NumberRange(min=1, max=500)],
                            description=_("When you do not want to name them yet."))
    cefr_from = SelectField(_("Level now"), choices=options(LEVELS), default="A1")
    cefr_to = SelectField(_("Level to reach"), choices=options(LEVELS), default="A2")
    formats = SelectMultipleField(_("Forms you accept"), choices=options(
        [(f.value, FORMAT_LABELS[f]) for f in CourseFormat]), description=_("None chosen: any."))
    site_id = SelectField(_("Site"), coerce=int, validate_choice=False, default=0)
    windows = FieldList(FormField(WindowForm), min_entries=4, max_entries=7,
                        label=_("When your staff can follow lessons"))
    earliest_start = DateField(_("Earliest start"), validators=[InputRequired()])
    budget = EuroField(_("Budget per person, excl. VAT (EUR)"),
                       validators=[Optional(), NumberRange(min=0, max=25000)])

    def to_input(self) -> NeedInput:
        windows = tuple(WindowInput(w.weekday.data, w.time_from.data, w.time_to.data)
                        for w in self.windows if w.weekday.data and w.time_from.data and w.time_to.data)
        return NeedInput(
            title=self.title.data or "", cefr_from=Cefr(self.cefr_from.data), cefr_to=Cefr(self.cefr_to.data),
            earliest_start=self.earliest_start.data, windows=windows, employee_ids=tuple(self.employee_ids.data or ()),
            learners=self.learners.data, formats=tuple(self.formats.data or ()), site_id=self.site_id.data or None,
            budget_per_person_cents=int(self.budget.data * 100) if self.budget.data is not None else None)

