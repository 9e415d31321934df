"""The words of the course catalogue (CONTRACT.md, vocabulary), as enums with their order."""

from __future__ import annotations

from enum import StrEnum


class Cefr(StrEnum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return _CEFR_RANKS[self]


_CEFR_RANKS = {level: index for index, level in enumerate(Cefr)}


class CourseFormat(StrEnum):
    classroom = "classroom"
    in_company = "in_company"
    online = "online"
    blended = "blended"


class Exam(StrEnum):
    none = "none"
    provider_certificate = "provider_certificate"
    staatsexamen_nt2_i = "staatsexamen_nt2_i"  # programme I = B1 (DOMAIN.md)
    staatsexamen_nt2_ii = "staatsexamen_nt2_ii"  # programme II = B2
    inburgeringsexamen = "inburgeringsexamen"


class PlaceKind(StrEnum):
    location = "location"
    in_company = "in_company"
    online = "online"


SECTOR_TAGS = ("logistics", "food_production", "construction", "care", "cleaning", "hospitality", "horticulture",
               "agriculture", "manufacturing", "retail", "technology", "transport", "childcare", "education")

#: Support languages offered in the product (ISO 639-1); others may be added.
LANGUAGES = ("nl", "en", "pl", "ro", "bg", "uk", "tr", "ar", "es", "pt", "hu", "lt", "lv", "sk", "cs", "de", "fr",
             "it", "ru", "ti", "so", "fa")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
