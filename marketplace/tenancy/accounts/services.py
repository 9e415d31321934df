"""Account use cases: sign-up, log-in, password reset, invitations, tokens, switching organisation."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from marketplace.core import clock, jobs
from marketplace.core.db import db
from marketplace.core.errors import DomainError, ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.organisations.services import OrganisationDetails, create_organisation

from .models import ApiToken, Invitation, Membership, Role, User
from .passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password

#: a token's last use is recorded this coarsely
TOKEN_USE_PRECISION = dt.timedelta(minutes=5)


class AccountError(DomainError):
    pass


@dataclass(frozen=True)
class SignUp:
    organisation: OrganisationDetails
    name: str
    email: str
    password: str
    locale: str = "nl"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AccountError(_("Use at least %(n)d characters.", n=MIN_LENGTH), field="password")


def sign_up(request: SignUp) -> User:
    """Create an organisation with its first user as owner.

    Validates everything before writing anything, so a failed sign-up leaves no trace.
    """
    errors: dict[str, list[str]] = {}
    if find_user(request.email) is not None:
        errors["email"] = [_("This e-mail address cannot be used for a new account. Log in, or reset your "
                             "password if you have forgotten it.")]
    try:
        check_password_strength(request.password)
    except AccountError as e:
        errors["password"] = [e.message]
    if errors:
        raise ValidationError(errors)
    organisation = create_organisation(request.organisation)
    user = create_user(request.name, request.email, request.password, request.locale)
    db.session.add(Membership(user=user, organisation=organisation, role=Role.owner))
    db.session.flush()
    return user


def create_user(name: str, email: str, password: str, locale: str = "nl") -> User:
    user = User(name=name.strip(), email=normalise_email(email), password_hash=hash_password(password),
                locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; equally slow for unknown addresses."""
    user = find_user(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = clock.now()
    return user


def set_password(user: User, password: str) -> None:
    """New password; a new auth stamp ends every other session and every outstanding reset link."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.auth_stamp = secrets.token_hex(8)


# Password reset ----------------------------------------------------------------------------------

def _reset_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="taalmarkt.password-reset")


def reset_token(user: User, secret_key: str) -> str:
    return _reset_serializer(secret_key).dumps({"u": user.id, "s": user.auth_stamp})


def user_for_reset_token(token: str, secret_key: str, max_age: int) -> User:
    """The user a reset link is for; it expires after ``max_age`` seconds and after one use."""
    try:
        data = _reset_serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        raise AccountError(_("This link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise AccountError(_("This link is not valid. Ask for a new one.")) from None
    user = db.session.get(User, data.get("u"))
    if user is None or user.auth_stamp != data.get("s"):
        raise AccountError(_("This link has already been used. Ask for a new one."))
    return user


# Invitations -------------------------------------------------------------------------------------

def _invitation_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="taalmarkt.invitation")


def invite(organisation: Organisation, invited_by: User, email: str, role: Role) -> Invitation:
    """Invite a colleague; an address that is already a member is refused with a clear message."""
    email = normalise_email(email)
    already = db.session.scalar(
        select(func.count()).select_from(Membership).join(User)
        .where(Membership.organisation_id == organisation.id, User.email == email)
    )
    if already:
        raise AccountError(_("This person is already a member of %(org)s.", org=organisation.name), field="email")
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=invited_by)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def join(invitation: Invitation, name: str, password: str, locale: str = "nl") -> User:
    """A new person accepts an invitation: their account, and their membership with the invited role."""
    user = create_user(name, invitation.email, password, locale)
    accept_invitation(invitation, user)
    return user


def invitation_token(invitation: Invitation, secret_key: str) -> str:
    return _invitation_serializer(secret_key).dumps({"i": invitation.id})


def invitation_for_token(token: str, secret_key: str, max_age: int) -> Invitation:
    try:
        data = _invitation_serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        raise AccountError(_("This invitation has expired. Ask your colleague for a new one.")) from None
    except BadSignature:
        raise AccountError(_("This invitation link is not valid.")) from None
    invitation = db.session.get(Invitation, data.get("i"))
    if invitation is None or not invitation.is_open:
        raise AccountError(_("This invitation has already been used or withdrawn."))
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    if user.email != invitation.email:
        raise AccountError(_("This invitation was sent to another e-mail address."))
    membership = db.session.scalar(
        select(Membership).filter_by(user_id=user.id, organisation_id=invitation.organisation_id))
    if membership is None:
        membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
        db.session.add(membership)
    invitation.accepted_at = clock.now()
    db.session.flush()
    return membership


# API tokens --------------------------------------------------------------------------------------

def create_token(user: User, organisation: Organisation, name: str) -> str:
    """Create a token and return it; only its hash is kept, so it is shown once."""
    membership_of(user, organisation)
    token, secret = ApiToken.new(user, organisation, name.strip() or "API")
    db.session.add(token)
    db.session.flush()
    return secret


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()


def actor_for_token(secret: str):
    """(token, membership) for a live bearer token, or None."""
    # one query for token, user, organisation and membership: every API request starts here
    found = db.session.execute(
        select(ApiToken, Membership).join(Membership, (Membership.user_id == ApiToken.user_id)
                                          & (Membership.organisation_id == ApiToken.organisation_id))
        .where(ApiToken.token_hash == ApiToken.hash(secret))
        .options(joinedload(ApiToken.user), joinedload(ApiToken.organisation))).first()
    if found is None or found[0].revoked_at is not None:
        return None
    token, membership = found
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_PRECISION:
        # stamped after the request, in a transaction of its own: a request that only reads writes nothing
        jobs.enqueue("accounts.stamp_token", token_id=token.id, at=now.isoformat())
    return token, membership


@jobs.job("accounts.stamp_token")
def stamp_token(token_id: int, at: str) -> None:
    """Record when a token was last used (to the TOKEN_USE_PRECISION, so a busy client writes seldom)."""
    moment = dt.datetime.fromisoformat(at)
    db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id, (ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < moment))
        .values(last_used_at=moment))


# Memberships -------------------------------------------------------------------------------------

def membership_of(user: User, organisation: Organisation) -> Membership:
    membership = db.session.scalar(
        select(Membership).filter_by(user_id=user.id, organisation_id=organisation.id))
    if membership is None:
        raise AccountError(_("You are not a member of this organisation."))
    return membership


def remove_member(membership: Membership) -> None:
    """Remove a colleague; the last owner cannot be removed, so an organisation never has none."""
    if membership.role == Role.owner:
        owners = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.organisation_id == membership.organisation_id, Membership.role == Role.owner))
        if owners <= 1:
            raise AccountError(_("An organisation needs at least one owner."))
    db.session.delete(membership)
    db.session.flush()
