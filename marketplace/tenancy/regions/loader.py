"""Loads the shipped CBS region tables into the database, one dated classification at a time.

Bron: CBS (CC BY 4.0). See data/SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from .models import Municipality, Region

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Classification:
    valid_from: dt.date
    regions: dict[str, str]  # code -> name
    municipalities: dict[str, tuple[str, str, str]]  # code -> (name, region code, province)


def classifications(data_dir: Path = DATA_DIR) -> list[Classification]:
    found = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        valid_from = dt.date.fromisoformat(folder.name)
        with open(folder / "arbeidsmarktregios.csv", newline="", encoding="utf-8") as f:
            regions = {row["region_code"]: row["region_name"] for row in csv.DictReader(f)}
        with open(folder / "gemeenten_arbeidsmarktregio.csv", newline="", encoding="utf-8") as f:
            municipalities = {
                row["gemeente_code"]: (row["gemeente_name"], row["region_code"], row["province_name"])
                for row in csv.DictReader(f)
            }
        found.append(Classification(valid_from, regions, municipalities))
    return found


def sync_regions(session, data_dir: Path = DATA_DIR) -> int:
    """Bring the region tables in line with the shipped classifications; returns rows added or closed.

    Idempotent: running it again changes nothing.
    """
    changes = 0
    regions = {r.code: r for r in session.scalars(select(Region))}
    for c in classifications(data_dir):
        for code, name in c.regions.items():
            if code not in regions:
                regions[code] = Region(code=code, name=name)
                session.add(regions[code])
                changes += 1
            elif regions[code].name != name:
                regions[code].name = name
                changes += 1
        session.flush()
        open_rows = {
            m.code: m
            for m in session.scalars(select(Municipality).where(Municipality.valid_from <= c.valid_from))
            if m.valid_to is None or m.valid_to > c.valid_from
        }
        for code, (name, region_code, province) in c.municipalities.items():
            row = open_rows.get(code)
            if row is not None and (row.name, row.region_code) == (name, region_code):
                continue
            if row is not None:
                row.valid_to = c.valid_from
            if session.scalar(select(Municipality).filter_by(code=code, valid_from=c.valid_from)) is None:
                session.add(Municipality(code=code, name=name, region_code=region_code,
                                         province_name=province, valid_from=c.valid_from))
                changes += 1
        for code, row in open_rows.items():
            if code not in c.municipalities:
                row.valid_to = c.valid_from
                changes += 1
        session.flush()
    return changes
