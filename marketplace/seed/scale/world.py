"""What every step of the seed shares: the writer, the world the steps hand on, and where things are."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, text

from marketplace.core.db import db
from marketplace.tenancy.organisations.models import OrgKind

#: Seeded KvK numbers: 2xxxxxxx never meets the demo's 9000000x or the tests' 1000000x.
KVK_FIRST = {OrgKind.provider: 20_000_001, OrgKind.employer: 21_000_001}
KVK_SEEDED = ("20000000", "29999999")
AT_FACTOR_ONE = {"providers": 400, "runs": 30_000, "employers": 20_000, "employees": 250_000, "enrolments": 600_000}
CHUNK = 5_000
#: rows generated before they are written, for the steps that would otherwise hold hundreds of thousands
BATCH = 4 * CHUNK

#: the largest municipality of most regions: providers cluster there
HUBS = frozenset({"GM0014", "GM0080", "GM0106", "GM0153", "GM0200", "GM0202", "GM0268", "GM0222", "GM0281",
                  "GM0034", "GM0402", "GM0344", "GM0307", "GM0361", "GM0479", "GM0363", "GM0546", "GM0513",
                  "GM0518", "GM0599", "GM0505", "GM0687", "GM0758", "GM0855", "GM0796", "GM0772", "GM0983",
                  "GM0935", "GM0794", "GM0957", "GM0637", "GM0512", "GM0193", "GM0392", "GM0228"})
#: providers (and employers) per region, relative: the big cities' regions carry more
BUSY_REGIONS = {"AM18": 4, "AM22": 4, "AM21": 3, "AM13": 3, "AM28": 2, "AM25": 2, "AM26": 2, "AM27": 2, "AM08": 2,
                "AM07": 2, "AM05": 2, "AM01": 2, "AM19": 2}
POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"


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
    courses: list[dict] = field(default_factory=list)  # {id, provider_id, format, provider}
    runs: list[dict] = field(default_factory=list)  # what bookings need of each run (runs.RUN_FACTS, regions)
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

    @functools.cached_property
    def regions(self) -> list[str]:
        """The codes of the regions with a municipality, sorted."""
        return sorted({p.region_code for p in self.places})

    def in_region(self, region: str) -> tuple[list[Place], list[Place]]:
        """The region's municipalities and its hubs among them, in ``places`` order (looked up once)."""
        if region not in self._by_region:
            in_region = [p for p in self.places if p.region_code == region]
            self._by_region[region] = (in_region, [p for p in in_region if p.code in HUBS])
        return self._by_region[region]


def pick_place(world: World, rng: random.Random, region: str) -> Place:
    """A municipality of the region, its hub more often than not."""
    in_region, hubs = world.in_region(region)
    return rng.choice(hubs if hubs and rng.random() < 0.55 else in_region)


def postcode(rng: random.Random) -> str:
    return f"{rng.randint(1000, 9999)} {rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
