"""Bookings: seats for named employees on a run, holds, the waiting list, go/no-go, cancellations.

Importing the package connects its receivers to the supply side's signals (``receivers``): providers
never import bookings.
"""

from . import receivers  # noqa: F401
