"""Reading a staff roster from a CSV file or from rows pasted out of a spreadsheet: pure, no database.

A first row that names columns is a header (English or Dutch names); without one, the documented column order
applies. Every cell that cannot be read gets a message under its column; the rules of the roster itself
(``services.check_employee``) and duplicates are checked by the import's planning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from marketplace.core.errors import DomainError
from marketplace.core.translation import lazy_gettext as _
from providers.vocabulary import Cefr

from .models import Employment, LevelSource
from .services import EmployeeInput

MAX_ROWS = 5000
ROW = ""  # where a problem of the row as a whole is filed, beside the columns' problems


@dataclass(frozen=True)
class Column:
    name: str
    dutch: str
    required: bool
    use: str
    format: str
    #: other header names accepted, written as ``_key`` makes them (lower case, letters and digits only)
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("first_name", "voornaam", True, _("Invitations and attendance lists."), _("text, at most 100 characters"),
           ("roepnaam", "givenname")),
    Column("last_name", "achternaam", True, _("Invitations and attendance lists."),
           _("text, at most 100 characters, with prefixes such as 'de' or 'van der'"),
           ("familienaam", "surname", "familyname")),
    Column("preferred_language", "taal", False, _("The language of the invitation."),
           _("language code (nl, en, pl, ro, bg, uk, ...) or its name, such as Pools or Polish; empty is nl"),
           ("voorkeurstaal", "language")),
    Column("cefr_level", "niveau", False, _("Used for matching courses."),
           _("A0, A1, A2, B1, B2, C1 or C2; empty when not known yet"), ("taalniveau", "level", "cefr")),
    Column("level_source", "niveaubron", False, _("Some schemes require a validated level test before the start."),
           _("self_reported (zelf), placement_test (toets) or certificate (certificaat)"),
           ("bron", "source")),
    Column("level_assessed_on", "niveaudatum", False, _("Goes with the level source: when the level was established."),
           _("date"), ("toetsdatum", "getoetstop")),
    Column("target_level", "streefniveau", False, _("Used for matching courses."),
           _("A0 to C2, above the current level"), ("doelniveau",)),
    Column("employment", "dienstverband", False, _("Subsidy rule: the Doorzaam budget is for agency workers."),
           _("employee (werknemer), agency_worker (uitzendkracht) or self_employed (zzp); empty: agency_worker "
             "for a temp agency, employee otherwise"), ("contract", "contractsoort")),
    Column("cao_phase", "cao_fase", False, _("Subsidy rule: Doorzaam pays in phase A or B (ABU) or 1 to 3 (NBBU)."),
           _("agency workers only: A, B or C (ABU), 1, 2, 3 or 4 (NBBU)"), ("fase", "phase")),
    Column("long_term_sick", "langdurig_ziek", False,
           _("Subsidy rule: Doorzaam does not pay for long-term sick workers."), _("yes or no; empty: not recorded"),
           ()),
    Column("hours_per_week", "uren_per_week", False, _("Subsidy rule: SOWIS requires at least 20 hours a week."),
           _("whole number, 1 to 60"), ("uren", "contracturen")),
    Column("employment_start", "in_dienst_sinds", False,
           _("The start of employment; some schemes ask how long the contract runs."),
           _("date"), ("indienst", "startdatum")),
    Column("labour_migrant", "arbeidsmigrant", False,
           _("Subsidy rules (the ESF+ target group; SOWIS) and anonymous regional statistics; never shown per "
             "person."), _("yes or no; empty: not recorded"),
           ("labormigrant",)),
    Column("email", "e-mail", False, _("Optional. Without it, invitations go to you."), _("e-mail address"),
           ("emailadres", "mail")),
    Column("phone", "telefoon", False, _("Optional. For reaching the person about their lessons."),
           _("text, at most 40 characters"),
           ("telefoonnummer", "tel", "mobiel", "telephone")),
    # last, so that files and pasted rows without a header in the earlier column order still read the same
    Column("statushouder", "statushouder", False,
           _("Subsidy rules: SOWIS and ESF+ ask it, and Doorzaam for a worker in placement without a CAO phase."),
           _("yes or no; empty: not recorded"), ("vluchteling", "refugee")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def _key(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


_HEADER_NAMES = {_key(alias): c.name for c in COLUMNS for alias in (c.name, c.dutch, *c.aliases)}

LANGUAGE_NAMES = {
    "nederlands": "nl", "dutch": "nl", "engels": "en", "english": "en", "pools": "pl", "polish": "pl",
    "roemeens": "ro", "romanian": "ro", "bulgaars": "bg", "bulgarian": "bg", "oekraiens": "uk", "ukrainian": "uk",
    "turks": "tr", "turkish": "tr", "arabisch": "ar", "arabic": "ar", "spaans": "es", "spanish": "es",
    "portugees": "pt", "portuguese": "pt", "hongaars": "hu", "hungarian": "hu", "litouws": "lt", "lithuanian": "lt",
    "lets": "lv", "latvian": "lv", "slowaaks": "sk", "slovak": "sk", "tsjechisch": "cs", "czech": "cs",
    "duits": "de", "german": "de", "frans": "fr", "french": "fr", "italiaans": "it", "italian": "it",
    "russisch": "ru", "russian": "ru", "tigrinya": "ti", "somalisch": "so", "somali": "so", "farsi": "fa",
    "perzisch": "fa", "persian": "fa",
}
EMPLOYMENT_WORDS = {
    **{_key(e.value): e for e in Employment},
    "uitzendkracht": Employment.agency_worker, "uitzendkrachten": Employment.agency_worker,
    "flexkracht": Employment.agency_worker, "uitzend": Employment.agency_worker,
    "werknemer": Employment.employee, "loondienst": Employment.employee, "inloondienst": Employment.employee,
    "personeel": Employment.employee, "zzp": Employment.self_employed, "zzper": Employment.self_employed,
    "zelfstandige": Employment.self_employed, "freelancer": Employment.self_employed,
}
SOURCE_WORDS = {
    **{_key(s.value): s for s in LevelSource},
    "zelf": LevelSource.self_reported, "zelfinschatting": LevelSource.self_reported,
    "eigenopgave": LevelSource.self_reported, "toets": LevelSource.placement_test,
    "intaketoets": LevelSource.placement_test, "niveautoets": LevelSource.placement_test,
    "plaatsingstoets": LevelSource.placement_test, "test": LevelSource.placement_test,
    "certificaat": LevelSource.certificate, "diploma": LevelSource.certificate,
}
_TRUE = {"yes", "ja", "j", "y", "true", "waar", "1"}
_FALSE = {"no", "nee", "n", "false", "onwaar", "0"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RosterFileError(DomainError):
    """The file or pasted text as a whole cannot be read; no row in it is looked at further."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message), field=field)


