"""The one way money and dates are written, in Dutch and in English (Babel).

Pure functions of their arguments, so the pages, the documents and the subsidy texts can all use them.
English is British English here: the day comes before the month ("2 March 2026").
"""

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

#: "EUR 1.234,50" / "EUR 1,234.50", a non-breaking space after EUR and the minus after it ("EUR -7.500,00")
MONEY_PATTERN = "¤¤\u00a0#,##0.00;¤¤\u00a0-#,##0.00"
#: "2 maart 2026" / "2 March 2026"
DAY_FORMAT = "d MMMM y"
_MONEY = parse_pattern(MONEY_PATTERN)
_LOCALES = {"en": "en_GB"}
_HUNDRED = Decimal(100)


@cache
def babel_locale(name: str) -> Locale:
    """The Babel locale a language is written in (English as in Britain)."""
    return Locale.parse(_LOCALES.get(name, name))


# Cached: the same caps, prices and window dates come back in every answer, and Babel takes some
# microseconds per call.
@lru_cache(maxsize=4096)
def money(cents: int, locale: str) -> str:
    """`cents` in euros: "EUR 1.234,50" in nl, "EUR 1,234.50" in en."""
    return _MONEY.apply(Decimal(cents) / _HUNDRED, babel_locale(locale), currency="EUR")


@lru_cache(maxsize=4096)
def day(value: dt.date, locale: str, format: str = DAY_FORMAT) -> str:
    """A date in words: "2 maart 2026" in nl, "2 March 2026" in en; `format` is a Babel date pattern or
    one of its named formats ("short", "medium", "long", "full")."""
    return format_date(value, format, locale=babel_locale(locale))
