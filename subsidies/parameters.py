"""Dated, sourced parameters in the OpenFisca manner, with money as Decimal strings.

A parameter file (one parameter per file, the file name is its name):

    description: {nl: ..., en: ...}
    unit: EUR            # EUR, EUR_list, rate, integer, date, windows, names, text
    certainty: S         # S, S2, I or open, as tagged in shared/DOMAIN.md
    assumption: {nl: ..., en: ...}   # required when certainty is I or open
    values:
      2024-01-01: {value: "1500.00", source: "https://...", note: "..."}
      2030-01-01: {value: null, source: "https://..."}   # null ends the rule

Lookup takes the newest value dated on or before the day asked; before the first date, or after a
null, the parameter has no value (`None`).
"""

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from subsidies.errors import ParameterError
from subsidies.strict_yaml import load_strict_yaml
from subsidies.texts import Text

UNITS = ("EUR", "EUR_list", "rate", "integer", "date", "windows", "names", "text")
CERTAINTIES = ("S", "S2", "I", "open")
_FILE_KEYS = {"description", "unit", "certainty", "assumption", "values"}
_VALUE_KEYS = {"value", "source", "note"}


@dataclass(frozen=True, slots=True)
class Window:
    """An application window, both days included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class DatedValue:
    """One dated entry of a parameter: in force from `start` until the next entry."""

    start: dt.date
    value: object  # None ends the rule
    source: str
    note: str | None
    grade: str | None = None  # official, secondary or assumption: set by the catalogue from sources.yaml


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named, dated, sourced value. Money is held as integer cents, rates as Decimal."""

    name: str
    unit: str
    certainty: str
    description: Text
    assumption: Text | None
    history: tuple[DatedValue, ...]
    path: str
    _starts: tuple[dt.date, ...]

    def entry_on(self, day: dt.date) -> DatedValue | None:
        """The entry in force on `day`: the newest dated on or before it."""
        index = bisect_right(self._starts, day)
        return self.history[index - 1] if index else None

    def value_on(self, day: dt.date):
        entry = self.entry_on(day)
        return None if entry is None else entry.value

    def report_name(self) -> str:
        """Name in a decision's `parameters`: money names end in `_cents` (the API's money rule)."""
        return f"{self.name}_cents" if self.unit in ("EUR", "EUR_list") else self.name

    def report_value(self, value):
        """JSON-ready value: cents as int, rates as strings, dates ISO, windows as {from, to}."""
        if value is None:
            return None
        if self.unit == "terms":  # a fund-defined scheme's terms (subsidies.declared)
            return value.to_dict()
        if self.unit == "rate":
            return str(value)
        if self.unit == "date":
            return value.isoformat()
        if self.unit == "windows":
            return [{"from": w.first.isoformat(), "to": w.last.isoformat()} for w in value]
        if self.unit == "names":
            return list(value)
        if self.unit == "EUR_list":
            return list(value)
        return value


def load_parameter_file(path: Path) -> Parameter:
    """Read and check one parameter file; raise ParameterError naming the file and key."""
    data = load_strict_yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(data, dict):
        raise ParameterError(path, "(file)", "a parameter file is a mapping")
    _no_unknown_keys(path, "(file)", data, _FILE_KEYS)
    unit = _required(path, data, "unit")
    if unit not in UNITS:
        raise ParameterError(path, "unit", f"{unit!r} is not one of {', '.join(UNITS)}")
    certainty = str(_required(path, data, "certainty"))
    if certainty not in CERTAINTIES:
        raise ParameterError(path, "certainty", f"{certainty!r} is not one of {', '.join(CERTAINTIES)}")
    description = text_from(path, "description", _required(path, data, "description"))
    assumption = None
    if certainty in ("I", "open"):
        # DOMAIN.md: where a rule rests on [I] or [open] the product says so, so the file must say how.
        assumption = text_from(path, "assumption", _required(path, data, "assumption"))
    elif "assumption" in data:
        assumption = text_from(path, "assumption", data["assumption"])
    values = _required(path, data, "values")
    if not isinstance(values, dict) or not values:
        raise ParameterError(path, "values", "a non-empty mapping of dates to {value, source}")
    history = []
    for start, entry in values.items():
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            raise ParameterError(path, f"values.{start}", "each key of values must be a date like 2024-01-01")
        key = f"values.{start.isoformat()}"
        if not isinstance(entry, dict):
            raise ParameterError(path, key, "each dated entry is a mapping {value, source}")
        _no_unknown_keys(path, key, entry, _VALUE_KEYS)
        if "value" not in entry:
            raise ParameterError(path, f"{key}.value", "missing (write `value: null` to end the rule)")
        source = entry.get("source")
        if not isinstance(source, str) or not source.startswith(("https://", "http://", "docs/")):
            raise ParameterError(path, f"{key}.source", "every value needs a source: a URL or a docs/ page")
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            raise ParameterError(path, f"{key}.note", "a note is text")
        raw = entry["value"]
        value = None if raw is None else _parse(path, f"{key}.value", unit, raw)
        history.append(DatedValue(start, value, source, note))
    history.sort(key=lambda e: e.start)
    return Parameter(
        name=path.stem,
        unit=unit,
        certainty=certainty,
        description=description,
        assumption=assumption,
        history=tuple(history),
        path=str(path),
        _starts=tuple(e.start for e in history),
    )


