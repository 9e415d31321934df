from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.db import db

from marketplace.forms import options
from marketplace.translation import lazy_gettext as _

from .labels import EXAM_LABELS, FORMAT_LABELS, WEEKDAY_LABELS
from .marks import MarkDetails
from .models import MarkKind
from .search import RunFilters
from .vocabulary import LANGUAGES, Cefr, CourseFormat, Exam

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
        from marketplace.regions.models import Region

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
