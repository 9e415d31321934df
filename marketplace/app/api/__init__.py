"""JSON API, version 1 (CONTRACT.md). Importing the modules registers their routes on ``bp``."""

from . import bookings, catalogue, eligibility, employers, foundation, invoices, openapi  # noqa: F401
from .core import bp

__all__ = ["bp"]
