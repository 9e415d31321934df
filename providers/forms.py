from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from marketplace.forms import options
from marketplace.translation import lazy_gettext as _

from .marks import MarkDetails
from .models import MarkKind

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
