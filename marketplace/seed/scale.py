"""`taalmarkt seed scale`: a synthetic national-scale data set for benchmarks (CONTRACT.md).

At factor 1: 400 providers with their locations, quality marks and courses; 30,000 course runs with their
sessions; 20,000 employers; 250,000 employees on their rosters; 600,000 enrolments in their bookings. Each
step in ``STEPS`` has its own random stream, so a step added later never changes the rows of earlier ones.

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
- **Enrolments**: 600,000 on 30,000 runs of 6-16 seats (about 330,000 seats) means demand outruns supply,
  so the data set is the state of the next twelve months' runs at the base date with the churn around full
  runs. ``scaled("enrolments")`` is shared out over the runs by capacity and demand (runs starting sooner
  are fuller; confirmed runs more, cancelled runs less, drafts nothing), then booked in bookings of 1-6
  employees of one employer (in the run's regions, weighted by roster; in-company runs mostly by one
  employer), created between the run's creation and the base date (never after the booking deadline), in
  that order: a booking that would be confirmed is **confirmed** while it fits under ``capacity_max``, and
  otherwise **waitlisted**, gone from the waiting list (**cancelled**, free) or an **expired** waitlist
  offer; the others are **cancelled** (two thirds after confirming, under the run's terms: free, or
  ``late_cancellation_percent`` of the price when cancelled inside ``free_cancellation_days``), **expired**
  (a lapsed hold, or a lapsed provider request), **declined** by the provider (runs without instant booking)
  or **held** with ``seat_until`` in the past (a lapsed hold the tick job has not expired yet; no seat).
  Some confirmed bookings had one employee cancelled on their own. Every booking on a cancelled run is
  cancelled free of charge. Confirmed enrolments never exceed a run's ``capacity_max``; an employee is live
  (held, waitlisted, confirmed, ...) at most once per run, but may book a run again after an expired or
  cancelled booking. No requested or offered bookings (their seats would still be taken at the base date).
  Left out: booking events (the audit trail), funding snapshots and budget entries (``funding_id`` is null),
  swaps, payment records; attendance does not exist in the data model yet.

Rows go in with bulk Core inserts, ids assigned here so children can point at parents before the
database has seen them. The same ``--seed`` and ``--base-date`` on an empty database give the same rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import click
import holidays
from flask.cli import AppGroup
from sqlalchemy import func, insert, select, text

from marketplace.bookings.models import Booking, BookingEvent, BookingStatus, Enrolment, PaymentMethod
from marketplace.core import clock
from marketplace.core.db import db
from marketplace.employers.models import Employee, Employment, LevelSource
from marketplace.tenancy.organisations.models import SECTORS, Cao, Organisation, OrgKind, SizeClass
from marketplace.tenancy.regions.models import Municipality, valid_on
from providers.catalogue import Course, CourseLanguage, CourseRun, CourseTag, Lesson, RunRegion, RunStatus
from providers.models import Location, MarkKind, QualityMark
from providers.schedule import local, to_utc
from providers.supply import refresh_summary
from providers.vocabulary import Cefr, CourseFormat, Exam, PlaceKind
from subsidies.money import share_cents

#: Seeded KvK numbers: 2xxxxxxx never meets the demo's 9000000x or the tests' 1000000x.
KVK_FIRST = {OrgKind.provider: 20_000_001, OrgKind.employer: 21_000_001}
KVK_SEEDED = ("20000000", "29999999")
AT_FACTOR_ONE = {"providers": 400, "runs": 30_000, "employers": 20_000, "employees": 250_000, "enrolments": 600_000}
#: in CONTRACT.md's data set but not in the data model yet
NOT_SEEDED_YET = ("attendance",)
CHUNK = 5_000
#: rows generated before they are written, for the steps that would otherwise hold hundreds of thousands
BATCH = 4 * CHUNK

# Words -----------------------------------------------------------------------------------------------

#: sector tag -> (the sector in Dutch, who works there, what they talk about)
SECTOR_WORDS = {
    "logistics": ("de logistiek", "orderpickers", ("de heftruck", "de handscanner", "werkbonnen",
                                                   "veiligheidsinstructies")),
    "food_production": ("de voedingsindustrie", "productiemedewerkers", ("hygiëne", "HACCP", "de lopende band",
                                                                          "werkinstructies")),
    "construction": ("de bouw", "bouwvakkers", ("veiligheid op de bouwplaats", "VCA", "bouwtekeningen", "gereedschap")),
    "care": ("de zorg", "zorgmedewerkers", ("cliëntcontact", "rapporteren", "medicatie", "de overdracht")),
    "cleaning": ("de schoonmaak", "schoonmakers", ("schoonmaakmiddelen", "het werkrooster", "klantcontact")),
    "hospitality": ("de horeca", "bedienend personeel", ("gastvrijheid", "bestellingen opnemen", "allergenen")),
    "horticulture": ("de tuinbouw", "kassenmedewerkers", ("oogsten", "gewasbescherming", "werkopdrachten")),
    "agriculture": ("de landbouw", "seizoenswerkers", ("de oogst", "machines", "veilig werken", "dierverzorging")),
    "manufacturing": ("de industrie", "operators", ("machinebediening", "storingen melden", "kwaliteitscontrole")),
    "retail": ("de detailhandel", "winkelmedewerkers", ("klantcontact", "de kassa", "klachten afhandelen")),
    "technology": ("de techniek", "monteurs", ("technische tekeningen", "storingen", "werkbonnen")),
    "transport": ("het transport", "chauffeurs", ("de vrachtbrief", "laden en lossen", "rijtijden")),
    "childcare": ("de kinderopvang", "pedagogisch medewerkers", ("oudergesprekken", "observeren", "voorlezen")),
    "education": ("het onderwijs", "onderwijsassistenten", ("instructie geven", "oudercontact", "rapportage")),
}
LANGUAGE_NAMES = {"pl": "Pools", "ro": "Roemeens", "bg": "Bulgaars", "uk": "Oekraïens", "en": "Engels", "tr": "Turks",
                  "ar": "Arabisch", "es": "Spaans", "pt": "Portugees", "hu": "Hongaars", "lt": "Litouws"}
LANGUAGE_WEIGHTS = (30, 20, 12, 15, 25, 8, 8, 5, 6, 4, 4)
TITLES = (
    "Nederlands op de werkvloer voor {trade}", "Taalcursus {cefr_from} voor {role}",
    "Werkplekgericht Nederlands {cefr_from}-{cefr_to} in {sector}", "Vaktaal {trade}: {topic}",
    "Spreken en verstaan op het werk voor {role}", "Lezen en schrijven in {sector}",
    "Klantcontact in het Nederlands voor {role}", "Veilig werken: Nederlands voor {role}",
    "Nederlands voor anderstaligen {cefr_from}-{cefr_to}",
)
EXAM_TITLES = {Exam.staatsexamen_nt2_i: "Voorbereiding Staatsexamen NT2 programma I ({trade})",
               Exam.inburgeringsexamen: "Inburgeringsexamen: Nederlands op het werk voor {role}"}
#: a state exam needs the course to lead to its level (DOMAIN.md: programme I = B1, II = B2)
EXAM_LEVEL = {Exam.staatsexamen_nt2_i: Cefr.B1, Exam.staatsexamen_nt2_ii: Cefr.B2}
NAME_PARTS = ("Taalwerkt", "Taalhuis", "Woordwijs", "Spreekvaardig", "Taalkracht", "NT2 Centrum", "Werkvloertaal",
              "Taalpunt", "Taalbrug", "Nederlands Nu", "Taalschool", "Zeg het maar")
NAME_ENDS = ("Opleidingen", "Trainingen", "Academie", "B.V.", "")
STREETS = ("Stationsweg", "Kerkstraat", "Industrieweg", "Marktplein", "Havenstraat", "Dorpsstraat", "Schoolstraat",
           "Nieuwstraat", "Molenweg", "Parallelweg", "Energieweg", "Ambachtsweg", "Vredenburg", "Koningin Julianalaan")
POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"
#: the largest municipality of most regions: providers cluster there
HUBS = frozenset({"GM0014", "GM0080", "GM0106", "GM0153", "GM0200", "GM0202", "GM0268", "GM0222", "GM0281",
                  "GM0034", "GM0402", "GM0344", "GM0307", "GM0361", "GM0479", "GM0363", "GM0546", "GM0513",
                  "GM0518", "GM0599", "GM0505", "GM0687", "GM0758", "GM0855", "GM0796", "GM0772", "GM0983",
                  "GM0935", "GM0794", "GM0957", "GM0637", "GM0512", "GM0193", "GM0392", "GM0228"})
#: providers per region, relative: the big cities' regions carry more
BUSY_REGIONS = {"AM18": 4, "AM22": 4, "AM21": 3, "AM13": 3, "AM28": 2, "AM25": 2, "AM26": 2, "AM27": 2, "AM08": 2,
                "AM07": 2, "AM05": 2, "AM01": 2, "AM19": 2}
START_TIMES = tuple(dt.time(h, m) for h, m in ((8, 30), (9, 0), (9, 30), (10, 0), (13, 0), (13, 30), (14, 0),
                                                (15, 30), (16, 0), (18, 30), (19, 0)))

#: employer sector (organisations.models.SECTORS) -> words for its trade name
EMPLOYER_WORDS = {
    "logistics": ("Distributiecentrum", "Logistiek", "Transport & Opslag", "Fulfilment", "Warehousing"),
    "food_production": ("Vleeswaren", "Bakkerijen", "Zuivel", "Voedingsmiddelen", "Groenteverwerking"),
    "construction": ("Bouwbedrijf", "Aannemersbedrijf", "Infra", "Bouw & Onderhoud"),
    "care": ("Zorggroep", "Thuiszorg", "Woonzorgcentrum", "Zorgcentrum"),
    "cleaning": ("Schoonmaakbedrijf", "Facilitaire Diensten", "Schoonmaakdiensten"),
    "hospitality": ("Hotel", "Restaurants", "Catering", "Horecagroep"),
    "horticulture": ("Kwekerij", "Tuinbouw", "Bloemen", "Plantenkwekerij"),
    "agriculture": ("Landbouwbedrijf", "Akkerbouw", "Melkveehouderij", "Champignons"),
    "manufacturing": ("Metaal", "Verpakkingen", "Kunststoffen", "Machinefabriek", "Productie"),
    "retail": ("Supermarkten", "Bouwmarkt", "Woonwinkel", "Retailgroep"),
    "technology": ("Installatietechniek", "Elektrotechniek", "Techniek", "Service & Montage"),
    "other": ("Diensten", "Groep", "Bedrijven"),
}
FAMILY_NAMES = ("Van Dijk", "Jansen", "De Boer", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "De Groot", "Bos",
                "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "Verhoeven", "Van der Linden")
AGENCY_NAMES = ("Flexwerk", "Uitzendbureau", "Werkbrug", "Personeelsdiensten", "Jobs", "Inzet", "FlexPlus",
                "Werkzaak", "Euroflex", "Arbeidspool")
LEGAL_FORMS = ("B.V.", "B.V.", "B.V.", "", "V.O.F.", "Holding B.V.")
#: ISO 639-1 -> (first names, last names), for the learners
PEOPLE_NAMES = {
    "nl": (("Jan", "Sanne", "Daan", "Emma", "Kees", "Lotte", "Mohamed", "Fleur", "Bram", "Noor"),
           ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Dekker")),
    "en": (("John", "Sarah", "Michael", "Priya", "David", "Grace", "Kwame", "Emily"),
           ("Smith", "Brown", "Patel", "Wilson", "Okafor", "Taylor", "Murphy", "Singh")),
    "pl": (("Tomasz", "Anna", "Piotr", "Katarzyna", "Marek", "Agnieszka", "Krzysztof", "Magdalena", "Paweł", "Ewa"),
           ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Mazur")),
    "ro": (("Andrei", "Elena", "Mihai", "Ioana", "Cristian", "Maria", "Florin", "Gabriela", "Vasile"),
           ("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Munteanu")),
    "bg": (("Georgi", "Ivana", "Dimitar", "Petya", "Nikolay", "Desislava", "Stoyan", "Milena"),
           ("Ivanov", "Petrova", "Georgiev", "Dimitrova", "Nikolov", "Todorova", "Stoyanov")),
    "uk": (("Dmytro", "Olena", "Oleksandr", "Iryna", "Andriy", "Yulia", "Serhiy", "Oksana", "Maria"),
           ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Boyko")),
    "tr": (("Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep"), ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik")),
    "ar": (("Mohammed", "Fatima", "Ahmad", "Amira", "Omar", "Rania", "Khaled"),
           ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Ibrahim", "Mansour")),
    "es": (("Carlos", "Lucía", "Javier", "Carmen", "Diego"), ("García", "Martínez", "López", "Sánchez", "Romero")),
    "pt": (("João", "Ana", "Pedro", "Beatriz", "Tiago"), ("Silva", "Santos", "Ferreira", "Pereira", "Costa")),
    "hu": (("László", "Katalin", "Zoltán", "Erzsébet", "Gábor"), ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth")),
    "lt": (("Tomas", "Rūta", "Mantas", "Agnė", "Darius"), ("Kazlauskas", "Jankauskienė", "Petrauskas", "Žukauskas")),
    "ti": (("Yonas", "Senait", "Tesfay", "Helen", "Merhawi"), ("Tesfamariam", "Ghebremedhin", "Haile", "Kidane")),
    "so": (("Abdi", "Hodan", "Mohamed", "Faadumo", "Ayaan"), ("Warsame", "Abdullahi", "Hassan", "Farah")),
    "fa": (("Reza", "Maryam", "Ali", "Shirin", "Hamid"), ("Ahmadi", "Hosseini", "Karimi", "Rahimi")),
}
#: what the bookings step needs to know of a run (seed_runs keeps these in World.runs, with its regions)
RUN_FACTS = ("id", "provider_id", "place_kind", "start_date", "capacity_max", "price_cents", "booking_deadline",
             "instant_booking", "free_cancellation_days", "late_cancellation_percent", "status", "created_at")


# Writing -----------------------------------------------------------------------------------------------

class Writer:
    """Bulk Core inserts in chunks, with ids handed out here; counts rows per table for the progress lines."""

    def __init__(self, session) -> None:
        self.session = session
        self.counts: dict[str, int] = {}
        self._next: dict[str, int] = {}

    def ids(self, table) -> Callable[[], int]:
        """A counter of fresh ids for ``table``, above any id already there."""
        if table.name not in self._next:
            self._next[table.name] = (self.session.scalar(select(func.max(table.c.id))) or 0) + 1

        def take() -> int:
            value = self._next[table.name]
            self._next[table.name] = value + 1
            return value
        return take

    def insert(self, table, rows: list[dict]) -> None:
        for i in range(0, len(rows), CHUNK):
            self.session.execute(insert(table), rows[i:i + CHUNK])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def finish(self) -> None:
        """PostgreSQL's id sequences do not see explicit ids: move them past what was written. Then refresh the
        planner's statistics, as the product does after its own loads (db.analyze)."""
        if self.session.get_bind().dialect.name == "postgresql":
            for name in self._next:
                self.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                                          f"(SELECT coalesce(max(id), 1) FROM {name}))"))
            self.session.commit()
        db.analyze()


