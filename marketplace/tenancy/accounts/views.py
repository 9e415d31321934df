"""Sign-up, log-in and -out, password reset, colleagues, invitations, API tokens, switching organisation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select

from marketplace.core import clock, mail
from marketplace.core.access import actor, current_actor, get_for_org, member, public, signed_in
from marketplace.core.db import db
from marketplace.core.errors import DomainError
from marketplace.core.extensions import limiter
from marketplace.core.forms import attempt, render_form
from marketplace.core.links import external_url
from marketplace.core.mail import render_mail
from marketplace.core.translation import gettext as _
from marketplace.tenancy.organisations.models import OrgKind
from marketplace.tenancy.regions.models import current_municipalities

from . import services
from .forms import (
    AcceptInvitationForm,
    ConfirmForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    ResetPasswordForm,
    SignUpForm,
    TokenForm,
)
from .models import ApiToken, Invitation, Membership, Role

bp = Blueprint("accounts", __name__)


def _login_rate_key() -> str:
    return request.remote_addr or "unknown"


def safe_next(target: str | None) -> str:
    """Only local paths, so a crafted link cannot send a user elsewhere after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.home")


def clear_session() -> None:
    """Empty the session, keeping only the visitor's language choice."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def start_session(user, organisation_id: int | None = None) -> None:
    clear_session()  # a fresh session at log-in, so no value planted before it survives
    login_user(user)
    if organisation_id is not None:
        session["org_id"] = organisation_id


@bp.route("/aanmelden", methods=["GET", "POST"])
@public
def sign_up():
    form = SignUpForm()
    if form.validate_on_submit():
        kind = OrgKind(form.kind.data)
        request_ = services.SignUp(organisation=form.details(kind), name=form.user_name.data,
                                   email=form.email.data, password=form.password.data,
                                   locale=session.get("lang", "nl"))
        if signed_up := attempt(form, lambda: services.sign_up(request_)):
            user = signed_up.result
            start_session(user, user.memberships[0].organisation_id)
            flash(_("Welcome to Taalmarkt. Your organisation has been registered."), "success")
            return redirect(url_for("dashboard.home"))
    municipalities = current_municipalities(db.session, clock.today())
    return render_form("accounts/sign_up.html", form, municipalities=municipalities)


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_login_rate_key)
@public
def login():
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(form.next.data))
        form.form_errors.append(_("This combination of e-mail address and password is not known."))
    return render_form("accounts/login.html", form)


@bp.route("/uitloggen", methods=["POST"])
@public
def logout():
    ConfirmForm().validate_on_submit()  # CSRF is checked globally; the form only names the action
    logout_user()
    clear_session()
    flash(_("You have logged out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_login_rate_key)
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None:
            token = services.reset_token(user, current_app.config["SECRET_KEY"])
            link = external_url("accounts.reset_password", token=token)
            mail.queue(render_mail(user.email, _("Set a new password for Taalmarkt"), "password_reset",
                                          user=user, link=link,
                                          minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60))
        # The same answer whether or not the address has an account.
        flash(_("If this address belongs to an account, we have sent it a link to set a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_form("accounts/forgot_password.html", form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        user = services.user_for_reset_token(token, current_app.config["SECRET_KEY"],
                                             current_app.config["PASSWORD_RESET_MAX_AGE"])
    except DomainError as e:
        flash(e.message, "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit() and attempt(form, lambda: services.set_password(user, form.password.data)):
        start_session(user)
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("dashboard.home"))
    return render_form("accounts/reset_password.html", form)


@bp.route("/organisatie/wisselen", methods=["POST"])
@signed_in
def switch_organisation():
    wanted = request.form.get("organisation_id", type=int)
    membership = next((m for m in actor().user.memberships if m.organisation_id == wanted), None)
    if membership is None:
        abort(404)
    session["org_id"] = membership.organisation_id
    flash(_("You now work for %(org)s.", org=membership.organisation.name), "success")
    return redirect(url_for("dashboard.home"))


# Colleagues and invitations ----------------------------------------------------------------------

@bp.route("/team", methods=["GET", "POST"])
@member(role=Role.viewer)
def team():
    who = actor()
    form = InviteForm()
    if who.can(Role.owner) and form.validate_on_submit() and (invited := attempt(form, lambda: services.invite(
            who.organisation, who.user, form.email.data, Role(form.role.data)))):
        _send_invitation(invited.result)
        flash(_("Invitation sent to %(email)s.", email=invited.result.email), "success")
        return redirect(url_for("accounts.team"))
    members = db.session.scalars(select(Membership).where(Membership.organisation_id == who.organisation.id)
                                 .order_by(Membership.id)).all()
    invitations = db.session.scalars(select(Invitation).where(
        Invitation.organisation_id == who.organisation.id, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None)).order_by(Invitation.id)).all()
    return render_form("accounts/team.html", form, members=members, invitations=invitations,
                       confirm=ConfirmForm())


def _send_invitation(invitation: Invitation) -> None:
    token = services.invitation_token(invitation, current_app.config["SECRET_KEY"])
    link = external_url("accounts.accept_invitation", token=token)
    mail.queue(render_mail(invitation.email, _("%(name)s invites you to Taalmarkt",
                                                      name=invitation.invited_by.name),
                                  "invitation", invitation=invitation, link=link))


@bp.route("/team/uitnodigingen/<int:invitation_id>/intrekken", methods=["POST"])
@member(role=Role.owner)
def revoke_invitation(invitation_id: int):
    invitation = get_for_org(Invitation, invitation_id)
    invitation.revoked_at = invitation.revoked_at or clock.now()
    flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email), "success")
    return redirect(url_for("accounts.team"))


@bp.route("/team/leden/<int:membership_id>/verwijderen", methods=["POST"])
@member(role=Role.owner)
def remove_member(membership_id: int):
    membership = get_for_org(Membership, membership_id)
    services.remove_member(membership)
    flash(_("%(name)s is no longer a member.", name=membership.user.name), "success")
    return redirect(url_for("accounts.team"))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    """Join an organisation: an existing account logs in first; a new person sets a name and password."""
    try:
        invitation = services.invitation_for_token(token, current_app.config["SECRET_KEY"],
                                                   current_app.config["INVITATION_MAX_AGE"])
    except DomainError as e:
        flash(e.message, "error")
        return redirect(url_for("pages.home"))
    who = current_actor()
    existing = services.find_user(invitation.email)
    form = AcceptInvitationForm()
    if existing is not None:
        if who is None or who.user.id != existing.id:
            flash(_("Log in as %(email)s to accept the invitation.", email=invitation.email), "info")
            return redirect(url_for("accounts.login", next=request.path))
        if request.method == "POST" and ConfirmForm().validate_on_submit():
            services.accept_invitation(invitation, existing)
            session["org_id"] = invitation.organisation_id
            flash(_("You are now a member of %(org)s.", org=invitation.organisation.name), "success")
            return redirect(url_for("dashboard.home"))
        return render_template("accounts/accept_invitation.html", invitation=invitation, form=ConfirmForm(),
                               existing=True)
    if form.validate_on_submit() and (joined := attempt(form, lambda: services.join(
            invitation, form.name.data, form.password.data, session.get("lang", "nl")))):
        user = joined.result
        start_session(user, invitation.organisation_id)
        flash(_("Welcome. You are now a member of %(org)s.", org=invitation.organisation.name), "success")
        return redirect(url_for("dashboard.home"))
    return render_form("accounts/accept_invitation.html", form, invitation=invitation, existing=False)


# API tokens --------------------------------------------------------------------------------------

@bp.route("/api-tokens", methods=["GET", "POST"])
@member(role=Role.owner)
def tokens():
    who = actor()
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = services.create_token(who.user, who.organisation, form.name.data)
        form = TokenForm(formdata=None)
    rows = db.session.scalars(select(ApiToken).where(ApiToken.organisation_id == who.organisation.id)
                              .order_by(ApiToken.id.desc())).all()
    return render_form("accounts/tokens.html", form, tokens=rows, new_token=new_token, confirm=ConfirmForm())


@bp.route("/api-tokens/<int:token_id>/intrekken", methods=["POST"])
@member(role=Role.owner)
def revoke_token(token_id: int):
    token = get_for_org(ApiToken, token_id)
    services.revoke_token(token)
    flash(_("The token “%(name)s” has been revoked; it no longer works.", name=token.name), "success")
    return redirect(url_for("accounts.tokens"))
