from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.core.db import db
from marketplace.core.forms import EuroField, options
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.regions.models import Region

from .labels import EXAM_LABELS, FORMAT_LABELS, PLACE_LABELS, SECTOR_TAG_LABELS, WEEKDAY_LABELS
from .marks import MarkDetails
from .models import MarkKind
from .schedule import WeeklyPattern
from .search import RunFilters
from .supply import CourseInput, RunInput
from .vocabulary import LANGUAGES, Cefr, CourseFormat, Exam, PlaceKind

MARK_LABELS = {
    MarkKind.blik_op_werk: _("Blik op Werk Keurmerk Inburgeren"),
    MarkKind.nrto: _("NRTO keurmerk"),
    MarkKind.crkbo: _("CRKBO registration"),
    MarkKind.other: _("Other quality mark"),
}


def mark_label(mark) -> str:
    return mark.label if mark.kind == MarkKind.other and mark.label else str(MARK_LABELS[MarkKind(mark.kind)])


class MarkForm(FlaskForm):
    kind = SelectField(_("Quality mark"), choices=options([(k.value, v) for k, v in MARK_LABELS.items()]))
    label = StringField(_("Name (for another mark)"), validators=[Optional(), Length(max=100)])
    number = StringField(_("Certificate or registration number"), validators=[InputRequired(), Length(max=50)])
    valid_from = DateField(_("Valid from"), validators=[InputRequired()])
    valid_until = DateField(_("Valid until"), validators=[InputRequired()],
                            description=_("After this date the mark shows as expired and no longer counts "
                                          "for subsidy rules."))

    def details(self) -> MarkDetails:
        return MarkDetails(kind=MarkKind(self.kind.data), number=self.number.data, label=self.label.data,
                           valid_from=self.valid_from.data, valid_until=self.valid_until.data)