# The data set --------------------------------------------------------------------------------------------

@dataclass
class Place:
    municipality_id: int
    code: str
    name: str
    region_code: str


@dataclass
class World:
    """What the steps hand on to each other, and the fixed facts they draw from."""

    seed: int
    factor: float
    base: dt.date
    places: list[Place]
    writer: Writer
    providers: list[dict] = field(default_factory=list)  # {id, place, locations: [(id, Place)]}
    courses: list[dict] = field(default_factory=list)  # {id, provider_id, format, place}
    runs: list[dict] = field(default_factory=list)  # what bookings need of each run, see seed_runs
    employers: list[dict] = field(default_factory=list)  # {id, place, agency, cao, size}, + roster (first id, active)
    _by_region: dict[str, tuple[list[Place], list[Place]]] = field(default_factory=dict, repr=False)

    def rng(self, step: str) -> random.Random:
        # One stream per step, so a step added later leaves the rows of the earlier ones unchanged.
        return random.Random(f"{self.seed}:{step}")

    def scaled(self, what: str) -> int:
        return max(1, round(AT_FACTOR_ONE[what] * self.factor))

    @functools.cached_property
    def now(self) -> dt.datetime:
        """The moment the data set describes: 09:00 UTC on the base date."""
        return dt.datetime.combine(self.base, dt.time(9), tzinfo=dt.UTC)

    def moment(self, rng: random.Random, days_back: int) -> dt.datetime:
        """A created-at time before the base date (fixed, so that rows repeat exactly)."""
        return self.now - dt.timedelta(days=rng.randint(1, days_back), minutes=rng.randint(0, 600))

    def in_region(self, region: str) -> tuple[list[Place], list[Place]]:
        """The region's municipalities and its hubs among them, in ``places`` order (looked up once)."""
        if region not in self._by_region:
            in_region = [p for p in self.places if p.region_code == region]
            self._by_region[region] = (in_region, [p for p in in_region if p.code in HUBS])
        return self._by_region[region]


