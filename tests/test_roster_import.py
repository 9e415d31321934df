"""The roster import: a preview before anything is written, every bad row named by its line and column,
nothing half-imported, and only the roster's own service writing employees."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import time
import zlib

import pytest
from sqlalchemy import func, select

from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.employers import services
from marketplace.employers.models import Employee, Employment, LevelSource
from marketplace.employers.roster_parsing import COLUMN_NAMES
from providers.vocabulary import Cefr

IMPORT = "/werkgever/medewerkers/import"
CONFIRM = "/werkgever/medewerkers/import/bevestigen"
TEMPLATE = "/werkgever/medewerkers/import/template.csv"
ROSTER = "/werkgever/medewerkers"


def upload(client, content: bytes, filename: str = "medewerkers.csv"):
    token = client.csrf_token(IMPORT)
    return client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def paste(client, text: str):
    token = client.csrf_token(IMPORT)
    return client.post(IMPORT, data={"csrf_token": token, "pasted": text}, content_type="multipart/form-data")


def confirm(client, preview, choice: str = "all"):
    carried = dict(re.findall(r'name="(csrf_token|payload)" type="hidden" value="([^"]*)"', preview.text))
    assert set(carried) == {"csrf_token", "payload"}, preview.text[:500]
    return client.post(CONFIRM, data={**carried, "choice": choice}, content_type="multipart/form-data")


def row_errors(page) -> dict[int, list[str]]:
    """The preview's error summary: line -> 'column: message' items."""
    found: dict[int, list[str]] = {}
    for line, text in re.findall(r'<li><a class="utrecht-link" href="#row-(\d+)">line \d+, (.*?)</a></li>', page.text):
        found.setdefault(int(line), []).append(html.unescape(text))
    return found


def roster(org) -> list[Employee]:
    return list(db.session.scalars(select(Employee).where(Employee.employer_id == org.id)
                                   .order_by(Employee.last_name, Employee.first_name)))


def count(org) -> int:
    return db.session.scalar(select(func.count()).select_from(Employee).where(Employee.employer_id == org.id))


def add_person(app, org, first: str, last: str, email: str | None = None, archived: bool = False) -> None:
    with app.test_request_context():
        employee = services.add_employee(org, services.EmployeeInput(first, last, Employment.employee, email=email))
        if archived:
            services.archive_employee(employee)
        commit()


@pytest.fixture
def employer_client(client, world):
    client.get("/taal/en")  # messages are checked in English, the source language
    client.login(world.employer_owner.email)
    return client


@pytest.fixture
def agency_client(client, world):
    client.get("/taal/en")
    client.login(world.agency_owner.email)
    return client


DUTCH_CSV = (
    "\ufeffVoornaam;Achternaam;Taal;Niveau;Niveaubron;Niveaudatum;Streefniveau;Dienstverband;CAO_fase;"
    "Langdurig ziek;Uren per week;In dienst sinds;Arbeidsmigrant;E-mail;Telefoon\r\n"
    "Anna;Nowak;Pools;a1;toets;15-01-2025;A2;uitzendkracht;A;nee;32;2024-09-01;ja;;\r\n"
    "Mihai;Popescu;ro;A2;zelf;;B1;werknemer;;;38;1-3-2023;nee;M.Popescu@Example.NL;06 12345678\r\n"
    "\"de Vries\";\"Jan; de jongere\";nl;;;;;;;;;;;;\r\n"
).encode()


