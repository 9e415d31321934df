"""Providers with their locations and quality marks, and their courses (the runs follow in ``runs``).

Providers are spread over the regions (every region one before any gets a second, busy regions weighing more)
and cluster in each region's hub; each has 1-3 locations, mostly in its own region. One quality mark in six has
run out; CRKBO registration follows a valid CRKBO mark. Each provider offers 3-6 courses with sector tags,
support languages and a Dutch title and description.
"""

from __future__ import annotations

import datetime as dt
import random

from marketplace.tenancy.organisations.models import Organisation, OrgKind
from providers.catalogue import Course, CourseLanguage, CourseTag
from providers.models import Location, MarkKind, QualityMark
from providers.vocabulary import Cefr, CourseFormat, Exam

from .words import (
    EXAM_TITLES,
    LANGUAGE_NAMES,
    LANGUAGE_WEIGHTS,
    NAME_ENDS,
    NAME_PARTS,
    SECTOR_WORDS,
    STREETS,
    TITLES,
)
from .world import BUSY_REGIONS, KVK_FIRST, World, pick_place, postcode

#: a state exam needs the course to lead to its level (DOMAIN.md: programme I = B1, II = B2)
EXAM_LEVEL = {Exam.staatsexamen_nt2_i: Cefr.B1, Exam.staatsexamen_nt2_ii: Cefr.B2}


def seed_providers(world: World) -> None:
    """Provider organisations with 1-3 locations and their quality marks, some expired."""
    rng = world.rng("providers")
    org_id, loc_id = world.writer.ids(Organisation.__table__), world.writer.ids(Location.__table__)
    mark_id = world.writer.ids(QualityMark.__table__)
    regions = world.regions
    weights = [BUSY_REGIONS.get(code, 1) for code in regions]
    orgs, locations, marks = [], [], []
    for i in range(world.scaled("providers")):
        # every region gets a provider before any gets a second
        region = regions[i] if i < len(regions) else rng.choices(regions, weights)[0]
        home = pick_place(world, rng, region)
        provider = {"id": org_id(), "place": home, "locations": []}
        name = f"{rng.choice(NAME_PARTS)} {home.name} {rng.choice(NAME_ENDS)}".strip()
        valid_marks = []
        for kind, share, prefix in ((MarkKind.blik_op_werk, 0.6, "BOW"), (MarkKind.nrto, 0.5, "NRTO"),
                                    (MarkKind.crkbo, 0.4, "CRKBO")):
            if rng.random() >= share:
                continue
            valid_from = world.base - dt.timedelta(days=rng.randint(30, 1400))
            expired = len(marks) % 6 == 2  # one mark in six has run out
            valid_until = (world.base - dt.timedelta(days=rng.randint(1, 300)) if expired
                           else world.base + dt.timedelta(days=rng.randint(30, 1100)))
            valid_from = min(valid_from, valid_until - dt.timedelta(days=30))
            marks.append({"id": mark_id(), "provider_id": provider["id"], "kind": kind, "label": None,
                          "number": f"{prefix}-{valid_from.year}-{rng.randint(1, 9999):04d}",
                          "valid_from": valid_from, "valid_until": valid_until,
                          "verified_at": world.moment(rng, 300) if rng.random() < 0.7 else None,
                          "verified_by_id": None, "created_at": world.moment(rng, 400)})
            if not expired:
                valid_marks.append(kind)
        orgs.append({
            "id": provider["id"], "kind": OrgKind.provider, "name": name,
            "kvk_number": str(KVK_FIRST[OrgKind.provider] + i),
            "vat_id": None, "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode(rng),
            "city": home.name, "municipality_id": home.municipality_id,
            "contact_email": f"info@aanbieder{i + 1}.example", "phone": f"0{rng.randint(100000000, 999999999)}",
            "is_temp_agency": False, "cao": None, "size_class": None, "sector": None,
            "crkbo_registered": MarkKind.crkbo in valid_marks, "iban": None,
            "description": f"Taalcursussen voor werkgevers in en rond {home.name}: op locatie, in het bedrijf "
                           "en online.",
            "created_at": world.moment(rng, 1000)})
        for n in range(rng.choices((1, 2, 3), (5, 3, 2))[0]):
            place = home if n == 0 else pick_place(world, rng, region if rng.random() < 0.7 else rng.choice(regions))
            location = {"id": loc_id(), "provider_id": provider["id"], "name": f"Leslocatie {place.name}",
                        "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode(rng),
                        "city": place.name, "municipality_id": place.municipality_id,
                        "directions": "Ingang aan de achterkant, tweede verdieping." if rng.random() < 0.3 else None}
            locations.append(location)
            provider["locations"].append((location["id"], place))
        world.providers.append(provider)
    world.writer.insert(Organisation.__table__, orgs)
    world.writer.insert(Location.__table__, locations)
    world.writer.insert(QualityMark.__table__, marks)


