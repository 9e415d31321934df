"""Benchmark of matching: one training need against the runs of `taalmarkt seed scale`, in-process.

Run: .venv/bin/python benchmarks/bench_matching.py [--factor F] [--database sqlite|postgres|both] [--needs N]
     [--reuse URL]

For each database: a fresh schema, `taalmarkt seed scale --factor F` (30,000 runs at factor 1), then N varied
needs (region, level, group size, weekly windows, earliest start, formats; drawn deterministically) for an
employer with named employees; each need is matched (marketplace.matching.service.match: the pre-selection
query, the rules, lessons read where needed) and timed, interleaved with the baseline asked for: the plain
search query filtering only region and level (providers.search.search_runs, limit 50).
Prints median and p95 of both and their ratio. Aim (docs/performance.md): median under 50 ms.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_search import POSTGRES_URL, fresh_postgres, postgres_reachable, taalmarkt  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.core import clock  # noqa: E402
from marketplace.core.db import db  # noqa: E402

LEVELS = ("A0", "A1", "A1", "A2", "B1")
WINDOW_SETS = (
    (("tue", "14:00", "17:00"), ("thu", "14:00", "17:00")),
    (("mon", "08:00", "12:00"), ("wed", "08:00", "12:00"), ("fri", "08:00", "12:00")),
    (("tue", "18:00", "22:00"), ("thu", "18:00", "22:00")),
    (("mon", "13:00", "18:00"), ("tue", "13:00", "18:00"), ("wed", "13:00", "18:00"), ("thu", "13:00", "18:00")),
    (),
)


def make_needs(n: int, seed: int, today: dt.date):
    """N needs for one employer, each with 2-12 named employees, in varied places and windows."""
    from sqlalchemy import select

    from marketplace.employers.models import Employment
    from marketplace.employers.services import EmployeeInput, NeedInput, WindowInput, add_employee, create_need
    from marketplace.tenancy.organisations.models import Organisation, OrgKind
    from marketplace.tenancy.organisations.services import OrganisationDetails, create_organisation
    from marketplace.tenancy.regions.models import Municipality, valid_on
    from providers.vocabulary import Cefr

    rng = random.Random(seed)
    kvk = f"3{seed:07d}"[-8:]
    if db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk)):
        sys.exit(f"This database already has the benchmark employer of seed {seed}: use another --seed.")
    employer = create_organisation(OrganisationDetails(
        kind=OrgKind.employer, name="Benchmark BV", kvk_number=kvk, street="Teststraat 1", postcode="3011 AB",
        city="Rotterdam", municipality="GM0599", contact_email="bench@example.com"))
    staff = [add_employee(employer, EmployeeInput(first_name=f"P{i}", last_name="Bench", employment=Employment.employee,
                                                  cefr_level=Cefr(LEVELS[i % len(LEVELS)]))) for i in range(60)]
    municipalities = db.session.scalars(select(Municipality.code).where(valid_on(today))).all()
    needs = []
    for _ in range(n):
        level = rng.choice(LEVELS)
        group = [e for e in staff if e.cefr_level == level][: rng.randint(2, 12)]
        windows = tuple(WindowInput(day, dt.time.fromisoformat(a), dt.time.fromisoformat(b))
                        for day, a, b in rng.choice(WINDOW_SETS))
        target = list(Cefr)[list(Cefr).index(Cefr(level)) + 1]
        needs.append(create_need(employer, NeedInput(
            title="bench", cefr_from=Cefr(level), cefr_to=target, windows=windows,
            employee_ids=tuple(e.id for e in group), municipality=rng.choice(municipalities),
            earliest_start=today + dt.timedelta(days=rng.randint(1, 90)),
            formats=tuple(rng.sample(["classroom", "in_company", "online", "blended"], rng.randint(0, 2))))))
    db.session.commit()
    return needs


def measure(url: str, n: int, seed: int) -> dict:
    from marketplace.matching.service import match
    from providers.search import RunFilters, search_runs

    app = create_app({"ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": "bench"})
    today = clock.today()
    with app.test_request_context():
        needs = make_needs(n, seed, today)
        matched, baseline, found, candidates = [], [], [], []
        for need in needs:  # warm-up
            match(need, today)
        for need in needs:
            began = time.perf_counter()
            result = match(need, today)
            matched.append((time.perf_counter() - began) * 1000)
            found.append(len(result.matches))
            candidates.append(result.candidates)
            filters = RunFilters(today=today, region=need.municipality.region_code, level=need.cefr_from)
            began = time.perf_counter()
            search_runs(filters, 50)
            baseline.append((time.perf_counter() - began) * 1000)
        db.session.rollback()
    app.extensions["taalmarkt.engine"].dispose()
    return {"match": matched, "baseline": baseline, "found": found, "candidates": candidates}


def p95(samples):
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def report(name: str, r: dict) -> None:
    m, b = r["match"], r["baseline"]
    print(f"{name}: {len(m)} needs; matching median {statistics.median(m):.1f} ms, p95 {p95(m):.1f} ms; "
          f"baseline (search by region and level) median {statistics.median(b):.1f} ms, p95 {p95(b):.1f} ms; "
          f"ratio median {statistics.median(m) / statistics.median(b):.1f}x, p95 {p95(m) / p95(b):.1f}x; "
          f"runs considered per need median {statistics.median(r['candidates']):.0f}, "
          f"matches shown median {statistics.median(r['found']):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", default="1")
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--needs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", help="an already seeded database URL (skips the seed)")
    args = parser.parse_args()
    if args.reuse:
        report(args.reuse.split(":")[0], measure(args.reuse, args.needs, args.seed))
        return
    targets = []
    if args.database in ("sqlite", "both"):
        targets.append(("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.db"))
    if args.database in ("postgres", "both") and postgres_reachable(POSTGRES_URL):
        targets.append(("PostgreSQL", POSTGRES_URL))
    for name, url in targets:
        if url.startswith("postgresql"):
            fresh_postgres(url)
        taalmarkt(url, "db", "upgrade")
        seconds, _memory, _out = taalmarkt(url, "seed", "scale", "--factor", args.factor)
        print(f"{name}: seeded factor {args.factor} in {seconds:.0f} s")
        report(name, measure(url, args.needs, args.seed))


if __name__ == "__main__":
    main()