def test_a_semicolon_csv_with_a_bom_and_dutch_headers_imports_exactly_its_people(employer_client, world):
    preview = upload(employer_client, DUTCH_CSV)

    assert preview.status_code == 200, preview.text
    assert re.findall(r'id="row-(\d+)"', preview.text) == ["2", "3", "4"]
    assert "Anna Nowak" in preview.text and preview.text.count(">add<") == 3
    assert count(world.employer) == 0, "a preview writes nothing"

    done = confirm(employer_client, preview)

    assert done.status_code == 302 and done.headers["Location"].endswith(ROSTER)
    assert "3 employees added." in employer_client.get(ROSTER).text
    jan, anna, mihai = roster(world.employer)
    assert (anna.first_name, anna.last_name, anna.preferred_language, anna.cefr_level, anna.level_source,
            anna.level_assessed_on, anna.target_level, anna.employment, anna.cao_phase, anna.long_term_sick,
            anna.hours_per_week, anna.employment_start, anna.labour_migrant, anna.email, anna.phone) == (
        "Anna", "Nowak", "pl", Cefr.A1, LevelSource.placement_test, dt.date(2025, 1, 15), Cefr.A2,
        Employment.agency_worker, "A", False, 32, dt.date(2024, 9, 1), True, None, None)
    assert (mihai.preferred_language, mihai.cefr_level, mihai.level_source, mihai.target_level, mihai.employment,
            mihai.cao_phase, mihai.long_term_sick, mihai.hours_per_week, mihai.employment_start,
            mihai.labour_migrant, mihai.email, mihai.phone) == (
        "ro", Cefr.A2, LevelSource.self_reported, Cefr.B1, Employment.employee, None, None, 38, dt.date(2023, 3, 1),
        False, "m.popescu@example.nl", "06 12345678")
    assert (jan.first_name, jan.last_name, jan.employment, jan.cefr_level, jan.hours_per_week) == (
        "de Vries", "Jan; de jongere", Employment.employee, None, None)


def test_pasted_tab_separated_rows_without_a_header_import_in_the_documented_order(employer_client, world):
    text = ("Piotr\tKowalski\tpl\tA1\t\t\tA2\twerknemer\t\t\t40\n"
            "Olena\tShevchenko\tOekraïens\tA0\tcertificaat\t2025-02-03\tA1\n"
            "Ahmed\tAli\n")

    preview = paste(employer_client, text)

    assert preview.status_code == 200, preview.text
    assert re.findall(r'id="row-(\d+)"', preview.text) == ["1", "2", "3"]
    assert confirm(employer_client, preview).status_code == 302
    ali, kowalski, shevchenko = roster(world.employer)
    assert (kowalski.preferred_language, kowalski.cefr_level, kowalski.target_level, kowalski.employment,
            kowalski.hours_per_week) == ("pl", Cefr.A1, Cefr.A2, Employment.employee, 40)
    assert (shevchenko.preferred_language, shevchenko.level_source, shevchenko.level_assessed_on) == (
        "uk", LevelSource.certificate, dt.date(2025, 2, 3))
    assert (ali.first_name, ali.preferred_language, ali.cefr_level, ali.employment) == (
        "Ahmed", "nl", None, Employment.employee)


def test_pasted_rows_with_a_header_may_have_their_columns_in_any_order(employer_client, world):
    preview = paste(employer_client, "niveau\tachternaam\tvoornaam\r\nB1\tJansen\tEva\r\n")
    assert preview.status_code == 200, preview.text
    confirm(employer_client, preview)
    assert [(e.first_name, e.last_name, e.cefr_level) for e in roster(world.employer)] == [("Eva", "Jansen", Cefr.B1)]


BAD_CSV = "\n".join([
    "first_name,last_name,preferred_language,cefr_level,employment,cao_phase,employment_start,email",
    "Anna,Nowak,pl,A1,employee,,,",                   # 2: valid
    "Piotr,Kowalski,pl,D1,employee,,,",               # 3: bad level
    ",Zielinski,pl,A1,employee,,,",                   # 4: no first name
    "anna, nowak ,en,A2,employee,,,",                 # 5: the same person as line 2
    "Karel,Bakker,nl,B1,employee,,,",                 # 6: already on the roster
    "Mihai,Popescu,ro,A2,employee,A,,",               # 7: a CAO phase, but not an agency worker
    "Olena,Shevchenko,uk,A0,employee,,31-02-2025,",   # 8: no such date
    "Ivan,Petrov,xx,A1,employee,,,",                  # 9: unknown language
    "Maria,Silva,pt,A1,employee,,,maria@example.nl",  # 10: valid
]).encode()


