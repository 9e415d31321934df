"""Demo staff: the Rotterdam employer's warehouse team, and the temp agency's agency workers in
phases A, B and C (one long-term sick). Idempotent: nothing is added once a roster exists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.core.db import db
from marketplace.employers.models import Employee, Employment, LevelSource, Site
from marketplace.employers.services import EmployeeInput, add_employee
from marketplace.tenancy.organisations.models import Organisation
from marketplace.tenancy.regions.models import Municipality
from providers.vocabulary import Cefr

WAREHOUSE = [  # first name, last name, language, level
    ("Piotr", "Kowalski", "pl", Cefr.A1), ("Agnieszka", "Nowak", "pl", Cefr.A1), ("Andrei", "Popescu", "ro", Cefr.A1),
    ("Ioana", "Ionescu", "ro", Cefr.A1), ("Georgi", "Dimitrov", "bg", Cefr.A1), ("Olena", "Shevchenko", "uk", Cefr.A1),
    ("Marek", "Wiśniewski", "pl", Cefr.A0), ("Elena", "Georgieva", "bg", Cefr.A0),
]
AGENCY = [  # first name, last name, language, level, phase, long-term sick
    ("Tomasz", "Zieliński", "pl", Cefr.A0, "A", False), ("Maria", "Constantin", "ro", Cefr.A1, "B", False),
    ("Dmytro", "Bondarenko", "uk", Cefr.A0, "A", False), ("Katarzyna", "Lewandowska", "pl", Cefr.A1, "C", False),
    ("Ivan", "Petrov", "bg", Cefr.A0, "B", True),
]


def _site(employer: Organisation, name: str, street: str, postcode: str, city: str, code: str) -> Site:
    municipality = db.session.scalar(select(Municipality).where(Municipality.code == code,
                                                                Municipality.valid_to.is_(None)))
    site = Site(employer_id=employer.id, name=name, street=street, postcode=postcode, city=city,
                municipality_id=municipality.id)
    db.session.add(site)
    db.session.flush()
    return site


def load_staff(employer: Organisation, agency: Organisation, today: dt.date) -> None:
    if db.session.scalar(select(Employee.id).where(Employee.employer_id.in_([employer.id, agency.id])).limit(1)):
        return
    dc = _site(employer, "Distributiecentrum Waalhaven", "Waalhaven Zuidzijde 21", "3089 JH", "Rotterdam", "GM0599")
    for first, last, lang, level in WAREHOUSE:
        add_employee(employer, EmployeeInput(
            first_name=first, last_name=last, employment=Employment.employee, preferred_language=lang,
            cefr_level=level, level_source=LevelSource.placement_test, level_assessed_on=today - dt.timedelta(days=20),
            target_level=Cefr.A2 if level == Cefr.A1 else Cefr.A1, hours_per_week=38, labour_migrant=True,
            site_id=dc.id))
    _site(agency, "Vestiging Venlo", "Nijmeegseweg 40", "5916 PT", "Venlo", "GM0983")
    for first, last, lang, level, phase, sick in AGENCY:
        add_employee(agency, EmployeeInput(
            first_name=first, last_name=last, employment=Employment.agency_worker, preferred_language=lang,
            cefr_level=level, level_source=LevelSource.self_reported, cao_phase=phase, long_term_sick=sick,
            hours_per_week=40, labour_migrant=True))
