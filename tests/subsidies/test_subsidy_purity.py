"""The subsidy engine is a pure library: no web, no database, no clock (DESIGN.md, "Architecture")."""

import ast
from pathlib import Path

import subsidies

PACKAGE = Path(subsidies.__file__).parent
FORBIDDEN_IMPORTS = ("flask", "sqlalchemy", "marketplace", "werkzeug", "providers", "invoices")
FORBIDDEN_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "localtime"),
}


def offences(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        else:
            modules = []
        found += [
            f"{name}:{node.lineno} imports {m}" for m in modules if m.split(".")[0] in FORBIDDEN_IMPORTS
        ]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if (owner_name, node.func.attr) in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno} calls {owner_name}.{node.func.attr}()")
    return found


def test_no_module_in_subsidies_imports_the_web_or_the_database_or_reads_the_clock():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    problems = [
        p for f in files for p in offences(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE)))
    ]
    assert problems == []


def test_the_scan_itself_catches_each_kind_of_offence():
    source = (
        "import flask\nfrom sqlalchemy import select\nfrom marketplace.core.db import db\nimport datetime as dt\n"
        "from datetime import date, datetime\n"
        "a = dt.date.today()\nb = datetime.now()\nc = date.today()\n"
    )
    assert offences(source, "x.py") == [
        "x.py:1 imports flask",
        "x.py:2 imports sqlalchemy",
        "x.py:3 imports marketplace.core.db",
        "x.py:6 calls date.today()",
        "x.py:7 calls datetime.now()",
        "x.py:8 calls date.today()",
    ]
