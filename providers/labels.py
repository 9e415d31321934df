"""Readable names of the catalogue vocabulary."""

from marketplace.core.translation import lazy_gettext as _

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

RUN_STATUS_LABELS = {"draft": _("draft"), "open": _("open for booking"), "confirmed": _("confirmed"),
                     "running": _("running"), "completed": _("completed"), "cancelled": _("cancelled")}
#: The button that moves a run to this status.
RUN_ACTION_LABELS = {"draft": _("Back to draft"), "open": _("Publish"), "confirmed": _("Confirm the group"),
                     "running": _("Mark as running"), "completed": _("Mark as completed"),
                     "cancelled": _("Cancel the run")}


def register(app) -> None:
    app.jinja_env.globals.update(
        run_status_label=lambda status: RUN_STATUS_LABELS.get(status, status),
        run_action_label=lambda status: RUN_ACTION_LABELS.get(status, status),
        place_label=lambda kind: PLACE_LABELS.get(kind, kind),
        format_label=lambda fmt: FORMAT_LABELS.get(fmt, fmt),
        exam_label=lambda exam: EXAM_LABELS.get(exam, exam),
        sector_label_tag=lambda tag: SECTOR_TAG_LABELS.get(tag, tag),
    )
