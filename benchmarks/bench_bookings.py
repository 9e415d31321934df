"""Benchmark of booking seats over HTTP: gunicorn on PostgreSQL under concurrent clients, against a cheap GET.

Run: .venv/bin/python benchmarks/bench_bookings.py [--bookings 2000] [--rounds 100] [--url URL] [--workers 2]
     [--threads 8]

Setup, in this process: the database at --url gets a fresh public schema, the migrations, the regions and ANALYZE;
one provider; 16 temp agencies (ABU), each with an owner, an API token and agency workers in phase A (bulk-inserted),
so every booking evaluates the subsidies and reserves the Doorzaam budget as a real agency's does; the runs
(tests/booking_world.a_run: 8 lessons, EUR 450, instant booking). The product allows at most 200 seats a run, so
the big runs get capacity_max 100,000 written directly. Then gunicorn (gthread, TAALMARKT_ENV=production) on a free
loopback port. The load generator is this process, on the same machine (its CPU counts against the server's):
16 clients, each a thread with its own requests.Session and its agency's token, released together by a barrier,
each sending its share of N requests one after another. Rate = N / wall time; p50/p95 of the client-side latency;
and the gunicorn workers' CPU time a request, and how busy each was (CPU seconds over wall time: 100% is a core).

  baseline    GET /api/v1/employees?limit=1 (token lookup, one query, JSON), N times
  one run     POST /api/v1/bookings, one worker a booking, all N into the same run; anything but 201 held is counted
  100 runs    the same, spread over 100 runs (other workers)
  contention  --rounds rounds, each on a fresh run with 12 seats: 200 threads (200 workers of the 16 agencies) wait
              at a barrier and each posts one booking on a new connection; per round the 201 answers are counted,
              and at the end the held+confirmed enrolments of each run in the database; both must be exactly 12
  memory      the peak RSS (VmHWM) of each gunicorn worker, after all of it
A warm-up comes first (every client books its contention workers onto a spare run).
Aims (the issue): one run 180 bookings/s with p95 under 150 ms; exactly 12 seats every round; workers under 250 MB.
"""

import argparse
import contextlib
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_search import POSTGRES_URL, fresh_postgres  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.core.db import db  # noqa: E402

CLIENTS, RACERS, SEATS = 16, 200, 12
TIMEOUT = 60  # seconds for one request; a slower one counts as failed


@dataclass
class Agency:
    token: str
    one_run: list[int]  # its workers for the big run
    many_runs: list[int]  # for the 100 runs
    racers: list[int]  # for the warm-up and the contention rounds


