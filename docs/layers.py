"""Draw the layers of docs/architecture.md from the code: docs/layers.svg.

The layers are the import-linter contract in pyproject.toml (top to bottom); the arrows are the imports the
code really makes between those packages (grimp, as import-linter reads them), labelled with their number.
Every arrow points down or sideways within a layer that allows it; `lint-imports` fails on any other.

    .venv/bin/python docs/layers.py        # needs Graphviz's `dot` (Debian: apt-get install graphviz)
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
ROOTS = ("marketplace", "providers", "invoices", "subsidies")
#: what each package holds, in a few words, under its name
NOTES = {
    "marketplace.app": "create_app, API, CLI, dashboards, pages",
    "marketplace.seed": "demo and national-scale data",
    "marketplace.bookings": "holds, waiting list, go/no-go, billing",
    "marketplace.matching": "runs ranked for a need",
    "marketplace.funding": "facts, snapshots, ledgers, questionnaire",
    "marketplace.employers": "roster, sites, needs, proposals",
    "providers": "courses, runs, lessons, marks (signals)",
    "invoices": "documents, payments, payouts, screens",
    "marketplace.tenancy": "regions, organisations, accounts",
    "marketplace.core": "db, errors, access, forms, clock, jobs, mail, signals",
    "subsidies": "pure rules engine (no Flask, no DB, no clock)",
}


def layers() -> list[list[str]]:
    """The layers of the first import-linter contract, top first; siblings of one layer in one list."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]] + [["subsidies"]]


def package_of(module: str, packages: list[str]) -> str | None:
    return max((p for p in packages if module == p or module.startswith(p + ".")), key=len, default=None)


def imports_between(packages: list[str]) -> dict[tuple[str, str], int]:
    graph = grimp.build_graph(*ROOTS, exclude_type_checking_imports=True)
    counts: dict[tuple[str, str], int] = {}
    for module in graph.modules:
        source = package_of(module, packages)
        for imported in graph.find_modules_directly_imported_by(module):
            target = package_of(imported, packages)
            if source and target and source != target:
                counts[(source, target)] = counts.get((source, target), 0) + 1
    return counts


def dot() -> str:
    rows = layers()
    packages = [p for row in rows for p in row]
    lines = ["digraph layers {", '  rankdir=TB; nodesep=0.35; ranksep=0.55; newrank=true;',
             '  node [shape=box, style="rounded,filled", fillcolor="#f3f6fb", color="#4a6fa5", '
             'fontname="DejaVu Sans", fontsize=11];',
             '  edge [color="#8899aa", fontname="DejaVu Sans", fontsize=9, arrowsize=0.6];']
    for i, row in enumerate(rows):
        names = " ".join(f'"{p}"' for p in row)
        lines.append(f"  {{ rank=same; {names} }}")
        for package in row:
            label = f"{package}\\n{NOTES.get(package, '')}"
            fill = ', fillcolor="#eef7ee", color="#4a8a4a"' if package == "subsidies" else ""
            lines.append(f'  "{package}" [label="{label}"{fill}];')
        if i:
            lines.append(f'  "{rows[i - 1][0]}" -> "{row[0]}" [style=invis];')
    for (source, target), count in sorted(imports_between(packages).items()):
        lines.append(f'  "{source}" -> "{target}" [label="{count}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    graphviz = shutil.which("dot")
    if graphviz is None:
        raise SystemExit("Graphviz's `dot` is needed: apt-get install graphviz")
    svg = subprocess.run([graphviz, "-Tsvg"], input=dot(), capture_output=True, text=True, check=True).stdout
    (ROOT / "docs" / "layers.svg").write_text(svg)
    print(f"wrote docs/layers.svg ({len(svg) // 1024} kB)")
