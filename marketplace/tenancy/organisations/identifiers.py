"""Dutch business identifiers, checked with python-stdnum.

Each function returns the normalised value or raises ``ValueError`` with a message for the user.
python-stdnum has no module for the KvK number: it has no check digit (KvK: "8 cijfers"), so only
its form is checked, with stdnum's own cleaning helper.
"""

from __future__ import annotations

from stdnum import iban
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.nl import postcode as nl_postcode
from stdnum.util import clean, isdigits

from marketplace.core.translation import lazy_gettext as _


def kvk_number(value: str) -> str:
    number = clean(value or "", " -.")
    if not (isdigits(number) and len(number) == 8):
        raise ValueError(_("A KvK number has 8 digits."))
    return number


def vat_id(value: str) -> str:
    """A VAT id of any EU country (providers may be Belgian, for example)."""
    try:
        return eu_vat.validate(value)
    except ValidationError:
        raise ValueError(_("This is not a valid VAT identification number (for example NL004495445B01).")) from None


def postcode(value: str) -> str:
    try:
        return nl_postcode.validate(value)
    except ValidationError:
        raise ValueError(_("This is not a valid Dutch postcode (for example 3011 AB).")) from None


def iban_number(value: str) -> str:
    try:
        return iban.validate(value)
    except ValidationError:
        raise ValueError(_("This is not a valid IBAN.")) from None
