from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length

from marketplace.core.forms import options
from marketplace.core.translation import lazy_gettext as _

from .models import PaymentMethod

PAYMENT_LABELS = {PaymentMethod.invoice: _("On invoice (bank transfer)"),
                  PaymentMethod.stripe: _("Online: card, iDEAL or SEPA Direct Debit")}


class BookForm(FlaskForm):
    employee_ids = SelectMultipleField(_("Employees to book"), coerce=int, validate_choice=False,
                                       description=_("Their seats are held for 15 minutes while you review the costs."))
    waitlist = BooleanField(_("If the run is full, put us on the waiting list"), default=True)


class ConfirmBookingForm(FlaskForm):
    payment_method = RadioField(_("Payment"), default=PaymentMethod.invoice.value, validators=[InputRequired()])

    def __init__(self, *args, stripe: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        methods = [PaymentMethod.invoice] + ([PaymentMethod.stripe] if stripe else [])
        self.payment_method.choices = options([(m.value, PAYMENT_LABELS[m]) for m in methods])


class CancelForm(FlaskForm):
    employee_ids = SelectMultipleField(_("Cancel for"), coerce=int, validate_choice=False,
                                       description=_("None chosen: the whole booking."))


class SwapForm(FlaskForm):
    employee_id = SelectField(_("Seat of"), coerce=int, validate_choice=False)
    colleague_id = SelectField(_("Goes to"), coerce=int, validate_choice=False)


class DeclineForm(FlaskForm):
    reason = TextAreaField(_("Reason for the employer"), validators=[InputRequired(), Length(max=1000)])
