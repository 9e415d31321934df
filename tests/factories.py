"""Factories: test objects made through the same services the app uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from marketplace.core.db import db
from marketplace.tenancy.accounts.models import Membership, Role, User
from marketplace.tenancy.accounts.services import create_token, create_user
from marketplace.tenancy.organisations.models import Cao, Organisation, OrgKind, SizeClass
from marketplace.tenancy.organisations.services import OrganisationDetails, create_organisation

PASSWORD = "correct horse battery"
_kvk = itertools.count(10000001)
_email = itertools.count(1)


def make_org(kind: OrgKind = OrgKind.employer, municipality: str = "GM0599", **fields) -> Organisation:
    details = OrganisationDetails(
        kind=kind, name=fields.pop("name", f"{kind.value.title()} {next(_email)}"),
        kvk_number=fields.pop("kvk_number", str(next(_kvk))), street="Teststraat 1", postcode="3011 AB",
        city="Rotterdam", municipality=municipality, contact_email="info@example.example", **fields)
    return create_organisation(details)


def make_user(org: Organisation | None = None, role: Role = Role.owner, email: str | None = None,
              name: str = "Test User") -> User:
    user = create_user(name, email or f"user{next(_email)}@example.example", PASSWORD)
    if org is not None:
        db.session.add(Membership(user=user, organisation=org, role=role))
        db.session.flush()
    return user


def make_token(user: User, org: Organisation) -> str:
    return create_token(user, org, "test")


@dataclass
class World:
    """Two employers, a temp agency, a provider, a social partner, a fund and a platform, each with an owner."""

    employer: Organisation
    employer_owner: User
    employer_viewer: User
    other_employer: Organisation
    other_owner: User
    agency: Organisation
    agency_owner: User
    provider: Organisation
    provider_owner: User
    social_partner: Organisation
    social_owner: User
    fund: Organisation
    fund_owner: User
    platform: Organisation
    admin: User


def build_world() -> World:
    employer = make_org(OrgKind.employer, "GM0599", name="Haven BV", sector="logistics", size_class=SizeClass.small)
    other = make_org(OrgKind.employer, "GM0363", name="Grachten BV")
    agency = make_org(OrgKind.employer, "GM0983", name="Flex Uitzend BV", is_temp_agency=True, cao=Cao.ABU)
    provider = make_org(OrgKind.provider, "GM0344", name="Taalschool Utrecht", crkbo_registered=True)
    social = make_org(OrgKind.social_partner, "GM0599", name="Werkbedrijf Rijnmond")
    fund = make_org(OrgKind.fund, "GM0637", name="Sectorfonds")
    platform = make_org(OrgKind.platform, "GM0363", name="Taalmarkt")
    return World(
        employer=employer, employer_owner=make_user(employer, email="owner@haven.example"),
        employer_viewer=make_user(employer, Role.viewer, email="viewer@haven.example"),
        other_employer=other, other_owner=make_user(other, email="owner@grachten.example"),
        agency=agency, agency_owner=make_user(agency, email="owner@flex.example"),
        provider=provider, provider_owner=make_user(provider, email="owner@taalschool.example"),
        social_partner=social, social_owner=make_user(social, email="owner@werkbedrijf.example"),
        fund=fund, fund_owner=make_user(fund, email="owner@fonds.example"),
        platform=platform, admin=make_user(platform, email="admin@taalmarkt.example"),
    )
