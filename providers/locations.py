"""A provider's teaching locations."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.db import db
from marketplace.core.errors import ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations import identifiers
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.organisations.services import find_municipality

from .models import Location


@dataclass(frozen=True)
class LocationInput:
    name: str
    street: str
    postcode: str
    city: str
    municipality: str
    directions: str | None = None


def _apply(location: Location, data: LocationInput) -> None:
    errors: dict[str, list[str]] = {}
    municipality = find_municipality(data.municipality)
    if municipality is None:
        errors["municipality"] = [str(_("Choose a municipality from the list."))]
    try:
        postcode = identifiers.postcode(data.postcode)
    except ValueError as e:
        errors["postcode"] = [str(e)]
    if errors:
        raise ValidationError(errors)
    location.name, location.street, location.city = data.name.strip(), data.street.strip(), data.city.strip()
    location.postcode, location.municipality = postcode, municipality
    location.directions = (data.directions or "").strip() or None


def add_location(provider: Organisation, data: LocationInput) -> Location:
    location = Location(provider_id=provider.id)
    _apply(location, data)
    db.session.add(location)
    db.session.flush()
    return location


def update_location(location: Location, data: LocationInput) -> None:
    _apply(location, data)
    db.session.flush()
