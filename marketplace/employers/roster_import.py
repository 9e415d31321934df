"""Importing the staff roster from a CSV file or text pasted out of a spreadsheet."""

from flask import Blueprint

bp = Blueprint("roster_import", __name__, url_prefix="/werkgever/medewerkers/import")
