"""Money: integer cents everywhere, Decimal only inside a calculation, one rounding helper.

Why: DESIGN.md ("Money") forbids floats; rounding in one place keeps every amount reproducible.
"""

from decimal import ROUND_HALF_UP, Decimal

_ONE = Decimal(1)


def round_cents(amount_in_cents: Decimal) -> int:
    """Round an amount of cents (a Decimal) to whole cents, halves away from zero."""
    return int(amount_in_cents.quantize(_ONE, rounding=ROUND_HALF_UP))


def share_cents(cents: int, rate: Decimal) -> int:
    """`rate` of `cents`, rounded once."""
    return round_cents(Decimal(cents) * rate)


def euro_text(cents: int, lang: str) -> str:
    """`EUR 1.234,50` in Dutch, `EUR 1,234.50` in English (the app's money filter, without Babel)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}"
    if lang == "nl":
        return f"EUR {sign}{grouped.replace(',', '.')},{rest:02d}"
    return f"EUR {sign}{grouped}.{rest:02d}"


def percent_text(rate: Decimal) -> str:
    """0.67 -> '67%', 0.905 -> '90.5%' (rates are exact Decimals, so no rounding is needed)."""
    return f"{(rate * 100).normalize():f}%"