@dataclass(frozen=True)
class RawRow:
    line: int  # the line of the file (or pasted text) where the row starts
    values: dict[str, str]  # column name -> cell
    problems: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    #: column name -> the header as written in the file; the column names themselves when there is no header
    labels: dict[str, str]
    rows: tuple[RawRow, ...]
    has_header: bool


def read_roster(data: bytes) -> Table:
    """The rows of a file or pasted text, or a RosterFileError saying in one sentence why it cannot be read."""
    if not data.strip():
        raise RosterFileError(_("The file or the pasted text is empty."))
    if data.startswith(b"PK\x03\x04"):
        raise RosterFileError(_('This is a workbook, not a CSV file. In Excel, choose "Save as" and "CSV UTF-8", '
                                "or copy the rows and paste them below."))
    not_text = RosterFileError(_("This is not a text file. Upload a CSV file, or paste the rows as text."))
    if b"\x00" in data:
        raise not_text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError(_('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".')) from None
    if _CONTROL.search(text):
        raise not_text
    records = _records(text)
    if not records:
        raise RosterFileError(_("The file or the pasted text is empty."))
    header = _header(records[0][1])
    labels = {name: name for name in COLUMN_NAMES}
    if header is not None:
        labels.update({name: cell.strip() for name, cell in zip(header, records[0][1], strict=True) if name})
        records = records[1:]
    if not records:
        raise RosterFileError(_("There is a header row, but no people below it."))
    if len(records) > MAX_ROWS:
        raise RosterFileError(_("More than %(n)d rows; split the list into smaller files.", n=MAX_ROWS))
    names = header if header is not None else list(COLUMN_NAMES)
    rows = []
    for line, cells in records:
        cells = [cell.strip() for cell in cells]
        problems = {}
        if any(cells[len(names):]) or any(cell for name, cell in zip(names, cells, strict=False) if not name):
            problems[ROW] = [str(_("This line has a cell outside the %(n)d columns.", n=len(names)))]
        rows.append(RawRow(line, {name: cell for name, cell in zip(names, cells, strict=False) if name}, problems))
    return Table(labels, tuple(rows), header is not None)


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _delimiter(text: str) -> str:
    """Tab (pasted from a spreadsheet), ";" (Dutch Excel) or ",": whichever the first line has most of."""
    outside_quotes = re.sub(r'"[^"]*"', "", _first_line(text))
    return max("\t;,", key=outside_quotes.count)  # on a tie the first wins


