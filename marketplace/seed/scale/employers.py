"""Employers and their staff: the rosters the bookings step books from.

- **Employers** are spread over the regions like the providers (busy regions weigh more, hubs draw half).
  About one in ten is a temp agency (ABU or NBBU, 7:3), mostly small to large; the others run from micro to
  large. The sector is one of ``organisations.models.SECTORS``, agencies mostly in logistics, food,
  horticulture and manufacturing.
- **Employees**: ``scaled("employees")`` shared out over the employers by a skewed weight (size class,
  agencies four times, a Pareto factor), at least one each: most rosters hold a handful, a few agencies
  thousands. Agency staff are agency workers with a CAO phase (ABU A/B/C, NBBU 1-4); everyone else an
  employee without one. Languages, names, CEFR levels, hours and labour-migrant flags follow the person's
  employment (agency workers mostly Polish, Romanian, Bulgarian, Ukrainian). No e-mail addresses or phone
  numbers (personal data nobody needs here); about 3% archived (never booked); no sites, no training needs.
  Employers and employees are all on the marketplace before the first run, so before their bookings.
"""

from __future__ import annotations

import datetime as dt
import random

from marketplace.employers.models import Employee, Employment, LevelSource
from marketplace.tenancy.organisations.models import SECTORS, Cao, Organisation, OrgKind, SizeClass
from providers.vocabulary import Cefr

from .draws import Weighted, apportion, between, days_before, one
from .runs import RUNS_MADE_WITHIN_DAYS
from .words import AGENCY_NAMES, EMPLOYER_WORDS, FAMILY_NAMES, LEGAL_FORMS, PEOPLE_NAMES, STREETS
from .world import BATCH, BUSY_REGIONS, KVK_FIRST, World, pick_place, postcode

#: runs are made up to RUNS_MADE_WITHIN_DAYS (and 600 minutes) before the base date: employers and employees
#: are on the marketplace before that, so before any booking
SEEDED_BEFORE_BOOKINGS = dt.timedelta(days=RUNS_MADE_WITHIN_DAYS + 2)
#: one employer in AGENCY_SHARE is a temp agency (uitzendonderneming), under the ABU or the NBBU CAO
AGENCY_SHARE = 0.1
AGENCY_CAO = Weighted((Cao.ABU, Cao.NBBU), (7, 3))
EMPLOYER_SIZE = Weighted(SizeClass, (30, 40, 22, 8))  # micro, small, medium, large
AGENCY_SIZE = Weighted(SizeClass, (5, 35, 38, 22))
EMPLOYER_SECTOR = Weighted(SECTORS, (14, 10, 10, 12, 7, 9, 6, 4, 11, 9, 5, 3))
AGENCY_SECTOR = Weighted(SECTORS, (35, 15, 6, 3, 6, 4, 12, 5, 10, 2, 2, 0))
#: relative roster size per size class (only the staff who need Dutch are on the marketplace's roster)
ROSTER_WEIGHT = {SizeClass.micro: 1.5, SizeClass.small: 5.0, SizeClass.medium: 18.0, SizeClass.large: 60.0}
AGENCY_ROSTER = 4.0
ARCHIVED_SHARE = 0.03
#: preferred languages: agency workers are mostly labour migrants from the EU and Ukraine
AGENCY_LANGUAGE = Weighted(("pl", "ro", "bg", "uk", "en", "nl", "hu", "lt", "pt", "es", "tr"),
                           (30, 18, 12, 15, 8, 5, 4, 3, 2, 2, 1))
EMPLOYEE_LANGUAGE = Weighted(("nl", "en", "pl", "uk", "tr", "ar", "ro", "bg", "es", "pt", "ti", "so", "fa"),
                             (30, 14, 12, 10, 7, 8, 5, 3, 3, 3, 2, 1, 2))
EU_MIGRANT_LANGUAGES = frozenset({"pl", "ro", "bg", "hu", "lt", "pt", "es"})
CEFR_LEVELS = tuple(Cefr)
LEVEL = Weighted((*CEFR_LEVELS, None), (14, 27, 26, 17, 6, 2, 0, 8))  # A0 .. C2, unknown
LEVEL_SOURCE = Weighted(LevelSource, (50, 35, 15))
CAO_PHASE = {Cao.ABU: Weighted(("A", "B", "C"), (50, 35, 15)), Cao.NBBU: Weighted(("1", "2", "3", "4"),
                                                                                   (35, 30, 25, 10))}
AGENCY_SICK = Weighted((False, True, None), (88, 2, 10))
EMPLOYEE_SICK = Weighted((None, False, True), (60, 39, 1))
HOURS = Weighted((16, 20, 24, 28, 32, 36, 38, 40, None), (4, 7, 9, 7, 14, 14, 14, 21, 10))


