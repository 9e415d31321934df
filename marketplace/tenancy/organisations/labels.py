"""Readable, translated names for the organisation vocabularies, for forms and pages alike."""

from marketplace.core.translation import lazy_gettext as _

from .models import OrgKind, SizeClass

KIND_LABELS = {
    OrgKind.employer: _("Employer or temp agency"),
    OrgKind.provider: _("Course provider"),
    OrgKind.social_partner: _("Social partner (union, employer organisation, region)"),
    OrgKind.fund: _("Fund (sector fund, ESF+ project)"),
}
PLATFORM_LABEL = _("Platform administration")

SECTOR_LABELS = {
    "logistics": _("Logistics"), "food_production": _("Food production"), "construction": _("Construction"),
    "care": _("Care"), "cleaning": _("Cleaning"), "hospitality": _("Hospitality"),
    "horticulture": _("Horticulture"), "agriculture": _("Agriculture"), "manufacturing": _("Manufacturing"),
    "retail": _("Retail"), "technology": _("Technology"), "other": _("Other"),
}

SIZE_LABELS = {
    SizeClass.micro: _("Micro (fewer than 10 people)"), SizeClass.small: _("Small (10 to 49)"),
    SizeClass.medium: _("Medium (50 to 249)"), SizeClass.large: _("Large (250 or more)"),
}


def register(app) -> None:
    app.jinja_env.globals.update(
        kind_label=lambda kind: KIND_LABELS.get(kind, PLATFORM_LABEL),
        sector_label=lambda sector: SECTOR_LABELS.get(sector, sector),
        size_label=lambda size: SIZE_LABELS.get(size, size),
    )
