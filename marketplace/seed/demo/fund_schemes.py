"""The demo fund's own scheme: an example of terms a sector fund could publish, labelled as an example
(no real fund's terms are presented as such)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from marketplace.core.db import db
from marketplace.funding.fund_schemes import FundScheme, create_scheme, publish, save_draft
from marketplace.tenancy.accounts.models import User
from marketplace.tenancy.organisations.models import Organisation
from subsidies.declared import DeclaredTerms

EXAMPLE_TEXTS = {
    "name_nl": "Voorbeeldregeling Taal op de werkvloer (voorbeeld, geen bestaand fonds)",
    "name_en": "Example scheme Language on the work floor (an example, not an existing fund)",
    "route_nl": "Voorbeeld: de werkgever vraagt na afloop aan bij het fonds, met de factuur van de opleider.",
    "route_en": "Example: the employer applies to the fund after the course, with the provider's invoice.",
    "evidence_nl": "Voorbeeld: de factuur, het betaalbewijs en de presentielijst getekend door deelnemer en docent.",
    "evidence_en": "Example: the invoice, proof of payment and the attendance list signed by participant and "
                   "teacher.",
}
EXAMPLE_TERMS = DeclaredTerms(rate=Decimal("0.5"), cap_cents=75000, sectors=("logistics",),
                              employer_kinds=("direct",), employments=("employee",),
                              levels=("A1", "A2", "B1"), min_contact_hours=20)


def load_fund_schemes(fund: Organisation, reviewer: User, today: dt.date) -> None:
    if db.session.scalar(select(FundScheme.id).where(FundScheme.fund_id == fund.id).limit(1)) is not None:
        return
    scheme = create_scheme(fund, texts=EXAMPLE_TEXTS, source_url="https://voorbeeldfonds.example/taalregeling",
                           payee="employer")
    save_draft(scheme, EXAMPLE_TERMS, today, None)
    publish(scheme, reviewer)