def postcode(rng: random.Random) -> str:
    return f"{rng.randint(1000, 9999)} {rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"


def pick_place(world: World, rng: random.Random, region: str) -> Place:
    in_region, hubs = world.in_region(region)
    return rng.choice(hubs if hubs and rng.random() < 0.55 else in_region)


def seed_providers(world: World) -> None:
    """Provider organisations with 1-3 locations and their quality marks, some expired."""
    rng = world.rng("providers")
    org_id, loc_id = world.writer.ids(Organisation.__table__), world.writer.ids(Location.__table__)
    mark_id = world.writer.ids(QualityMark.__table__)
    regions = sorted({p.region_code for p in world.places})
    weights = [BUSY_REGIONS.get(code, 1) for code in regions]
    orgs, locations, marks = [], [], []
    for i in range(world.scaled("providers")):
        # every region gets a provider before any gets a second
        region = regions[i] if i < len(regions) else rng.choices(regions, weights)[0]
        home = pick_place(world, rng, region)
        provider = {"id": org_id(), "place": home, "locations": []}
        name = f"{rng.choice(NAME_PARTS)} {home.name} {rng.choice(NAME_ENDS)}".strip()
        valid_marks = []
        for kind, share, prefix in ((MarkKind.blik_op_werk, 0.6, "BOW"), (MarkKind.nrto, 0.5, "NRTO"),
                                    (MarkKind.crkbo, 0.4, "CRKBO")):
            if rng.random() >= share:
                continue
            valid_from = world.base - dt.timedelta(days=rng.randint(30, 1400))
            expired = len(marks) % 6 == 2  # one mark in six has run out
            valid_until = (world.base - dt.timedelta(days=rng.randint(1, 300)) if expired
                           else world.base + dt.timedelta(days=rng.randint(30, 1100)))
            valid_from = min(valid_from, valid_until - dt.timedelta(days=30))
            marks.append({"id": mark_id(), "provider_id": provider["id"], "kind": kind, "label": None,
                          "number": f"{prefix}-{valid_from.year}-{rng.randint(1, 9999):04d}",
                          "valid_from": valid_from, "valid_until": valid_until,
                          "verified_at": world.moment(rng, 300) if rng.random() < 0.7 else None,
                          "verified_by_id": None, "created_at": world.moment(rng, 400)})
            if not expired:
                valid_marks.append(kind)
        orgs.append({
            "id": provider["id"], "kind": OrgKind.provider, "name": name,
            "kvk_number": str(KVK_FIRST[OrgKind.provider] + i),
            "vat_id": None, "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode(rng),
            "city": home.name, "municipality_id": home.municipality_id,
            "contact_email": f"info@aanbieder{i + 1}.example", "phone": f"0{rng.randint(100000000, 999999999)}",
            "is_temp_agency": False, "cao": None, "size_class": None, "sector": None,
            "crkbo_registered": MarkKind.crkbo in valid_marks, "iban": None,
            "description": f"Taalcursussen voor werkgevers in en rond {home.name}: op locatie, in het bedrijf "
                           "en online.",
            "created_at": world.moment(rng, 1000)})
        for n in range(rng.choices((1, 2, 3), (5, 3, 2))[0]):
            place = home if n == 0 else pick_place(world, rng, region if rng.random() < 0.7 else rng.choice(regions))
            location = {"id": loc_id(), "provider_id": provider["id"], "name": f"Leslocatie {place.name}",
                        "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode(rng),
                        "city": place.name, "municipality_id": place.municipality_id,
                        "directions": "Ingang aan de achterkant, tweede verdieping." if rng.random() < 0.3 else None}
            locations.append(location)
            provider["locations"].append((location["id"], place))
        world.providers.append(provider)
    world.writer.insert(Organisation.__table__, orgs)
    world.writer.insert(Location.__table__, locations)
    world.writer.insert(QualityMark.__table__, marks)


