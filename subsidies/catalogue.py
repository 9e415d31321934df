"""The scheme catalogue: every scheme's definition and parameters, read once from YAML files.

Layout (DESIGN.md, "Subsidy"):
    schemes/common/parameters/*.yaml        parameters shared by all schemes (stacking order, de minimis)
    schemes/<scheme>/scheme.yaml             who applies, who is paid, source, assumptions
    schemes/<scheme>/parameters/*.yaml       the scheme's dated parameters
    schemes/<folder>/sources.yaml            the URLs the folder cites, graded (sources.py)

A proposed change can be tried by loading the catalogue with an `overlay` folder of the same layout
holding only the changed files (see compare.py).
"""

import dataclasses
import datetime as dt
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from subsidies.errors import ParameterError
from subsidies.facts import SCHEME_IDS
from subsidies.parameters import Parameter, load_parameter_file, text_from
from subsidies.sources import Grade, Source, grade_of, load_sources
from subsidies.strict_yaml import load_strict_yaml
from subsidies.texts import Text

SCHEMES_DIR = Path(__file__).parent / "schemes"
COMMON = "common"
SOURCES_FILE = "sources.yaml"
PAYEES = ("provider", "employer", "fund_programme")
APPLICANTS = ("temp_agency", "employer", "fund_programme")
_SCHEME_KEYS = {
    "id",
    "name",
    "authority",
    "applicant",
    "applicant_text",
    "payee",
    "source",
    "description",
    "in_force_by",
    "assumptions",
    "notes",
    "budget",
}
_OPTIONAL_KEYS = {"notes", "budget"}
_ASSUMPTION_KEYS = {"nl", "en", "certainty"}
_BUDGET_KEYS = {"kept_per", "period", "cap"}
#: whose budget a scheme may keep, and per which period
BUDGET_HOLDERS = ("employee",)
BUDGET_PERIODS = ("calendar_year",)


@dataclass(frozen=True, slots=True)
class Assumption:
    id: str
    certainty: str
    text: Text


@dataclass(frozen=True, slots=True)
class Budget:
    """A budget a scheme keeps: at most the parameter ``cap`` per ``kept_per`` (an employee) per ``period``.

    The marketplace's ledger reserves against it at booking; it knows no scheme, only this declaration."""

    kept_per: str
    period: str
    cap: str

    def period_of(self, day: dt.date) -> int:
        """The budget period ``day`` falls in (the calendar year)."""
        return day.year


@dataclass(frozen=True, slots=True)
class Scheme:
    """One scheme's definition (scheme.yaml) and its parameters."""

    id: str
    name: Text
    authority: str
    applicant: str
    applicant_text: Text
    payee: str
    source: str
    description: Text
    in_force_by: str
    assumptions: tuple[Assumption, ...]  # stated in every decision of the scheme
    notes: dict[str, Assumption]  # stated when a rule says they apply
    parameters: dict[str, Parameter]
    content_hash: str
    _change_days: tuple[dt.date, ...]
    budget: Budget | None = None  # the budget it keeps, if any (scheme.yaml ``budget``)
    sources: dict[str, Source] = dataclasses.field(default_factory=dict)  # what it cites, graded

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"schemes/{self.id}/parameters", name, "no such parameter file") from None

    def budget_cap_on(self, day: dt.date) -> int | None:
        """The cap of the scheme's budget in force on ``day``, in cents; None without a budget or a cap."""
        if self.budget is None:
            return None
        value = self.parameter(self.budget.cap).value_on(day)
        return None if value is None else int(value)  # money parameters are read as cents

    def version_on(self, day: dt.date) -> str:
        """The date of the newest parameter change in force on `day`, plus a hash of the files.

        Two decisions with the same version rest on the same rules; a reviewed file change moves the hash.
        """
        index = bisect_right(self._change_days, day)
        newest = self._change_days[index - 1].isoformat() if index else "none"
        return f"{newest}+{self.content_hash}"