def test_bad_rows_answer_422_naming_each_line_and_column_and_write_nothing(employer_client, world, app):
    add_person(app, world.employer, "Karel", "Bakker")

    preview = upload(employer_client, BAD_CSV)

    assert preview.status_code == 422
    assert row_errors(preview) == {
        3: ["cefr_level: Unknown level: D1. Use A0, A1, A2, B1, B2, C1 or C2."],
        4: ["first_name: Fill in the first name."],
        5: ["first_name + last_name: Duplicate: the same person as on line 2."],
        6: ["first_name + last_name: Duplicate: Karel Bakker is already on the roster."],
        7: ["cao_phase: Only agency workers have a CAO phase."],
        8: ["employment_start: Not a date: 31-02-2025. Use YYYY-MM-DD (or DD-MM-YYYY)."],
        9: ["preferred_language: Unknown language code: xx."],
    }
    assert "Import only the 2 valid rows" in preview.text and 'value="all"' not in preview.text
    assert count(world.employer) == 1


def test_import_everything_is_refused_while_a_row_has_an_error(employer_client, world):
    preview = upload(employer_client, BAD_CSV)

    refused = confirm(employer_client, preview, "all")

    assert refused.status_code == 422
    assert "Nothing has been imported: 6 of the 9 rows have errors." in html.unescape(refused.text)
    assert count(world.employer) == 0


def test_import_only_the_valid_rows_adds_exactly_the_valid_ones(employer_client, world, app):
    add_person(app, world.employer, "Karel", "Bakker")
    preview = upload(employer_client, BAD_CSV)

    done = confirm(employer_client, preview, "valid")

    assert done.status_code == 302
    assert "2 employees added." in employer_client.get(ROSTER).text
    assert [(e.first_name, e.last_name, e.email) for e in roster(world.employer)] == [
        ("Karel", "Bakker", None), ("Anna", "Nowak", None), ("Maria", "Silva", "maria@example.nl")]


def test_when_every_row_is_bad_nothing_can_be_imported(employer_client, world):
    preview = upload(employer_client, b"voornaam;achternaam;niveau\n;Nowak;A1\nPiotr;Kowalski;D1\n")

    assert preview.status_code == 422
    assert "No row can be imported." in preview.text and 'name="choice"' not in preview.text
    for choice in ("all", "valid"):
        assert confirm(employer_client, preview, choice).status_code == 422
    assert count(world.employer) == 0


def test_the_roster_is_checked_again_when_the_import_is_confirmed(employer_client, world, app):
    preview = upload(employer_client, b"voornaam;achternaam\nKarel;Bakker\nEva;Jansen\n")
    assert preview.status_code == 200
    add_person(app, world.employer, "Karel", "Bakker")  # meanwhile, someone adds Karel by hand

    refused = confirm(employer_client, preview, "all")

    assert refused.status_code == 422 and row_errors(refused) == {
        2: ["voornaam + achternaam: Duplicate: Karel Bakker is already on the roster."]}
    assert count(world.employer) == 1


def test_same_names_with_different_email_addresses_are_two_people_and_archived_ones_are_not_duplicates(
        employer_client, world, app):
    add_person(app, world.employer, "Jan", "de Vries", archived=True)
    add_person(app, world.employer, "Piet", "Smit", email="piet@haven.example")
    preview = upload(employer_client, b"first_name;last_name;email\nJan;de Vries;jan1@haven.example\n"
                                      b"Jan;de Vries;jan2@haven.example\nPiet;Smit;p.smit@haven.example\n"
                                      b"Jan;de Vries;\n")

    assert preview.status_code == 422
    assert row_errors(preview) == {5: ["first_name + last_name: Duplicate: the same person as on line 2."]}