def course_text(rng: random.Random, tags: list[str], cefr_from: Cefr, cefr_to: Cefr, exam: Exam,
                languages: list[str]) -> tuple[str, str]:
    """A realistic Dutch title and description, so full-text search has something to find."""
    sector, role, topics = SECTOR_WORDS[tags[0]]
    topic1, topic2 = rng.sample(topics, 2)
    trade = sector.removeprefix("de ").removeprefix("het ")  # without the article, for "Vaktaal zorg"
    words = {"sector": sector, "trade": trade, "role": role, "topic": topic1, "cefr_from": cefr_from,
             "cefr_to": cefr_to}
    template = EXAM_TITLES[exam] if exam in EXAM_TITLES and rng.random() < 0.7 else rng.choice(TITLES)
    title = template.format(**words)
    title = title[0].upper() + title[1:]
    description = (f"In deze cursus leren {role} het Nederlands dat ze elke dag nodig hebben: {topic1} en {topic2}. "
                   f"We oefenen met echte situaties uit {sector}: een collega iets vragen, een instructie begrijpen "
                   f"en een melding doen. Van niveau {cefr_from} naar {cefr_to}, in kleine groepen.")
    if languages:
        names = [LANGUAGE_NAMES[code] for code in languages if code in LANGUAGE_NAMES]
        description += f" Uitleg waar nodig in het {' of '.join(names)}."
    if exam != Exam.none:
        description += {Exam.provider_certificate: " U sluit af met een certificaat.",
                        Exam.staatsexamen_nt2_i: " We bereiden voor op het Staatsexamen NT2 programma I.",
                        Exam.staatsexamen_nt2_ii: " We bereiden voor op het Staatsexamen NT2 programma II.",
                        Exam.inburgeringsexamen: " We bereiden voor op het inburgeringsexamen."}[exam]
    return title, description


