"""Subsidy scenarios in YAML (tests/subsidies/scenarios/*.yaml), collected as pytest items.

A scenario file:

    base:                  # a request body without "on" (CONTRACT.md); each case deep-merges over it
      employer: {...}
      employee: {...}
      course: {...}
    cases:
      - name: phase_c_worker_is_not_eligible
        on: 2026-03-02
        facts: {employee: {cao_phase: C}}      # merged over base (mappings merge, lists replace)
        without: [employee.long_term_sick]     # dotted keys removed after merging (a fact not given)
        cost_items: [{id: course, price_cents: 150000, vat_rate: "0"}]   # default: the course price
        expect:
          statuses: {slim: not_eligible, ...}  # several schemes' statuses at once
          doorzaam_taalbudget:                 # per scheme; every key given is compared exactly
            status: not_eligible
            amount_cents: 0
            payee: provider
            checks: {cao_phase: fail}          # only the rules named
            parameters: {max_per_employee_per_year_cents: 150000}   # only the names given
            missing: [employee.cao_phase]      # the whole list
            version_date: "2024-01-01"         # date part of scheme_version
            assumptions_include: ["calendar year"]   # substrings of the English assumptions
            check_texts: {amount: "Doorzaam pays"}   # a substring of that check's English text
            texts_exclude: ["pays"]                  # substrings no English check text may contain
            checks_absent: [amount]                  # rules that must not be listed
          plan: {cost_cents: 150000, subsidy_cents: 150000, own_cents: 0,
                 allocations: [{scheme: doorzaam_taalbudget, amount_cents: 150000}]}

The files are read with the engine's strict YAML loader, so a duplicate key in a scenario fails too.
"""

import copy
import datetime as dt

import pytest

from subsidies import CostItem, course_cost_items, evaluate, facts_from_dict, load_schemes, plan_funding
from subsidies.strict_yaml import load_strict_yaml

_CASE_KEYS = {"name", "on", "facts", "without", "cost_items", "expect"}
_DECISION_KEYS = {
    "status",
    "amount_cents",
    "payee",
    "checks",
    "parameters",
    "missing",
    "version_date",
    "assumptions_include",
    "check_texts",
    "texts_exclude",
    "checks_absent",
}


@pytest.fixture(autouse=True)
def _transaction():
    """The engine is pure: its tests need no app and no database, so the suite's per-test transaction
    (an autouse fixture of the same name in tests/conftest.py) is replaced here by nothing."""
    yield


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and file_path.parent.name == "scenarios":
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        data = load_strict_yaml(self.path.read_text(encoding="utf-8"), self.path)
        base = data.get("base", {})
        names = set()
        for case in data["cases"]:
            unknown = set(case) - _CASE_KEYS
            if unknown:
                raise ScenarioError(f"{self.path.name}: {case.get('name')}: unknown keys {sorted(unknown)}")
            if case["name"] in names:
                raise ScenarioError(f"{self.path.name}: duplicate case name {case['name']}")
            names.add(case["name"])
            yield ScenarioItem.from_parent(self, name=case["name"], base=base, case=case)


class ScenarioError(Exception):
    """A scenario's expectation did not hold (or the scenario itself is malformed)."""


class ScenarioItem(pytest.Item):
    def __init__(self, *, base, case, **kwargs):
        super().__init__(**kwargs)
        self.base = base
        self.case = case

    def runtest(self):
        case = self.case
        body = _as_json(_merge(copy.deepcopy(self.base), case.get("facts", {})))
        for dotted in case.get("without", []):
            _remove(body, dotted)
        facts = facts_from_dict(body)
        on = case["on"]
        decisions = evaluate(facts, on)
        if "cost_items" in case:
            items = tuple(CostItem(i["id"], i["price_cents"], i.get("vat_rate")) for i in case["cost_items"])
        else:
            items = course_cost_items(facts.course)
        plan = plan_funding(items, decisions, load_schemes().order_of_preference(on))
        problems = _compare(case["expect"], {d.scheme: d for d in decisions}, plan)
        sources = load_schemes().sources
        problems += [f"{d.scheme}: check {c.rule} cites {c.source}, which no sources.yaml grades"
                     for d in decisions for c in d.checks if c.source not in sources]
        if problems:
            raise ScenarioError("\n".join(problems))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioError):
            return f"scenario {self.name} (on {self.case['on']}):\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"scenario: {self.name}"


