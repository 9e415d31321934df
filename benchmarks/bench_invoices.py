"""Benchmark of invoice PDFs: rendering one with WeasyPrint, against the renderer's floor, and serving it again.

Run: .venv/bin/python benchmarks/bench_invoices.py [--renders 30] [--gets 200]

Prints:
  render      the median and p95 time of invoices.pdf.render_pdf for one invoice (one A4 page, five lines and
              a Doorzaam share, as the demo's), over --renders renders after a warm-up; every render must give
              the same bytes
  floor       in the same run, in turns with the renders, WeasyPrint's own floor: HTML(string=...).write_pdf()
              of an A4 page holding one line of text in the same fonts (the same @font-face rules and URL
              fetcher); and render / floor (aim: < 3x), in wall-clock time and, steadier on a busy machine, in
              CPU time of this process
  serve       the median and p95 time of GET /api/v1/invoices/<id>.pdf with the Flask test client once the PDF
              is stored (no re-render: the same bytes from the database), on a temporary SQLite database with the
              migrations, the regions and the test helpers' world; --gets requests after the first
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from invoices.document import Document, Line, Party, ThirdPartyShare, build  # noqa: E402
from invoices.pdf import TEMPLATES, font_face_css, local_files_only, render_pdf  # noqa: E402

DOORZAAM = "Nederlands Taalbudget (Doorzaam)"
FLOOR_HTML = ("<!DOCTYPE html><html><head><meta charset=utf-8><style>{fonts}@page {{ size: A4; margin: 20mm }} "
              'html {{ font-family: "DejaVu Sans"; font-size: 9pt }}</style></head>'
              "<body><p>Factuur 2026-00042: Taalschool Utrecht</p></body></html>")


def demo_invoice() -> Document:
    """Five seats of a course for an agency at EUR 2,000, of which Doorzaam pays EUR 1,500 each (as in the demo)."""
    issuer = Party("Taalschool Utrecht", "Oudegracht 120", "3511 AZ", "Utrecht", "81234567", "NL862345678B01",
                   "NL91ABNA0417164300", "facturen@taalschool.example")
    recipient = Party("Flex Uitzend BV", "Waalhaven Oostzijde 10", "3087 BM", "Rotterdam", "76543210")
    names = ("Anna Kowalska", "Ion Popescu", "Petar Ivanov", "Olena Shevchenko", "Marek Nowak")
    lines = tuple(Line(f"Nederlands op de werkvloer A1→A2 (03-11-2026 t/m 26-11-2026): {name}", 1, 200000, "0",
                       dt.date(2026, 11, 3)) for name in names)
    return build(Document(kind="invoice", number="2026-00042", issue_date=dt.date(2026, 11, 5),
                          due_date=dt.date(2026, 12, 5), issuer=issuer, recipient=recipient, lines=lines,
                          payment_reference="RF471202600042", reference="Taalmarkt boeking 17",
                          third_party=(ThirdPartyShare(DOORZAAM, "doorzaam_taalbudget", 750000),)))


def timed(action, n: int) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return sorted(times)


def summary(times: list[float]) -> str:
    return (f"median {statistics.median(times) * 1000:.1f} ms, p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms "
            f"({len(times)} samples)")


def floor_page() -> bytes:
    from weasyprint import HTML

    return HTML(string=FLOOR_HTML.format(fonts=font_face_css()), base_url=TEMPLATES.as_uri() + "/",
                url_fetcher=local_files_only()).write_pdf()


def serving(gets: int) -> list[float]:
    """Times of GET .../<id>.pdf after the first one stored the PDF, on a fresh SQLite database."""
    from marketplace import create_app
    from marketplace.app.migrate import upgrade
    from marketplace.core.db import db
    from marketplace.tenancy.accounts.services import create_token
    from marketplace.tenancy.regions.loader import sync_regions
    from tests.booking_world import a_run, staff
    from tests.factories import build_world

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        app = create_app({"ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "bench",
                          "OUTBOX_DIR": f"{folder}/outbox", "SERVER_NAME": "taalmarkt.example"})
        with app.test_request_context():
            sync_regions(db.session)
            world = build_world()
            world.provider.iban, world.provider.vat_id = "NL91ABNA0417164300", "NL862345678B01"
            run = a_run(world.provider, capacity=5, price=120000)
            people = staff(world.agency, 5)
            token = create_token(world.agency_owner, world.agency, "bench")
            db.session.commit()
            run_id, people_ids = run.id, [p.id for p in people]
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        booking = client.post("/api/v1/bookings", headers=headers,
                              json={"run_id": run_id, "employee_ids": people_ids}).json
        client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=headers, json={})
        invoice_id = client.get(f"/api/v1/bookings/{booking['id']}", headers=headers).json["invoice_ids"][0]
        pdf_url = f"/api/v1/invoices/{invoice_id}.pdf"
        t0 = time.perf_counter()
        first = client.get(pdf_url, headers=headers)
        first_s = time.perf_counter() - t0
        assert first.status_code == 200 and first.data.startswith(b"%PDF-"), first.status_code

        def again():
            response = client.get(pdf_url, headers=headers)
            assert response.status_code == 200 and response.data == first.data

        times = timed(again, gets)
        app.extensions["taalmarkt.engine"].dispose()
        print(f"first GET (renders and stores): {first_s * 1000:.0f} ms")
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--gets", type=int, default=200)
    args = parser.parse_args()

    invoice = demo_invoice()
    first = render_pdf(invoice, "nl")  # warm-up: imports, fonts, the template
    render_pdf(invoice, "nl")
    floor_page()
    floor_page()

    outputs, renders, floor, renders_cpu, floor_cpu = set(), [], [], [], []
    for _ in range(args.renders):  # in turns, so a busy moment of the machine weighs on both alike
        cpu = time.process_time()
        renders += timed(lambda: outputs.add(render_pdf(invoice, "nl")), 1)
        renders_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        floor += timed(floor_page, 1)
        floor_cpu.append(time.process_time() - cpu)
    assert outputs == {first}, "render_pdf gave different bytes"
    ratio = statistics.median(renders) / statistics.median(floor)
    cpu_ratio = statistics.median(renders_cpu) / statistics.median(floor_cpu)
    print(f"render_pdf, one A4 page with five lines: {summary(sorted(renders))}; identical bytes every time")
    print(f"floor, WeasyPrint one-line A4 page in the same fonts: {summary(sorted(floor))}")
    print(f"render / floor = {ratio:.2f}x (aim: < 3x); in CPU time: {statistics.median(renders_cpu) * 1000:.1f} ms / "
          f"{statistics.median(floor_cpu) * 1000:.1f} ms = {cpu_ratio:.2f}x")
    print(f"serve a stored PDF again, GET /api/v1/invoices/<id>.pdf: {summary(serving(args.gets))}")


if __name__ == "__main__":
    main()