def seed_courses(world: World) -> None:
    """3-6 courses per provider with sector tags and support languages."""
    rng = world.rng("courses")
    course_id = world.writer.ids(Course.__table__)
    tags_all, levels = sorted(SECTOR_WORDS), list(Cefr)
    courses, languages, tags = [], [], []
    for provider in world.providers:
        for _n in range(rng.randint(3, 6)):
            cefr_from = rng.choices(levels[:4], (3, 4, 3, 1))[0]
            cefr_to = levels[min(levels.index(cefr_from) + rng.choice((1, 1, 2)), len(levels) - 1)]
            exam = rng.choices(list(Exam), (5, 4, 1, 1, 1))[0]
            if exam in EXAM_LEVEL and cefr_to < EXAM_LEVEL[exam]:
                exam = Exam.provider_certificate
            course_tags = rng.sample(tags_all, rng.choice((1, 1, 2)))
            course_languages = sorted(set(rng.choices(list(LANGUAGE_NAMES), LANGUAGE_WEIGHTS, k=rng.randint(0, 3))))
            title, description = course_text(rng, course_tags, cefr_from, cefr_to, exam, course_languages)
            created = world.moment(rng, 700)
            course = {
                "id": course_id(), "provider_id": provider["id"], "title": title, "description": description,
                "cefr_from": cefr_from, "cefr_to": cefr_to, "contact_hours": rng.choice((20, 24, 30, 36, 40, 48, 60)),
                "self_study_hours": rng.choice((None, None, 10, 20, 40)),
                "format": rng.choices(list(CourseFormat), (40, 25, 15, 20))[0],
                "vocational": rng.random() < 0.5, "exam": exam, "nlqf": rng.choice((None,) * 8 + (1, 2)),
                "what_to_bring": "Pen, papier en uw werkrooster." if rng.random() < 0.3 else None,
                "created_at": created, "updated_at": created, "archived_at": None}
            courses.append(course)
            languages += [{"course_id": course["id"], "language": code} for code in course_languages]
            tags += [{"course_id": course["id"], "tag": tag} for tag in course_tags]
            world.courses.append({"id": course["id"], "provider_id": provider["id"], "format": course["format"],
                                  "provider": provider})
    world.writer.insert(Course.__table__, courses)
    world.writer.insert(CourseLanguage.__table__, languages)
    world.writer.insert(CourseTag.__table__, tags)


@functools.lru_cache(maxsize=50_000)
def _utc(day: dt.date, time: dt.time) -> dt.datetime:
    return to_utc(day, time)


def weekly_sessions(first: dt.date, last: dt.date, weekdays: set[int], start: dt.time, end: dt.time,
                    public: holidays.HolidayBase) -> list[tuple[dt.datetime, dt.datetime]]:
    """The lessons of a weekly pattern, as providers.schedule.session_times gives them (public holidays
    left out, Amsterdam wall-clock times stored as UTC), with the holiday table made once, not per run."""
    lessons, day = [], first
    while day <= last:
        if day.weekday() in weekdays and day not in public:
            lessons.append((_utc(day, start), _utc(day, end)))
        day += dt.timedelta(days=1)
    return lessons


def search_aids(lessons: list[tuple[dt.datetime, dt.datetime]]) -> dict:
    """The run's columns derived from its sessions (weekday_mask, slots, ...), exactly as
    providers.offer.refresh_summary sets them, so they follow any aid added there."""
    run = SimpleNamespace(lessons=[SimpleNamespace(starts_at=s, ends_at=e) for s, e in lessons])
    refresh_summary(run)
    return {name: value for name, value in vars(run).items() if name != "sessions"}


def place_of(rng: random.Random, course: dict) -> PlaceKind:
    fmt = course["format"]
    if fmt == CourseFormat.in_company or fmt == CourseFormat.classroom and rng.random() < 0.1:
        return PlaceKind.in_company
    if fmt == CourseFormat.online or fmt == CourseFormat.blended and rng.random() < 0.3:
        return PlaceKind.online
    return PlaceKind.location


def seed_runs(world: World) -> None:
    """Runs over the twelve months after the base date, with weekly sessions, in chunks to bound memory."""
    rng = world.rng("runs")
    run_id, lesson_id = world.writer.ids(CourseRun.__table__), world.writer.ids(Lesson.__table__)
    public = holidays.country_holidays("NL", years=range(world.base.year, world.base.year + 3))
    regions = sorted({p.region_code for p in world.places})
    statuses = (RunStatus.open, RunStatus.draft, RunStatus.confirmed, RunStatus.cancelled)
    status_weights = (78, 7, 10, 5)
    total = world.scaled("runs")
    for first_of_chunk in range(0, total, CHUNK):
        runs, run_regions, lessons = [], [], []
        for _n in range(first_of_chunk, min(total, first_of_chunk + CHUNK)):
            course = world.courses[rng.randrange(len(world.courses))]
            provider = course["provider"]
            kind = place_of(rng, course)
            location_id, place = rng.choice(provider["locations"]) if kind == PlaceKind.location else (None, None)
            served = [place.region_code if place else provider["place"].region_code]
            for extra in rng.sample(regions, rng.choices((0, 1, 2, 3), (5, 3, 1, 1))[0]):
                if extra not in served:
                    served.append(extra)
            weekdays = set(rng.sample(range(5), rng.choices((1, 2, 3), (35, 45, 20))[0]))
            if rng.random() < 0.05:
                weekdays = {5}
            start = rng.choice(START_TIMES)
            end = (dt.datetime.combine(world.base, start) + dt.timedelta(minutes=rng.choice((120, 150, 180)))).time()
            first = world.base + dt.timedelta(days=rng.randint(1, 365))
            sessions_here = weekly_sessions(first, first + dt.timedelta(days=7 * rng.randint(6, 16) - 1), weekdays,
                                            start, end, public)
            aids = search_aids(sessions_here)
            start_date = local(sessions_here[0][0]).date()
            end_date = local(sessions_here[-1][0]).date()
            capacity_max = rng.randint(6, 16)
            created = world.moment(rng, 120)
            run = {
                "id": run_id(), "course_id": course["id"], "provider_id": course["provider_id"],
                "place_kind": kind, "location_id": location_id,
                "municipality_id": place.municipality_id if place else None,
                "start_date": start_date, "end_date": end_date,
                "capacity_min": rng.randint(3, 6), "capacity_max": capacity_max,
                "price_cents": rng.randint(50, 300) * 500,
                "booking_deadline": start_date - dt.timedelta(days=rng.choice((3, 7, 7, 10, 14))),
                "go_no_go_date": start_date - dt.timedelta(days=rng.choice((7, 10, 14, 21))),
                "instant_booking": rng.random() < 0.65, "free_cancellation_days": rng.choice((7, 14, 14, 21, 28)),
                "late_cancellation_percent": rng.choice((25, 50, 50, 100)),
                "status": rng.choices(statuses, status_weights)[0],
                "created_at": created, "updated_at": created, **aids}
            runs.append(run)
            world.runs.append({name: run[name] for name in RUN_FACTS} | {"regions": served})
            run_regions += [{"run_id": run["id"], "region_code": code} for code in served]
            lessons += [{"id": lesson_id(), "run_id": run["id"], "starts_at": s, "ends_at": e,
                          "note": "Deze les in lokaal 2.14." if rng.random() < 0.02 else None}
                         for s, e in sessions_here]
        world.writer.insert(CourseRun.__table__, runs)
        world.writer.insert(RunRegion.__table__, run_regions)
        world.writer.insert(Lesson.__table__, lessons)


