"""Where a rule comes from, and how far to trust it: every cited URL graded official or secondary.

Each scheme folder (and `common/`) has a `sources.yaml` listing the URLs its scheme.yaml, its parameter
files and its rules cite:

    https://zoek.officielebekendmakingen.nl/stcrt-2025-7276.html:
      grade: official
      title: Staatscourant 2025, 7276 (Regeling SLIM scholing)

`official`: the regulation itself (Staatscourant, wetten.overheid.nl, EU law), the government
(rijksoverheid.nl, Kamerstukken), the executing agency (RVO, DUS-I, UWV) or the paying fund's own terms;
`secondary`: sector bodies, consultants, accountants, press. What users see as the grade of a value is
`assumption` where the value rests on an inference or on nothing found (certainty I or open), else the
grade of its source. A source graded official must be on one of OFFICIAL_HOSTS, so a consultant's page
cannot pass as the regulation.
"""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from subsidies.errors import ParameterError
from subsidies.strict_yaml import load_strict_yaml


class Grade(StrEnum):
    official = "official"
    secondary = "secondary"
    assumption = "assumption"


#: hosts whose pages may be graded official (a fund defined in the marketplace cites its own terms)
OFFICIAL_HOSTS = frozenset({
    "zoek.officielebekendmakingen.nl", "www.officielebekendmakingen.nl", "wetten.overheid.nl",
    "www.rijksoverheid.nl", "www.tweedekamer.nl", "www.eerstekamer.nl", "eur-lex.europa.eu",
    "www.rvo.nl", "www.dus-i.nl", "www.uwv.nl", "www.agentschapszw.nl", "www.internetconsultatie.nl",
    "www.doorzaam.nl", "uitzendkracht.doorzaam.nl", "vergoedingen.doorzaam.nl", "www.esf.nl",
    "www.uitvoeringvanbeleidszw.nl", "repository.overheid.nl", "open.overheid.nl", "www.government.nl",
    "business.gov.nl", "ondernemersplein.kvk.nl",
})
_SOURCE_KEYS = {"grade", "title"}


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    grade: Grade
    title: str


def load_sources(path: Path) -> dict[str, Source]:
    """Read one sources.yaml (an absent file lists nothing); refuse unknown grades and false official ones."""
    if not path.is_file():
        return {}
    raw = load_strict_yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(raw, dict):
        raise ParameterError(path, "(file)", "a mapping of URL to {grade, title}")
    sources = {}
    for url, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != _SOURCE_KEYS:
            raise ParameterError(path, str(url), "needs exactly grade and title")
        if entry["grade"] not in (Grade.official, Grade.secondary):
            raise ParameterError(path, f"{url}.grade", "official or secondary")
        if entry["grade"] == Grade.official and urlsplit(str(url)).hostname not in OFFICIAL_HOSTS:
            raise ParameterError(path, f"{url}.grade", "graded official, but not a government, agency or fund site")
        sources[str(url)] = Source(str(url), Grade(entry["grade"]), str(entry["title"]))
    return sources


def grade_of(certainty: str, source: Source | None) -> Grade:
    """What a value rests on: an assumption where it is inferred or not found, else its source's grade."""
    if certainty in ("I", "open") or source is None:
        return Grade.assumption
    return source.grade