class SearchForm(FlaskForm):
    """The public search: every filter of the API, as a GET form."""

    class Meta:
        csrf = False

    q = StringField(_("Search words"), validators=[Optional(), Length(max=100)])
    region = SelectField(_("Region"), default="", validators=[Optional()])
    level = SelectField(_("Level of the learners now"), default="",
                        choices=options([("", _("Any level"))] + [(c.value, c.value) for c in Cefr]),
                        description=_("Shows courses that start at or below this level and lead above it."))
    format = SelectMultipleField(_("Form"), choices=options([(f.value, FORMAT_LABELS[f]) for f in CourseFormat]))
    starts_after = DateField(_("Starts on or after"), validators=[Optional()])
    starts_before = DateField(_("Starts on or before"), validators=[Optional()])
    weekday = SelectMultipleField(_("Only on these days"), choices=options(list(WEEKDAY_LABELS.items())))
    time_from = TimeField(_("Not before"), validators=[Optional()])
    time_to = TimeField(_("Ends by"), validators=[Optional()])
    support_language = SelectField(_("Support language"), default="",
                                   choices=options([("", _("Any"))] + [(code, code) for code in LANGUAGES]))
    exam = SelectField(_("Exam"), default="", choices=options([("", _("Any"))] + list(EXAM_LABELS.items())))
    max_price = IntegerField(_("Price at most (EUR per participant, excl. VAT)"),
                             validators=[Optional(), NumberRange(min=0, max=25000)])
    mark = SelectField(_("Quality mark"), default="", choices=options([("", _("Any"))] + list(MARK_LABELS.items())))
    min_seats = IntegerField(_("Seats needed"), validators=[Optional(), NumberRange(min=1, max=200)])
    sort = SelectField(_("Sort by"), default="start", choices=options(
        [("start", _("Start date")), ("price", _("Price")), ("level_fit", _("Fit to the level"))]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        regions = db.session.scalars(select(Region).order_by(Region.name)).all()
        self.region.choices = options([("", _("All regions"))] + [(r.code, r.name) for r in regions])

    def filters(self, today: dt.date) -> RunFilters:
        return RunFilters(
            today=today, q=self.q.data or None, region=self.region.data or None,
            level=Cefr(self.level.data) if self.level.data else None, formats=tuple(self.format.data or ()),
            starts_after=self.starts_after.data, starts_before=self.starts_before.data,
            weekdays=tuple(self.weekday.data or ()), time_from=self.time_from.data, time_to=self.time_to.data,
            support_language=self.support_language.data or None, exam=Exam(self.exam.data) if self.exam.data else None,
            max_price_cents=self.max_price.data * 100 if self.max_price.data is not None else None,
            mark=MarkKind(self.mark.data) if self.mark.data else None, min_seats=self.min_seats.data,
            sort=self.sort.data or "start")


class LocationForm(FlaskForm):
    name = StringField(_("Name of the location"), validators=[InputRequired(), Length(max=120)],
                       description=_("For example 'Lesruimte Waalhaven'."))
    street = StringField(_("Street and number"), validators=[InputRequired(), Length(max=200)])
    postcode = StringField(_("Postcode"), validators=[InputRequired(), Length(max=10)])
    city = StringField(_("Town"), validators=[InputRequired(), Length(max=100)])
    municipality = StringField(_("Municipality"), validators=[InputRequired()],
                               description=_("Type to search and choose from the list; it gives the region."),
                               render_kw={"list": "municipality-options", "autocomplete": "off"})
    directions = TextAreaField(_("Directions for learners"), validators=[Optional(), Length(max=2000)],
                               description=_("Entrance, floor, parking: it goes into the invitations."))


class CourseForm(FlaskForm):
    title = StringField(_("Title"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(_("Description"), validators=[Optional(), Length(max=10000)],
                                description=_("What will learners be able to do afterwards? For whom is it?"))
    cefr_from = SelectField(_("Starting level"), choices=options([(c.value, c.value) for c in Cefr]), default="A0")
    cefr_to = SelectField(_("Target level"), choices=options([(c.value, c.value) for c in Cefr]), default="A1")
    contact_hours = IntegerField(_("Contact hours"), validators=[InputRequired(), NumberRange(min=1, max=2000)])
    self_study_hours = IntegerField(_("Self-study hours"), validators=[Optional(), NumberRange(min=0, max=2000)])
    format = SelectField(_("Form"), choices=options([(f.value, FORMAT_LABELS[f]) for f in CourseFormat]))
    support_languages = SelectMultipleField(
        _("Support languages"), choices=options([(code, code) for code in LANGUAGES if code != "nl"]),
        description=_("The course is in Dutch; in which languages can the teacher explain?"))
    vocational = BooleanField(_("Aimed at one specific profession (vocational)"),
                              description=_("Decides VAT: vocational courses are exempt only with a CRKBO "
                                            "registration; general language courses are always exempt."))
    exam = SelectField(_("Exam"), choices=options(list(EXAM_LABELS.items())), default="none")
    sector_tags = SelectMultipleField(_("Sector vocabulary"), choices=options(list(SECTOR_TAG_LABELS.items())))
    nlqf = IntegerField(_("NLQF level"), validators=[Optional(), NumberRange(min=1, max=8)],
                        description=_("Only where the course has one."))
    what_to_bring = TextAreaField(_("What learners bring"), validators=[Optional(), Length(max=2000)])

    def to_input(self):
        return CourseInput(
            title=self.title.data, description=self.description.data or "", cefr_from=Cefr(self.cefr_from.data),
            cefr_to=Cefr(self.cefr_to.data), contact_hours=self.contact_hours.data,
            self_study_hours=self.self_study_hours.data, format=CourseFormat(self.format.data),
            vocational=bool(self.vocational.data), exam=Exam(self.exam.data),
            support_languages=tuple(self.support_languages.data or ()), sector_tags=tuple(self.sector_tags.data or ()),
            nlqf=self.nlqf.data, what_to_bring=self.what_to_bring.data)


class RunForm(FlaskForm):
    """A run with its lessons entered as a weekly pattern."""

    place_kind = RadioField(_("Where"), choices=options(list(PLACE_LABELS.items())), default="location")
    location_id = SelectField(_("Location"), coerce=int, validate_choice=False, default=0)
    regions = SelectMultipleField(_("Regions served"), validate_choice=False,
                                  description=_("For in-company and online runs: where employers will find it. "
                                                "A location always serves its own region."))
    weekdays = SelectMultipleField(_("Lesson days"), choices=options(list(WEEKDAY_LABELS.items())),
                                   validators=[InputRequired()])
    start_time = TimeField(_("Lessons start at"), validators=[InputRequired()])
    end_time = TimeField(_("Lessons end at"), validators=[InputRequired()])
    first_date = DateField(_("First lesson day"), validators=[InputRequired()])
    last_date = DateField(_("Last lesson day"), validators=[InputRequired()])
    skip_public_holidays = BooleanField(_("Skip Dutch public holidays"), default=True)
    excluded_dates = TextAreaField(_("Other days without lessons"), validators=[Optional(), Length(max=2000)],
                                   description=_("One date per line, as 2027-05-14."))
    capacity_min = IntegerField(_("Minimum group size"), validators=[InputRequired(), NumberRange(min=1, max=200)],
                                default=6)
    capacity_max = IntegerField(_("Maximum group size"), validators=[InputRequired(), NumberRange(min=1, max=200)],
                                default=12)
    price = EuroField(_("Price per participant, excl. VAT (EUR)"),
                      validators=[InputRequired(), NumberRange(min=0, max=25000)])
    booking_deadline_days = IntegerField(_("Booking closes this many days before the start"), default=7,
                                         validators=[InputRequired(), NumberRange(min=0, max=180)])
    go_no_go_days = IntegerField(_("Go/no-go decision this many days before the start"), default=10,
                                 validators=[InputRequired(), NumberRange(min=0, max=180)],
                                 description=_("Below the minimum group size on that day, the run is cancelled."))
    instant_booking = BooleanField(_("Employers can book at once (without my acceptance)"), default=True)
    acceptance_days = IntegerField(_("Otherwise I accept or decline a booking within this many days"), default=3,
                                   validators=[InputRequired(), NumberRange(min=1, max=14)])
    free_cancellation_days = IntegerField(_("Free cancellation until this many days before the start"), default=14,
                                          validators=[InputRequired(), NumberRange(min=0, max=365)])
    late_cancellation_percent = IntegerField(_("Charge for a later cancellation (percentage of the price)"), default=50,
                                             validators=[InputRequired(), NumberRange(min=0, max=100)])
    reason = TextAreaField(_("Reason for the change"), validators=[Optional(), Length(max=2000)],
                           description=_("Needed when the run has bookings: the booked employers receive it."))

    def pattern(self):
        excluded = set()
        for line in (self.excluded_dates.data or "").split():
            try:
                excluded.add(dt.date.fromisoformat(line.strip()))
            except ValueError:
                self.excluded_dates.errors = [*self.excluded_dates.errors, str(_("Not a date: %(value)s", value=line))]
        return WeeklyPattern(tuple(self.weekdays.data), self.start_time.data, self.end_time.data,
                             self.first_date.data, self.last_date.data, bool(self.skip_public_holidays.data),
                             frozenset(excluded))

    def to_input(self, lessons):
        first = self.first_date.data
        return RunInput(
            place_kind=PlaceKind(self.place_kind.data), location_id=self.location_id.data or None,
            regions=tuple(self.regions.data or ()), start_date=first, end_date=self.last_date.data,
            capacity_min=self.capacity_min.data, capacity_max=self.capacity_max.data,
            price_cents=int((self.price.data * 100).quantize(Decimal(1))),
            booking_deadline=first - dt.timedelta(days=self.booking_deadline_days.data),
            go_no_go_date=first - dt.timedelta(days=self.go_no_go_days.data),
            instant_booking=bool(self.instant_booking.data), acceptance_days=self.acceptance_days.data,
            free_cancellation_days=self.free_cancellation_days.data,
            late_cancellation_percent=self.late_cancellation_percent.data, lessons=tuple(lessons))


class LessonForm(FlaskForm):
    day = DateField(_("Day"), validators=[InputRequired()])
    start_time = TimeField(_("Start"), validators=[InputRequired()])
    end_time = TimeField(_("End"), validators=[InputRequired()])
    note = StringField(_("Note for this lesson (room, other address)"), validators=[Optional(), Length(max=200)])
    reason = TextAreaField(_("Reason for the change"), validators=[Optional(), Length(max=2000)])
