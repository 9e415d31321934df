"""Catalogue import and export: a preview before anything is written, every bad row named, nothing
half-imported, and an export that imports back without a change."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import json
import random
import re
import time
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.core.access import Role
from marketplace.core.db import db
from marketplace.core.jobs import commit
from marketplace.tenancy.organisations.models import OrgKind
from marketplace.tenancy.regions.models import Municipality
from providers import supply
from providers.catalogue import Course, CourseRun, Lesson, RunStatus
from providers.exchange import COLUMNS
from providers.models import Location
from providers.schedule import local
from providers.vocabulary import Cefr, CourseFormat, PlaceKind

from ..booking_world import staff
from ..factories import make_org, make_token, make_user

IMPORT = "/aanbieder/catalogus/import"
CONFIRM = "/aanbieder/catalogus/import/bevestigen"
DOCS = Path(__file__).parents[2] / "docs" / "catalogue-exchange.md"

BASE = {
    "programId": "B1-AVOND", "programName": "Nederlands op de werkvloer B1", "cefrFrom": "A2", "cefrTo": "B1",
    "contactHours": "40", "courseFormat": "in_company", "programRunId": "", "startDate": "2027-04-06",
    "endDate": "2027-05-13", "applicationDeadline": "2027-03-23", "goNoGoDate": "2027-03-30",
    "minNumberOfParticipants": "6", "maxNumberOfParticipants": "12", "costAmount": "450,00",
    "placeKind": "in_company", "locationName": "", "regions": "AM22", "weekdays": "di,do", "startTime": "18:00",
    "endTime": "20:00", "excludedDates": "", "courseDays": "",
}


def row(**changes) -> dict:
    return {**BASE, **changes}


def csv_bytes(rows: list[dict], delimiter: str = ";", bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def upload(client, content: bytes, filename: str = "catalogus.csv"):
    token = client.csrf_token(IMPORT)
    return client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def confirm(client, preview, choice: str = "all"):
    carried = dict(re.findall(r'name="(csrf_token|payload|file_format)" type="hidden" value="([^"]*)"', preview.text))
    assert set(carried) == {"csrf_token", "payload", "file_format"}, preview.text[:500]
    return client.post(CONFIRM, data={**carried, "choice": choice}, content_type="multipart/form-data")


def count(model, provider=None) -> int:
    query = select(func.count()).select_from(model)
    if provider is not None:
        query = query.where(model.provider_id == provider.id)
    return db.session.scalar(query)


@pytest.fixture
def provider_client(client, world):
    client.get("/taal/en")  # messages are checked in English, the source language
    client.login(world.provider_owner.email)
    return client


@pytest.fixture
def location(world):
    utrecht = db.session.scalar(select(Municipality).where(Municipality.code == "GM0344"))
    place = Location(provider_id=world.provider.id, name="Leslokaal Centrum", street="Oudegracht 1",
                     postcode="3511 AA", city="Utrecht", municipality_id=utrecht.id)
    db.session.add(place)
    commit()
    return place


def test_a_valid_csv_with_semicolons_and_a_bom_is_previewed_then_imported_with_its_lessons(provider_client, world,
                                                                                          location):
    content = csv_bytes([
        row(),
        row(startDate="2027-09-07", endDate="2027-09-09", applicationDeadline="2027-09-01",
            goNoGoDate="2027-09-02", weekdays="", startTime="", endTime="",
            courseDays="2027-09-07 09:00-12:00, 2027-09-09 13:30-15:00"),
        row(programId="A2-DAG", programName="Dagcursus A2", cefrFrom="A1", cefrTo="A2", courseFormat="classroom",
            placeKind="location", locationName="leslokaal centrum", regions="", costAmount="1.250,50",
            weekdays="mon,wed", startTime="09.30", endTime="12:00", startDate="2027-05-03", endDate="2027-05-26",
            applicationDeadline="19-04-2027", goNoGoDate="2027-04-26", excludedDates="2027-05-12"),
    ])

    preview = upload(provider_client, content)

    assert preview.status_code == 200, preview.text
    assert "Row by row" in preview.text
    assert re.findall(r'id="row-(\d+)"', preview.text) == ["2", "3", "4"]
    assert preview.text.count("new course") == 2 and preview.text.count("new run") == 3
    assert count(Course, world.provider) == 0, "a preview writes nothing"

    done = confirm(provider_client, preview)

    assert done.status_code == 302 and done.headers["Location"].endswith("/dashboard")
    assert "3 runs created, 0 updated." in provider_client.get("/dashboard").text
    mine = select(Course).where(Course.provider_id == world.provider.id)
    courses = {c.title: c for c in db.session.scalars(mine)}
    assert set(courses) == {"Nederlands op de werkvloer B1", "Dagcursus A2"}
    b1 = courses["Nederlands op de werkvloer B1"]
    assert (b1.cefr_from, b1.cefr_to, b1.contact_hours, b1.format) == (Cefr.A2, Cefr.B1, 40, CourseFormat.in_company)
    evening, block = sorted(b1.runs, key=lambda r: r.start_date)
    assert (evening.start_date, evening.end_date) == (dt.date(2027, 4, 6), dt.date(2027, 5, 13))
    assert (evening.capacity_min, evening.capacity_max, evening.price_cents) == (6, 12, 45000)
    assert (evening.booking_deadline, evening.go_no_go_date) == (dt.date(2027, 3, 23), dt.date(2027, 3, 30))
    assert evening.status == RunStatus.draft and evening.region_codes == ["AM22"]
    days = [local(s.starts_at).date() for s in evening.lessons]
    # Tuesdays and Thursdays 6 April - 13 May 2027 are 12 days; King's Day (Tue 27 April) and Ascension
    # Day (Thu 6 May) are public holidays and have no lesson.
    assert len(days) == 10 and evening.lessons_count == 10
    assert dt.date(2027, 4, 27) not in days and dt.date(2027, 5, 6) not in days
    assert days[0] == dt.date(2027, 4, 6) and days[-1] == dt.date(2027, 5, 13)
    first = evening.lessons[0]
    assert (local(first.starts_at).time(), local(first.ends_at).time()) == (dt.time(18), dt.time(20))
    assert first.starts_at == dt.datetime(2027, 4, 6, 16, 0, tzinfo=dt.UTC)  # summer time: UTC+2
    assert [(local(s.starts_at).strftime("%d %H:%M"), local(s.ends_at).strftime("%H:%M")) for s in block.lessons] \
        == [("07 09:00", "12:00"), ("09 13:30", "15:00")]
    a2 = courses["Dagcursus A2"].runs[0]
    assert a2.price_cents == 125050 and a2.location_id == location.id and a2.booking_deadline == dt.date(2027, 4, 19)
    assert a2.region_codes == ["AM13"], "a location serves its own region"
    a2_days = [local(s.starts_at).date() for s in a2.lessons]
    # Mondays and Wednesdays 3-26 May 2027: 8 days, minus the excluded 12 May and Whit Monday (17 May).
    assert len(a2_days) == 6 and dt.date(2027, 5, 12) not in a2_days and dt.date(2027, 5, 17) not in a2_days
    assert local(a2.lessons[0].starts_at).time() == dt.time(9, 30)


BAD_ROWS = [
    (3, "endDate", row(endDate="2027-04-01"), "The end date lies before the start date."),
    (4, "minNumberOfParticipants", row(minNumberOfParticipants="14"),
     "The minimum group size is larger than the maximum."),
    (5, "costAmount", row(costAmount="-10,00"), "The amount cannot be negative."),
    (6, "costAmount", row(costAmount="9999999"), "The price must be between EUR 0 and EUR 25,000"),
    (7, "cefrFrom", row(programId="D1", cefrFrom="D1"), "Unknown value: D1. Use one of A0, A1, A2, B1, B2, C1, C2."),
    (8, "programName", row(programId="NO-TITLE", programName=""), "Fill in the title."),
    (9, "startDate", row(startDate="2027-02-30"), "Not a date: 2027-02-30."),
]


def test_bad_rows_are_named_by_line_and_column_and_only_the_valid_ones_are_imported_on_request(provider_client,
                                                                                               world):
    content = csv_bytes([row()] + [bad for _line, _column, bad, _message in BAD_ROWS])

    preview = upload(provider_client, content)

    assert preview.status_code == 422
    for line, column, _row, message in BAD_ROWS:
        assert re.search(rf"line {line}, {column}: {re.escape(message)}", preview.text), (line, column)
    assert "line 2," not in preview.text
    assert "Import only the 1 valid row" in preview.text

    refused = confirm(provider_client, preview, choice="all")
    assert refused.status_code == 422
    assert "Some rows have errors." in refused.text
    assert count(CourseRun, world.provider) == 0 and count(Course, world.provider) == 0

    done = confirm(provider_client, preview, choice="valid")
    assert done.status_code == 302
    runs = db.session.scalars(select(CourseRun).where(CourseRun.provider_id == world.provider.id)).all()
    assert [(r.start_date, r.end_date, r.price_cents) for r in runs] == [(dt.date(2027, 4, 6), dt.date(2027, 5, 13),
                                                                          45000)]
    assert count(Course, world.provider) == 1


def test_a_file_where_every_row_is_bad_writes_nothing(provider_client, world):
    content = csv_bytes([bad for _line, _column, bad, _message in BAD_ROWS])

    preview = upload(provider_client, content)

    assert preview.status_code == 422 and "No row can be imported." in preview.text
    assert 'name="choice"' not in preview.text
    for choice in ("all", "valid"):
        assert confirm(provider_client, preview, choice=choice).status_code == 422
    assert count(CourseRun, world.provider) == 0 and count(Course, world.provider) == 0


def test_overlapping_lessons_in_json_are_an_error_of_that_item(provider_client, world):
    items = [
        {**row(), "courseDays": [{"date": "2027-04-06", "startTime": "18:00", "endTime": "20:00"},
                                 {"date": "2027-04-06", "startTime": "19:30", "endTime": "21:00"}],
         "weekdays": None, "startTime": None, "endTime": None},
    ]

    preview = upload(provider_client, json.dumps(items).encode(), "catalogus.json")

    assert preview.status_code == 422
    assert "item 1, courseDays: Session 2 overlaps the one before it." in preview.text
    assert count(CourseRun, world.provider) == 0


def test_a_row_that_fails_while_being_written_undoes_the_whole_import(provider_client, world, monkeypatch):
    from marketplace.core.errors import DomainError

    preview = upload(provider_client, csv_bytes([row(), row(startDate="2027-06-01", endDate="2027-06-24")]))
    real, calls = supply.create_run, []

    def second_fails(course, data, **kw):
        calls.append(data.start_date)
        if len(calls) == 2:
            raise DomainError("The room is gone.")
        return real(course, data, **kw)

    monkeypatch.setattr(supply, "create_run", second_fails)
    failed = confirm(provider_client, preview)

    assert failed.status_code == 422
    assert "Line 3 could not be imported: The room is gone. Nothing has been imported." in failed.text
    assert count(Course, world.provider) == 0 and count(CourseRun, world.provider) == 0 and count(Lesson) == 0


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "plaatje.csv", "This is not a text file."),
    (b"programId;programName\n\xff\xfe\xfa kapot", "kapot.csv", "The file is not UTF-8 text."),
    (csv_bytes([row()]) + b'B1;"Nederlands;A2;B1;40\n', "quotes.csv", "perhaps a quotation mark is not closed"),
    (csv_bytes([{**row(), "kleur": "rood"}]), "extra.csv", "Unknown columns: kleur."),
    (csv_bytes([{k: v for k, v in row().items() if k != "costAmount"}]), "short.csv",
     "Required columns are missing: costAmount."),
    (json.dumps({"programId": "B1"}).encode(), "object.json", "A JSON file must hold a list of runs"),
    (b'[{"programId": "B1",}]', "broken.json", "The file is not valid JSON: error at line 1"),
    (b"", "leeg.csv", "The file is empty."),
    (b"programId;programName\n", "header.csv", "Required columns are missing"),
])
def test_a_malformed_file_gets_one_clear_error_and_writes_nothing(provider_client, world, content, filename,
                                                                  message):
    response = upload(provider_client, content, filename)

    assert response.status_code == 422
    assert message in response.text
    assert count(CourseRun, world.provider) == 0 and count(Course, world.provider) == 0


def test_a_damaged_confirmation_is_refused_without_an_error_page(provider_client, world):
    token = provider_client.csrf_token(IMPORT)
    response = provider_client.post(CONFIRM, data={"csrf_token": token, "payload": "bm90IHpsaWI=",
                                                   "file_format": "csv", "choice": "all"})
    assert response.status_code == 422 and "upload the file again" in response.text
    assert count(Course, world.provider) == 0


def test_a_carried_file_near_the_limit_passes_the_form_size_limit(provider_client, world):
    from providers.imports import MAX_PAYLOAD

    noise = random.Random(7).randbytes(MAX_PAYLOAD * 3 // 4 - 1000)  # does not compress
    payload = base64.b64encode(zlib.compress(noise)).decode()
    assert MAX_PAYLOAD - 2000 < len(payload) <= MAX_PAYLOAD
    token = provider_client.csrf_token(IMPORT)

    response = provider_client.post(CONFIRM, data={"csrf_token": token, "payload": payload, "file_format": "csv",
                                                   "choice": "all"}, content_type="multipart/form-data")

    assert response.status_code == 422 and "This is not a text file." in response.text


def _catalogue(world, location):
    """A provider's catalogue with what a CSV must describe exactly: a pattern with exclusions and a
    holiday, irregular lessons, a location, a published run."""
    content = csv_bytes([
        row(excludedDates="2027-04-13"),
        row(startDate="2027-09-07", endDate="2027-09-30", applicationDeadline="2027-09-01", goNoGoDate="2027-09-02",
            weekdays="", startTime="", endTime="", regions="AM22,AM18",
            courseDays="2027-09-07 09:00-12:00, 2027-09-09 13:30-15:00, 2027-09-30 23:00-23:45"),
        row(programId="A2", programName="Dagcursus A2", cefrFrom="A1", cefrTo="A2", placeKind="location",
            locationName="Leslokaal Centrum", regions="", weekdays="ma", costAmount="99.95"),
    ])
    return content


def test_an_export_imports_back_without_any_change(provider_client, world, location):
    assert confirm(provider_client, upload(provider_client, _catalogue(world, location))).status_code == 302
    run = db.session.scalars(select(CourseRun).where(CourseRun.provider_id == world.provider.id)
                             .order_by(CourseRun.id)).first()
    supply.change_status(run, RunStatus.open)
    commit()
    before = (count(Course, world.provider), count(CourseRun, world.provider), count(Lesson))

    for path, filename in (("/aanbieder/catalogus/export.csv", "export.csv"),
                           ("/aanbieder/catalogus/export.json", "export.json")):
        exported = provider_client.get(path)
        assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
        preview = upload(provider_client, exported.data, filename)
        assert preview.status_code == 200, preview.text
        assert "Nothing changes: every row matches your catalogue." in preview.text
        assert preview.text.count("no change") == 3 and 'name="choice"' not in preview.text

    assert (count(Course, world.provider), count(CourseRun, world.provider), count(Lesson)) == before


def test_an_edited_export_changes_exactly_the_edited_run(provider_client, world, location):
    confirm(provider_client, upload(provider_client, _catalogue(world, location)))
    exported = provider_client.get("/aanbieder/catalogus/export.csv").data.decode("utf-8-sig")
    lines = exported.splitlines()
    assert lines[0].split(";")[:3] == ["programId", "programName", "programDescriptionText"]
    lines[1] = lines[1].replace(";450,00;", ";480,00;")

    preview = upload(provider_client, "\n".join(lines).encode())
    assert preview.status_code == 200
    assert preview.text.count("run changes") == 1 and preview.text.count("no change") == 2
    assert confirm(provider_client, preview).status_code == 302
    assert "0 runs created, 1 updated." in provider_client.get("/dashboard").text
    prices = sorted(r.price_cents for r in db.session.scalars(select(CourseRun)
                                                              .where(CourseRun.provider_id == world.provider.id)))
    assert prices == [9995, 45000, 48000]


def test_another_providers_run_number_is_an_unknown_run_and_stays_untouched(provider_client, world):
    rival = make_org(OrgKind.provider, "GM0599", name="Andere Taalschool")
    course = supply.create_course(rival, supply.CourseInput("Hun cursus", "", Cefr.A1, Cefr.A2, 20,
                                                            CourseFormat.online))
    theirs = supply.create_run(course, supply.RunInput(
        place_kind=PlaceKind.online, start_date=dt.date(2027, 1, 5), end_date=dt.date(2027, 1, 5), capacity_min=1,
        capacity_max=8, price_cents=10000, booking_deadline=dt.date(2027, 1, 1), go_no_go_date=dt.date(2027, 1, 2),
        lessons=((dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC)),)))
    commit()

    preview = upload(provider_client, csv_bytes([row(), row(programRunId=str(theirs.id), costAmount="1,00")]))

    assert preview.status_code == 422
    assert f"line 3, programRunId: Unknown run: {theirs.id} is not one of your runs." in preview.text
    assert confirm(provider_client, preview, choice="valid").status_code == 302
    db.session.refresh(theirs)
    assert theirs.price_cents == 10000 and theirs.course.title == "Hun cursus"
    assert count(CourseRun, world.provider) == 1


def test_a_json_file_imports_too(provider_client, world):
    items = [{
        "programId": "B2", "programName": "Zakelijk Nederlands B2", "cefrFrom": "B1", "cefrTo": "B2",
        "contactHours": 30, "courseFormat": "online", "supportLanguages": ["pl", "en"], "vocational": True,
        "startDate": "2027-01-11", "endDate": "2027-01-22", "applicationDeadline": "2027-01-04",
        "goNoGoDate": "2027-01-06", "minNumberOfParticipants": 4, "maxNumberOfParticipants": 10,
        "costAmount": "300.00", "placeKind": "online", "runStatus": "open", "weekdays": ["mon", "fri"],
        "startTime": "08:00", "endTime": "09:00",
    }, {
        "programId": "B2", "programName": "Zakelijk Nederlands B2", "cefrFrom": "B1", "cefrTo": "B2",
        "contactHours": 30, "courseFormat": "online", "supportLanguages": "en,pl", "vocational": "ja",
        "startDate": "2027-02-01", "endDate": "2027-02-02", "applicationDeadline": "2027-01-25",
        "goNoGoDate": "2027-01-26", "minNumberOfParticipants": 4, "maxNumberOfParticipants": 10,
        "costAmount": 150.5, "placeKind": "online",
        "courseDays": [{"date": "2027-02-01", "startTime": "08:00", "endTime": "09:30"}, "2027-02-02 08:00-09:30"],
    }]

    preview = upload(provider_client, json.dumps(items).encode(), "aanbod.json")
    assert preview.status_code == 200, preview.text
    assert "item 1" not in preview.text and preview.text.count("new course") == 1

    assert confirm(provider_client, preview).status_code == 302
    course = db.session.scalars(select(Course).where(Course.provider_id == world.provider.id)).one()
    assert course.vocational is True and course.support_languages == ["en", "pl"]
    first, second = sorted(course.runs, key=lambda r: r.start_date)
    assert first.status == RunStatus.open and first.lessons_count == 4 and first.price_cents == 30000
    assert second.status == RunStatus.draft and second.lessons_count == 2 and second.price_cents == 15050


def test_a_thousand_row_csv_imports(provider_client, world, capsys):
    rows = []
    for n in range(1000):
        start = dt.date(2027, 1, 4) + dt.timedelta(weeks=n % 40)
        rows.append(row(programId=f"C{n % 50}", programName=f"Cursus {n % 50}", startDate=start.isoformat(),
                        endDate=(start + dt.timedelta(days=38)).isoformat(),
                        applicationDeadline=(start - dt.timedelta(days=7)).isoformat(),
                        goNoGoDate=(start - dt.timedelta(days=3)).isoformat(), weekdays="ma,wo",
                        costAmount=f"{300 + n % 7},{n % 100:02d}"))
    content = csv_bytes(rows)

    started = time.perf_counter()
    preview = upload(provider_client, content)
    previewed = time.perf_counter()
    done = confirm(provider_client, preview)
    finished = time.perf_counter()

    assert preview.status_code == 200 and done.status_code == 302
    assert count(CourseRun, world.provider) == 1000 and count(Course, world.provider) == 50
    with capsys.disabled():
        print(f"\n1,000-row CSV ({len(content) // 1024} kB, {db.session.scalar(select(func.count(Lesson.id)))} "
              f"lessons, {db.session.get_bind().dialect.name}): preview {previewed - started:.1f} s, "
              f"import {finished - previewed:.1f} s, total {finished - started:.1f} s")


def test_the_template_holds_one_example_row_that_imports_as_it_is(provider_client, world):
    template = provider_client.get("/aanbieder/catalogus/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    lines = template.data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0] == ";".join(c.name for c in COLUMNS)

    preview = upload(provider_client, template.data)

    assert preview.status_code == 200 and preview.text.count("new run") == 1


def test_viewers_may_export_but_only_members_may_import(client, world):
    viewer = make_user(world.provider, Role.viewer, email="viewer@taalschool.example")
    commit()
    client.login(viewer.email)
    for url in ("/aanbieder/catalogus/export.csv", "/aanbieder/catalogus/export.json",
                "/aanbieder/catalogus/template.csv", "/aanbieder/catalogus/bestandsformaat"):
        assert client.get(url).status_code == 200, url
    assert client.get(IMPORT).status_code == 403
    client.logout()
    client.login(world.employer_owner.email)
    assert client.get("/aanbieder/catalogus/export.csv").status_code == 403


def test_the_documentation_describes_every_column():
    text = DOCS.read_text()
    missing = [c.name for c in COLUMNS if f"`{c.name}`" not in text]
    assert missing == []


def test_a_course_is_found_again_by_its_title_so_a_second_import_adds_runs_not_courses(provider_client, world):
    confirm(provider_client, upload(provider_client, csv_bytes([row()])))

    again = upload(provider_client, csv_bytes([row(programId="ANDERE-CODE", startDate="2027-06-01",
                                                   endDate="2027-06-24")]))

    assert again.status_code == 200
    assert "new course" not in again.text and again.text.count("new run") == 1
    assert confirm(provider_client, again).status_code == 302
    assert count(Course, world.provider) == 1 and count(CourseRun, world.provider) == 2


def test_two_programids_for_one_existing_course_are_an_error(provider_client, world):
    confirm(provider_client, upload(provider_client, csv_bytes([row()])))
    course = db.session.scalars(select(Course).where(Course.provider_id == world.provider.id)).one()

    preview = upload(provider_client, csv_bytes([row(programId=str(course.id)), row(programId="OOK-B1")]))

    assert preview.status_code == 422
    assert f"line 3, programId: This is the same course as programId {course.id}" in preview.text


def test_runs_with_bookings_or_that_are_over_cannot_be_changed_by_an_import(provider_client, client, world):
    confirm(provider_client, upload(provider_client, csv_bytes([row(), row(startDate="2027-06-01",
                                                                           endDate="2027-06-24")])))
    booked, cancelled = db.session.scalars(select(CourseRun).where(CourseRun.provider_id == world.provider.id)
                                           .order_by(CourseRun.start_date)).all()
    supply.change_status(cancelled, RunStatus.cancelled)
    supply.change_status(booked, RunStatus.open)
    [employee] = staff(world.employer, 1)
    token = make_token(world.employer_owner, world.employer)
    commit()
    held = client.api("POST", "/api/v1/bookings", token,
                      json={"run_id": booked.id, "employee_ids": [employee.id], "waitlist": False}).json
    assert client.api("POST", f"/api/v1/bookings/{held['id']}/confirm", token).status_code == 200
    exported = provider_client.get("/aanbieder/catalogus/export.csv").data.decode("utf-8-sig")
    assert upload(provider_client, exported.encode()).status_code == 200, "unchanged rows are fine"

    preview = upload(provider_client, exported.replace(";450,00;", ";500,00;").encode())

    assert preview.status_code == 422
    text = html.unescape(preview.text)
    assert "line 2, programRunId: This run has bookings: change its price, dates or lessons on the run's page" in text
    assert "line 3, programRunId: A run that is cancelled can no longer be changed by an import." in text


def test_a_row_that_does_not_fit_the_header_or_a_json_item_that_is_no_object_is_an_error_of_that_row(
        provider_client, world):
    trailing = csv_bytes([{**row(), "": ""}]).replace(b"\r\n", b";\r\n")  # spreadsheets add empty cells
    assert upload(provider_client, trailing).status_code == 200
    content = csv_bytes([row()]) + b"B1;te;veel;cellen" + b";x" * 40 + b"\r\n"
    preview = upload(provider_client, content)
    assert preview.status_code == 422
    assert f"line 3, (row): This line has 44 cells; the header has {len(BASE)}." in preview.text

    preview = upload(provider_client, json.dumps([[1, 2], {**row(), "kleur": "rood"}]).encode(), "x.json")
    assert preview.status_code == 422
    assert "item 1, (row): This item is not an object with fields." in preview.text
    assert "item 2, kleur: Unknown field." in preview.text
    assert count(CourseRun, world.provider) == 0
