"""The shipped CBS classification: 35 regions, 342 municipalities, dated so a new year needs no code."""

import csv
import datetime as dt
import shutil

from sqlalchemy import func, select

from marketplace.core.db import db
from marketplace.tenancy.regions.loader import DATA_DIR, sync_regions
from marketplace.tenancy.regions.models import Municipality, Region, valid_on


def test_the_shipped_classification_has_35_regions_and_342_municipalities():
    assert db.session.scalar(select(func.count()).select_from(Region)) == 35
    assert db.session.scalar(select(func.count()).select_from(Municipality).where(valid_on(dt.date(2026, 6, 1)))) == 342
    rotterdam = db.session.scalar(select(Municipality).where(Municipality.code == "GM0599"))
    assert rotterdam.region.name == "Rijnmond"


def test_loading_again_changes_nothing():
    assert sync_regions(db.session) == 0


def test_a_new_years_classification_is_loaded_from_a_dated_folder(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    new_year = tmp_path / "data" / "2027-01-01"
    shutil.copytree(tmp_path / "data" / "2025-01-01", new_year)
    path = new_year / "gemeenten_arbeidsmarktregio.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # Eemnes moves to Midden-Utrecht; Zandvoort merges away.
    for row in rows:
        if row["gemeente_code"] == "GM0317":
            row["region_code"], row["region_name"] = "AM13", "Midden-Utrecht"
    rows = [r for r in rows if r["gemeente_code"] != "GM0473"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    assert sync_regions(db.session, tmp_path / "data") == 2
    before, after = dt.date(2026, 12, 31), dt.date(2027, 1, 1)

    def region_of(code, day):
        return db.session.scalar(select(Municipality.region_code).where(Municipality.code == code, valid_on(day)))

    assert (region_of("GM0317", before), region_of("GM0317", after)) == ("AM12", "AM13")
    assert (region_of("GM0473", before), region_of("GM0473", after)) == ("AM37", None)
    assert sync_regions(db.session, tmp_path / "data") == 0


def test_the_regions_api_lists_each_region_with_its_number_of_municipalities(client):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    items = {r["code"]: r for r in response.json["items"]}
    assert len(items) == 35
    assert items["AM22"]["name"] == "Rijnmond"
    assert sum(r["municipalities"] for r in items.values()) == 342
    detail = client.get("/api/v1/regions/am22").json
    assert {"code": "GM0599", "name": "Rotterdam"} in detail["municipalities"]
    assert client.get("/api/v1/regions/AM99").status_code == 404


def test_the_public_regions_page_lists_regions_and_municipalities_with_the_cbs_credit(client):
    page = client.get("/regios")
    assert page.status_code == 200
    assert page.text.count('<section id="AM') == 35
    assert "Rotterdam" in page.text and "Bron: CBS" in page.text
    assert client.get("/regios/AM22").status_code == 200
    assert client.get("/regios/AM99").status_code == 404