# Employers, employees and bookings ---------------------------------------------------------------------

class Weighted:
    """``rng.choices(values, weights)[0]`` with the cumulative weights summed once: the same single draw."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, values: Iterable, weights: Iterable[float]) -> None:
        self.values = tuple(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def one(rng: random.Random, values: tuple | list):
    """``rng.choice``, in one draw (a hot path: a million calls at factor 1)."""
    return values[int(rng.random() * len(values))]


def between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A whole second from start on, before end (start when end is not later)."""
    return start + dt.timedelta(seconds=int(rng.random() * max(0.0, (end - start).total_seconds())))


def days_before(rng: random.Random, day: dt.date, least: int, most: int) -> dt.date:
    return day - dt.timedelta(days=least + int(rng.random() * (most - least + 1)))


#: seed_runs makes runs up to 120 days (and 600 minutes) before the base date: employers and employees
#: are on the marketplace before that, so before any booking
SEEDED_BEFORE_BOOKINGS = dt.timedelta(days=122)
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

#: what a booking on a bookable run came to, before capacity has its say (see the module docstring)
OUTCOME = Weighted(("confirmed", "cancelled", "expired", "declined", "held"), (70, 13, 11, 4, 1))
#: what became of a booking that would have been confirmed but found the run full
FULL_OUTCOME = Weighted(("waitlisted", "left", "expired"), (45, 30, 25))
LIVE_OUTCOMES = frozenset({"confirmed", "waitlisted", "held"})
BOOKING_SIZE = Weighted((1, 2, 3, 4, 5, 6), (22, 24, 20, 14, 11, 9))
PAYMENT = Weighted((PaymentMethod.invoice, PaymentMethod.stripe), (7, 3))
#: a run's demand relative to its seats, by status (times nearness and chance, see seed_enrolments)
RUN_DEMAND = {RunStatus.open: 1.0, RunStatus.confirmed: 1.4, RunStatus.cancelled: 0.4}


def apportion(total: int, weights: list[float], floor: int = 0) -> list[int]:
    """``total`` shared out in proportion to ``weights``, at least ``floor`` each (when there is enough), the
    rounding left over going to the largest remainders (ties to the first): whole numbers summing to total."""
    floor = floor if total >= floor * len(weights) else 0
    spread, whole = total - floor * len(weights), sum(weights)
    exact = [spread * w / whole if whole else 0.0 for w in weights]
    shares = [floor + int(x) for x in exact]
    for i in sorted(range(len(shares)), key=lambda i: (int(exact[i]) - exact[i], i))[:total - sum(shares)]:
        shares[i] += 1
    return shares


def seed_employers(world: World) -> None:
    """Employer organisations over the regions like the providers; about one in ten a temp agency."""
    rng = world.rng("employers")
    org_id = world.writer.ids(Organisation.__table__)
    regions = sorted({p.region_code for p in world.places})
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


def employer_index(world: World) -> dict[str | None, Weighted]:
    """Per region (None: the whole country) its employers with an active roster, as indexes into
    ``world.employers``, weighted by the active roster's size (big rosters book more)."""
    found: dict[str | None, tuple[list[int], list[int]]] = {}
    for i, employer in enumerate(world.employers):
        if employer["roster"][1]:
            for key in (employer["place"].region_code, None):
                found.setdefault(key, ([], []))
                found[key][0].append(i)
                found[key][1].append(employer["roster"][1])
    return {key: Weighted(*lists) for key, lists in found.items()}


@dataclass
class RunBookings:
    """One run's bookings while they are made, oldest first: the seats taken and who is live on it."""

    run: dict
    confirmed: int = 0
    live: set[int] = field(default_factory=set)
    live_per_employer: dict[int, int] = field(default_factory=dict)
    house: int | None = None  # in-company: the employer it is given for

    def take(self, employer: int, people: list[int]) -> None:
        self.live.update(people)
        self.live_per_employer[employer] = self.live_per_employer.get(employer, 0) + len(people)


def pick_people(world: World, rng: random.Random, index: dict[str | None, Weighted], state: RunBookings,
                size: int) -> tuple[int, list[int], bool]:
    """An employer in the run's regions (after four without staff left to book, from anywhere) and up to
    ``size`` of its active staff not live on the run yet; when eight employers in a row have none left (a tiny
    data set), anyone, for a booking that is not live."""
    run = state.run
    for attempt in range(8):
        if state.house is not None and attempt == 0 and rng.random() < 0.85:
            employer = state.house
        else:
            region = run["regions"][0] if rng.random() < 0.7 else one(rng, run["regions"])
            nearby = index.get(region) if attempt < 4 else None
            employer = (nearby or index[None])(rng)
            if run["place_kind"] == PlaceKind.in_company and state.house is None:
                state.house = employer
        first, active = world.employers[employer]["roster"]
        free = active - state.live_per_employer.get(employer, 0)
        if free:
            return employer, draw_staff(rng, first, active, free, min(size, free), state.live), True
    return employer, draw_staff(rng, first, active, active, min(size, active), set()), False


def draw_staff(rng: random.Random, first: int, active: int, free: int, size: int, taken: set[int]) -> list[int]:
    """``size`` different ids from first .. first + active - 1 that are not ``taken`` (``free`` of them are
    not): drawn one by one while most are free, else from the list of the free ones (faster than
    ``random.sample``)."""
    if 3 * size < free and 2 * free > active:
        chosen: list[int] = []
        while len(chosen) < size:
            person = first + int(rng.random() * active)
            if person not in taken and person not in chosen:
                chosen.append(person)
        return chosen
    pool = [person for person in range(first, first + active) if person not in taken]
    for i in range(size):  # the first ``size`` steps of a Fisher-Yates shuffle
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:size]


