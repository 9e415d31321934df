"""Invoices and credit notes, numbering, VAT, PDF and UBL rendering, payments and payouts."""
