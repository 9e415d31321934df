"""Forms for signing up, logging in, passwords, invitations and tokens."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from marketplace.core.forms import options
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.forms import KIND_LABELS, OrganisationFields

from .models import Role
from .passwords import MIN_LENGTH

ROLE_LABELS = {
    Role.owner: _("Owner: everything, including colleagues and API tokens"),
    Role.member: _("Member: can work with the data"),
    Role.viewer: _("Viewer: can only look"),
}


def new_password_fields():
    password = PasswordField(_("Password"), validators=[InputRequired(), Length(min=MIN_LENGTH, max=200)],
                             description=_("At least %(n)d characters.", n=MIN_LENGTH),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_("Repeat password"),
                            validators=[InputRequired(), EqualTo("password", message=_("The passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
    return password, confirm


class SignUpForm(OrganisationFields):
    kind = RadioField(_("What kind of organisation are you?"), validators=[InputRequired()],
                      choices=options([(k.value, v) for k, v in KIND_LABELS.items()]))
    user_name = StringField(_("Your name"), validators=[InputRequired(), Length(max=200)],
                            render_kw={"autocomplete": "name"})
    email = EmailField(_("Your e-mail address"), validators=[InputRequired(), Email(), Length(max=254)],
                       description=_("You log in with it."), render_kw={"autocomplete": "email"})
    password, confirm = new_password_fields()


class LoginForm(FlaskForm):
    email = EmailField(_("E-mail address"), validators=[InputRequired(), Email()], render_kw={"autocomplete": "email"})
    password = PasswordField(_("Password"), validators=[InputRequired()],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_("E-mail address"), validators=[InputRequired(), Email()], render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class AcceptInvitationForm(FlaskForm):
    name = StringField(_("Your name"), validators=[InputRequired(), Length(max=200)])
    password, confirm = new_password_fields()


class InviteForm(FlaskForm):
    email = EmailField(_("Colleague's e-mail address"), validators=[InputRequired(), Email(), Length(max=254)])
    role = SelectField(_("Role"), choices=options([(r.value, label) for r, label in ROLE_LABELS.items()]),
                       default="member")


class TokenForm(FlaskForm):
    name = StringField(_("Name of the token"), validators=[InputRequired(), Length(max=100)],
                       description=_("For example the system that will use it: 'HR system'."))


class ConfirmForm(FlaskForm):
    """An empty form: a button that posts, with its CSRF token."""
