"""Users, their memberships of organisations, invitations and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core import clock
from marketplace.core.access import Role
from marketplace.core.db import Base, EnumText
from marketplace.tenancy.organisations.models import Organisation


class User(Base):
    __tablename__ = "users"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: login name, stored lower-case
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    #: the person's full name, as colleagues see it (e.g. in invitations)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: argon2id hash
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    #: changes with the password, so old sessions and reset links stop working
    auth_stamp: Mapped[str] = mapped_column(String(32), nullable=False, default=lambda: secrets.token_hex(8))
    #: preferred interface language
    locale: Mapped[str] = mapped_column(String(5), nullable=False, default="nl")
    #: when the account was created
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when the person last signed in with their password; null if never
    last_login_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", order_by="Membership.id", cascade="all, delete-orphan"
    )

    # Flask-Login protocol
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}.{self.auth_stamp}"


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the person who is a member
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: the organisation they work in; a person may belong to several
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: what they may do there: viewers read, members act, owners also manage people and tokens
    role: Mapped[Role] = mapped_column(EnumText(Role, 10), nullable=False)
    #: when the person joined the organisation
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Invitation(Base):
    """A colleague invited by e-mail to join an organisation with a role; the link is signed."""

    __tablename__ = "invitations"

    #: surrogate key; the signed invitation link carries it
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the organisation the colleague is invited to
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the invited address, normalised; only an account with this address can accept
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    #: the role the membership gets on acceptance
    role: Mapped[Role] = mapped_column(EnumText(Role, 10), nullable=False)
    #: the member who sent the invitation; the e-mail names them
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: when the invitation was sent
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when it was accepted; null while open
    accepted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: when an owner withdrew it; null unless withdrawn
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class ApiToken(Base):
    """A bearer token for one user acting for one organisation. Only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    #: surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the organisation the token acts for
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    #: the member the token acts as; it has their role in the organisation
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: a label the owner gives it, to tell tokens apart ("API" when left empty)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    #: sha256 of the token; tokens are 256 random bits, so a fast hash is enough
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    #: first characters of the token, to recognise it in a list
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    #: when the token was created
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=clock.now)
    #: when it was last used, to within TOKEN_USE_PRECISION (services); null if never
    last_used_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: when it was revoked; a revoked token no longer works
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new(cls, user: User, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
        token = "tm_" + secrets.token_urlsafe(32)
        return cls(user=user, organisation=organisation, name=name, token_hash=cls.hash(token),
                   prefix=token[:10]), token
