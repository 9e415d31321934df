"""The demo world: the six demo logins of CONTRACT.md, their organisations in several regions, the
provider's quality marks, then its catalogue, the employers' staff and the agency's bookings.

Idempotent: every object is looked up by its natural key (e-mail, KvK number) before it is created.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.db import db
from marketplace.tenancy.accounts.models import Membership, Role, User
from marketplace.tenancy.accounts.services import create_user, find_user
from marketplace.tenancy.organisations.models import Cao, Organisation, OrgKind, SizeClass
from marketplace.tenancy.organisations.services import OrganisationDetails, create_organisation
from providers.models import MarkKind, QualityMark

from .bookings import load_bookings
from .catalogue import load_catalogue
from .employers import load_staff
from .fund_schemes import load_fund_schemes

DEMO_PASSWORD = "demo-taalmarkt"  # noqa: S105 - public demo logins, documented in the README

ORGANISATIONS = [
    OrganisationDetails(
        kind=OrgKind.employer, name="Havenlogistiek Rotterdam B.V.", kvk_number="90000001",
        vat_id="NL080000009B01", street="Waalhaven Zuidzijde 21", postcode="3089 JH", city="Rotterdam",
        municipality="GM0599", contact_email="hr@havenlogistiek.example", sector="logistics",
        size_class=SizeClass.medium),
    OrganisationDetails(
        kind=OrgKind.employer, name="FlexWerk Uitzendbureau B.V.", kvk_number="90000002",
        vat_id="NL080000010B01", street="Nijmeegseweg 40", postcode="5916 PT", city="Venlo",
        municipality="GM0983", contact_email="planning@flexwerk.example", is_temp_agency=True, cao=Cao.ABU,
        sector="logistics", size_class=SizeClass.large),
    OrganisationDetails(
        kind=OrgKind.provider, name="TaalWerkt Opleidingen", kvk_number="90000003", vat_id="NL080000022B01",
        street="Vredenburg 40", postcode="3511 BD", city="Utrecht", municipality="GM0344",
        contact_email="info@taalwerkt.example", crkbo_registered=True, iban="NL91ABNA0417164300",
        description="Dutch on the work floor since 2009: short courses in company canteens, "
                    "classrooms in Utrecht and Rotterdam, and online groups with Polish and Romanian support."),
    OrganisationDetails(
        kind=OrgKind.social_partner, name="Regionaal Werkbedrijf Rijnmond", kvk_number="90000004",
        street="Coolsingel 40", postcode="3011 AD", city="Rotterdam", municipality="GM0599",
        contact_email="werkbedrijf@rijnmond.example"),
    OrganisationDetails(
        kind=OrgKind.fund, name="Opleidingsfonds Uitzendbranche (demo)", kvk_number="90000005",
        street="Boerhaavelaan 1", postcode="2713 HA", city="Zoetermeer", municipality="GM0637",
        contact_email="taalbudget@fonds.example"),
    OrganisationDetails(
        kind=OrgKind.platform, name="Taalmarkt", kvk_number="90000006", vat_id="NL080000034B01",
        street="Herengracht 1", postcode="1015 BA", city="Amsterdam", municipality="GM0363",
        contact_email="support@taalmarkt.example"),
]

LOGINS = [
    ("werkgever@demo.taalmarkt.nl", "Sanne de Vries", "90000001", "employer (Rijnmond, logistics)"),
    ("uitzend@demo.taalmarkt.nl", "Mehmet Yilmaz", "90000002", "temp agency, ABU (Noord-Limburg)"),
    ("aanbieder@demo.taalmarkt.nl", "Anouk Jansen", "90000003", "provider (Midden-Utrecht)"),
    ("sociaal@demo.taalmarkt.nl", "Peter Bakker", "90000004", "social partner (Rijnmond)"),
    ("fonds@demo.taalmarkt.nl", "Fatima el Amrani", "90000005", "fund reviewer"),
    ("admin@demo.taalmarkt.nl", "Joost Visser", "90000006", "platform admin"),
]


def _organisation(details: OrganisationDetails) -> Organisation:
    existing = db.session.scalar(select(Organisation).where(Organisation.kvk_number == details.kvk_number))
    return existing or create_organisation(details)


def _user(email: str, name: str, organisation: Organisation) -> User:
    user = find_user(email) or create_user(name, email, DEMO_PASSWORD)
    if db.session.scalar(select(Membership).filter_by(user_id=user.id, organisation_id=organisation.id)) is None:
        db.session.add(Membership(user=user, organisation=organisation, role=Role.owner))
    return user


def _marks(provider: Organisation, today: dt.date) -> None:
    if db.session.scalar(select(QualityMark).where(QualityMark.provider_id == provider.id).limit(1)):
        return
    year = dt.timedelta(days=365)
    db.session.add_all([
        QualityMark(organisation=provider, kind=MarkKind.blik_op_werk, number="BOW-2024-0117",
                    valid_from=today - year, valid_until=today + 2 * year),
        QualityMark(organisation=provider, kind=MarkKind.nrto, number="NRTO-5521",
                    valid_from=today - 2 * year, valid_until=today + year),
        QualityMark(organisation=provider, kind=MarkKind.crkbo, number="CRKBO-88213",
                    valid_from=today - 3 * year, valid_until=today - dt.timedelta(days=30)),
    ])


def load_demo(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Create what is missing of the demo world; returns (e-mail, description) per login."""
    today = today or clock.today()
    orgs = {d.kvk_number: _organisation(d) for d in ORGANISATIONS}
    users = {email: _user(email, name, orgs[kvk]) for email, name, kvk, _what in LOGINS}
    _marks(orgs["90000003"], today)
    load_catalogue(orgs["90000003"], today)
    load_staff(orgs["90000001"], orgs["90000002"], today)
    load_fund_schemes(orgs["90000005"], users["fonds@demo.taalmarkt.nl"], today)
    load_bookings(orgs["90000002"], users["uitzend@demo.taalmarkt.nl"], today)
    db.session.flush()
    return [(email, what) for email, _name, _kvk, what in LOGINS]
