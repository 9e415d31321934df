"""`taalmarkt seed scale`: a synthetic national-scale data set for benchmarks (CONTRACT.md).

At factor 1: 400 providers with their locations, quality marks and courses, and 30,000 course runs with
their sessions. Employers, employees and enrolments (CONTRACT.md's other factor-1 numbers) are later
steps: add them to ``STEPS``, each with its own random stream, so the rows of earlier steps never change.

Rows go in with bulk Core inserts, ids assigned here so children can point at parents before the
database has seen them. The same ``--seed`` and ``--base-date`` on an empty database give the same rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

import click
import holidays
from sqlalchemy import func, insert, select, text

from marketplace.cli import refresh_statistics
from marketplace.db import db
from marketplace.organisations.models import Organisation, OrgKind
from marketplace.regions.models import Municipality, valid_on
from providers.catalogue import Course, CourseLanguage, CourseRun, CourseTag, RunRegion, RunStatus, Session
from providers.models import Location, MarkKind, QualityMark
from providers.offer import refresh_summary
from providers.schedule import local, to_utc
from providers.vocabulary import Cefr, CourseFormat, Exam, PlaceKind

#: Seeded KvK numbers: 2xxxxxxx never meets the demo's 9000000x or the tests' 1000000x.
KVK_FIRST = {OrgKind.provider: 20_000_001, OrgKind.employer: 21_000_001}
KVK_SEEDED = ("20000000", "29999999")
AT_FACTOR_ONE = {"providers": 400, "runs": 30_000, "employers": 20_000, "employees": 250_000, "enrolments": 600_000}
NOT_SEEDED_YET = ("employers", "employees", "enrolments")
CHUNK = 5_000

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
        planner's statistics, as the product does after its own loads (cli.refresh_statistics)."""
        if self.session.get_bind().dialect.name == "postgresql":
            for name in self._next:
                self.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                                          f"(SELECT coalesce(max(id), 1) FROM {name}))"))
            self.session.commit()
        refresh_statistics()


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
    courses: list[dict] = field(default_factory=list)  # {id, organisation_id, format, place}

    def rng(self, step: str) -> random.Random:
        # One stream per step, so a step added later leaves the rows of the earlier ones unchanged.
        return random.Random(f"{self.seed}:{step}")

    def scaled(self, what: str) -> int:
        return max(1, round(AT_FACTOR_ONE[what] * self.factor))

    def moment(self, rng: random.Random, days_back: int) -> dt.datetime:
        """A created-at time before the base date (fixed, so that rows repeat exactly)."""
        base = dt.datetime.combine(self.base, dt.time(9), tzinfo=dt.UTC)
        return base - dt.timedelta(days=rng.randint(1, days_back), minutes=rng.randint(0, 600))


def postcode(rng: random.Random) -> str:
    return f"{rng.randint(1000, 9999)} {rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"


