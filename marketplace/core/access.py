"""Who may use which endpoint, declared on every view, checked in one place.

Every view function carries an ``access`` attribute set by one of ``public``, ``signed_in`` or
``member``; a test walks ``app.url_map`` and fails on any endpoint without one. Objects that belong
to an organisation are loaded through ``get_for_org``, which answers 404 for another tenant's object,
so that no view can forget the check and no response reveals that the object exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from flask import abort, g

from marketplace.core.db import db
from marketplace.tenancy.accounts.models import Role, User
from marketplace.tenancy.organisations.models import Organisation, OrgKind


@dataclass(frozen=True)
class Access:
    login: bool
    kinds: frozenset[OrgKind] | None = None
    role: Role | None = None

    def describe(self) -> str:
        if not self.login:
            return "public"
        if self.kinds is None:
            return "signed in"
        kinds = ", ".join(sorted(self.kinds))
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
            if access.kinds is not None:
                if who.organisation is None or who.organisation.kind not in access.kinds:
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


def member(*kinds: OrgKind, role: Role = Role.viewer) -> Callable[[Callable], Callable]:
    """A user acting for an organisation of one of ``kinds`` (all kinds when none given) with ``role``."""
    allowed = frozenset(kinds or OrgKind)

    def decorator(view: Callable) -> Callable:
        return _declare(view, Access(login=True, kinds=allowed, role=role))

    return decorator


def get_for_org(model, object_id, *, org_attr: str = "organisation_id", options: Iterable = ()):
    """Load ``model`` by id for the acting organisation, or 404 (also when it is another tenant's)."""
    obj = db.session.get(model, object_id, options=list(options))
    who = current_actor()
    if obj is None or who is None or who.organisation is None or getattr(obj, org_attr) != who.organisation.id:
        abort(404)
    return obj
