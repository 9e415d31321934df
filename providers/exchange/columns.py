"""The file format of the catalogue exchange: its columns, with their EDU-DEX names (docs/catalogue-exchange.md)."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.errors import DomainError
from marketplace.core.translation import lazy_gettext as _

MAX_ROWS = 5000
MAX_PATTERN_DAYS = 3 * 366
MAX_LESSONS = 500


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    format: str
    #: where the value lives in an EDU-DEX program; None where EDU-DEX has no such field
    edudex: str | None = None


COLUMNS: tuple[Column, ...] = (
    Column("programId", True, _("Your code for the course. Rows with the same code belong to one course. An export "
                                "writes the course's Taalmarkt number here."), _("text, at most 64 characters"),
           "programClassification/programId"),
    Column("programName", True, _("Title of the course."), _("text, at most 200 characters"),
           "programDescriptions/programName"),
    Column("programDescriptionText", False, _("Description of the course."), _("text"),
           "programDescriptions/programDescriptionText"),
    Column("cefrFrom", True, _("CEFR level the learners start at."), "A0, A1, A2, B1, B2, C1, C2"),
    Column("cefrTo", True, _("CEFR level the course leads to."), "A0, A1, A2, B1, B2, C1, C2"),
    Column("contactHours", True, _("Hours of lessons with a teacher."), _("whole number, 1 to 2000")),
    Column("selfStudyHours", False, _("Expected hours of self-study."), _("whole number, 0 to 2000")),
    Column("courseFormat", True, _("Form of the course."), "classroom, in_company, online, blended"),
    Column("vocational", False, _("Aimed at one specific profession (decides VAT)."), _("yes or no; empty is no")),
    Column("exam", False, _("Exam the course prepares for."),
           "none, provider_certificate, staatsexamen_nt2_i, staatsexamen_nt2_ii, inburgeringsexamen"),
    Column("supportLanguages", False, _("Languages the teacher can explain in."),
           _("ISO 639-1 codes separated by commas, e.g. en,pl")),
    Column("sectorTags", False, _("Sectors whose vocabulary the course teaches."),
           _("sector words separated by commas, e.g. logistics,care")),
    Column("nlqfLevel", False, _("NLQF level, where the course has one."), _("whole number, 1 to 8"),
           "programExternalAcknowledgements/nlqfRegistration/nlqfLevel"),
    Column("whatToBring", False, _("What a learner needs to bring."), _("text")),
    Column("programRunId", False, _("Taalmarkt number of the run: filled in, the row changes that run; empty, "
                                    "the row creates a new run."), _("number, or empty"),
           "programSchedule/programRun/id"),
    Column("runStatus", False, _("Status of the run. An import can make a run draft or open; empty keeps the "
                                 "status (new runs: draft)."), "draft, open"),
    Column("startDate", True, _("First day of the run."), _("date"), "programSchedule/programRun/startDate"),
    Column("endDate", True, _("Last day of the run."), _("date"), "programSchedule/programRun/endDate"),
    Column("applicationDeadline", True, _("Last day employers can book."), _("date"),
           "programSchedule/programRun/applicationDeadline"),
    Column("goNoGoDate", True, _("Day you decide whether the group goes ahead."), _("date")),
    Column("minNumberOfParticipants", True, _("Smallest group you start with."), _("whole number, 1 to 200"),
           "programSchedule/programRun/minNumberOfParticipants"),
    Column("maxNumberOfParticipants", True, _("Largest group."), _("whole number, 1 to 200"),
           "programSchedule/programRun/maxNumberOfParticipants"),
    Column("costAmount", True, _("Price per participant in euros, excluding VAT."),
           _("amount with a decimal comma or point, e.g. 450,00 or 450.00"),
           "programSchedule/programRun/cost/amount (costType tuition fee, currency EUR)"),
    Column("placeKind", True, _("Where the lessons are: at one of your locations, at the employer, or online."),
           "location, in_company, online"),
    Column("locationId", False, _("Number of your location (with placeKind location)."), _("number"),
           "programSchedule/programRun/location/id"),
    Column("locationName", False, _("Name of your location, instead of its number."), _("text"),
           "programSchedule/programRun/location/locationName"),
    Column("regions", False, _("Labour-market regions where employers find the run (required for in_company)."),
           _("region codes separated by commas, e.g. AM22,AM24")),
    Column("instantBooking", False, _("Employers can book at once, without your approval."),
           _("yes or no; empty is yes")),
    Column("freeCancellationDays", False, _("Free cancellation until this many days before the start."),
           _("whole number, 0 to 365; empty is 14")),
    Column("lateCancellationPercent", False, _("Share of the price charged for a later cancellation."),
           _("whole number, 0 to 100; empty is 50")),
    Column("weekdays", False, _("Weekly pattern: the days of the lessons. Public holidays are skipped."),
           _("days separated by commas: ma,di,wo,do,vr,za,zo or mon,tue,wed,thu,fri,sat,sun")),
    Column("startTime", False, _("Weekly pattern: start of each lesson (Dutch time)."), _("time HH:MM"),
           "programSchedule/programRun/courseDay/startTime"),
    Column("endTime", False, _("Weekly pattern: end of each lesson (Dutch time)."), _("time HH:MM"),
           "programSchedule/programRun/courseDay/endTime"),
    Column("firstDate", False, _("Weekly pattern: first day of the pattern; empty is startDate."), _("date")),
    Column("lastDate", False, _("Weekly pattern: last day of the pattern; empty is endDate."), _("date")),
    Column("excludedDates", False, _("Weekly pattern: days without a lesson (besides public holidays)."),
           _("dates separated by commas")),
    Column("courseDays", False, _("Every lesson on its own, instead of a weekly pattern."),
           _("lessons separated by commas, each YYYY-MM-DD HH:MM-HH:MM"), "programSchedule/programRun/courseDay"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
_CANONICAL = {name.lower(): name for name in COLUMN_NAMES}
PATTERN_COLUMNS = ("weekdays", "startTime", "endTime", "firstDate", "lastDate", "excludedDates")
COURSE_COLUMNS = COLUMN_NAMES[:COLUMN_NAMES.index("programRunId")]
ROW = "(row)"  # where a problem of the row as a whole is filed, beside the columns' problems

#: Field names of the supply use cases' errors, as columns of the file.
_COURSE_FIELDS = {"title": "programName", "cefr_from": "cefrFrom", "cefr_to": "cefrTo",
                  "contact_hours": "contactHours", "self_study_hours": "selfStudyHours", "nlqf": "nlqfLevel",
                  "support_languages": "supportLanguages", "sector_tags": "sectorTags"}
_RUN_FIELDS = {"end": "endDate", "capacity_min": "minNumberOfParticipants",
               "capacity_max": "maxNumberOfParticipants", "price_cents": "costAmount",
               "booking_deadline": "applicationDeadline", "go_no_go_date": "goNoGoDate",
               "free_cancellation_days": "freeCancellationDays", "late_cancellation_percent": "lateCancellationPercent",
               "location_id": "locationId", "regions": "regions", "status": "runStatus", "reason": "programRunId"}


class FileError(DomainError):
    """The file as a whole cannot be read; nothing in it is looked at further."""

    def __init__(self, message) -> None:
        super().__init__(str(message), field="file")