def pick_place(world: World, rng: random.Random, region: str) -> Place:
    in_region = [p for p in world.places if p.region_code == region]
    hubs = [p for p in in_region if p.code in HUBS]
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
            marks.append({"id": mark_id(), "organisation_id": provider["id"], "kind": kind, "label": None,
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
            location = {"id": loc_id(), "organisation_id": provider["id"], "name": f"Leslocatie {place.name}",
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
                "id": course_id(), "organisation_id": provider["id"], "title": title, "description": description,
                "cefr_from": cefr_from, "cefr_to": cefr_to, "contact_hours": rng.choice((20, 24, 30, 36, 40, 48, 60)),
                "self_study_hours": rng.choice((None, None, 10, 20, 40)),
                "format": rng.choices(list(CourseFormat), (40, 25, 15, 20))[0],
                "vocational": rng.random() < 0.5, "exam": exam, "nlqf": rng.choice((None,) * 8 + (1, 2)),
                "what_to_bring": "Pen, papier en uw werkrooster." if rng.random() < 0.3 else None,
                "created_at": created, "updated_at": created, "archived_at": None}
            courses.append(course)
            languages += [{"course_id": course["id"], "language": code} for code in course_languages]
            tags += [{"course_id": course["id"], "tag": tag} for tag in course_tags]
            world.courses.append({"id": course["id"], "organisation_id": provider["id"], "format": course["format"],
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
    sessions, day = [], first
    while day <= last:
        if day.weekday() in weekdays and day not in public:
            sessions.append((_utc(day, start), _utc(day, end)))
        day += dt.timedelta(days=1)
    return sessions


def search_aids(sessions: list[tuple[dt.datetime, dt.datetime]]) -> dict:
    """The run's columns derived from its sessions (weekday_mask, slots, ...), exactly as
    providers.offer.refresh_summary sets them, so they follow any aid added there."""
    run = SimpleNamespace(sessions=[SimpleNamespace(starts_at=s, ends_at=e) for s, e in sessions])
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
    run_id, session_id = world.writer.ids(CourseRun.__table__), world.writer.ids(Session.__table__)
    public = holidays.country_holidays("NL", years=range(world.base.year, world.base.year + 3))
    regions = sorted({p.region_code for p in world.places})
    statuses = (RunStatus.open, RunStatus.draft, RunStatus.confirmed, RunStatus.cancelled)
    status_weights = (78, 7, 10, 5)
    total = world.scaled("runs")
    for first_of_chunk in range(0, total, CHUNK):
        runs, run_regions, sessions = [], [], []
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
                "id": run_id(), "course_id": course["id"], "organisation_id": course["organisation_id"],
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
            run_regions += [{"run_id": run["id"], "region_code": code} for code in served]
            sessions += [{"id": session_id(), "run_id": run["id"], "starts_at": s, "ends_at": e,
                          "note": "Deze les in lokaal 2.14." if rng.random() < 0.02 else None}
                         for s, e in sessions_here]
        world.writer.insert(CourseRun.__table__, runs)
        world.writer.insert(RunRegion.__table__, run_regions)
        world.writer.insert(Session.__table__, sessions)


# The command -------------------------------------------------------------------------------------------------

#: (name, step, tables it fills) in order; later issues append employers, employees and enrolments.
STEPS: tuple[tuple[str, Callable[[World], None], tuple[str, ...]], ...] = (
    ("providers", seed_providers, ("organisations", "locations", "quality_marks")),
    ("courses", seed_courses, ("courses", "course_languages", "course_tags")),
    ("runs", seed_runs, ("course_runs", "run_regions", "sessions")),
)


def seeded_organisations():
    return select(Organisation.id).where(Organisation.kvk_number.between(*KVK_SEEDED))


def has_seed_data(session) -> bool:
    return session.scalar(seeded_organisations().limit(1)) is not None


def clear_seed_data(session) -> None:
    """Delete what an earlier seed wrote, children first (a later step adds its tables at the front)."""
    orgs = seeded_organisations()
    runs = select(CourseRun.id).where(CourseRun.organisation_id.in_(orgs))
    courses = select(Course.id).where(Course.organisation_id.in_(orgs))
    deletions: Iterable = (
        Session.__table__.delete().where(Session.run_id.in_(runs)),
        RunRegion.__table__.delete().where(RunRegion.run_id.in_(runs)),
        CourseRun.__table__.delete().where(CourseRun.organisation_id.in_(orgs)),
        CourseLanguage.__table__.delete().where(CourseLanguage.course_id.in_(courses)),
        CourseTag.__table__.delete().where(CourseTag.course_id.in_(courses)),
        Course.__table__.delete().where(Course.organisation_id.in_(orgs)),
        Location.__table__.delete().where(Location.organisation_id.in_(orgs)),
        QualityMark.__table__.delete().where(QualityMark.organisation_id.in_(orgs)),
        Organisation.__table__.delete().where(Organisation.id.in_(orgs)),
    )
    for statement in deletions:
        session.execute(statement)


def current_places(session, day: dt.date) -> list[Place]:
    rows = session.execute(select(Municipality.id, Municipality.code, Municipality.name, Municipality.region_code)
                           .where(valid_on(day)).order_by(Municipality.code))
    return [Place(*row) for row in rows]


@click.group("seed")
def seed_group() -> None:
    """Synthetic data for benchmarks."""


@seed_group.command("scale")
@click.option("--factor", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Size relative to the national scale (1: 400 providers, 30,000 runs).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same rows.")
@click.option("--base-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Day the data set is built around (runs start in the 12 months after it) [default: today].")
@click.option("--reset", is_flag=True, help="Delete the data of an earlier seed first.")
def seed_scale(factor: float, seed: int, base_date: dt.datetime | None, reset: bool) -> None:
    """Fill the database with a synthetic national-scale data set (CONTRACT.md, command line)."""
    session = db.session
    base = base_date.date() if base_date else dt.date.today()
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
    click.echo(f"  not seeded yet: {', '.join(NOT_SEEDED_YET)} (later issues)")
    click.echo(f"Done: {sum(world.writer.counts.values()):,} rows in {time.perf_counter() - began:.1f} s.")
