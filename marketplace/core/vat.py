"""The VAT rates Taalmarkt's documents use, as the string percentages of CONTRACT.md (``vat_rate``).

Which rate a course carries is the supply side's rule (``providers.vat``); invoices only apply rates.
"""

#: exempt (education, art. 11(1)(o) Wet OB 1968)
EXEMPT = "0"
#: the standard Dutch rate
STANDARD = "21"
