"""Catalogue import and export (CSV and JSON with EDU-DEX field names): upload, preview, confirm; download.

The preview carries the uploaded file to the confirmation in a hidden field (compressed, base64), so no
upload is kept on the server; the confirmation reads and checks the file again before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, InputRequired

from marketplace.core import clock
from marketplace.core.access import Role, actor, member
from marketplace.core.forms import apply_errors, attempt, render_form
from marketplace.core.translation import gettext
from marketplace.core.translation import lazy_gettext as _
from marketplace.tenancy.organisations.models import OrgKind

from . import exchange

bp = Blueprint("imports", __name__, url_prefix="/aanbieder/catalogus")

MAX_FILE = 5 * 1024 * 1024  # as MAX_CONTENT_LENGTH
#: One form field may hold at most MAX_FORM_MEMORY_SIZE (Flask's default: 500 kB); the confirmation form is
#: multipart, so that limit applies to the carried file alone and base64 is not percent-encoded on top.
MAX_PAYLOAD = 450_000


class UploadForm(FlaskForm):
    file = FileField(_("CSV or JSON file"), validators=[FileRequired(_("Choose a file."))],
                     description=_("One run per row, at most 5 MB. CSV with ; or , between the cells, in UTF-8."))


class ConfirmForm(FlaskForm):
    payload = HiddenField(validators=[InputRequired()])
    file_format = HiddenField(validators=[AnyOf(("csv", "json"))])
    choice = StringField(validators=[AnyOf(("all", "valid"))])  # the value of the button pressed


@bp.route("/import", methods=["GET", "POST"])
@member(OrgKind.provider, role=Role.member)
def upload_catalogue():
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read(MAX_FILE + 1)
        try:
            batch = exchange.read_batch(data, exchange.detect_format(form.file.data.filename or "", data))
            payload = pack(data)
        except exchange.FileError as e:
            apply_errors(form, e)
        else:
            return _preview(batch, payload)
    return render_form("providers/import.html", form)


@bp.route("/import/bevestigen", methods=["POST"])
@member(OrgKind.provider, role=Role.member)
def confirm_import():
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            raise exchange.FileError(_("The import form is incomplete or damaged; upload the file again."))
        batch = exchange.read_batch(unpack(form.payload.data), form.file_format.data)
    except exchange.FileError as e:
        upload = UploadForm(formdata=None)
        apply_errors(upload, e)
        return render_form("providers/import.html", upload)
    today = clock.today()
    plan = exchange.plan_import(actor().organisation, batch, today=today)
    imported = attempt(None, lambda: exchange.import_plan(actor().organisation, plan,
                                                          only_valid=form.choice.data == "valid", by=actor().user,
                                                          today=today))
    if not imported:  # nothing of it is kept
        return _preview(batch, form.payload.data, plan=plan, message=imported.error.message)
    outcome = imported.result
    flash(gettext("%(created)d runs created, %(updated)d updated.", created=outcome.runs_created,
                  updated=outcome.runs_updated), "success")
    return redirect(url_for("dashboard.home"))


def _preview(batch: exchange.Batch, payload: str, plan: exchange.Plan | None = None, message: str | None = None):
    """What the import would do; 422 while any row has an error (or the import was refused), else 200."""
    plan = plan or exchange.plan_import(actor().organisation, batch, today=clock.today())
    confirm = ConfirmForm(formdata=None, payload=payload, file_format=batch.format)
    status = 200 if plan.ok and message is None else 422
    return render_template("providers/import_preview.html", plan=plan, confirm=confirm, message=message), status


@bp.route("/bestandsformaat")
@member(OrgKind.provider)
def show_file_format():
    return render_template("providers/import_columns.html", columns=exchange.COLUMNS)


@bp.route("/template.csv")
@member(OrgKind.provider)
def download_template():
    body = exchange.to_csv(exchange.template_rows(clock.today()))
    return _download(body, "text/csv; charset=utf-8", "taalmarkt-catalogus-voorbeeld.csv")


@bp.route("/export.csv")
@member(OrgKind.provider)
def export_csv():
    body = exchange.to_csv(exchange.export_rows(actor().organisation))
    return _download(body, "text/csv; charset=utf-8", f"taalmarkt-catalogus-{clock.today().isoformat()}.csv")


@bp.route("/export.json")
@member(OrgKind.provider)
def export_json():
    body = exchange.to_json(exchange.export_rows(actor().organisation))
    return _download(body, "application/json", f"taalmarkt-catalogus-{clock.today().isoformat()}.json")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def pack(data: bytes) -> str:
    """The uploaded file as the preview carries it to the confirmation."""
    payload = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
    if len(payload) > MAX_PAYLOAD:
        raise exchange.FileError(_("This file is too large to check and confirm in one go; split it into smaller "
                                   "files."))
    return payload


def unpack(payload: str) -> bytes:
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.b64decode(payload, validate=True), MAX_FILE + 1)
        if len(data) > MAX_FILE or not inflater.eof:
            raise ValueError("too large or truncated")
    except (binascii.Error, zlib.error, ValueError):
        raise exchange.FileError(_("The import form is incomplete or damaged; upload the file again.")) from None
    return data
