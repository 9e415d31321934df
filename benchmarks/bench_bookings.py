"""Benchmark of booking seats over HTTP: gunicorn on PostgreSQL under concurrent clients, against a cheap GET.

Run: .venv/bin/python benchmarks/bench_bookings.py [--bookings 2000] [--rounds 100] [--url URL] [--workers 2]
     [--threads 8]

Setup, in this process: the database at --url gets a fresh public schema, the migrations and the regions; one
provider; 16 temp agencies (ABU), each with an owner, an API token and agency workers in phase A (bulk-inserted with
Core), so that every booking evaluates the subsidies and reserves the Doorzaam budget as a real agency's does; the
runs (tests/booking_world.a_run: 8 lessons, EUR 450, open, instant booking). The product allows at most 200 seats
per run, so the big runs get capacity_max 100,000 written directly (the database allows it).
Then gunicorn (gthread, --workers x --threads, TAALMARKT_ENV=production) on a free loopback port; the load
generator is this process on the same machine (its CPU counts against the server's). 16 clients, one thread each
with its own requests.Session and its agency's token, start together behind a barrier; each sends its share of N
requests one after the other. Requests/s is N over the wall time; p50/p95 are of the latency each client saw.

  baseline  GET /api/v1/employees?limit=1 (token lookup, one query, JSON), N times
  one run   POST /api/v1/bookings, one worker per booking, all N into the same run (201 held, or counted as failed)
  100 runs  the same, spread over 100 runs (a different set of workers)
  contention  --rounds rounds, each on a fresh run with 12 seats: 200 threads (200 workers of the 16 agencies,
            persistent sessions) wait at a barrier and each posts one booking; per round the 201 answers are
            counted, and the held+confirmed enrolments of the run in the database; both must be exactly 12
  memory    the peak RSS (VmHWM) of each gunicorn worker after all of it
After a warm-up (every client books its contention workers onto a spare run). Aims (the issue): 180 bookings/s
into one run with p95 under 150 ms; exactly 12 seats in every round; each worker under 250 MB.
"""

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_search import POSTGRES_URL, fresh_postgres  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.db import db  # noqa: E402

CLIENTS, RACERS, SEATS = 16, 200, 12


@dataclass
class Agency:
    token: str
    one_run: list[int]  # workers for the single big run
    many_runs: list[int]  # workers for the 100 runs
    racers: list[int]  # workers for the contention rounds (and the warm-up)


