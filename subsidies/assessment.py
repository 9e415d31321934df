"""The working sheet of one scheme's decision: rules add checks to it, it records what they used.

Recording the parameters a rule reads (rather than listing them by hand) keeps a decision's
`parameters` and `assumptions` true to the rule that produced it.
"""

import datetime as dt
from decimal import Decimal

from subsidies.catalogue import Catalogue, Scheme
from subsidies.decision import Check, Decision, Result, status_of
from subsidies.messages import Message
from subsidies.texts import Text

_ZERO = Decimal(0)


class Assessment:
    __slots__ = ("scheme", "on", "_catalogue", "_checks", "_used", "_notes", "_amount", "_rate", "_closed")

    def __init__(self, scheme: Scheme, on: dt.date, catalogue: Catalogue):
        self.scheme = scheme
        self.on = on
        self._catalogue = catalogue
        self._checks: list[Check] = []
        self._used: dict = {}
        self._notes: list[Text] = []
        self._amount = 0
        self._rate = _ZERO
        self._closed = False

    # parameters -------------------------------------------------------------------------------
    def param(self, name: str):
        """The scheme parameter's value on `on` (None when not in force), recorded as used."""
        return self._read(self.scheme.parameter(name))

    def common(self, name: str):
        """A parameter shared by all schemes (e.g. the de-minimis ceiling), recorded as used."""
        return self._read(self._catalogue.common_parameter(name))

    def _read(self, parameter):
        value = parameter.value_on(self.on)
        self._used[parameter.name] = (parameter, value)
        return value

    # checks -----------------------------------------------------------------------------------
    def passed(self, rule: str, text: Message, source: str | None = None) -> None:
        self._add(rule, Result.passed, text, source)

    def failed(self, rule: str, text: Message, source: str | None = None, route: bool = False) -> None:
        self._add(rule, Result.failed, text, source, route=route)

    def unknown(self, rule: str, facts: tuple[str, ...], text: Message, source: str | None = None) -> None:
        self._add(rule, Result.missing, text, source, missing=facts)

    def close(self, rule: str, text: Message, source: str | None = None) -> None:
        """The scheme takes no application on `on`: a failed check and status `closed`."""
        self._add(rule, Result.failed, text, source)
        self._closed = True

    def _add(self, rule, result, text, source, missing=(), route=False) -> None:
        source = source or self.scheme.source
        self._checks.append(Check(rule, result, text, source, missing, route, self._catalogue.grade(source)))

    def note(self, note_id: str) -> None:
        """State one of the scheme's conditional notes (scheme.yaml `notes`) as an assumption."""
        self._notes.append(self.scheme.notes[note_id].text)

    def grant(self, amount_cents: int, rate: Decimal) -> None:
        """What the scheme pays towards the course if every check passes, and its share of a cost."""
        self._amount, self._rate = amount_cents, rate

    # result -----------------------------------------------------------------------------------
    def decision(self) -> Decision:
        checks = tuple(self._checks)
        status = status_of(checks, self._closed)
        eligible = status == "eligible"
        assumptions = [a.text for a in self.scheme.assumptions] + self._notes
        assumptions += [p.assumption for p, _ in self._used.values() if p.assumption is not None]
        return Decision(
            scheme=self.scheme.id,
            name=self.scheme.name,
            on=self.on,
            status=status,
            amount_cents=self._amount if eligible else 0,
            rate=self._rate if eligible else _ZERO,
            payee=self.scheme.payee,
            checks=checks,
            assumptions=tuple(dict.fromkeys(assumptions)),
            parameters={p.report_name(): p.report_value(v) for p, v in self._used.values()},
            scheme_version=self.scheme.version_on(self.on),
        )
