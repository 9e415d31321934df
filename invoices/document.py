"""An invoice or credit note as plain data: what is frozen at issue and what PDF and UBL are rendered from.

Pure: no Flask, no database. ``build`` works out line amounts, VAT per rate and the totals once, with one
rounding rule (half up, per rate group), so every rendering shows the same sums.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.core.catalogues import catalogue
from marketplace.core.vat import EXEMPT
from subsidies.money import share_cents


#: the legal ground printed on exempt lines (DOMAIN.md, "VAT on courses")
def exemption(lang: str) -> str:
    """The legal ground of the VAT exemption, as the invoice states it in ``lang``."""
    return catalogue(lang).gettext("Exempt from VAT under art. 11(1)(o) of the Dutch VAT Act 1968 (education).")


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postcode: str
    city: str
    kvk_number: str
    vat_id: str | None = None
    iban: str | None = None
    email: str | None = None
    country: str = "NL"


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_cents: int  # excluding VAT; negative on a credit note
    vat_rate: str  # "0" (exempt) or "21"
    service_date: dt.date | None = None

    @property
    def net_cents(self) -> int:
        return self.quantity * self.unit_cents

    @property
    def exempt(self) -> bool:
        return self.vat_rate == EXEMPT


@dataclass(frozen=True)
class ThirdPartyShare:
    """Part of the total a fund pays the provider directly (e.g. the Doorzaam Taalbudget): shown on the
    employer's invoice, deducted from what the employer owes, and claimed from the fund separately."""

    payer: str
    scheme: str
    amount_cents: int


@dataclass(frozen=True)
class Document:
    kind: str  # "invoice" or "credit_note"
    number: str
    issue_date: dt.date
    due_date: dt.date
    issuer: Party
    recipient: Party
    lines: tuple[Line, ...]
    payment_reference: str
    #: the invoice a credit note corrects (its number)
    refers_to: str | None = None
    #: what it is for, e.g. "booking 42"; also the buyer's reference in UBL
    reference: str = ""
    third_party: tuple[ThirdPartyShare, ...] = ()
    note: str = ""
    language: str = "nl"
    vat_groups: tuple[tuple[str, int, int], ...] = field(default=())  # (rate, net, vat), filled by build

    @property
    def net_cents(self) -> int:
        return sum(line.net_cents for line in self.lines)

    @property
    def vat_cents(self) -> int:
        return sum(vat for _rate, _net, vat in self.vat_groups)

    @property
    def total_cents(self) -> int:
        return self.net_cents + self.vat_cents

    @property
    def third_party_cents(self) -> int:
        return sum(s.amount_cents for s in self.third_party)

    @property
    def due_cents(self) -> int:
        """What the recipient pays: the total less what funds pay the issuer directly."""
        return self.total_cents - self.third_party_cents

    @property
    def has_exempt_lines(self) -> bool:
        return any(line.exempt for line in self.lines)

    def to_dict(self) -> dict:
        def plain(value):
            if isinstance(value, dt.date):
                return value.isoformat()
            if dataclasses.is_dataclass(value):
                return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if isinstance(value, tuple | list):
                return [plain(v) for v in value]
            return value

        return plain(self)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        day = dt.date.fromisoformat
        return cls(
            kind=data["kind"], number=data["number"], issue_date=day(data["issue_date"]),
            due_date=day(data["due_date"]), issuer=Party(**data["issuer"]), recipient=Party(**data["recipient"]),
            lines=tuple(Line(**{**line, "service_date": day(line["service_date"]) if line["service_date"] else None})
                        for line in data["lines"]),
            payment_reference=data["payment_reference"], refers_to=data["refers_to"], reference=data["reference"],
            third_party=tuple(ThirdPartyShare(**s) for s in data["third_party"]), note=data["note"],
            language=data["language"], vat_groups=tuple(tuple(g) for g in data["vat_groups"]))


def build(document: Document) -> Document:
    """The document with its VAT per rate worked out: the net amounts of each rate summed, then the rate
    applied once and rounded half up."""
    groups: dict[str, int] = {}
    for line in document.lines:
        groups[line.vat_rate] = groups.get(line.vat_rate, 0) + line.net_cents
    vat_groups = tuple((rate, net, share_cents(net, Decimal(rate) / 100)) for rate, net in sorted(groups.items()))
    return dataclasses.replace(document, vat_groups=vat_groups)