def prepare(url: str, per_client: int, rounds: int) -> tuple[list[Agency], int, list[int], list[int], int]:
    """(agencies, the big run, the 100 runs, one 12-seat run per round, a spare run for the warm-up)."""
    from marketplace.accounts.services import create_token
    from marketplace.employers.models import Employee, Employment
    from marketplace.migrate import upgrade
    from marketplace.organisations.models import Cao, OrgKind
    from marketplace.regions.loader import sync_regions
    from providers.vocabulary import Cefr
    from tests.booking_world import a_run
    from tests.factories import make_org, make_user

    fresh_postgres(url)
    upgrade(url)
    app = create_app({"ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "bench"})
    racers = math.ceil(RACERS / CLIENTS)
    with app.test_request_context():
        sync_regions(db.session)
        provider = make_org(OrgKind.provider, "GM0344", name="Taalschool Bench", crkbo_registered=True)
        orgs = [make_org(OrgKind.employer, name=f"Uitzend{i} BV", is_temp_agency=True, cao=Cao.ABU)
                for i in range(CLIENTS)]
        tokens = [create_token(make_user(org, email=f"owner{i}@bench.example"), org, "bench")
                  for i, org in enumerate(orgs)]
        rows = [{"organisation_id": org.id, "first_name": f"Worker{n}", "last_name": f"Uitzend{i}",
                 "employment": Employment.agency_worker, "cao_phase": "A", "long_term_sick": False,
                 "cefr_level": Cefr.A1, "preferred_language": "pl"}
                for i, org in enumerate(orgs) for n in range(2 * per_client + racers)]
        db.session.execute(insert(Employee), rows)
        staff = {org.id: [] for org in orgs}
        for employee_id, org_id in db.session.execute(select(Employee.id, Employee.organisation_id)
                                                      .order_by(Employee.id)):
            staff[org_id].append(employee_id)
        big, spare = a_run(provider, days_ahead=60), a_run(provider, days_ahead=60)
        big.capacity_max = spare.capacity_max = 100_000  # beyond the product's 200: the benchmark's own data
        many = [a_run(provider, days_ahead=60, capacity=200) for _ in range(100)]
        contested = [a_run(provider, days_ahead=60, capacity=SEATS) for _ in range(rounds)]
        db.session.commit()
        agencies = [Agency(token, staff[org.id][:per_client], staff[org.id][per_client:2 * per_client],
                           staff[org.id][2 * per_client:]) for org, token in zip(orgs, tokens, strict=True)]
        ids = big.id, [r.id for r in many], [r.id for r in contested], spare.id
    with app.app_context():
        db.engine.dispose()
    return agencies, *ids


def start_gunicorn(url: str, workers: int, threads: int, log) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, TAALMARKT_DATABASE_URL=url, TAALMARKT_ENV="production", TAALMARKT_SECRET_KEY="bench")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "marketplace:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{base}/api/v1/regions", timeout=10).status_code == 200:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def hammer(jobs: list[list], send) -> dict:
    """One thread per list of jobs, started together; ``send(session, job)`` makes a request."""
    latencies, failures, lock = [], {}, threading.Lock()
    barrier = threading.Barrier(len(jobs) + 1)

    def client(mine):
        session, seen = requests.Session(), []
        barrier.wait()
        for job in mine:
            began = time.perf_counter()
            outcome = send(session, job)
            seen.append((time.perf_counter() - began) * 1000)
            if outcome is not True:
                with lock:
                    failures[outcome] = failures.get(outcome, 0) + 1
        with lock:
            latencies.extend(seen)

    threads = [threading.Thread(target=client, args=(mine,)) for mine in jobs]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ms = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"n": len(latencies), "rate": len(latencies) / elapsed, "p50": ms[49], "p95": ms[94], "failures": failures}


def book(base: str):
    def send(session, job) -> bool | str:
        token, run_id, employee_id = job
        r = session.post(f"{base}/api/v1/bookings", headers={"Authorization": f"Bearer {token}"},
                         json={"run_id": run_id, "employee_ids": [employee_id], "waitlist": False})
        return True if r.status_code == 201 and r.json()["status"] == "held" else f"{r.status_code} {r.text[:80]}"
    return send


