"""Catalogue import and export (CSV and JSON with EDU-DEX field names)."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/aanbieder/catalogus")
