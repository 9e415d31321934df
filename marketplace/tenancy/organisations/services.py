"""Organisation use cases: create and edit, with identifiers checked before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import or_, select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.core.errors import ValidationError
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.regions.models import Municipality, valid_on

from . import identifiers
from .models import SECTORS, Cao, Organisation, OrgKind, SizeClass


@dataclass(frozen=True)
class OrganisationDetails:
    kind: OrgKind
    name: str
    kvk_number: str
    street: str
    postcode: str
    city: str
    municipality: str  # a municipality code (GM0599) or its name as listed
    contact_email: str
    vat_id: str | None = None
    phone: str | None = None
    is_temp_agency: bool = False
    cao: Cao | None = None
    size_class: SizeClass | None = None
    sector: str | None = None
    crkbo_registered: bool = False
    iban: str | None = None
    description: str | None = None


def find_municipality(value: str, on: dt.date | None = None) -> Municipality | None:
    """A municipality in force by code (GM0599), name (Rotterdam) or list label (Rotterdam (GM0599))."""
    value = (value or "").strip()
    if not value:
        return None
    if value.endswith(")") and "(GM" in value:
        value = value[value.rindex("(") + 1 : -1]
    day = on or clock.today()
    return db.session.scalar(
        select(Municipality)
        .where(valid_on(day), or_(Municipality.code == value.upper(), Municipality.name == value))
        .limit(1)
    )


def _check(details: OrganisationDetails, exclude_id: int | None = None) -> dict:
    """Normalised values, or a ValidationError naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}

    def attempt(field, fn, value):
        try:
            clean[field] = fn(value)
        except ValueError as e:
            errors.setdefault(field, []).append(str(e))

    attempt("kvk_number", identifiers.kvk_number, details.kvk_number)
    attempt("postcode", identifiers.postcode, details.postcode)
    if details.vat_id:
        attempt("vat_id", identifiers.vat_id, details.vat_id)
    if details.iban:
        attempt("iban", identifiers.iban_number, details.iban)
    municipality = find_municipality(details.municipality)
    if municipality is None:
        errors["municipality"] = [_("Choose a municipality from the list.")]
    clean["municipality"] = municipality
    if not details.name.strip():
        errors["name"] = [_("Fill in the name.")]
    if details.sector and details.sector not in SECTORS:
        errors["sector"] = [_("Choose a sector from the list.")]
    if "kvk_number" in clean:
        taken = select(Organisation.id).where(Organisation.kvk_number == clean["kvk_number"])
        if exclude_id is not None:
            taken = taken.where(Organisation.id != exclude_id)
        if db.session.scalar(taken) is not None:
            errors["kvk_number"] = [_("An organisation with this KvK number is already registered. "
                                      "Ask its owner to invite you.")]
    if errors:
        raise ValidationError(errors)
    return clean


def _apply(org: Organisation, details: OrganisationDetails, clean: dict) -> None:
    for f in fields(details):
        if f.name not in ("municipality", "kind"):
            setattr(org, f.name, clean.get(f.name, getattr(details, f.name)))
    org.name = details.name.strip()
    org.municipality = clean["municipality"]
    org.vat_id = clean.get("vat_id")
    org.iban = clean.get("iban")
    if org.kind != OrgKind.employer:
        org.is_temp_agency, org.cao, org.size_class, org.sector = False, None, None, None
    elif not org.is_temp_agency:
        org.cao = None
    if org.kind != OrgKind.provider:
        org.crkbo_registered = False


def create_organisation(details: OrganisationDetails) -> Organisation:
    clean = _check(details)
    org = Organisation(kind=details.kind)
    _apply(org, details, clean)
    db.session.add(org)
    db.session.flush()
    return org


def update_organisation(org: Organisation, details: OrganisationDetails) -> None:
    """Edit the profile; the kind of an organisation never changes."""
    clean = _check(details, exclude_id=org.id)
    _apply(org, details, clean)
    db.session.flush()