def late_fee(run: dict, cancelled_at: dt.datetime) -> int:
    """bookings.services.cancellation_fee for a confirmed seat: free until free_cancellation_days before the
    start, then late_cancellation_percent of the price."""
    if local(cancelled_at).date() <= run["start_date"] - dt.timedelta(days=run["free_cancellation_days"]):
        return 0
    return share_cents(run["price_cents"], Decimal(run["late_cancellation_percent"]) / 100)


def book_run(world: World, rng: random.Random, index: dict[str | None, Weighted], run: dict, count: int,
             window: tuple[dt.datetime, dt.datetime], ids: tuple[Callable[[], int], Callable[[], int]],
             bookings: list[dict], enrolments: list[dict]) -> None:
    """``count`` enrolments on one run in bookings of 1-6, in the order they were made (module docstring)."""
    booking_id, enrolment_id = ids
    now, state = world.now, RunBookings(run)
    sizes, left = [], count
    while left:
        sizes.append(min(left, BOOKING_SIZE(rng)))
        left -= sizes[-1]
    plan = sorted((between(rng, *window), size) for size in sizes)
    run_cancelled = between(rng, plan[-1][0], now) if run["status"] == RunStatus.cancelled else None
    reminder = _utc(run["start_date"] - dt.timedelta(days=2), dt.time(7))
    still_open = _utc(run["booking_deadline"] + dt.timedelta(days=1), dt.time()) > now
    i = 0
    while i < len(plan):
        created, size = plan[i]
        i += 1
        employer, people, can_live = pick_people(world, rng, index, state, size)
        if len(people) < size:  # the rest of the group books separately (another employer, most likely)
            plan.insert(i, (created, size - len(people)))
        if run_cancelled is not None:
            outcome = "run_cancelled"
        elif not can_live:
            outcome = "expired"
        else:
            outcome = OUTCOME(rng)
            if outcome == "declined" and run["instant_booking"]:
                outcome = "expired"  # only a run without instant booking asks its provider
            elif outcome == "held" and not still_open:
                outcome = "expired"  # booking has closed: no hold can have lapsed just now
            elif outcome == "confirmed" and state.confirmed + len(people) > run["capacity_max"]:
                outcome = FULL_OUTCOME(rng)
        status, seat_until, payment, confirmed_at, reminded_at = outcome, None, None, None, None
        cancelled_at = fee = None
        if outcome == "held":  # a hold that lapsed minutes ago, before the tick job expired it
            created = now - dt.timedelta(minutes=16 + int(rng.random() * 225))
            seat_until = created + dt.timedelta(minutes=15)
        elif outcome == "confirmed" or (outcome in ("run_cancelled", "cancelled") and rng.random() < 0.67):
            wait = dt.timedelta(minutes=2 + int(rng.random() * (13 if run["instant_booking"] else 4320)))
            confirmed_at = min(created + wait, run_cancelled or now - dt.timedelta(minutes=1))
            payment = PAYMENT(rng)
            if outcome == "confirmed" and confirmed_at < reminder < now:
                reminded_at = reminder
        elif outcome in ("declined", "expired") and not run["instant_booking"] and rng.random() < 0.5:
            payment = PAYMENT(rng)  # chosen when the employer sent the request
        if outcome == "run_cancelled":
            status, cancelled_at, fee = "cancelled", run_cancelled, 0
        elif outcome == "left":  # left the waiting list
            status, cancelled_at, fee = "cancelled", between(rng, created, now), 0
        elif outcome == "cancelled":
            cancelled_at = between(rng, confirmed_at or created, now)
            fee = late_fee(run, cancelled_at) if confirmed_at else 0
        status = BookingStatus(status)
        bookings.append({"id": booking_id(), "employer_id": world.employers[employer]["id"],
                         "run_id": run["id"], "provider_id": run["provider_id"], "status": status,
                         "seat_until": seat_until, "payment_method": payment, "created_at": created,
                         "confirmed_at": confirmed_at, "reminded_at": reminded_at})
        # now and then one employee of a confirmed group cancelled on their own
        alone = (len(people) - 1 if status == BookingStatus.confirmed and len(people) > 1 and rng.random() < 0.08
                 else None)
        for n, person in enumerate(people):
            enrolment = {"id": enrolment_id(), "booking_id": bookings[-1]["id"], "run_id": run["id"],
                         "employee_id": person, "status": status, "seat_until": seat_until,
                         "price_cents": run["price_cents"], "cancellation_fee_cents": fee,
                         "cancelled_at": cancelled_at, "created_at": created}
            if n == alone:
                moment = between(rng, confirmed_at, now)
                enrolment.update(status=BookingStatus.cancelled, cancelled_at=moment,
                                 cancellation_fee_cents=late_fee(run, moment))
            enrolments.append(enrolment)
        if status in LIVE_OUTCOMES:
            live = people if alone is None else people[:alone]
            state.take(employer, live)
            if status == BookingStatus.confirmed:
                state.confirmed += len(live)


def seed_enrolments(world: World) -> None:
    """``scaled("enrolments")`` enrolments over the runs in their bookings; confirmed ones within capacity."""
    rng = world.rng("enrolments")
    ids = world.writer.ids(Booking.__table__), world.writer.ids(Enrolment.__table__)
    index = employer_index(world)
    now = world.now
    windows, weights = [], []
    for run in world.runs:
        # bookable from an hour after the run was made until the base date or the booking deadline
        window = (run["created_at"] + dt.timedelta(hours=1),
                  min(now - dt.timedelta(minutes=20), _utc(run["booking_deadline"] + dt.timedelta(days=1), dt.time())))
        nearness = max(0.0, 1 - (run["start_date"] - world.base).days / 365)
        demand = RUN_DEMAND.get(run["status"], 0.0) * (0.8 + 2.2 * nearness) * (0.6 + 0.8 * rng.random())
        windows.append(window)
        weights.append(run["capacity_max"] * demand if window[1] > window[0] else 0.0)
    bookings: list[dict] = []
    enrolments: list[dict] = []
    shares = apportion(world.scaled("enrolments"), weights) if index else [0] * len(weights)
    for run, window, count in zip(world.runs, windows, shares, strict=True):
        if count:
            book_run(world, rng, index, run, count, window, ids, bookings, enrolments)
        if len(enrolments) >= BATCH:
            world.writer.insert(Booking.__table__, bookings)
            world.writer.insert(Enrolment.__table__, enrolments)
            bookings, enrolments = [], []
    world.writer.insert(Booking.__table__, bookings)
    world.writer.insert(Enrolment.__table__, enrolments)


