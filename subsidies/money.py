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


def percent_text(rate: Decimal) -> str:
    """0.67 -> '67%', 0.905 -> '90.5%' (rates are exact Decimals, so no rounding is needed)."""
    return f"{(rate * 100).normalize():f}%"