def test_a_temp_agency_imports_agency_workers_with_their_cao_phase_by_default(agency_client, world):
    preview = upload(agency_client, b"voornaam;achternaam;cao_fase;langdurig_ziek\nAnna;Nowak;fase B;ja\n"
                                    b"Piotr;Kowalski;5;\n")

    assert row_errors(preview) == {3: ["cao_fase: A CAO phase is A, B or C (ABU) or 1 to 4 (NBBU)."]}
    confirm(agency_client, preview, "valid")
    [anna] = roster(world.agency)
    assert (anna.employment, anna.cao_phase, anna.long_term_sick) == (Employment.agency_worker, "B", True)


def test_the_template_documents_every_column_and_imports_as_it_is(employer_client, world):
    page = employer_client.get(IMPORT)
    assert page.status_code == 200
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in page.text
    assert "Subsidy rule: SOWIS requires at least 20 hours a week." in page.text

    template = employer_client.get(TEMPLATE)

    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.data.startswith("\ufeff".encode() + ";".join(COLUMN_NAMES).encode())
    preview = upload(employer_client, template.data)
    assert preview.status_code == 200, preview.text
    assert confirm(employer_client, preview).status_code == 302
    assert count(world.employer) == 2


def _rows(n: int) -> bytes:
    return ("voornaam;achternaam\n" + "".join(f"Persoon;Nummer {i}\n" for i in range(n))).encode()


@pytest.mark.parametrize("content, message", [
    (b"", "The file or the pasted text is empty."),
    (b"\n \r\n", "The file or the pasted text is empty."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "This is not a text file."),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "This is a workbook, not a CSV file."),  # .xlsx
    ("voornaam;achternaam\nJosé;Müller\n".encode("cp1252"), "The file is not UTF-8 text."),
    (b'voornaam;achternaam\nAnna;"Nowak\nPiotr;Kowalski\n', "perhaps a quotation mark is not closed"),
    (b'voornaam;achternaam\nAnna;"No"wak\n', "perhaps a quotation mark is not closed"),
    (b"voornaam;achternaam\n", "There is a header row, but no people below it."),
    (b"voornaam;achternaam;bsn\nAnna;Nowak;123456782\n", "Unknown columns: bsn."),
    (b"voornaam;niveau\nAnna;A1\n", "Required columns are missing: last_name."),
    (b"voornaam;first_name;achternaam\nAnna;Anna;Nowak\n", "The column first_name appears twice."),
    (_rows(5001), "More than 5000 rows"),
])
def test_a_file_that_cannot_be_read_gets_a_clear_message(employer_client, world, content, message):
    response = upload(employer_client, content)

    assert 400 <= response.status_code < 500
    assert message in html.unescape(response.text)


def test_a_file_and_pasted_rows_at_once_or_neither_are_refused(employer_client, world):
    token = employer_client.csrf_token(IMPORT)
    both = employer_client.post(IMPORT, data={"csrf_token": token, "pasted": "Anna\tNowak",
                                              "file": (io.BytesIO(b"voornaam;achternaam\nEva;Jansen\n"), "a.csv")},
                                content_type="multipart/form-data")
    neither = employer_client.post(IMPORT, data={"csrf_token": token, "pasted": "  "},
                                   content_type="multipart/form-data")
    assert both.status_code == 422 and "Upload a file or paste rows, not both." in both.text
    assert neither.status_code == 422 and "Choose a CSV file, or paste rows from a spreadsheet." in neither.text


@pytest.mark.parametrize("payload", [
    "not base64!",
    base64.b64encode(b"plain, not compressed").decode(),
    base64.b64encode(zlib.compress(b"\x00\x01binary")).decode(),
    base64.b64encode(zlib.compress(b"voornaam;achternaam\nAnna;Nowak\n"))[:-8].decode(),  # truncated
])
def test_a_damaged_confirmation_is_refused_without_writing(employer_client, world, payload):
    token = employer_client.csrf_token(IMPORT)
    response = employer_client.post(CONFIRM, data={"csrf_token": token, "payload": payload, "choice": "all"},
                                    content_type="multipart/form-data")
    assert 400 <= response.status_code < 500
    assert count(world.employer) == 0