def prepare(url: str, per_client: int, rounds: int) -> tuple[list[Agency], int, list[int], list[int], int]:
    """(agencies, the big run, the 100 runs, a 12-seat run per round, a spare run for the warm-up)."""
    from marketplace.app.migrate import upgrade
    from marketplace.employers.models import Employee, Employment
    from marketplace.tenancy.accounts.services import create_token
    from marketplace.tenancy.organisations.models import Cao, OrgKind
    from marketplace.tenancy.regions.loader import sync_regions
    from providers.vocabulary import Cefr
    from tests.booking_world import a_run
    from tests.factories import make_org, make_user

    fresh_postgres(url)
    upgrade(url)
    app = create_app({"ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.test_request_context():
        sync_regions(db.session)
        provider = make_org(OrgKind.provider, "GM0344", name="Taalschool Bench", crkbo_registered=True)
        orgs = [make_org(OrgKind.employer, name=f"Uitzend{i} BV", is_temp_agency=True, cao=Cao.ABU)
                for i in range(CLIENTS)]
        tokens = [create_token(make_user(org, email=f"owner{i}@bench.example"), org, "bench")
                  for i, org in enumerate(orgs)]
        db.session.execute(insert(Employee), [
            {"employer_id": org.id, "first_name": f"Worker{n}", "last_name": f"Uitzend{i}", "cao_phase": "A",
             "employment": Employment.agency_worker, "long_term_sick": False, "cefr_level": Cefr.A1,
             "preferred_language": "pl"}
            for i, org in enumerate(orgs) for n in range(2 * per_client + math.ceil(RACERS / CLIENTS))])
        staff = {org.id: [] for org in orgs}
        for employee_id, org_id in db.session.execute(select(Employee.id, Employee.employer_id)
                                                      .order_by(Employee.id)):
            staff[org_id].append(employee_id)
        big, spare = a_run(provider, days_ahead=60), a_run(provider, days_ahead=60)
        big.capacity_max = spare.capacity_max = 100_000  # beyond the product's 200: the benchmark's own data
        many = [a_run(provider, days_ahead=60, capacity=200) for _ in range(100)]
        contested = [a_run(provider, days_ahead=60, capacity=SEATS) for _ in range(rounds)]
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        db.engine.dispose()
        agencies = [Agency(token, staff[org.id][:per_client], staff[org.id][per_client:2 * per_client],
                           staff[org.id][2 * per_client:]) for org, token in zip(orgs, tokens, strict=True)]
        return agencies, big.id, [r.id for r in many], [r.id for r in contested], spare.id


# The server --------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def gunicorn(url: str, workers: int, threads: int):
    """gunicorn on a free loopback port, once it answers: (its base URL, its pid); stopped however this ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, TAALMARKT_DATABASE_URL=url, TAALMARKT_ENV="production", TAALMARKT_SECRET_KEY="bench")
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads), "--worker-class",
             "gthread", "--graceful-timeout", "5", "--bind", f"127.0.0.1:{port}", "marketplace:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not answers(f"{base}/api/v1/regions"):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not answer within 60 s")
                time.sleep(0.2)
            yield base, server.pid
        except BaseException:
            log.seek(0)
            print("gunicorn's log (the end):\n" + log.read()[-4000:], file=sys.stderr)
            raise
        finally:
            workers = [pid for pid, _mb, _cpu in workers_of(server.pid)]
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            for pid in workers:  # should any outlive their master
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


def workers_of(master: int) -> list[tuple[int, int, float]]:
    """(pid, peak RSS in MB from VmHWM, CPU seconds so far) of each child of the gunicorn master."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                status = (stat.parent / "status").read_text()
                found.append((int(stat.parent.name), int(status.split("VmHWM:")[1].split()[0]) // 1024,
                              (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return sorted(found)


# The clients -------------------------------------------------------------------------------------------------

def post_booking(http, base: str, token: str, run_id: int, employee_id: int) -> requests.Response:
    return http.post(f"{base}/api/v1/bookings", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT,
                     json={"run_id": run_id, "employee_ids": [employee_id], "waitlist": False})


def hammer(jobs: list[list], send, master: int) -> dict:
    """One client thread per list of jobs, released together; ``send(session, job)`` answers True or a failure.
    Also the CPU seconds each gunicorn worker spent meanwhile (how evenly the work was shared)."""
    latencies, failures, lock = [], Counter(), threading.Lock()
    cpu_before = {pid: cpu for pid, _mb, cpu in workers_of(master)}
    barrier = threading.Barrier(len(jobs) + 1)

    def client(mine):
        session, seen = requests.Session(), []
        barrier.wait()
        for job in mine:
            began = time.perf_counter()
            try:
                outcome = send(session, job)
            except requests.RequestException as e:
                outcome = type(e).__name__
            seen.append((time.perf_counter() - began) * 1000)
            if outcome is not True:
                with lock:
                    failures[outcome] += 1
        with lock:
            latencies.extend(seen)

    threads = [threading.Thread(target=client, args=(mine,)) for mine in jobs]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    ms = statistics.quantiles(latencies, n=100, method="inclusive")
    cpu = [cpu - cpu_before.get(pid, 0) for pid, _mb, cpu in workers_of(master)]
    return {"n": len(latencies), "rate": len(latencies) / seconds, "p50": ms[49], "p95": ms[94],
            "failures": dict(failures), "busy": " + ".join(f"{c / seconds:.0%}" for c in cpu),
            "cpu_ms": sum(cpu) * 1000 / len(latencies)}


def contention(base: str, agencies: list[Agency], runs: list[int]) -> tuple[list[Counter], list[float]]:
    """Per round: the answers counted by status (and error code); and each round's seconds."""
    racers = [(agencies[i % CLIENTS].token, agencies[i % CLIENTS].racers[i // CLIENTS]) for i in range(RACERS)]
    start, done = (threading.Barrier(RACERS + 1, timeout=3 * TIMEOUT) for _ in range(2))
    current, answers, tallies, seconds = {}, [""] * RACERS, [], []

    def racer(i):
        token, employee_id = racers[i]
        for _ in runs:
            start.wait()
            try:  # a new connection each time (requests.post): no kept-alive connection the server may have closed
                r = post_booking(requests, base, token, current["run"], employee_id)
                answers[i] = f"{r.status_code} {r.json().get('error', {}).get('code', '')}".strip()
            except Exception as e:  # noqa: BLE001 - counted, never fatal
                answers[i] = type(e).__name__
            done.wait()

    for i in range(RACERS):
        threading.Thread(target=racer, args=(i,), daemon=True).start()
    for run_id in runs:
        current["run"] = run_id
        start.wait()
        began = time.perf_counter()
        done.wait()
        seconds.append(time.perf_counter() - began)
        tallies.append(Counter(answers))
    return tallies, seconds


def line(name: str, r: dict, unit: str) -> str:
    failed = f"   NOT AS EXPECTED: {r['failures']}" if r["failures"] else ""
    return (f"  {name:10} {r['rate']:6.1f} {unit}/s   p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms   "
            f"({r['n']} requests; workers' CPU {r['cpu_ms']:.1f} ms a request, busy {r['busy']} of a core){failed}")


def measure(base: str, master: int, agencies: list[Agency], big: int, many: list[int], contested: list[int],
            url: str) -> None:
    per_client = len(agencies[0].one_run)

    def book(session, job):
        r = post_booking(session, base, *job)
        return True if r.status_code == 201 and r.json()["status"] == "held" else f"{r.status_code} {r.text[:60]}"

    def get(session, token):
        r = session.get(f"{base}/api/v1/employees?limit=1", headers={"Authorization": f"Bearer {token}"},
                        timeout=TIMEOUT)
        return True if r.status_code == 200 else str(r.status_code)

    baseline = hammer([[a.token] * per_client for a in agencies], get, master)
    one = hammer([[(a.token, big, e) for e in a.one_run] for a in agencies], book, master)
    spread = hammer([[(a.token, many[(c * per_client + j) % len(many)], e) for j, e in enumerate(a.many_runs)]
                     for c, a in enumerate(agencies)], book, master)
    print(line("baseline", baseline, "req"))
    print(line("one run", one, "bkg"))
    print(line("100 runs", spread, "bkg"))
    for name, r in (("one run", one), ("100 runs", spread)):
        print(f"  ratio to the baseline, {name}: rate {r['rate'] / baseline['rate']:.2f}x, "
              f"p50 {r['p50'] / baseline['p50']:.1f}x, p95 {r['p95'] / baseline['p95']:.1f}x, "
              f"workers' CPU a request {r['cpu_ms'] / baseline['cpu_ms']:.1f}x")
    met = one["rate"] >= 180 and one["p95"] < 150 and not one["failures"]
    print(f"  aim one run >= 180 bookings/s with p95 < 150 ms: {'met' if met else 'NOT met'}")

    tallies, seconds = contention(base, agencies, contested)
    engine = create_engine(url)
    with engine.connect() as conn:
        held = dict(conn.execute(text("SELECT run_id, count(*) FROM enrolments WHERE run_id = ANY(:ids) AND status "
                                      "IN ('held', 'confirmed') GROUP BY run_id"), {"ids": contested}).all())
    engine.dispose()
    won = [t["201"] for t in tallies]
    others = sum(tallies, Counter())
    del others["201"]
    print(f"  contention {len(tallies)} rounds, {RACERS} clients for {SEATS} seats each: exactly {SEATS} answers 201 "
          f"in {won.count(SEATS)} rounds (min {min(won)}, max {max(won)}); exactly {SEATS} held+confirmed in the "
          f"database in {sum(held.get(r, 0) == SEATS for r in contested)}; the other answers {dict(others)}; "
          f"a round took median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=2000, help="requests in each throughput scenario")
    parser.add_argument("--rounds", type=int, default=100, help="contention rounds")
    parser.add_argument("--url", default=POSTGRES_URL, help="a PostgreSQL database; its public schema is dropped")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    per_client = math.ceil(args.bookings / CLIENTS)
    began = time.perf_counter()
    agencies, big, many, contested, spare = prepare(args.url, per_client, args.rounds)
    print(f"setup {time.perf_counter() - began:.1f} s: {CLIENTS} agencies with "
          f"{len(agencies[0].one_run + agencies[0].many_runs + agencies[0].racers)} workers each, "
          f"{len(many) + len(contested) + 2} runs; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
          f"(other work on the machine skews the numbers)")
    with gunicorn(args.url, args.workers, args.threads) as (base, master):
        print(f"gunicorn {args.workers} workers x {args.threads} threads (gthread), TAALMARKT_ENV=production; "
              f"{CLIENTS} clients, {per_client * CLIENTS} requests a scenario")
        hammer([[(a.token, spare, e) for e in a.racers] for a in agencies],
               lambda session, job: post_booking(session, base, *job).status_code == 201 or "warm-up", master)
        measure(base, master, agencies, big, many, contested, args.url)
        peaks = [mb for _pid, mb, _cpu in workers_of(master)]
        print(f"  memory     peak RSS (VmHWM) of the workers: {', '.join(f'{mb} MB' for mb in peaks)}   "
              f"(aim < 250 MB each: {'met' if peaks and max(peaks) < 250 else 'NOT met'})")
        print(f"  load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
