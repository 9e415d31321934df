"""VAT on course fees (DOMAIN.md, "VAT on courses").

General language teaching is exempt for any provider (art. 11(1)(o) Wet OB); teaching aimed at one
specific profession is exempt only from a CRKBO-registered provider, else the standard rate applies.
"""

from marketplace.core.vat import EXEMPT, STANDARD


def vat_rate(vocational: bool, provider_crkbo: bool) -> str:
    """The VAT rate, as the string percentage of CONTRACT.md ("0" exempt, "21" standard)."""
    return STANDARD if vocational and not provider_crkbo else EXEMPT
