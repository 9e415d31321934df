"""An invoice or credit note as UBL 2.1 XML: Peppol BIS Billing 3.0 with the Dutch rules (NLCIUS, NL-R-*).

Pure: no Flask, no database, and only the standard library (``xml.etree``). Elements follow the sequence of
the UBL 2.1 schemas, which the tests validate against (tests/ubl/). Same document, same bytes.

Signs: our credit notes carry negative lines (and a negative fund share); a UBL ``CreditNote`` carries the
amounts positive, its type giving the sign. So every amount of a credit note is negated here, and what the
employer still owes on it (a cancellation fee that the fund no longer covers) comes out as a negative
``PayableAmount``: BR-CO-16 (payable = total incl. VAT - prepaid) holds, and the document says, as the
API's positive ``due_cents`` does, that money flows from the buyer to the supplier.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from marketplace.core.vat import EXEMPT

from .document import Document, Party, build, exemption

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE = "380"  # commercial invoice
CREDIT_NOTE_TYPE = "381"
CURRENCY = "EUR"
KVK_SCHEME = "0106"  # ISO 6523 ICD of the Dutch Chamber of Commerce number; also its Peppol EAS code
SEPA_CREDIT_TRANSFER = "58"  # NL-R-008 allows 30, 48, 49, 57, 58 and 59
UNIT = "C62"  # one (UN/ECE rec. 20)
STANDARD_CATEGORY, EXEMPT_CATEGORY = "S", "E"

ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def render_ubl(document: Document) -> bytes:
    """The document as UBL 2.1 XML (UTF-8, with an XML declaration)."""
    if not document.vat_groups and document.lines:
        document = build(document)
    credit_note = document.kind == "credit_note"
    sign = -1 if credit_note else 1  # to the UBL sign: a credit note's amounts are positive
    root_ns = UBL_CREDIT_NOTE if credit_note else UBL_INVOICE
    # the root in the document's namespace as the default one (ElementTree's default_namespace option
    # refuses the unqualified attributes that UBL uses, such as currencyID)
    root = ET.Element("CreditNote" if credit_note else "Invoice", {"xmlns": root_ns})
    payable = sign * document.due_cents
    buyer_pays = payable > 0 if not credit_note else payable < 0

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issue_date.isoformat())
    if credit_note:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE)
    else:
        _cbc(root, "DueDate", document.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE)
    if document.note:
        _cbc(root, "Note", document.note)  # Peppol allows one note on the document
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    # PEPPOL-EN16931-R003: a buyer reference or an order reference; ours is the booking
    _cbc(root, "BuyerReference", document.reference or document.number)
    if credit_note and document.refers_to:  # NL-R-001
        reference = ET.SubElement(ET.SubElement(root, _cac("BillingReference")), _cac("InvoiceDocumentReference"))
        _cbc(reference, "ID", document.refers_to)

    _party(ET.SubElement(root, _cac("AccountingSupplierParty")), document.issuer)
    _party(ET.SubElement(root, _cac("AccountingCustomerParty")), document.recipient)

    if buyer_pays and document.issuer.iban:  # NL-R-007: payment means when the buyer pays the supplier
        means = ET.SubElement(root, _cac("PaymentMeans"))
        _cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER, name="SEPA credit transfer")
        if credit_note:  # a CreditNote has no DueDate: BT-9 goes here
            _cbc(means, "PaymentDueDate", document.due_date.isoformat())
        if document.payment_reference:
            _cbc(means, "PaymentID", document.payment_reference)
        account = ET.SubElement(means, _cac("PayeeFinancialAccount"))
        _cbc(account, "ID", document.issuer.iban.replace(" ", ""))
        _cbc(account, "Name", document.issuer.name)
    if credit_note and payable:  # BR-CO-25: a due date (or payment terms) when an amount is due
        due = document.due_date
        text = f"Te voldoen uiterlijk {due:%d-%m-%Y}." if document.language == "nl" else f"Due by {due.isoformat()}."
        _cbc(ET.SubElement(root, _cac("PaymentTerms")), "Note", text)

    tax_total = ET.SubElement(root, _cac("TaxTotal"))
    _amount(tax_total, "TaxAmount", sign * document.vat_cents)
    for rate, net, vat in document.vat_groups:
        subtotal = ET.SubElement(tax_total, _cac("TaxSubtotal"))
        _amount(subtotal, "TaxableAmount", sign * net)
        _amount(subtotal, "TaxAmount", sign * vat)
        category = ET.SubElement(subtotal, _cac("TaxCategory"))
        _category(category, rate)
        if rate == EXEMPT:  # BR-E-10: the exemption reason belongs to the VAT breakdown, not to the lines
            _cbc(category, "TaxExemptionReason", exemption(document.language))
        _vat_scheme(category)

    totals = ET.SubElement(root, _cac("LegalMonetaryTotal"))
    _amount(totals, "LineExtensionAmount", sign * document.net_cents)
    _amount(totals, "TaxExclusiveAmount", sign * document.net_cents)
    _amount(totals, "TaxInclusiveAmount", sign * document.total_cents)
    if document.third_party_cents:  # what funds pay the supplier directly (docs/invoices.md)
        _amount(totals, "PrepaidAmount", sign * document.third_party_cents)
    _amount(totals, "PayableAmount", payable)

    for number, line in enumerate(document.lines, start=1):
        element = ET.SubElement(root, _cac("CreditNoteLine" if credit_note else "InvoiceLine"))
        _cbc(element, "ID", str(number))
        # BR-27: a price is never negative; a negative amount has a negative quantity
        unit_cents, quantity = sign * line.unit_cents, line.quantity
        if unit_cents < 0:
            unit_cents, quantity = -unit_cents, -quantity
        _cbc(element, "CreditedQuantity" if credit_note else "InvoicedQuantity", str(quantity), unitCode=UNIT)
        _amount(element, "LineExtensionAmount", sign * line.net_cents)
        if line.service_date:
            _cbc(ET.SubElement(element, _cac("InvoicePeriod")), "StartDate", line.service_date.isoformat())
        item = ET.SubElement(element, _cac("Item"))
        _cbc(item, "Name", line.description)
        classified = ET.SubElement(item, _cac("ClassifiedTaxCategory"))
        _category(classified, line.vat_rate)
        _vat_scheme(classified)
        _amount(ET.SubElement(element, _cac("Price")), "PriceAmount", unit_cents)

    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode("utf-8") + b"\n"


def euros(cents: int) -> str:
    """Integer cents as a euro amount with two decimals: -22500 -> "-225.00"."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def _party(role: ET.Element, party: Party) -> None:
    element = ET.SubElement(role, _cac("Party"))
    # Peppol's electronic address (BT-34/BT-49, mandatory): the KvK number, EAS 0106
    _cbc(element, "EndpointID", party.kvk_number, schemeID=KVK_SCHEME)
    _cbc(ET.SubElement(element, _cac("PartyName")), "Name", party.name)
    address = ET.SubElement(element, _cac("PostalAddress"))  # NL-R-002/NL-R-004: street, city, postcode
    for name, value in (("StreetName", party.street), ("CityName", party.city), ("PostalZone", party.postcode)):
        if value:  # PEPPOL-EN16931-R008: no empty elements
            _cbc(address, name, value)
    _cbc(ET.SubElement(address, _cac("Country")), "IdentificationCode", party.country)
    if party.vat_id:
        tax = ET.SubElement(element, _cac("PartyTaxScheme"))
        _cbc(tax, "CompanyID", party.vat_id.replace(" ", ""))
        _vat_scheme(tax)
    legal = ET.SubElement(element, _cac("PartyLegalEntity"))
    _cbc(legal, "RegistrationName", party.name)
    _cbc(legal, "CompanyID", party.kvk_number, schemeID=KVK_SCHEME)  # NL-R-003/NL-R-005
    if party.email:
        _cbc(ET.SubElement(element, _cac("Contact")), "ElectronicMail", party.email)


def _category(element: ET.Element, rate: str) -> None:
    _cbc(element, "ID", EXEMPT_CATEGORY if rate == EXEMPT else STANDARD_CATEGORY)
    _cbc(element, "Percent", f"{Decimal(rate):.2f}")


def _vat_scheme(element: ET.Element) -> None:
    _cbc(ET.SubElement(element, _cac("TaxScheme")), "ID", "VAT")


def _amount(parent: ET.Element, name: str, cents: int) -> ET.Element:
    return _cbc(parent, name, euros(cents), currencyID=CURRENCY)


def _cbc(parent: ET.Element, tag: str, text: str, /, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{tag}", attributes)
    element.text = text
    return element


def _cac(name: str) -> str:
    return f"{{{CAC}}}{name}"