def text_from(path, key: str, raw) -> Text:
    """A {nl, en} pair; both languages are required."""
    if (
        not isinstance(raw, dict)
        or set(raw) != {"nl", "en"}
        or not all(isinstance(v, str) and v for v in raw.values())
    ):
        raise ParameterError(path, key, "needs exactly the texts nl and en")
    return Text(nl=raw["nl"].strip(), en=raw["en"].strip())


def _parse(path, key: str, unit: str, raw):
    if unit == "EUR":
        return _money_cents(path, key, raw)
    if unit == "EUR_list":
        if not isinstance(raw, list) or not raw:
            raise ParameterError(path, key, 'a non-empty list of amounts like "8000.00"')
        return tuple(_money_cents(path, f"{key}[{i}]", item) for i, item in enumerate(raw))
    if unit == "rate":
        rate = _decimal(path, key, raw)
        if not Decimal(0) <= rate <= Decimal(1):
            raise ParameterError(path, key, f'a rate is between "0" and "1", not {raw!r}')
        return rate
    if unit == "integer":
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise ParameterError(path, key, f"a whole number, not {raw!r}")
        return raw
    if unit == "date":
        return _date(path, key, raw)
    if unit == "windows":
        return _windows(path, key, raw)
    if unit == "names":
        if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw):
            raise ParameterError(path, key, "a list of names")
        return tuple(raw)
    if not isinstance(raw, str):
        raise ParameterError(path, key, "text")
    return raw


def _money_cents(path, key: str, raw) -> int:
    # Only a string: an int would work today but invites `1500.5` (a float) tomorrow.
    amount = _decimal(path, key, raw)
    if amount < 0 or amount.as_tuple().exponent < -2:
        raise ParameterError(
            path, key, f"money is a non-negative amount with at most 2 decimals, not {raw!r}"
        )
    return int(amount * 100)


def _decimal(path, key: str, raw) -> Decimal:
    if not isinstance(raw, str):
        raise ParameterError(path, key, f'write the number as a quoted string ("1500.00"), not {raw!r}')
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ParameterError(path, key, f"{raw!r} is not a number") from None
    if not number.is_finite():
        raise ParameterError(path, key, f"{raw!r} is not a finite number")
    return number


def _date(path, key: str, raw) -> dt.date:
    if not isinstance(raw, dt.date) or isinstance(raw, dt.datetime):
        raise ParameterError(path, key, f"a date like 2024-01-01, not {raw!r}")
    return raw


def _windows(path, key: str, raw) -> tuple[Window, ...]:
    if not isinstance(raw, list):
        raise ParameterError(path, key, "a list of {from, to} windows")
    windows = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) != {"from", "to"}:
            raise ParameterError(path, f"{key}[{i}]", "a window is {from: date, to: date}")
        first, last = _date(path, f"{key}[{i}].from", item["from"]), _date(path, f"{key}[{i}].to", item["to"])
        if last < first:
            raise ParameterError(path, f"{key}[{i}]", "a window ends on or after its first day")
        windows.append(Window(first, last))
    return tuple(windows)


def _required(path, data: dict, key: str):
    if data.get(key) is None:
        raise ParameterError(path, key, "missing")
    return data[key]


def _no_unknown_keys(path, where: str, data: dict, allowed: set[str]) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise ParameterError(
            path, f"{where}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(allowed))})"
        )
