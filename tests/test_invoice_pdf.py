"""Invoice PDFs: a proper Dutch (or English) invoice on one A4 page, in the DejaVu fonts, the same bytes every
time, rendered without fetching anything but its stylesheet and fonts."""

import datetime as dt
import html
import logging
import re
import subprocess
from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from invoices import pdf
from invoices.document import Document, Line, Party, ThirdPartyShare, build, exemption
from invoices.models import Invoice
from marketplace import create_app
from marketplace.core.db import db
from marketplace.core.jobs import commit

from .booking_world import a_run, staff
from .factories import make_token
from .test_invoices import booked

IBAN, VAT_ID = "NL91ABNA0417164300", "NL862345678B01"


@pytest.fixture
def tokens(world):
    return {"agency": make_token(world.agency_owner, world.agency),
            "provider": make_token(world.provider_owner, world.provider),
            "other": make_token(world.other_owner, world.other_employer)}


@pytest.fixture
def five_seats(client, world, tokens):
    """The agency books five workers at EUR 2,000 a seat; Doorzaam pays EUR 1,500 of each to the provider.
    Gives the booking (as the API shows it) and the workers."""
    world.provider.iban, world.provider.vat_id = IBAN, VAT_ID
    run = a_run(world.provider, capacity=5, price=200000)
    people = staff(world.agency, 5)
    commit()
    return booked(client, tokens["agency"], run, people), people


def get_pdf(client, token, invoice_id, query=""):
    response = client.api("GET", f"/api/v1/invoices/{invoice_id}.pdf{query}", token)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    return response.data


