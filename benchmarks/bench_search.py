"""Benchmark of the run search: varied GET /api/v1/runs in-process, against the framework's floor.

Run: .venv/bin/python benchmarks/bench_search.py [--factor F] [--database sqlite|postgres|both] [--queries N]

For each database: a fresh schema (`taalmarkt db upgrade`), `taalmarkt seed scale --factor F` (timed, in a child
process whose peak memory is read with wait4), then in this process, with the Flask test client, N varied search
queries (filters, full-text words and sorts drawn from the seeded data, default limit 50) each timed once, and a
baseline timed as often, interleaved: a plain route on the same app, declared public as the API's views are, that
returns a fixed list of 50 search results with jsonify (the cost of the framework, not of the search).
Prints median and p95 of both, their ratios, results per query, the seed time and the peak memory.
With --database both each database runs in its own child process, so the peak memories do not mix.
Aims (docs/performance.md): p95 under 30 ms, p95 under 3x the baseline's.

To measure a proposal before it is written as a migration (the numbers are then marked as such):
  --sql STATEMENT      run this SQL after the seed, e.g. a CREATE INDEX (repeatable; ANALYZE follows)
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a clone without installing

from flask import jsonify  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.core import clock  # noqa: E402
from marketplace.core.access import public  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
TABLES = ("organisations", "locations", "quality_marks", "courses", "course_languages", "course_tags", "course_runs",
          "run_regions", "sessions")
WORDS = ("heftruck", "logistiek", "zorg", "veiligheid", "klantcontact", "werkbonnen", "horeca", "schrijven",
         "spreken", "staatsexamen", "hygiëne", "orderpickers", "kassa", "techniek", "Pools", "inburgeringsexamen",
         "werkvloer", "oogsten", "bouw", "rapporteren", "veilig werken", "werkvloer logistiek", "Roemeens uitleg",
         "lezen schrijven")
TIME_WINDOWS = (("08:00", "13:00"), ("09:00", "17:00"), ("13:00", "18:00"), ("17:00", "22:00"), (None, "16:00"),
                ("18:00", None))


# Databases -------------------------------------------------------------------------------------------------

def fresh_postgres(url: str) -> None:
    """The bench database, created when missing, with an empty public schema."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def postgres_reachable(url: str) -> bool:
    engine = create_engine(make_url(url).set(database="postgres"), connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False
    finally:
        engine.dispose()


def taalmarkt(url: str, *args: str) -> tuple[float, int, str]:
    """Run the CLI in a child process: (seconds, peak memory in MB, output)."""
    env = dict(os.environ, TAALMARKT_DATABASE_URL=url, TAALMARKT_ENV="testing", TAALMARKT_SECRET_KEY="bench")
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", "from marketplace.app.cli import main; main()", *args], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if child.returncode:
        sys.exit(f"taalmarkt {' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {t: conn.scalar(select(func.count()).select_from(text(t))) for t in TABLES}
    engine.dispose()
    return counts


def run_sql(url: str, statements: list[str]) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


# Queries ---------------------------------------------------------------------------------------------------

def draw_queries(rng: random.Random, n: int, today: dt.date, regions: list[str], municipalities: list[str]) -> list:
    """``n`` varied query strings: 0-4 filters each, values drawn from what the seed made."""

    def window():
        after = today + dt.timedelta(days=rng.randint(0, 240))
        pair = [("starts_after", after.isoformat()),
                ("starts_before", (after + dt.timedelta(days=rng.randint(14, 120))).isoformat())]
        return rng.choice((pair, pair[:1], pair[1:]))

    def week():
        days = rng.sample(("mon", "tue", "wed", "thu", "fri"), rng.randint(1, 4))
        time_from, time_to = rng.choice(TIME_WINDOWS)
        args = [("weekday", d) for d in days]
        if rng.random() < 0.6:
            args += [(k, v) for k, v in (("time_from", time_from), ("time_to", time_to)) if v]
        return args

    filters = {
        "region": lambda: [("region", rng.choice(regions))],
        "municipality": lambda: [("municipality", rng.choice(municipalities))],
        "level": lambda: [("level", rng.choice(("A0", "A1", "A1", "A2", "B1")))],
        "format": lambda: [("format", f) for f in rng.sample(("classroom", "in_company", "online", "blended"),
                                                               rng.randint(1, 2))],
        "window": window,
        "week": week,
        "support_language": lambda: [("support_language", rng.choice(("pl", "pl", "ro", "bg", "uk", "en")))],
        "exam": lambda: [("exam", rng.choice(("provider_certificate", "staatsexamen_nt2_i", "inburgeringsexamen")))],
        "max_price_cents": lambda: [("max_price_cents", rng.choice((50000, 75000, 100000)))],
        "mark": lambda: [("mark", rng.choice(("blik_op_werk", "nrto", "crkbo")))],
        "min_seats": lambda: [("min_seats", rng.randint(1, 10))],
        "q": lambda: [("q", rng.choice(WORDS))],
    }
    names = sorted(filters)
    queries = []
    for _ in range(n):
        chosen = rng.sample(names, rng.choices((0, 1, 2, 3, 4), (1, 4, 5, 3, 2))[0])
        args = [pair for name in chosen for pair in filters[name]()]
        sort = rng.choices(("start", "price", "level_fit"), (6, 3, 1))[0]
        if sort != "start":
            args.append(("sort", sort))
        queries.append(urlencode(args))
    return queries


def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def measure(url: str, n: int, seed: int) -> dict:
    """Time ``n`` searches and ``n`` baseline requests on the seeded database at ``url``."""
    app = create_app({"ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "bench"})
    fixed: dict = {}

    @public
    def baseline():
        return jsonify(fixed)

    app.add_url_rule("/api/v1/_bench/baseline", "bench_baseline", baseline)  # the benchmark's, not the product's
    client = app.test_client()
    engine = app.extensions["taalmarkt.engine"]
    with engine.connect() as conn:
        regions = list(conn.scalars(text("SELECT code FROM regions ORDER BY code")))
        municipalities = list(conn.scalars(text(
            "SELECT DISTINCT m.code FROM municipalities m JOIN course_runs r ON r.municipality_id = m.id "
            "ORDER BY m.code")))
    today = clock.today()
    rng = random.Random(seed)
    warm_up = draw_queries(random.Random(seed + 1), 20, today, regions, municipalities)
    queries = draw_queries(rng, n, today, regions, municipalities)

    page = client.get("/api/v1/runs?limit=50").json  # the fixed list: 50 real results, the same JSON shape
    fixed.update(items=page["items"], next_cursor=None)
    assert len(fixed["items"]) == 50, "the seed should give at least 50 open runs"
    for q in warm_up:
        assert client.get(f"/api/v1/runs?{q}").status_code == 200
        client.get("/api/v1/_bench/baseline")

    search_ms, baseline_ms, results = [], [], []
    for q in queries:
        began = time.perf_counter()
        response = client.get(f"/api/v1/runs?{q}")
        search_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (q, response.text)
        results.append(len(response.json["items"]))
        began = time.perf_counter()
        response = client.get("/api/v1/_bench/baseline")
        baseline_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200 and len(response.json["items"]) == 50
    slowest = sorted(zip(search_ms, queries, results, strict=True), reverse=True)[:8]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    engine.dispose()
    return {
        "search_median_ms": statistics.median(search_ms), "search_p95_ms": percentile(search_ms, 95),
        "baseline_median_ms": statistics.median(baseline_ms), "baseline_p95_ms": percentile(baseline_ms, 95),
        "results": {"min": min(results), "median": statistics.median(results), "max": max(results),
                    "empty": results.count(0), "full": results.count(50)},
        "slowest": [{"ms": round(ms, 1), "query": q, "results": r} for ms, q, r in slowest],
        "peak_memory_mb": peak_mb,
    }


# Running -------------------------------------------------------------------------------------------------

def bench_one(database: str, args) -> dict:
    if database == "postgres":
        url = args.postgres_url
        fresh_postgres(url)
    else:
        folder = tempfile.mkdtemp(prefix="bench-search-")
        url = f"sqlite:///{folder}/bench.db"
    try:
        taalmarkt(url, "db", "upgrade")
        seed_s, seed_mb, output = taalmarkt(url, "seed", "scale", "--factor", str(args.factor),
                                            "--seed", str(args.seed))
        print(output.rstrip())
        if args.sql:
            run_sql(url, [*args.sql, "ANALYZE"])
        result = {"database": database, "factor": args.factor, "seed_s": seed_s, "seed_peak_memory_mb": seed_mb,
                  "rows": row_counts(url), "queries": args.queries, "load_average": os.getloadavg(),
                  "extra_sql": args.sql}
        result.update(measure(url, args.queries, args.seed))
    finally:
        if database == "sqlite":
            shutil.rmtree(folder)
    return result


def report(r: dict) -> None:
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[r["database"]]
    marked = f" -- WITH {'; '.join(r['extra_sql'])} (not the product as it is)" if r["extra_sql"] else ""
    res = r["results"]
    print(f"\n{name}{marked}, factor {r['factor']:g}")
    print(f"  seed        {r['seed_s']:.1f} s (child process peak memory {r['seed_peak_memory_mb']} MB); rows: "
          + ", ".join(f"{n:,} {t}" for t, n in r["rows"].items()))
    print(f"  search      median {r['search_median_ms']:.1f} ms, p95 {r['search_p95_ms']:.1f} ms "
          f"({r['queries']} queries; results per query min {res['min']}, median {res['median']:g}, "
          f"max {res['max']}; {res['empty']} empty, {res['full']} full pages)")
    print(f"  baseline    median {r['baseline_median_ms']:.1f} ms, p95 {r['baseline_p95_ms']:.1f} ms")
    print(f"  ratio       median {r['search_median_ms'] / r['baseline_median_ms']:.1f}x, "
          f"p95 {r['search_p95_ms'] / r['baseline_p95_ms']:.1f}x   (aims: p95 < 30 ms, ratio < 3)")
    print(f"  peak memory {r['peak_memory_mb']} MB (benchmark process); load average at the start "
          f"{r['load_average'][0]:.2f} (2 cores: other work on the machine skews the numbers)")
    print("  slowest:")
    for s in r["slowest"]:
        print(f"    {s['ms']:6.1f} ms  {s['results']:3d} results  ?{s['query']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--sql", action="append", default=[], help="SQL to run after the seed (repeatable)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.database != "both":
        results = [bench_one(args.database, args)]
        report(results[0])
    else:
        results = []
        for database in ("sqlite", "postgres"):
            if database == "postgres" and not postgres_reachable(args.postgres_url):
                print(f"\nPostgreSQL at {args.postgres_url} is not reachable: skipped.")
                continue
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                argv = ["--factor", str(args.factor), "--queries", str(args.queries), "--seed", str(args.seed),
                        "--postgres-url", args.postgres_url, "--database", database, "--json", out.name]
                argv += [arg for statement in args.sql for arg in ("--sql", statement)]
                subprocess.run([sys.executable, __file__, *argv], check=True)
                results += json.loads(Path(out.name).read_text())
        summary(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def summary(results: list[dict]) -> None:
    print("\n| database | seed | runs | search median | search p95 | baseline median / p95 | ratio median / p95 "
          "| peak memory (bench / seed) | measured with |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        median, p95 = r["search_median_ms"], r["search_p95_ms"]
        base_median, base_p95 = r["baseline_median_ms"], r["baseline_p95_ms"]
        print(f"| {r['database']} | {r['seed_s']:.1f} s | {r['rows']['course_runs']:,} | {median:.1f} ms "
              f"| {p95:.1f} ms | {base_median:.1f} / {base_p95:.1f} ms | {median / base_median:.1f}x / "
              f"{p95 / base_p95:.1f}x | {r['peak_memory_mb']} / {r['seed_peak_memory_mb']} MB "
              f"| {'; '.join(r['extra_sql']) or 'the product as it is'} |")


if __name__ == "__main__":
    main()