def _records(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                records.append((line, cells))
            if len(records) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise RosterFileError(_("The file is not valid CSV near line %(line)d; perhaps a quotation mark is not "
                                "closed.", line=reader.line_num)) from None
    return records


def _header(cells: list[str]) -> list[str] | None:
    """The column names of a header row, or None when the first row holds a person (no header)."""
    names = [_HEADER_NAMES.get(_key(cell), "") for cell in cells]
    given = [cell for cell in cells if cell.strip()]
    named = [name for name in names if name]
    if not ({"first_name", "last_name"} & set(named) or len(named) * 2 >= len(given) > 0):
        return None
    unknown = [cell.strip() for cell, name in zip(cells, names, strict=True) if cell.strip() and not name]
    if unknown:
        raise RosterFileError(_("Unknown columns: %(names)s. The columns you can use are listed on the import page.",
                                names=", ".join(unknown)))
    for name in named:
        if named.count(name) > 1:
            raise RosterFileError(_("The column %(name)s appears twice.", name=name))
    missing = [c.name for c in COLUMNS if c.required and c.name not in named]
    if missing:
        raise RosterFileError(_("Required columns are missing: %(names)s.", names=", ".join(missing)))
    return names


# One row ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParsedRow:
    line: int
    #: the person as read; a cell that could not be read is left empty (the row is not imported then)
    data: EmployeeInput
    problems: dict[str, list[str]]


class Unreadable(ValueError):
    """A cell that cannot be read as what its column holds."""


def parse_row(raw: RawRow, default_employment: Employment) -> ParsedRow:
    """The typed values of one row; every cell that cannot be read gets a message under its column."""
    problems = {k: list(v) for k, v in raw.problems.items()}

    def cell(name, read):
        value = raw.values.get(name, "").strip()
        if not value:
            return None
        try:
            return read(value)
        except Unreadable as e:
            problems.setdefault(name, []).append(str(e))
            return None

    employment = cell("employment", _employment)
    cao_phase = cell("cao_phase", _cao_phase)
    if employment is None:
        # unreadable: assume the one kind a phase allows, so the roster's rules do not blame the phase as well
        employment = Employment.agency_worker if "employment" in problems and cao_phase else default_employment
    data = EmployeeInput(
        first_name=cell("first_name", _text(100)) or "", last_name=cell("last_name", _text(100)) or "",
        employment=employment, preferred_language=cell("preferred_language", _language) or "nl",
        cefr_level=cell("cefr_level", _level), level_source=cell("level_source", _source),
        level_assessed_on=cell("level_assessed_on", _date), target_level=cell("target_level", _level),
        cao_phase=cao_phase, long_term_sick=cell("long_term_sick", _boolean),
        hours_per_week=cell("hours_per_week", _hours), employment_start=cell("employment_start", _date),
        labour_migrant=cell("labour_migrant", _boolean), email=cell("email", _email),
        phone=cell("phone", _text(40)), statushouder=cell("statushouder", _boolean))
    return ParsedRow(raw.line, data, problems)


def _text(max_length: int):
    def read(value: str) -> str:
        if re.search(r"[\r\n\t]", value):
            raise Unreadable(_("A line break or tab does not belong in this cell."))
        if len(value) > max_length:
            raise Unreadable(_("Longer than %(n)d characters.", n=max_length))
        return value
    return read


def _language(value: str) -> str:
    word = value.strip().lower().replace("ï", "i")
    return LANGUAGE_NAMES.get(word, word)  # an unknown code is named by the roster's own check


def _level(value: str) -> Cefr:
    try:
        return Cefr(value.upper())
    except ValueError:
        raise Unreadable(_("Unknown level: %(value)s. Use A0, A1, A2, B1, B2, C1 or C2.", value=value)) from None


def _source(value: str) -> LevelSource:
    if _key(value) not in SOURCE_WORDS:
        raise Unreadable(_("Unknown level source: %(value)s. Use self_reported, placement_test or certificate.",
                           value=value))
    return SOURCE_WORDS[_key(value)]


def _employment(value: str) -> Employment:
    if _key(value) not in EMPLOYMENT_WORDS:
        raise Unreadable(_("Unknown employment: %(value)s. Use employee, agency_worker or self_employed.",
                           value=value))
    return EMPLOYMENT_WORDS[_key(value)]


def _cao_phase(value: str) -> str:
    phase = re.sub(r"^(fase|phase)\s*", "", value.strip(), flags=re.IGNORECASE).upper()
    if len(phase) > 3:
        raise Unreadable(_("A CAO phase is A, B or C (ABU) or 1 to 4 (NBBU)."))
    return phase  # whether it is a phase, and whether the person may have one, is the roster's own check


def _boolean(value: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise Unreadable(_("Not yes or no: %(value)s.", value=value))


def _hours(value: str) -> int:
    match = re.fullmatch(r"(\d{1,4})([.,]0+)?", value.strip())
    if not match:
        raise Unreadable(_("Not a whole number: %(value)s.", value=value))
    return int(match[1])


def _date(value: str) -> dt.date:
    text = value.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dutch = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return dt.date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        pass
    raise Unreadable(_("Not a date: %(value)s. Use YYYY-MM-DD (or DD-MM-YYYY).", value=text))


def _email(value: str) -> str:
    if len(value) > 254:
        raise Unreadable(_("Longer than %(n)d characters.", n=254))
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise Unreadable(_("Not an e-mail address: %(value)s.", value=value)) from None
    return value.lower()


# The template -------------------------------------------------------------------------------------

EXAMPLES = (
    ("Anna", "Nowak", "pl", "A1", "placement_test", "2025-01-15", "A2", "agency_worker", "A", "nee", "32",
     "2024-09-01", "ja", "", "", "nee"),
    ("Mihai", "Popescu", "ro", "A2", "self_reported", "", "B1", "employee", "", "", "38", "2023-03-01", "",
     "m.popescu@example.nl", "06 12345678", ""),
)


def template_csv() -> bytes:
    """A CSV as Dutch Excel opens it (";" and a byte-order mark), with the header and two example people."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(EXAMPLES)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
