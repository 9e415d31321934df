"""Importing the staff roster from a CSV file or text pasted out of a spreadsheet: upload, preview, confirm.

The preview carries the file (or the pasted text) to the confirmation in a hidden field (compressed, base64),
so nothing is kept on the server; the confirmation reads and checks it again, against the roster as it is
then, and writes only through ``services.add_employee``. A refused import answers 422, so the request's
transaction is rolled back and nothing is half-imported.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired

from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.core.forms import apply_errors, attempt, render_form
from marketplace.core.translation import gettext, ngettext
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import Organisation, OrgKind

from . import services
from .models import Employee, Employment
from .roster_parsing import COLUMNS, MAX_ROWS, ROW, RosterFileError, Table, parse_row, read_roster, template_csv
from .services import EmployeeInput

bp = Blueprint("roster_import", __name__, url_prefix="/werkgever/medewerkers/import")

EDITOR = member(OrgKind.employer, role=Role.member)
MAX_FILE = 5 * 1024 * 1024  # as MAX_CONTENT_LENGTH
#: One form field may hold at most MAX_FORM_MEMORY_SIZE (Flask's default: 500 kB); the confirmation form is
#: multipart, so the limit applies to the carried content alone and base64 is not percent-encoded on top.
MAX_PAYLOAD = 450_000


class UploadForm(FlaskForm):
    file = FileField(_("CSV file"), description=_("UTF-8, with ; or , or a tab between the cells, at most %(n)d "
                                                  "people. A header row names the columns.", n=MAX_ROWS))
    pasted = TextAreaField(_("Or paste rows from a spreadsheet"),
                           description=_("Select the rows in Excel, LibreOffice or Google Sheets, copy them and "
                                         "paste them here, with or without the header row. Without it, the "
                                         "columns are read in the order of the table below."))


class ConfirmForm(FlaskForm):
    payload = HiddenField(validators=[InputRequired()])
    choice = StringField(validators=[AnyOf(("all", "valid"))])  # the value of the button pressed


@bp.route("", methods=["GET", "POST"])
@EDITOR
def upload_roster():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            data = _submitted(form)
            table = read_roster(data)
            payload = pack(data)
        except RosterFileError as e:
            e.field = e.field or ("file" if form.file.data else "pasted")
            apply_errors(form, e)
        else:
            return _preview(table, payload)
    return render_form("employers/import.html", form, columns=COLUMNS)


def _submitted(form: UploadForm) -> bytes:
    pasted = form.pasted.data or ""  # not stripped: a row may start with an empty cell, and lines keep their numbers
    if form.file.data and pasted.strip():
        raise RosterFileError(_("Upload a file or paste rows, not both."), field="pasted")
    if form.file.data:
        return form.file.data.read(MAX_FILE + 1)
    if pasted.strip():
        return pasted.encode("utf-8")
    raise RosterFileError(_("Choose a CSV file, or paste rows from a spreadsheet."), field="file")


@bp.route("/bevestigen", methods=["POST"])
@EDITOR
def confirm_import():
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            raise RosterFileError(_("The import form is incomplete or damaged; upload the file again."))
        table = read_roster(unpack(form.payload.data))
    except RosterFileError as e:
        upload = UploadForm(formdata=None)
        e.field = "file"
        apply_errors(upload, e)
        return render_form("employers/import.html", upload, columns=COLUMNS)
    employer = actor().organisation
    plan = plan_import(employer, table)
    if form.choice.data == "all" and not plan.ok:
        return _preview(table, form.payload.data, plan, gettext(
            "Nothing has been imported: %(bad)d of the %(rows)d rows have errors. Fix them, or import only the "
            "valid rows.", bad=len(plan.bad_rows), rows=len(plan.rows)))
    if not plan.valid_rows:
        return _preview(table, form.payload.data, plan, gettext("Nothing has been imported: no row is valid."))
    added = attempt(None, lambda: [services.add_employee(employer, row.data) for row in plan.valid_rows])
    if not added:  # none of the rows is kept
        return _preview(table, form.payload.data, plan, added.error.message)
    flash(ngettext("%(num)d employee added.", "%(num)d employees added.", len(plan.valid_rows)), "success")
    return redirect(url_for("employers.roster"))


def _preview(table: Table, payload: str, plan: Plan | None = None, message: str | None = None):
    """What the import would do; 422 while any row has an error (or the import was refused), else 200."""
    plan = plan or plan_import(actor().organisation, table)
    confirm = ConfirmForm(formdata=None, payload=payload)
    status = 200 if plan.ok and message is None else 422
    return render_template("employers/import_preview.html", plan=plan, confirm=confirm, message=message), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_e):
    # Flask's generic page speaks of a 5 MB file; pasted text hits the smaller limit of one form field first.
    return render_template("errors/error.html", status=413, title=gettext("Too much at once"), message=gettext(
        "A file can be at most 5 MB, and pasted text about 500 kB (a few thousand rows). Upload a long list as "
        "a CSV file, or split it.")), 413


@bp.route("/template.csv")
@EDITOR
def download_template():
    return Response(template_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="taalmarkt-medewerkers.csv"'})


# Planning -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlannedRow:
    line: int
    name: str
    data: EmployeeInput
    #: (column as the file names it, message); empty when the row will be added
    errors: tuple[tuple[str, str], ...]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Plan:
    rows: tuple[PlannedRow, ...]

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.ok]

    @property
    def bad_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.ok]


def plan_import(employer: Organisation, table: Table) -> Plan:
    """Every row with every problem: unreadable cells, the roster's own rules, and duplicates.

    A row is a duplicate when its first and last name match an earlier row of the file or an active employee
    (case and spacing ignored), unless both have an e-mail address and the addresses differ.
    """
    default = Employment.agency_worker if employer.is_temp_agency else Employment.employee
    seen = _Names()
    for first, last, email in _active_roster(employer):
        seen.add(first, last, email, None)
    name_label = f"{table.labels['first_name']} + {table.labels['last_name']}"
    planned = []
    for raw in table.rows:
        parsed = parse_row(raw, default)
        data, problems = parsed.data, parsed.problems
        for name, messages in services.check_employee(employer, data).items():
            if name not in problems:  # a cell that could not be read was checked as empty
                problems[name] = messages
        errors = [(table.labels.get(name, name) if name != ROW else str(_("row")), message)
                  for name in sorted(problems, key=_column_order) for message in problems[name]]
        if data.first_name.strip() and data.last_name.strip():
            other = seen.find(data.first_name, data.last_name, data.email)
            if other is not None:
                errors.append((name_label, gettext("Duplicate: the same person as on line %(line)d.", line=other)
                               if other else gettext("Duplicate: %(name)s is already on the roster.",
                                                     name=_full_name(data))))
            seen.add(data.first_name, data.last_name, data.email, raw.line)
        planned.append(PlannedRow(raw.line, _full_name(data), data, tuple(errors)))
    return Plan(tuple(planned))


_ORDER = {c.name: i for i, c in enumerate(COLUMNS)}


def _column_order(name: str) -> int:
    return _ORDER.get(name, len(_ORDER))


def _full_name(data: EmployeeInput) -> str:
    return f"{data.first_name.strip()} {data.last_name.strip()}".strip()


def _active_roster(employer: Organisation):
    return db.session.execute(select(Employee.first_name, Employee.last_name, Employee.email).where(
        Employee.employer_id == employer.id, Employee.archived_at.is_(None))).all()


class _Names:
    """People seen so far, by name; a line number, or 0 for someone already on the roster."""

    def __init__(self) -> None:
        self._by_name: dict[tuple[str, str], list[tuple[str | None, int]]] = {}

    @staticmethod
    def _key(first: str, last: str) -> tuple[str, str]:
        return re.sub(r"\s+", " ", first).strip().casefold(), re.sub(r"\s+", " ", last).strip().casefold()

    def add(self, first: str, last: str, email: str | None, line: int | None) -> None:
        self._by_name.setdefault(self._key(first, last), []).append(((email or "").strip().lower() or None,
                                                                      line or 0))

    def find(self, first: str, last: str, email: str | None) -> int | None:
        email = (email or "").strip().lower() or None
        for other_email, line in self._by_name.get(self._key(first, last), ()):
            if email is None or other_email is None or email == other_email:
                return line
        return None


# Carrying the content from the preview to the confirmation -----------------------------------------

def pack(data: bytes) -> str:
    payload = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
    if len(payload) > MAX_PAYLOAD:
        raise RosterFileError(_("This list is too large to check and confirm in one go; split it into smaller "
                                "files."))
    return payload


def unpack(payload: str) -> bytes:
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.b64decode(payload, validate=True), MAX_FILE + 1)
        if len(data) > MAX_FILE or not inflater.eof:
            raise ValueError("too large or truncated")
    except (binascii.Error, zlib.error, ValueError):
        raise RosterFileError(_("The import form is incomplete or damaged; upload the file again.")) from None
    return data