def seed_employers(world: World) -> None:
    """Employer organisations over the regions like the providers; about one in ten a temp agency."""
    rng = world.rng("employers")
    org_id = world.writer.ids(Organisation.__table__)
    regions = world.regions
    region_of = Weighted(regions, [BUSY_REGIONS.get(code, 1) for code in regions])
    orgs = []
    for i in range(world.scaled("employers")):
        # every region gets an employer before any gets a second
        home = pick_place(world, rng, regions[i] if i < len(regions) else region_of(rng))
        agency = rng.random() < AGENCY_SHARE
        if agency:
            cao, size, sector = AGENCY_CAO(rng), AGENCY_SIZE(rng), AGENCY_SECTOR(rng)
            name = f"{one(rng, AGENCY_NAMES)} {home.name} {one(rng, ('Uitzendbureau', 'B.V.', ''))}"
        else:
            cao, size, sector = None, EMPLOYER_SIZE(rng), EMPLOYER_SECTOR(rng)
            name = f"{one(rng, FAMILY_NAMES)} {one(rng, EMPLOYER_WORDS[sector])} {one(rng, LEGAL_FORMS)}"
        # on the marketplace before any run was made, so before any of its bookings
        created = between(rng, world.now - dt.timedelta(days=1500), world.now - SEEDED_BEFORE_BOOKINGS)
        employer = {"id": org_id(), "place": home, "agency": agency, "cao": cao, "size": size, "created_at": created}
        orgs.append({
            "id": employer["id"], "kind": OrgKind.employer, "name": " ".join(name.split()),
            "kvk_number": str(KVK_FIRST[OrgKind.employer] + i), "vat_id": None,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode(rng),
            "city": home.name, "municipality_id": home.municipality_id,
            "contact_email": f"info@werkgever{i + 1}.example", "phone": f"0{rng.randint(100000000, 999999999)}",
            "is_temp_agency": agency, "cao": cao, "size_class": size, "sector": sector,
            "crkbo_registered": False, "iban": None, "description": None, "created_at": created})
        world.employers.append(employer)
    world.writer.insert(Organisation.__table__, orgs)


def employee_row(world: World, rng: random.Random, employer: dict) -> dict:
    """One person on an employer's roster: Employee's columns but the id and archived_at, and without the
    contact details and site (left null)."""
    agency = employer["agency"]
    language = AGENCY_LANGUAGE(rng) if agency else EMPLOYEE_LANGUAGE(rng)
    first_names, last_names = PEOPLE_NAMES[language]
    level = LEVEL(rng)
    source = assessed = target = None
    if level is not None:
        source = LEVEL_SOURCE(rng)
        if source != LevelSource.self_reported:
            assessed = days_before(rng, world.base, 7, 720)
        chance = rng.random()
        if chance < 0.7 and level.rank < len(CEFR_LEVELS) - 1:  # a third of them aim two levels up
            target = CEFR_LEVELS[min(level.rank + (1 if chance < 0.47 else 2), len(CEFR_LEVELS) - 1)]
    if agency:
        phase, sick = CAO_PHASE[employer["cao"]](rng), AGENCY_SICK(rng)
        started = days_before(rng, world.base, 7, 900)
        migrant = language != "nl" and rng.random() < 0.9
    else:
        phase, sick = None, EMPLOYEE_SICK(rng)
        started = days_before(rng, world.base, 14, 3650)
        migrant = language in EU_MIGRANT_LANGUAGES and rng.random() < 0.7
    return {
        "employer_id": employer["id"], "first_name": one(rng, first_names), "last_name": one(rng, last_names),
        "preferred_language": language, "cefr_level": level, "level_source": source, "level_assessed_on": assessed,
        "target_level": target, "employment": Employment.agency_worker if agency else Employment.employee,
        "cao_phase": phase, "long_term_sick": sick, "hours_per_week": HOURS(rng), "employment_start": started,
        "labour_migrant": migrant if rng.random() < 0.9 else None,
        "created_at": between(rng, max(employer["created_at"], world.now - dt.timedelta(days=400)),
                              world.now - SEEDED_BEFORE_BOOKINGS)}


def seed_employees(world: World) -> None:
    """``scaled("employees")`` people over the employers' rosters, skewed: a few agencies hold thousands."""
    rng = world.rng("employees")
    employee_id = world.writer.ids(Employee.__table__)
    weights = [ROSTER_WEIGHT[e["size"]] * (AGENCY_ROSTER if e["agency"] else 1.0) * min(rng.paretovariate(1.6), 25.0)
               for e in world.employers]
    rows: list[dict] = []
    for employer, size in zip(world.employers, apportion(world.scaled("employees"), weights, floor=1), strict=True):
        # the archived last, so that the active roster is the ids first .. first + active - 1
        archived = sum(rng.random() < ARCHIVED_SHARE for _n in range(size - 1))
        employer["roster"] = (employee_id(), size - archived) if size else (0, 0)
        for n in range(size):
            row = employee_row(world, rng, employer)
            row["id"] = employer["roster"][0] if n == 0 else employee_id()
            row["archived_at"] = (between(rng, row["created_at"], world.now - dt.timedelta(hours=1))
                                  if n >= size - archived else None)
            rows.append(row)
        if len(rows) >= BATCH:
            world.writer.insert(Employee.__table__, rows)
            rows = []
    world.writer.insert(Employee.__table__, rows)
