"""The texts of the checks: English message ids in the rules, their translations in a Babel catalogue.

A rule writes `_("%(left)s of the %(year)s budget of %(cap)s is left.", left=Money(left), year=year,
cap=Money(cap))`: the message id and its typed parameters, nothing rendered yet. A decision renders
its messages when it is turned into a dict, in the language asked, from the gettext domain
"subsidies" (subsidies/translations/<lang>/LC_MESSAGES/subsidies.po, compiled by `make translations`;
`make messages` extracts the ids and updates the catalogues). Every message id is a Python format
string, so a literal percent sign is written "%%".
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.support import Translations

from subsidies import formats
from subsidies.errors import CatalogueMissing
from subsidies.money import percent_text
from subsidies.texts import LANGUAGES, check_language

TRANSLATIONS = Path(__file__).parent / "translations"
DOMAIN = "subsidies"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in cents, written in the language's money format."""

    cents: int

    def in_language(self, lang: str) -> str:
        return formats.money(self.cents, lang)


@dataclass(frozen=True, slots=True)
class Day:
    """A date, written in words in the language ("2 maart 2026", "2 March 2026")."""

    value: dt.date

    def in_language(self, lang: str) -> str:
        return formats.day(self.value, lang)


@dataclass(frozen=True, slots=True)
class Percent:
    """A rate as a percentage ("67%", "90.5%"), written the same in both languages."""

    rate: Decimal

    def in_language(self, lang: str) -> str:
        return percent_text(self.rate)


@dataclass(frozen=True, slots=True)
class Message:
    """A text of a check: its English message id and the values of its placeholders.

    A parameter is Money, Day, Percent, another Message (rendered in the same language), a str (a name
    or code, shown as it is) or an int (shown in digits, without grouping: a year, a count).
    """

    msgid: str
    params: tuple[tuple[str, "Param"], ...] = ()

    def in_language(self, lang: str) -> str:
        values = {name: _shown(value, lang) for name, value in self.params}
        if values.keys() != _placeholders(self.msgid):
            raise ValueError(f"{self.msgid!r} is given the parameters {sorted(values)}")
        return catalogue(lang).gettext(self.msgid) % values

    def to_dict(self) -> dict[str, str]:
        """The text in every language, as subsidies.texts.Text.to_dict gives it."""
        return {lang: self.in_language(lang) for lang in LANGUAGES}


Param = Money | Day | Percent | Message | str | int


def _(msgid: str, **params: Param) -> Message:
    """Mark a text for the catalogue (`make messages` extracts the calls to `_`) and bind its values."""
    return Message(msgid, tuple(params.items()))


def _shown(value: Param, lang: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Money | Day | Percent | Message):
        return value.in_language(lang)
    raise TypeError(f"a message parameter is Money, Day, Percent, Message, str or int, not {value!r}")


@cache
def _placeholders(msgid: str) -> frozenset[str]:
    return frozenset(_PLACEHOLDER.findall(msgid))


@cache
def catalogue(lang: str) -> Translations:
    """The compiled catalogue of `lang`; without it the texts cannot be written, so that is an error."""
    check_language(lang)
    compiled = TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not compiled.is_file():
        raise CatalogueMissing(
            f"No compiled {lang!r} catalogue of the subsidy texts ({compiled}): run `make translations`."
        )
    return Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN)