@dataclass(frozen=True, slots=True)
class Catalogue:
    schemes: tuple[Scheme, ...]
    common: dict[str, Parameter]
    root: str
    sources: dict[str, Source] = dataclasses.field(default_factory=dict)  # every folder's, by URL
    declared: tuple[str, ...] = ()  # the ids of fund-defined schemes added by with_declared

    def with_declared(self, schemes: "list[Scheme]") -> "Catalogue":
        """This catalogue plus schemes funds defined (subsidies.declared), after the named ones."""
        sources = dict(self.sources)
        for scheme in schemes:
            sources.update(scheme.sources)
        return dataclasses.replace(self, schemes=self.schemes + tuple(schemes), sources=sources,
                                   declared=self.declared + tuple(s.id for s in schemes))

    def grade(self, url: str) -> Grade:
        """The grade of a cited URL; a URL no sources.yaml lists is only an assumption."""
        source = self.sources.get(url)
        return source.grade if source else Grade.assumption

    def scheme(self, scheme_id: str) -> Scheme:
        for scheme in self.schemes:
            if scheme.id == scheme_id:
                return scheme
        raise KeyError(scheme_id)

    def common_parameter(self, name: str) -> Parameter:
        try:
            return self.common[name]
        except KeyError:
            raise ParameterError(
                f"{self.root}/{COMMON}/parameters", name, "no such common parameter"
            ) from None

    def order_of_preference(self, day: dt.date) -> tuple[str, ...]:
        """The stacking order in force on `day`; none before the first entry (then nothing is funded).

        Fund-defined schemes come last: they pay what no named scheme pays."""
        named = self.common_parameter("order_of_preference").value_on(day) or ()
        return tuple(named) + self.declared if named else ()


@lru_cache(maxsize=8)
def load_schemes(root: str | None = None) -> Catalogue:
    """Read and check every scheme and parameter file, once per process (cached per root folder).

    The parameter files change only through a reviewed change and a deploy, so caching is safe.
    """
    return read_catalogue(root)


def read_catalogue(root: str | None = None, overlay: str | None = None) -> Catalogue:
    """Read and check the files now (uncached: for proposals that may change between two reads).

    `overlay`: a folder with the same layout whose files replace or add to those under `root`.
    The schemes come in the order of the scheme vocabulary (stable output).
    """
    base = Path(root) if root else SCHEMES_DIR
    files = _files(base, Path(overlay) if overlay else None)
    common_files = {rel: p for rel, p in files.items() if rel.parts[0] == COMMON}
    common_sources = _sources(common_files)
    common = _parameters(common_files, common_sources)
    common_bytes = _digest_input(common_files)
    found = {rel.parts[0] for rel in files if rel.parts[0] != COMMON}
    if found != set(SCHEME_IDS):
        raise ParameterError(
            base,
            "(schemes)",
            f"scheme folders {sorted(found)} differ from the scheme ids {sorted(SCHEME_IDS)}",
        )
    schemes = []
    for scheme_id in SCHEME_IDS:
        own = {rel: p for rel, p in files.items() if rel.parts[0] == scheme_id}
        schemes.append(_scheme(scheme_id, own, common_bytes, common_sources))
    sources = dict(common_sources)
    for scheme in schemes:
        sources.update(scheme.sources)
    return Catalogue(schemes=tuple(schemes), common=common, root=str(base), sources=sources)


def _files(base: Path, overlay: Path | None) -> dict[Path, Path]:
    if not base.is_dir():
        raise ParameterError(base, "(folder)", "no such folder")
    files = {p.relative_to(base): p for p in base.rglob("*.yaml")}
    if overlay is not None:
        if not overlay.is_dir():
            raise ParameterError(overlay, "(folder)", "no such folder")
        files.update({p.relative_to(overlay): p for p in overlay.rglob("*.yaml")})
    return dict(sorted(files.items()))


def _sources(files: dict[Path, Path]) -> dict[str, Source]:
    path = next((p for rel, p in files.items() if len(rel.parts) == 2 and rel.name == SOURCES_FILE), None)
    return load_sources(path) if path else {}


def _parameters(files: dict[Path, Path], sources: dict[str, Source]) -> dict[str, Parameter]:
    params = {}
    for rel, path in files.items():
        if len(rel.parts) == 3 and rel.parts[1] == "parameters":
            param = _graded(load_parameter_file(path), sources)
            params[param.name] = param
        elif rel.name not in ("scheme.yaml", SOURCES_FILE) or len(rel.parts) != 2:
            raise ParameterError(path, "(file)", "unexpected file: parameters go in <scheme>/parameters/")
    return params


def _graded(parameter: Parameter, sources: dict[str, Source]) -> Parameter:
    """Each dated value with the grade of what it rests on; every URL must be listed in sources.yaml, and a
    value stated (S) by a secondary source is refused: write S2, or cite the regulation itself."""
    history = []
    for entry in parameter.history:
        key = f"values.{entry.start.isoformat()}.source"
        source = sources.get(entry.source)
        if source is None and (entry.source.startswith("http") or parameter.certainty not in ("I", "open")):
            raise ParameterError(parameter.path, key, f"{entry.source} is not listed in {SOURCES_FILE} with a grade")
        if source is not None and parameter.certainty == "S" and source.grade is Grade.secondary:
            raise ParameterError(parameter.path, key, "certainty S needs an official source (a secondary one is S2)")
        history.append(dataclasses.replace(entry, grade=grade_of(parameter.certainty, source)))
    return dataclasses.replace(parameter, history=tuple(history))