def poppler(tool: str, content: bytes, *args: str) -> str:
    return subprocess.run([tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"], input=content,
                          capture_output=True, check=True).stdout.decode()


def text_of(content: bytes) -> str:
    """The PDF's text, whitespace collapsed (poppler's layout mode keeps each line's cells on one line)."""
    return " ".join(poppler("pdftotext", content, "-layout").split())


def nl_day(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def test_the_invoice_pdf_is_one_a4_page_in_dutch_with_everything_the_law_asks(client, world, tokens, five_seats):
    invoice = db.session.get(Invoice, five_seats[0]["invoice_ids"][0])
    content = get_pdf(client, tokens["agency"], invoice.id)
    info = poppler("pdfinfo", content)
    assert "Pages:           1" in info and "Page size:       595.276 x 841.89 pts (A4)" in info
    text = text_of(content)
    for expected in (
        "Factuur", f"Factuurnummer {invoice.number}", f"Factuurdatum {nl_day(invoice.issue_date)}",
        f"Vervaldatum {nl_day(invoice.due_date)}", f"Betalingskenmerk {invoice.payment_reference}",
        world.provider.name, f"KvK {world.provider.kvk_number}", f"Btw-id {VAT_ID}", "IBAN NL91 ABNA 0417 1643 00",
        world.agency.name, f"KvK {world.agency.kvk_number}",
        "1 EUR 2.000,00 vrijgesteld EUR 2.000,00", "Leverdatum:",
        "Subtotaal excl. btw EUR 10.000,00", "Vrijgesteld van btw over EUR 10.000,00 EUR 0,00", "Totaal EUR 10.000,00",
        "Betaald door Nederlands Taalbudget (Doorzaam) rechtstreeks", "EUR -7.500,00", "Te betalen EUR 2.500,00",
        exemption("nl"),
        f"Wij verzoeken u EUR 2.500,00 vóór {nl_day(invoice.due_date)} over te maken op NL91 ABNA 0417 1643 00 "
        f"ten name van {world.provider.name}, onder vermelding van betalingskenmerk {invoice.payment_reference}.",
        f"Opgemaakt via Taalmarkt namens {world.provider.name}", "Pagina 1 van 1",
    ):
        assert expected in text, expected
    assert text.count("vrijgesteld EUR 2.000,00") == 5


def test_in_english_with_lang_en(client, world, tokens, five_seats):
    invoice = db.session.get(Invoice, five_seats[0]["invoice_ids"][0])
    text = text_of(get_pdf(client, tokens["agency"], invoice.id, "?lang=en"))
    due = invoice.due_date
    for expected in ("Invoice", f"Invoice number {invoice.number}", f"Due date {due.day} {due:%B %Y}",
                     f"VAT ID {VAT_ID}", "1 EUR 2,000.00 exempt EUR 2,000.00", "Total EUR 10,000.00",
                     "EUR -7,500.00", "Amount due EUR 2,500.00", exemption("en"),
                     f"quoting payment reference {invoice.payment_reference}",
                     f"Issued via Taalmarkt on behalf of {world.provider.name}"):
        assert expected in text, expected
    assert "Factuur" not in text and "Te betalen" not in text


def test_a_download_is_the_same_bytes_every_time_and_a_re_rendering_gives_them_too(client, tokens, five_seats):
    invoice_id = five_seats[0]["invoice_ids"][0]
    first = get_pdf(client, tokens["agency"], invoice_id)
    assert get_pdf(client, tokens["provider"], invoice_id) == first  # stored, not rendered again
    frozen = db.session.get(Invoice, invoice_id).frozen
    assert pdf.render_pdf(frozen, "nl") == pdf.render_pdf(frozen, "nl") == first
    info = poppler("pdfinfo", first)
    issued = frozen.issue_date
    assert f"CreationDate:    {issued:%a %b} {issued.day:2d} 00:00:00 {issued.year} UTC" in info


def test_a_credit_note_says_so_and_names_the_invoice_it_corrects(client, world, tokens, five_seats):
    booking, people = five_seats
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", tokens["agency"],
               json={"employee_ids": [people[0].id]})
    ids = client.api("GET", f"/api/v1/bookings/{booking['id']}", tokens["agency"]).json["invoice_ids"]
    invoice, note = (db.session.get(Invoice, i) for i in ids)
    assert note.refers_to_id == invoice.id
    text = text_of(get_pdf(client, tokens["agency"], note.id))
    assert f"Creditnota bij factuur {invoice.number}" in text and f"Nummer {note.number}" in text
    assert "Factuurnummer" not in text and "Annulering:" in text


def test_another_organisation_gets_no_pdf(client, tokens, five_seats):
    response = client.api("GET", f"/api/v1/invoices/{five_seats[0]['invoice_ids'][0]}.pdf", tokens["other"])
    assert response.status_code == 404


def test_the_pdf_embeds_only_the_dejavu_fonts(client, tokens, five_seats):
    listing = poppler("pdffonts", get_pdf(client, tokens["agency"], five_seats[0]["invoice_ids"][0])).splitlines()[2:]
    fonts = {line.split()[0].split("+")[1]: line.split()[-5] for line in listing}
    assert fonts == {"DejaVu-Sans": "yes", "DejaVu-Sans-Bold": "yes"}  # name: embedded


# Rendering a document directly: the wording of each case, and what the renderer may read.

def document(**changes) -> Document:
    issuer = Party("Taalschool Utrecht", "Oudegracht 120", "3511 AZ", "Utrecht", "81234567", VAT_ID, IBAN)
    recipient = Party("Haven BV", "Waalhaven 1", "3089 JH", "Rotterdam", "76543210")
    fields = {"kind": "invoice", "number": "2026-00042", "issue_date": dt.date(2026, 11, 5),
              "due_date": dt.date(2026, 12, 5), "issuer": issuer, "recipient": recipient,
              "lines": (Line("Nederlands op de werkvloer", 1, 120000, "0", dt.date(2026, 11, 3)),),
              "payment_reference": "RF471202600042", **changes}
    return build(Document(**fields))


def html_text(doc: Document, lang: str = "nl") -> str:
    """The words of the page as the PDF would show them (quicker than rendering it)."""
    body = pdf.render_html(doc, lang).split("<body>")[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_an_invoice_a_fund_pays_in_full_asks_nothing():
    doc = document(third_party=(ThirdPartyShare("Nederlands Taalbudget (Doorzaam)", "doorzaam_taalbudget", 120000),))
    text = html_text(doc)
    assert "U hoeft niets te betalen." in text and "Wij verzoeken u" not in text and "Vervaldatum" not in text


def test_a_credit_note_that_leaves_money_to_return_says_it_is_refunded_or_set_off():
    doc = document(kind="credit_note", refers_to="2026-00041", lines=(Line("Annulering", 1, -120000, "0"),))
    assert doc.due_cents == -120000
    text = html_text(doc)
    assert "Te ontvangen EUR 1.200,00" in text
    assert "Wij betalen u EUR 1.200,00 terug of verrekenen dit bedrag met een openstaande factuur" in text
    assert "Wij verzoeken u" not in text
    assert "We will refund EUR 1,200.00 to you or set it off against an open invoice" in html_text(doc, "en")


def test_vat_is_shown_per_rate_and_the_exemption_only_when_a_line_is_exempt():
    taxed = document(lines=(Line("Vaktaal zorg", 2, 35050, "21"),))
    text = html_text(taxed)
    assert "2 EUR 350,50 21% EUR 701,00" in text and "Btw 21% over EUR 701,00 EUR 147,21" in text
    assert "Totaal EUR 848,21" in text and exemption("nl") not in text and "vrijgesteld" not in text


def test_what_a_line_says_is_printed_as_text_and_nothing_is_fetched():
    hostile = '<img src="http://203.0.113.9/x.png"> <img src="file:///etc/passwd"> & <b>bold</b>'
    doc = document(lines=(Line(hostile, 1, 1000, "0"),), note="<script>alert(1)</script>")
    assert '<img src="http' not in pdf.render_html(doc, "nl")
    text = text_of(pdf.render_pdf(doc, "nl"))
    for piece in ('src="http://203.0.113.9/x.png">', 'src="file:///etc/passwd">', "& <b>bold</b>"):
        assert piece in text, piece  # (the description wraps, with other cells between its lines)
    assert "<script>alert(1)</script>" in text


@pytest.mark.parametrize("url", [
    "http://203.0.113.9/logo.png", "https://example.com/font.ttf", "file:///etc/passwd",
    "file:///usr/share/fonts/truetype/dejavu/../../../../etc/passwd",
    "file:///usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",  # a font, but not one of the invoice's
    "data:text/css,body{}", "ftp://example.com/x",
])
def test_the_url_fetcher_refuses_anything_but_the_stylesheet_and_fonts(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.local_files_only().fetch(url)


def test_the_url_fetcher_gives_the_fonts_and_the_stylesheet():
    fetcher = pdf.local_files_only()
    assert fetcher.fetch(pdf.FONTS["normal"].as_uri()).read()[:4] == b"\x00\x01\x00\x00"  # TrueType
    assert b"@page" in fetcher.fetch(pdf.STYLESHEET.as_uri()).read()


def test_a_refused_fetch_stops_the_rendering_rather_than_leaving_something_out():
    html = HTML(string='<p>x</p><img src="file:///etc/passwd">', url_fetcher=pdf.local_files_only())
    with pytest.raises(FatalURLFetchingError):
        html.write_pdf()


def test_without_the_fonts_no_pdf_is_rendered_and_the_message_names_the_package(monkeypatch, caplog):
    monkeypatch.setitem(pdf.FONTS, "bold", Path("/nonexistent/DejaVuSans-Bold.ttf"))
    with pytest.raises(pdf.FontsMissing, match="install the Debian package fonts-dejavu-core"):
        pdf.render_pdf(document(), "nl")
    with caplog.at_level(logging.ERROR, logger="invoices.pdf"):
        assert pdf.check_fonts(strict=False) is False
    assert "fonts-dejavu-core" in caplog.text and "/nonexistent/DejaVuSans-Bold.ttf" in caplog.text


def test_the_app_says_at_start_up_that_the_fonts_are_missing_and_still_starts(monkeypatch, caplog):
    monkeypatch.setitem(pdf.FONTS, "normal", Path("/nonexistent/DejaVuSans.ttf"))
    with caplog.at_level(logging.ERROR, logger="invoices.pdf"):
        app = create_app({"ENV": "testing", "DATABASE_URL": "sqlite://", "SECRET_KEY": "fonts"})
    assert app is not None and "install the Debian package fonts-dejavu-core" in caplog.text
    app.extensions["taalmarkt.engine"].dispose()


def test_the_fonts_are_installed():
    assert pdf.check_fonts() is True and pdf.missing_fonts() == []


def test_a_long_invoice_runs_onto_more_pages_with_its_page_numbers():
    lines = tuple(Line(f"Nederlands op de werkvloer: deelnemer {i}", 1, 45000, "0") for i in range(40))
    content = pdf.render_pdf(document(lines=lines), "nl")
    pages = int(poppler("pdfinfo", content).split("Pages:")[1].split()[0])
    assert pages >= 2 and f"Pagina {pages} van {pages}" in text_of(content)


def test_a_server_without_the_fonts_answers_503_with_a_clear_error(client, world, monkeypatch):
    from tests.booking_world import a_run, staff
    from tests.factories import make_token
    from tests.test_invoices import booked

    token = make_token(world.employer_owner, world.employer)
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, token, run, people)["invoice_ids"][0]
    monkeypatch.setattr(pdf, "FONTS", {"normal": Path("/nowhere/DejaVuSans.ttf")})
    response = client.api("GET", f"/api/v1/invoices/{invoice_id}.pdf", token)
    assert response.status_code == 503 and response.json["error"]["code"] == "unavailable"