def contention(base: str, agencies: list[Agency], runs: list[int]) -> list[tuple[int, int, dict]]:
    """Per round: (201 answers, anything else by status and code)."""
    racers = [(agencies[i % CLIENTS].token, agencies[i % CLIENTS].racers[i // CLIENTS]) for i in range(RACERS)]
    start, done = threading.Barrier(RACERS + 1, timeout=120), threading.Barrier(RACERS + 1, timeout=120)
    current, answers = {}, [None] * RACERS

    def racer(i):
        session = requests.Session()
        token, employee_id = racers[i]
        for _ in runs:
            start.wait()
            try:
                r = session.post(f"{base}/api/v1/bookings", headers={"Authorization": f"Bearer {token}"},
                                 json={"run_id": current["run"], "employee_ids": [employee_id], "waitlist": False})
                code = r.json().get("error", {}).get("code") if r.status_code != 201 else None
                answers[i] = f"{r.status_code} {code}" if code else str(r.status_code)
            except Exception as e:  # noqa: BLE001 - counted, never fatal
                answers[i] = type(e).__name__
            done.wait()

    threads = [threading.Thread(target=racer, args=(i,), daemon=True) for i in range(RACERS)]
    for t in threads:
        t.start()
    tallies = []
    for run_id in runs:
        current["run"] = run_id
        start.wait()
        done.wait()
        tally = {a: answers.count(a) for a in set(answers)}
        tallies.append((tally.pop("201", 0), tally))
    return tallies


def worker_memory(master: int) -> list[tuple[int, int, int]]:
    """(pid, VmHWM MB, VmRSS MB) of each child of the gunicorn master."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != master:
                continue
            status = dict(line.split(":", 1) for line in (stat.parent / "status").read_text().splitlines())
        except (OSError, ValueError):
            continue
        found.append((int(stat.parent.name), int(status["VmHWM"].split()[0]) // 1024,
                      int(status["VmRSS"].split()[0]) // 1024))
    return sorted(found)


def line(name: str, r: dict, unit: str) -> str:
    failed = f"; NOT AS EXPECTED: {r['failures']}" if r["failures"] else ""
    return (f"  {name:9} {r['rate']:6.1f} {unit}/s   p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms   "
            f"({r['n']} requests{failed})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=2000, help="requests per throughput scenario")
    parser.add_argument("--rounds", type=int, default=100, help="contention rounds")
    parser.add_argument("--url", default=POSTGRES_URL, help="the PostgreSQL database (its schema is dropped)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    per_client = math.ceil(args.bookings / CLIENTS)
    began = time.perf_counter()
    agencies, big, many, contested, spare = prepare(args.url, per_client, args.rounds)
    print(f"setup {time.perf_counter() - began:.1f} s: {CLIENTS} agencies, "
          f"{CLIENTS * len(agencies[0].one_run + agencies[0].many_runs + agencies[0].racers)} workers, "
          f"{len(many) + len(contested) + 2} runs; load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryFile("w+") as log:
        server = None
        try:
            server, base = start_gunicorn(args.url, args.workers, args.threads, log)
            print(f"gunicorn: {args.workers} workers x {args.threads} threads (gthread), TAALMARKT_ENV=production, "
                  f"{base}; {CLIENTS} clients, {per_client * CLIENTS} requests per scenario")
            send = book(base)
            hammer([[(a.token, spare, e) for e in a.racers] for a in agencies], send)  # warm-up

            def get(session, token):
                r = session.get(f"{base}/api/v1/employees?limit=1", headers={"Authorization": f"Bearer {token}"})
                return True if r.status_code == 200 else f"{r.status_code}"

            baseline = hammer([[a.token] * per_client for a in agencies], get)
            one = hammer([[(a.token, big, e) for e in a.one_run] for a in agencies], send)
            spread = hammer([[(a.token, many[(c * per_client + j) % len(many)], e) for j, e in enumerate(a.many_runs)]
                             for c, a in enumerate(agencies)], send)
            print(line("baseline", baseline, "req"))
            print(line("one run", one, "bkg"))
            print(line("100 runs", spread, "bkg"))
            for name, r in (("one run", one), ("100 runs", spread)):
                print(f"  ratio {name:9} {r['rate'] / baseline['rate']:.2f}x the baseline's rate, "
                      f"p50 {r['p50'] / baseline['p50']:.1f}x, p95 {r['p95'] / baseline['p95']:.1f}x")
            print(f"  aim: one run >= 180 bookings/s with p95 < 150 ms: "
                  f"{'met' if one['rate'] >= 180 and one['p95'] < 150 else 'NOT met'}")

            tallies = contention(base, agencies, contested)
            engine = create_engine(args.url)
            with engine.connect() as conn:
                held = dict(conn.execute(text(
                    "SELECT run_id, count(*) FROM enrolments WHERE run_id = ANY(:ids) "
                    "AND status IN ('held', 'confirmed') GROUP BY run_id"), {"ids": contested}).all())
            engine.dispose()
            exact = sum(won == SEATS for won, _ in tallies)
            in_db = sum(held.get(run_id, 0) == SEATS for run_id in contested)
            others = {}
            for _won, rest in tallies:
                for answer, n in rest.items():
                    others[answer] = others.get(answer, 0) + n
            print(f"  contention {len(tallies)} rounds of {RACERS} clients for {SEATS} seats: exactly {SEATS} x 201 "
                  f"in {exact} rounds, exactly {SEATS} held+confirmed in the database in {in_db}; 201s per round "
                  f"min {min(w for w, _ in tallies)} max {max(w for w, _ in tallies)}; other answers {others}")

            memory = worker_memory(server.pid)
            print("  memory    " + ", ".join(f"worker {pid}: peak {hwm} MB (now {rss} MB)" for pid, hwm, rss in memory)
                  + f"   (aim < 250 MB: {'met' if memory and max(m[1] for m in memory) < 250 else 'NOT met'})")
        except BaseException:
            log.seek(0)
            print("gunicorn's log:\n" + log.read()[-4000:], file=sys.stderr)
            raise
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


if __name__ == "__main__":
    main()
