"""Catalogue exchange: read a CSV or JSON file of course runs, plan what it would change, import it, export.

One row is one run together with its course's fields; rows with the same ``programId`` share one course.
Column names follow EDU-DEX, the Dutch standard for exchanging training offers, where they fit
(docs/catalogue-exchange.md has the full mapping). Reading and parsing are pure; planning only reads the
database; importing writes only through the supply's use cases (``providers.supply``), which validate
again.
"""

from .columns import COLUMNS, MAX_ROWS, FileError
from .export import export_rows, template_rows, to_csv, to_json
from .planning import ImportFailed, Outcome, Plan, import_plan, plan_import
from .reading import Batch, detect_format, parse_row, read_batch

__all__ = [
    "COLUMNS", "MAX_ROWS", "Batch", "FileError", "ImportFailed", "Outcome", "Plan", "detect_format", "export_rows",
    "import_plan", "parse_row", "plan_import", "read_batch", "template_rows", "to_csv", "to_json",
]