def test_a_viewer_or_another_kind_of_organisation_may_not_import(client, world):
    client.login(world.employer_viewer.email)
    token = client.csrf_token(ROSTER)
    assert client.get(IMPORT).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    upload_attempt = client.post(IMPORT, data={"csrf_token": token, "pasted": "Anna\tNowak"},
                                 content_type="multipart/form-data")
    payload = base64.b64encode(zlib.compress(b"Anna\tNowak")).decode()
    confirm_attempt = client.post(CONFIRM, data={"csrf_token": token, "payload": payload, "choice": "all"},
                                  content_type="multipart/form-data")
    assert (upload_attempt.status_code, confirm_attempt.status_code) == (403, 403)
    client.logout()
    client.login(world.provider_owner.email)
    assert client.get(IMPORT).status_code == 403
    assert count(world.employer) == 0


def test_a_thousand_rows_import(employer_client, world, capsys):
    content = ("first_name;last_name;preferred_language;cefr_level;employment;hours_per_week;email\n" + "".join(
        f"Persoon {i};Achternaam {i};pl;A1;werknemer;32;p{i}@haven.example\n" for i in range(1000))).encode()

    started = time.perf_counter()
    preview = upload(employer_client, content)
    previewed = time.perf_counter()
    done = confirm(employer_client, preview)
    finished = time.perf_counter()

    assert preview.status_code == 200 and done.status_code == 302
    assert count(world.employer) == 1000
    with capsys.disabled():
        print(f"\n1,000 rows on {db.session.get_bind().dialect.name}: preview {previewed - started:.2f} s, "
              f"import {finished - previewed:.2f} s")


def test_pasted_text_beyond_what_one_form_field_holds_gets_a_clear_413(employer_client, world):
    text = "".join(f"Persoon\tNummer {i}\tpl\tA1\t\t\tA2\twerknemer\t\t\t40\n" for i in range(12000))  # 550 kB

    token = employer_client.csrf_token(IMPORT)
    # the multipart body built by hand: the test client would spool it to a file it never closes on a 413
    body = "".join(f'--b\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in (("csrf_token", token), ("pasted", text))) + "--b--\r\n"
    response = employer_client.post(IMPORT, data=body.encode(), content_type="multipart/form-data; boundary=b")

    assert response.status_code == 413
    assert "pasted text about 500 kB" in response.text
    assert count(world.employer) == 0


def test_every_unreadable_cell_of_a_row_is_named_under_its_column(employer_client, world):
    content = ("voornaam\tachternaam\tniveau\tstreefniveau\tdienstverband\tlangdurig_ziek\turen_per_week\te-mail\n"
               f"{'A' * 101}\tNowak\tB1\tA2\tstagiair\tmisschien\t70\tgeen-adres\n"
               "Piotr\tKowalski\tA1\tA2\twerknemer\t\t32\t\textra\n").encode()

    preview = upload(employer_client, content)

    assert preview.status_code == 422
    assert row_errors(preview) == {
        2: ["voornaam: Longer than 100 characters.",
            "streefniveau: The target level must be above the current level.",
            "dienstverband: Unknown employment: stagiair. Use employee, agency_worker or self_employed.",
            "langdurig_ziek: Not yes or no: misschien.",
            "uren_per_week: Between 1 and 60 hours a week.",
            "e-mail: Not an e-mail address: geen-adres."],
        3: ["row: This line has a cell outside the 8 columns."],
    }


def test_a_pasted_row_starting_with_an_empty_cell_keeps_its_columns_and_line(employer_client, world):
    preview = paste(employer_client, "\n\tNowak\tpl\nPiotr\tKowalski\tpl\n")

    assert preview.status_code == 422
    assert row_errors(preview) == {2: ["first_name: Fill in the first name."]}
    assert re.findall(r'id="row-(\d+)"', preview.text) == ["2", "3"]
