"""The shape of the code (docs/architecture.md): layers that only point down, no import cycles, modules
that fit on a screen or two. The layers themselves are import-linter contracts in pyproject.toml."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp

from subsidies import load_schemes

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("marketplace", "providers", "invoices", "subsidies")


def test_every_import_points_down_the_layers_of_pyproject_toml():
    # in its own process: import-linter configures logging for the whole process it runs in
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import cycles."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while (member := stack.pop()) != module:
                group.append(member)
            if group:
                found.append(sorted([module, *group]))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert cycles(graph) == [["a.x", "a.y"]]


CLOCK = ROOT / "marketplace" / "core" / "clock.py"


def clock_reads(source: str) -> list[str]:
    """Calls that read the clock: ``date.today()``, ``datetime.now()``, ``datetime.utcnow()``, ``utcnow()``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if (name.endswith(("date.today", "datetime.now", "datetime.utcnow")) or name == "utcnow"
                or name.endswith(".utcnow")):
            found.append(f"{name}() on line {node.lineno}")
    return found


def python_files():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def found_in_the_code(scan, allowed: Path | None = None) -> dict[str, list[str]]:
    """What ``scan`` finds in each module of the four packages (except ``allowed``), by path."""
    return {str(path.relative_to(ROOT)): found for path in python_files() if path != allowed
            and (found := scan(path.read_text()))}


def test_only_the_clock_module_reads_the_clock():
    """Today is Amsterdam's date everywhere (marketplace.core.clock); everything else takes ``on=``/``now=``."""
    assert found_in_the_code(clock_reads, allowed=CLOCK) == {}


def test_the_clock_scan_finds_each_way_of_reading_the_clock():
    source = ("import datetime as dt\nfrom datetime import date, datetime\n"
              "a = dt.date.today()\nb = date.today()\nc = datetime.now(dt.UTC)\nd = dt.datetime.utcnow()\n"
              "e = utcnow()\nf = clock.today()\ng = dt.date.fromisoformat('2027-01-01')\n")
    assert [read.split("()")[0] for read in clock_reads(source)] == [
        "dt.date.today", "date.today", "datetime.now", "dt.datetime.utcnow", "utcnow"]


STATES = ROOT / "marketplace" / "core" / "states.py"
STATUS_FIELDS = ("status", "state")


def status_assignments(source: str) -> list[str]:
    """Assignments to a ``status`` or ``state`` attribute (also in a tuple, augmented, or by setattr)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr" and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in STATUS_FIELDS):
            found.append(f"setattr(..., {node.args[1].value!r}) on line {node.lineno}")
        for target in targets:
            for element in ast.walk(target):
                if isinstance(element, ast.Attribute) and element.attr in STATUS_FIELDS:
                    found.append(f"{ast.unparse(element)} = ... on line {node.lineno}")
    return found


def test_every_status_changes_through_its_transition_table():
    """Runs, bookings, enrolments, proposals, needs, payments and refunds move only with ``core.states.move``."""
    assert found_in_the_code(status_assignments, allowed=STATES) == {}


def test_the_status_scan_finds_each_kind_of_assignment():
    source = ("run.status = 'open'\nbooking.status, booking.seat_until = 'held', None\n"
              "payment.state = State.succeeded\nsetattr(need, 'status', 'closed')\n"
              "row = Run(status='draft')\nself.http_status = 404\nstatus = run.status\n")
    assert [line.split(" on line ")[1] for line in status_assignments(source)] == ["1", "2", "3", "4"]


def scheme_ids_named(source: str, ids: set[str]) -> list[str]:
    """Python string constants that name a subsidy scheme (a scheme id, alone or as a word in the text)."""
    return sorted((f"{node.value!r} on line {node.lineno}" for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)
                   and ids & set(re.findall(r"[a-z_]+", node.value))), key=lambda found: int(found.split()[-1]))


def test_only_the_subsidy_engine_knows_schemes_by_name():
    """Outside ``subsidies/`` (demo and test data aside) no code or template names a scheme: what a scheme
    pays, keeps or needs comes from its parameter files."""
    ids = {scheme.id for scheme in load_schemes().schemes}
    named = {}
    for path in python_files():
        relative = path.relative_to(ROOT)
        outside = relative.parts[0] != "subsidies" and relative.parts[:2] != ("marketplace", "seed")
        if outside and (found := scheme_ids_named(path.read_text(), ids)):
            named[str(relative)] = found
    quoted = re.compile("[\"']({})[\"']".format("|".join(sorted(ids))))
    for path in sorted((ROOT / "templates").rglob("*.*")):
        if path.suffix in (".html", ".txt") and (found := quoted.findall(path.read_text())):
            named[str(path.relative_to(ROOT))] = found
    assert named == {}


def test_the_scheme_scan_finds_a_scheme_id():
    source = 'if d.scheme == "doorzaam_taalbudget":\n    pass\nlabel = "slim scholing"\nnote = "slimmer"\n'
    assert scheme_ids_named(source, {"doorzaam_taalbudget", "slim"}) == [
        "'doorzaam_taalbudget' on line 1", "'slim scholing' on line 3"]


#: a module fits on a screen or two (STYLE.md); past this it is two ideas
MAX_MODULE_LINES = 500


def test_no_module_is_over_500_lines():
    long = {str(path.relative_to(ROOT)): lines for path in python_files()
            if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}
