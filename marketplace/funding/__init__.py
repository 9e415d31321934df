"""Funding: the records as subsidy facts, frozen decisions per enrolment (snapshots), budget and de-minimis
ledgers, and the subsidy screens (the questionnaire, the parameter admin)."""

from . import budgets  # noqa: F401  (answers the roster's question, employers.signals.budgets_left)
