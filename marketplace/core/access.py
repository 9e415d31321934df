"""Who may use which endpoint, declared on every view, checked in one place.

Every view function carries an ``access`` attribute set by one of ``public``, ``signed_in`` or
``member``; a test walks ``app.url_map`` and fails on any endpoint without one. Objects that belong
to an organisation are loaded through ``get_for_org``, which answers 404 for another tenant's object,
so that no view can forget the check and no response reveals that the object exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING

from flask import abort, g

from marketplace.core.db import db

if TYPE_CHECKING:
    from marketplace.tenancy.accounts.models import User
    from marketplace.tenancy.organisations.models import Organisation


class Role(StrEnum):
    """Within one organisation: viewers read, members act, owners also manage people and tokens."""

    viewer = "viewer"
    member = "member"
    owner = "owner"

    @property
    def rank(self) -> int:
        return ("viewer", "member", "owner").index(self.value)

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


@dataclass(frozen=True)
class Access:
    login: bool
    #: the organisation kinds allowed; None: any organisation (``member()``) or none needed (``signed_in``)
    kinds: frozenset[str] | None = None
    role: Role | None = None
    organisation: bool = False

    def describe(self) -> str:
        if not self.login:
            return "public"
        if not self.organisation:
            return "signed in"
        kinds = ", ".join(sorted(self.kinds)) if self.kinds else "any organisation"
        return f"{self.role or Role.viewer} of {kinds}"


@dataclass(frozen=True)
class Actor:
    """The user making the request and the organisation they act for (None before they have one)."""

    user: User
    organisation: Organisation | None
    role: Role | None
    via_token: bool = False

    def can(self, role: Role | str) -> bool:
        return self.role is not None and self.role.at_least(Role(role))


class Unauthorised(Exception):
    """No valid login or token: HTML answers with the log-in page, the API with 401."""


class Forbidden(Exception):
    """Logged in, but this organisation kind or role may not do this."""


def current_actor() -> Actor | None:
    return g.get("actor")


def actor() -> Actor:
    """The actor of a view declared with ``member`` or ``signed_in`` (never None there)."""
    return g.actor


def _declare(view: Callable, access: Access) -> Callable:
    @wraps(view)
    def guarded(*args, **kwargs):
        if access.login:
            who = current_actor()
            if who is None:
                raise Unauthorised()
            if access.organisation:
                if who.organisation is None or (access.kinds and who.organisation.kind not in access.kinds):
                    raise Forbidden()
                if not who.can(access.role or Role.viewer):
                    raise Forbidden()
        return view(*args, **kwargs)

    guarded.access = access
    return guarded


def public(view: Callable) -> Callable:
    """Anyone, also without logging in."""
    return _declare(view, Access(login=False))


def signed_in(view: Callable) -> Callable:
    """Any logged-in user, whatever organisation they act for."""
    return _declare(view, Access(login=True))


def member(*kinds: str, role: Role = Role.viewer) -> Callable[[Callable], Callable]:
    """A user acting for an organisation of one of ``kinds`` (any kind when none given) with ``role``."""
    allowed = frozenset(kinds) or None

    def decorator(view: Callable) -> Callable:
        return _declare(view, Access(login=True, kinds=allowed, role=role, organisation=True))

    return decorator


def get_for_org(model, object_id, *, options: Iterable = ()):
    """Load ``model`` by id for the acting organisation, or 404 (also when it is another tenant's). The
    model's ``owned_by`` names its owner column (``organisation_id`` when it has none: memberships, tokens)."""
    obj = db.session.get(model, object_id, options=list(options))
    who = current_actor()
    owner = getattr(model, "owned_by", "organisation_id")
    if obj is None or who is None or who.organisation is None or getattr(obj, owner) != who.organisation.id:
        abort(404)
    return obj