def course_text(rng: random.Random, tags: list[str], cefr_from: Cefr, cefr_to: Cefr, exam: Exam,
                languages: list[str]) -> tuple[str, str]:
    """A realistic Dutch title and description, so full-text search has something to find."""
    sector, role, topics = SECTOR_WORDS[tags[0]]
    topic1, topic2 = rng.sample(topics, 2)
    trade = sector.removeprefix("de ").removeprefix("het ")  # without the article, for "Vaktaal zorg"
    words = {"sector": sector, "trade": trade, "role": role, "topic": topic1, "cefr_from": cefr_from,
             "cefr_to": cefr_to}
    template = EXAM_TITLES[exam] if exam in EXAM_TITLES and rng.random() < 0.7 else rng.choice(TITLES)
    title = template.format(**words)
    title = title[0].upper() + title[1:]
    description = (f"In deze cursus leren {role} het Nederlands dat ze elke dag nodig hebben: {topic1} en {topic2}. "
                   f"We oefenen met echte situaties uit {sector}: een collega iets vragen, een instructie begrijpen "
                   f"en een melding doen. Van niveau {cefr_from} naar {cefr_to}, in kleine groepen.")
    if languages:
        names = [LANGUAGE_NAMES[code] for code in languages if code in LANGUAGE_NAMES]
        description += f" Uitleg waar nodig in het {' of '.join(names)}."
    if exam != Exam.none:
        description += {Exam.provider_certificate: " U sluit af met een certificaat.",
                        Exam.staatsexamen_nt2_i: " We bereiden voor op het Staatsexamen NT2 programma I.",
                        Exam.staatsexamen_nt2_ii: " We bereiden voor op het Staatsexamen NT2 programma II.",
                        Exam.inburgeringsexamen: " We bereiden voor op het inburgeringsexamen."}[exam]
    return title, description


def seed_courses(world: World) -> None:
    """3-6 courses per provider with sector tags and support languages."""
    rng = world.rng("courses")
    course_id = world.writer.ids(Course.__table__)
    tags_all, levels = sorted(SECTOR_WORDS), list(Cefr)
    courses, languages, tags = [], [], []
    for provider in world.providers:
        for _n in range(rng.randint(3, 6)):
            cefr_from = rng.choices(levels[:4], (3, 4, 3, 1))[0]
            cefr_to = levels[min(levels.index(cefr_from) + rng.choice((1, 1, 2)), len(levels) - 1)]
            exam = rng.choices(list(Exam), (5, 4, 1, 1, 1))[0]
            if exam in EXAM_LEVEL and cefr_to < EXAM_LEVEL[exam]:
                exam = Exam.provider_certificate
            course_tags = rng.sample(tags_all, rng.choice((1, 1, 2)))
            course_languages = sorted(set(rng.choices(list(LANGUAGE_NAMES), LANGUAGE_WEIGHTS, k=rng.randint(0, 3))))
            title, description = course_text(rng, course_tags, cefr_from, cefr_to, exam, course_languages)
            created = world.moment(rng, 700)
            course = {
                "id": course_id(), "provider_id": provider["id"], "title": title, "description": description,
                "cefr_from": cefr_from, "cefr_to": cefr_to, "contact_hours": rng.choice((20, 24, 30, 36, 40, 48, 60)),
                "self_study_hours": rng.choice((None, None, 10, 20, 40)),
                "format": rng.choices(list(CourseFormat), (40, 25, 15, 20))[0],
                "vocational": rng.random() < 0.5, "exam": exam, "nlqf": rng.choice((None,) * 8 + (1, 2)),
                "what_to_bring": "Pen, papier en uw werkrooster." if rng.random() < 0.3 else None,
                "created_at": created, "updated_at": created, "archived_at": None}
            courses.append(course)
            languages += [{"course_id": course["id"], "language": code} for code in course_languages]
            tags += [{"course_id": course["id"], "tag": tag} for tag in course_tags]
            world.courses.append({"id": course["id"], "provider_id": provider["id"], "format": course["format"],
                                  "provider": provider})
    world.writer.insert(Course.__table__, courses)
    world.writer.insert(CourseLanguage.__table__, languages)
    world.writer.insert(CourseTag.__table__, tags)