# The command -------------------------------------------------------------------------------------------------

#: (name, step, tables it fills) in order; a later step goes at the end, with its own random stream.
STEPS: tuple[tuple[str, Callable[[World], None], tuple[str, ...]], ...] = (
    ("providers", seed_providers, ("organisations", "locations", "quality_marks")),
    ("courses", seed_courses, ("courses", "course_languages", "course_tags")),
    ("runs", seed_runs, ("course_runs", "run_regions", "sessions")),
    ("employers", seed_employers, ("organisations",)),
    ("employees", seed_employees, ("employees",)),
    ("enrolments", seed_enrolments, ("bookings", "enrolments")),
)


def seeded_organisations():
    return select(Organisation.id).where(Organisation.kvk_number.between(*KVK_SEEDED))


def has_seed_data(session) -> bool:
    return session.scalar(seeded_organisations().limit(1)) is not None


def clear_seed_data(session) -> None:
    """Delete what an earlier seed wrote, children first (a later step adds its tables at the front).

    Bookings go when their employer or provider is seeded (also ones made later through the product on the
    seeded data, with their audit trail), and enrolments with their booking, run or employee."""
    orgs = seeded_organisations()
    runs = select(CourseRun.id).where(CourseRun.provider_id.in_(orgs))
    courses = select(Course.id).where(Course.provider_id.in_(orgs))
    employees = select(Employee.id).where(Employee.employer_id.in_(orgs))
    bookings = select(Booking.id).where(Booking.employer_id.in_(orgs) | Booking.provider_id.in_(orgs))
    deletions: Iterable = (
        BookingEvent.__table__.delete().where(BookingEvent.booking_id.in_(bookings)),
        Enrolment.__table__.delete().where(Enrolment.booking_id.in_(bookings) | Enrolment.run_id.in_(runs)
                                           | Enrolment.employee_id.in_(employees)),
        Booking.__table__.delete().where(Booking.employer_id.in_(orgs) | Booking.provider_id.in_(orgs)),
        Employee.__table__.delete().where(Employee.employer_id.in_(orgs)),
        Lesson.__table__.delete().where(Lesson.run_id.in_(runs)),
        RunRegion.__table__.delete().where(RunRegion.run_id.in_(runs)),
        CourseRun.__table__.delete().where(CourseRun.provider_id.in_(orgs)),
        CourseLanguage.__table__.delete().where(CourseLanguage.course_id.in_(courses)),
        CourseTag.__table__.delete().where(CourseTag.course_id.in_(courses)),
        Course.__table__.delete().where(Course.provider_id.in_(orgs)),
        Location.__table__.delete().where(Location.provider_id.in_(orgs)),
        QualityMark.__table__.delete().where(QualityMark.provider_id.in_(orgs)),
        Organisation.__table__.delete().where(Organisation.id.in_(orgs)),
    )
    for statement in deletions:
        session.execute(statement)


def current_places(session, day: dt.date) -> list[Place]:
    rows = session.execute(select(Municipality.id, Municipality.code, Municipality.name, Municipality.region_code)
                           .where(valid_on(day)).order_by(Municipality.code))
    return [Place(*row) for row in rows]


@click.group("seed", cls=AppGroup)
def seed_group() -> None:
    """Synthetic data for benchmarks."""


@seed_group.command("scale")
@click.option("--factor", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Size relative to the national scale (1: 400 providers, 30,000 runs, 20,000 employers, "
                   "250,000 employees, 600,000 enrolments).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same rows.")
@click.option("--base-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Day the data set is built around (runs start in the 12 months after it) [default: today].")
@click.option("--reset", is_flag=True, help="Delete the data of an earlier seed first.")
def seed_scale(factor: float, seed: int, base_date: dt.datetime | None, reset: bool) -> None:
    """Fill the database with a synthetic national-scale data set (CONTRACT.md, command line)."""
    session = db.session
    base = base_date.date() if base_date else clock.today()
    places = current_places(session, base)
    if not places:
        raise click.ClickException("No municipalities in the database: run `taalmarkt db upgrade` first.")
    if has_seed_data(session):
        if not reset:
            raise click.ClickException("This database already holds seed data (KvK numbers 2xxxxxxx). "
                                       "Use --reset to replace it, or seed an empty database.")
        began = time.perf_counter()
        clear_seed_data(session)
        session.commit()
        click.echo(f"Removed the earlier seed data ({time.perf_counter() - began:.1f} s).")
    world = World(seed=seed, factor=factor, base=base, places=places, writer=Writer(session))
    click.echo(f"Seeding at factor {factor:g}, seed {seed}, base date {base.isoformat()}.")
    began = time.perf_counter()
    for name, step, tables in STEPS:
        step_began, before = time.perf_counter(), dict(world.writer.counts)
        step(world)
        rows = ", ".join(f"{world.writer.counts.get(t, 0) - before.get(t, 0):,} {t}" for t in tables)
        click.echo(f"  {name:<10} {rows} ({time.perf_counter() - step_began:.1f} s)")
    session.commit()
    world.writer.finish()
    click.echo(f"  not seeded yet: {', '.join(NOT_SEEDED_YET)} (not in the data model yet)")
    click.echo(f"Done: {sum(world.writer.counts.values()):,} rows in {time.perf_counter() - began:.1f} s.")