def _compare(expect: dict, decisions: dict, plan) -> list[str]:
    problems = []
    for scheme, status in expect.get("statuses", {}).items():
        if decisions[scheme].status != status:
            problems.append(f"{scheme}: status {decisions[scheme].status.value}, expected {status}")
    for scheme, wanted in expect.items():
        if scheme in ("statuses", "plan"):
            continue
        unknown = set(wanted) - _DECISION_KEYS
        if unknown:
            problems.append(f"{scheme}: unknown expectation keys {sorted(unknown)}")
        problems += [f"{scheme}: {p}" for p in _compare_decision(wanted, decisions[scheme])]
    if "plan" in expect:
        problems += _compare_plan(expect["plan"], plan.to_dict())
    return problems


def _compare_decision(wanted: dict, decision) -> list[str]:
    got = decision.to_dict("en")
    problems = []
    for key in ("status", "amount_cents", "payee", "missing"):
        if key in wanted and got[key] != wanted[key]:
            problems.append(f"{key} {got[key]!r}, expected {wanted[key]!r}")
    results = {c["rule"]: c for c in got["checks"]}
    for rule, result in wanted.get("checks", {}).items():
        if rule not in results:
            problems.append(f"no check {rule!r} (checks: {', '.join(results)})")
        elif results[rule]["result"] != result:
            problems.append(
                f"check {rule} {results[rule]['result']}, expected {result}: {results[rule]['text']}"
            )
    for name, value in wanted.get("parameters", {}).items():
        if got["parameters"].get(name, "<absent>") != value:
            problems.append(
                f"parameter {name} {got['parameters'].get(name, '<absent>')!r}, expected {value!r}"
            )
    if "version_date" in wanted and not got["scheme_version"].startswith(f"{wanted['version_date']}+"):
        problems.append(f"scheme_version {got['scheme_version']}, expected date {wanted['version_date']}")
    for fragment in wanted.get("assumptions_include", []):
        if not any(fragment in a for a in got["assumptions"]):
            problems.append(f"no assumption mentions {fragment!r}")
    for rule, fragment in wanted.get("check_texts", {}).items():
        if rule in results and fragment not in results[rule]["text"]:
            problems.append(f"check {rule} says {results[rule]['text']!r}, expected it to mention {fragment!r}")
        elif rule not in results:
            problems.append(f"no check {rule!r} to say {fragment!r}")
    for fragment in wanted.get("texts_exclude", []):
        problems += [f"check {c['rule']} says {fragment!r}: {c['text']}"
                     for c in got["checks"] if fragment in c["text"]]
    problems += [f"check {rule} is listed, expected none"
                 for rule in wanted.get("checks_absent", []) if rule in results]
    if problems:
        problems.append("checks: " + "; ".join(f"{c['rule']}={c['result']}" for c in got["checks"]))
    return problems


def _compare_plan(wanted: dict, got: dict) -> list[str]:
    problems = []
    for key, value in wanted.items():
        if key == "allocations":
            simple = [{k: a[k] for k in value[0]} if value else a for a in got["allocations"]]
            if simple != value:
                problems.append(f"plan allocations {got['allocations']}, expected {value}")
        elif got.get(key) != value:
            problems.append(f"plan {key} {got.get(key)!r}, expected {value!r}")
    return problems


def _merge(base: dict, override: dict) -> dict:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def _remove(body: dict, dotted: str) -> None:
    *parents, last = dotted.split(".")
    node = body
    for part in parents:
        node = node[part]
    del node[last]


def _as_json(value):
    """Scenario dates are YAML dates; the request body has ISO strings, as over HTTP."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
