"""Readable names of the catalogue vocabulary."""

from marketplace.translation import lazy_gettext as _

from .vocabulary import CourseFormat, Exam, PlaceKind

FORMAT_LABELS = {
    CourseFormat.classroom: _("Classroom"), CourseFormat.in_company: _("In-company"),
    CourseFormat.online: _("Online"), CourseFormat.blended: _("Blended (classroom and online)"),
}
EXAM_LABELS = {
    Exam.none: _("No exam"), Exam.provider_certificate: _("Certificate of the provider"),
    Exam.staatsexamen_nt2_i: _("Staatsexamen NT2 programme I (B1)"),
    Exam.staatsexamen_nt2_ii: _("Staatsexamen NT2 programme II (B2)"),
    Exam.inburgeringsexamen: _("Inburgeringsexamen"),
}
PLACE_LABELS = {PlaceKind.location: _("At a location"), PlaceKind.in_company: _("In-company"),
                PlaceKind.online: _("Online")}
WEEKDAY_LABELS = {"mon": _("Monday"), "tue": _("Tuesday"), "wed": _("Wednesday"), "thu": _("Thursday"),
                  "fri": _("Friday"), "sat": _("Saturday"), "sun": _("Sunday")}
SECTOR_TAG_LABELS = {
    "logistics": _("Logistics"), "food_production": _("Food production"), "construction": _("Construction"),
    "care": _("Care"), "cleaning": _("Cleaning"), "hospitality": _("Hospitality"), "horticulture": _("Horticulture"),
    "agriculture": _("Agriculture"), "manufacturing": _("Manufacturing"), "retail": _("Retail"),
    "technology": _("Technology"), "transport": _("Transport"), "childcare": _("Childcare"),
    "education": _("Education"),
}