def _digest_input(files: dict[Path, Path]) -> bytes:
    return b"".join(str(rel).encode() + b"\0" + path.read_bytes() + b"\0" for rel, path in files.items())


def _scheme(scheme_id: str, files: dict[Path, Path], common_bytes: bytes,
            common_sources: dict[str, Source]) -> Scheme:
    meta_path = next((p for rel, p in files.items() if rel.name == "scheme.yaml"), None)
    if meta_path is None:
        raise ParameterError(scheme_id, "scheme.yaml", "missing")
    meta = load_strict_yaml(meta_path.read_text(encoding="utf-8"), meta_path)
    if not isinstance(meta, dict):
        raise ParameterError(meta_path, "(file)", "scheme.yaml is a mapping")
    unknown = sorted(set(meta) - _SCHEME_KEYS)
    if unknown:
        raise ParameterError(meta_path, unknown[0], "unknown key")
    missing = sorted(_SCHEME_KEYS - _OPTIONAL_KEYS - set(meta))
    if missing:
        raise ParameterError(meta_path, missing[0], "missing")
    if meta["id"] != scheme_id:
        raise ParameterError(meta_path, "id", f"{meta['id']!r} differs from its folder {scheme_id!r}")
    if meta["payee"] not in PAYEES:
        raise ParameterError(meta_path, "payee", f"one of {', '.join(PAYEES)}")
    if meta["applicant"] not in APPLICANTS:
        raise ParameterError(meta_path, "applicant", f"one of {', '.join(APPLICANTS)}")
    sources = _sources(files)
    parameters = _parameters(files, common_sources | sources)
    if str(meta["source"]) not in sources:
        raise ParameterError(meta_path, "source", f"{meta['source']} is not listed in {SOURCES_FILE} with a grade")
    if meta["in_force_by"] not in parameters:
        raise ParameterError(meta_path, "in_force_by", f"names no parameter of {scheme_id}")
    days = sorted({entry.start for p in parameters.values() for entry in p.history})
    digest = hashlib.sha256(_digest_input(files) + common_bytes).hexdigest()[:12]
    return Scheme(
        id=scheme_id,
        name=text_from(meta_path, "name", meta["name"]),
        authority=str(meta["authority"]),
        applicant=meta["applicant"],
        applicant_text=text_from(meta_path, "applicant_text", meta["applicant_text"]),
        payee=meta["payee"],
        source=str(meta["source"]),
        description=text_from(meta_path, "description", meta["description"]),
        in_force_by=meta["in_force_by"],
        assumptions=tuple(_assumptions(meta_path, "assumptions", meta["assumptions"]).values()),
        notes=_assumptions(meta_path, "notes", meta.get("notes") or {}),
        parameters=parameters,
        content_hash=digest,
        _change_days=tuple(days),
        budget=_budget(meta_path, meta.get("budget"), parameters),
        sources=sources,
    )


def _budget(path, raw, parameters: dict[str, Parameter]) -> Budget | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != _BUDGET_KEYS:
        raise ParameterError(path, "budget", f"needs {', '.join(sorted(_BUDGET_KEYS))}")
    if raw["kept_per"] not in BUDGET_HOLDERS:
        raise ParameterError(path, "budget.kept_per", f"one of {', '.join(BUDGET_HOLDERS)}")
    if raw["period"] not in BUDGET_PERIODS:
        raise ParameterError(path, "budget.period", f"one of {', '.join(BUDGET_PERIODS)}")
    if raw["cap"] not in parameters:
        raise ParameterError(path, "budget.cap", "names no parameter of the scheme")
    return Budget(kept_per=raw["kept_per"], period=raw["period"], cap=raw["cap"])


def _assumptions(path, key: str, raw) -> dict[str, Assumption]:
    if not isinstance(raw, dict):
        raise ParameterError(path, key, "a mapping of id to {certainty, nl, en}")
    out = {}
    for ident, item in raw.items():
        if not isinstance(item, dict) or set(item) != _ASSUMPTION_KEYS:
            raise ParameterError(path, f"{key}.{ident}", "needs certainty, nl and en")
        if item["certainty"] not in ("S", "S2", "I", "open"):
            raise ParameterError(path, f"{key}.{ident}.certainty", "one of S, S2, I, open")
        text = text_from(path, f"{key}.{ident}", {"nl": item["nl"], "en": item["en"]})
        out[str(ident)] = Assumption(str(ident), item["certainty"], text)
    return out
