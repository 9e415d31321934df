"""Invoices and credit notes as UBL 2.1 (Peppol BIS Billing 3.0, Dutch rules): valid against the OASIS UBL 2.1
schemas (tests/ubl/schemas.py), and the business rules that a schema cannot check, for documents made here and
for those the API serves from bookings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from lxml import etree

from invoices.document import Document, Line, Party, ThirdPartyShare, build
from invoices.ubl import render_ubl
from marketplace.core.jobs import commit

from .booking_world import a_run, staff
from .factories import make_token
from .test_invoices import booked
from .ubl.schemas import xsd_errors

NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
      "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NL_PAYMENT_MEANS = {"30", "48", "49", "57", "58", "59"}  # NL-R-008 (DOMAIN.md)
CREDIT_TRANSFERS = {"30", "58"}  # BR-61: these need the payee's account
IBAN = "NL91ABNA0417164300"
VAT_ID = "NL001234567B01"
CENT = Decimal("0.01")

PROVIDER = Party("Taalschool Utrecht", "Oudegracht 1", "3511 AA", "Utrecht", "10000001", vat_id=VAT_ID, iban=IBAN,
                 email="facturen@taalschool.example")
EMPLOYER = Party("Haven BV", "Waalhaven 2", "3089 JH", "Rotterdam", "10000002", email="info@haven.example")
DOORZAAM = ThirdPartyShare("Doorzaam Taalbudget", "doorzaam_taalbudget", 150000)


def an_invoice(**changes) -> Document:
    """Two exempt seats (one paid by the fund) and a 21% line, as issued: numbered, dated, VAT worked out."""
    return build(dataclasses.replace(Document(
        kind="invoice", number="2026-00007", issue_date=dt.date(2026, 3, 2), due_date=dt.date(2026, 4, 1),
        issuer=PROVIDER, recipient=EMPLOYER, payment_reference="RF471234567890",
        lines=(Line("Nederlands op de werkvloer (10-03-2026 t/m 02-04-2026): A. Jansen", 1, 150000, "0",
                    dt.date(2026, 3, 10)),
               Line("Nederlands op de werkvloer (10-03-2026 t/m 02-04-2026): B. Nowak", 1, 150000, "0",
                    dt.date(2026, 3, 10)),
               Line("Vaktaal logistiek & <veiligheid>", 3, 3333, "21")),
        reference="Taalmarkt boeking 42", third_party=(DOORZAAM,)), **changes))


def a_credit_note(**changes) -> Document:
    """A late cancellation of one fund-paid seat: the price less a 50% fee credited, the fund's share taken back,
    so the employer owes the fee."""
    return build(dataclasses.replace(Document(
        kind="credit_note", number="2026-00008", issue_date=dt.date(2026, 3, 9), due_date=dt.date(2026, 4, 8),
        issuer=PROVIDER, recipient=EMPLOYER, payment_reference="RF081234567891", refers_to="2026-00007",
        lines=(Line("Annulering: Nederlands op de werkvloer: A. Jansen", 1, -75000, "0", dt.date(2026, 3, 10)),),
        reference="Taalmarkt boeking 42", note="Geannuleerd binnen de annuleringstermijn.",
        third_party=(dataclasses.replace(DOORZAAM, amount_cents=-150000),)), **changes))


# --- reading a UBL document ---------------------------------------------------------------------------

def parsed(xml: bytes):
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'), xml[:60]
    return etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))


def valid(xml: bytes):
    """The document, after checking it against the UBL 2.1 schema and the Peppol/NL rules below."""
    assert xsd_errors(xml) == []
    root = parsed(xml)
    assert_peppol_nl(root)
    return root


def text(element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, f"no {path}"
    return found.text


def amount(element, path: str) -> Decimal:
    return Decimal(text(element, path))


def money(element, path: str, default: str | None = None) -> Decimal:
    """An amount of the document's totals; ``default`` when the (optional) element is absent."""
    if default is not None and element.find(path, NS) is None:
        return Decimal(default)
    return amount(element, path)


def assert_peppol_nl(root) -> None:
    """The Peppol BIS 3 and NL rules that the schema cannot check, as far as our documents use them."""
    credit_note = etree.QName(root).localname == "CreditNote"
    line_tag, quantity_tag = ("cac:CreditNoteLine", "cbc:CreditedQuantity") if credit_note else (
        "cac:InvoiceLine", "cbc:InvoicedQuantity")
    assert text(root, "cbc:CustomizationID") == CUSTOMIZATION and text(root, "cbc:ProfileID") == PROFILE
    assert text(root, "cbc:CreditNoteTypeCode" if credit_note else "cbc:InvoiceTypeCode") == (
        "381" if credit_note else "380")
    assert text(root, "cbc:DocumentCurrencyCode") == "EUR"
    assert {e.get("currencyID") for e in root.iter() if "currencyID" in e.attrib} == {"EUR"}
    # PEPPOL-EN16931-R008: no empty elements; R003: a buyer reference
    assert [e.tag for e in root.iter() if len(e) == 0 and not (e.text or "").strip()] == []
    assert text(root, "cbc:BuyerReference").strip()
    assert len(root.findall("cbc:Note", NS)) <= 1
    if credit_note:  # NL-R-001
        assert text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID").strip()
    for role in ("cac:AccountingSupplierParty", "cac:AccountingCustomerParty"):
        party = root.find(f"{role}/cac:Party", NS)
        assert party.find("cbc:EndpointID", NS).get("schemeID") == "0106"  # PEPPOL-EN16931-R010/R020
        legal = party.find("cac:PartyLegalEntity/cbc:CompanyID", NS)  # NL-R-003/NL-R-005: KvK, scheme 0106
        assert legal.get("schemeID") == "0106" and legal.text.isdigit() and len(legal.text) == 8
        assert text(party, "cac:PartyLegalEntity/cbc:RegistrationName")
        for part in ("cbc:StreetName", "cbc:CityName", "cbc:PostalZone"):  # NL-R-002/NL-R-004
            assert text(party, f"cac:PostalAddress/{part}").strip()
        assert text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "NL"
        for tax in party.findall("cac:PartyTaxScheme", NS):  # BR-CO-09: a VAT id with its country prefix
            assert text(tax, "cbc:CompanyID")[:2].isalpha() and text(tax, "cac:TaxScheme/cbc:ID") == "VAT"

    totals = root.find("cac:LegalMonetaryTotal", NS)
    lines = root.findall(line_tag, NS)
    assert lines and [text(line, "cbc:ID") for line in lines] == [str(i) for i in range(1, len(lines) + 1)]
    line_total = money(totals, "cbc:LineExtensionAmount")
    exclusive, inclusive = money(totals, "cbc:TaxExclusiveAmount"), money(totals, "cbc:TaxInclusiveAmount")
    prepaid, payable = money(totals, "cbc:PrepaidAmount", "0"), money(totals, "cbc:PayableAmount")
    tax_total = amount(root, "cac:TaxTotal/cbc:TaxAmount")
    assert len(root.findall("cac:TaxTotal", NS)) == 1  # PEPPOL-EN16931-R053
    assert line_total == sum(amount(line, "cbc:LineExtensionAmount") for line in lines)  # BR-CO-10
    assert exclusive == line_total  # BR-CO-13, no allowances or charges
    assert inclusive == exclusive + tax_total  # BR-CO-15
    assert payable == inclusive - prepaid  # BR-CO-16
    if payable > 0:  # BR-CO-25
        assert root.find("cbc:DueDate", NS) is not None or root.find("cac:PaymentTerms/cbc:Note", NS) is not None

    by_category: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        quantity, price = amount(line, quantity_tag), amount(line, "cac:Price/cbc:PriceAmount")
        assert line.find(quantity_tag, NS).get("unitCode") == "C62"
        assert price >= 0  # BR-27
        assert quantity * price == amount(line, "cbc:LineExtensionAmount")  # PEPPOL-EN16931-R120
        assert text(line, "cac:Item/cbc:Name").strip()
        category = line.find("cac:Item/cac:ClassifiedTaxCategory", NS)
        key = (text(category, "cbc:ID"), amount(category, "cbc:Percent"))
        assert key in {("E", 0), ("S", 21)}  # BR-E-05, BR-S-05
        assert text(category, "cac:TaxScheme/cbc:ID") == "VAT"
        assert category.find("cbc:TaxExemptionReason", NS) is None  # the reason is on the VAT breakdown
        by_category[key] = by_category.get(key, Decimal(0)) + amount(line, "cbc:LineExtensionAmount")

    subtotals = root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert tax_total == sum(amount(s, "cbc:TaxAmount") for s in subtotals)  # BR-CO-14
    assert exclusive == sum(amount(s, "cbc:TaxableAmount") for s in subtotals)  # BR-CO-18
    breakdown = {}
    for subtotal in subtotals:
        category = subtotal.find("cac:TaxCategory", NS)
        key = (text(category, "cbc:ID"), amount(category, "cbc:Percent"))
        taxable, tax = amount(subtotal, "cbc:TaxableAmount"), amount(subtotal, "cbc:TaxAmount")
        breakdown[key] = taxable
        assert tax == (taxable * key[1] / 100).quantize(CENT, ROUND_HALF_UP)  # BR-S-09, BR-E-09 (0)
        assert text(category, "cac:TaxScheme/cbc:ID") == "VAT"
        reason = category.find("cbc:TaxExemptionReason", NS)
        if key[0] == "E":  # BR-E-10: exempt with its reason, at 0%
            assert key[1] == 0 and tax == 0 and reason is not None and reason.text.strip()
        else:  # BR-S-10: no exemption reason on the standard rate
            assert key == ("S", 21) and reason is None
    assert breakdown == by_category  # BR-CO-18, BR-S-08, BR-E-08: one group per category and rate

    means = root.findall("cac:PaymentMeans", NS)
    for mean in means:
        assert text(mean, "cbc:PaymentMeansCode") in NL_PAYMENT_MEANS  # NL-R-008
        if text(mean, "cbc:PaymentMeansCode") in CREDIT_TRANSFERS:  # BR-50, BR-61
            assert text(mean, "cac:PayeeFinancialAccount/cbc:ID").strip()
    buyer_pays = payable < 0 if credit_note else payable > 0
    if buyer_pays:  # NL-R-007 (also on a credit note that leaves something to pay)
        assert means


# --- documents ------------------------------------------------------------------------------------

def test_an_invoice_is_valid_ubl_with_the_funds_share_prepaid_and_exempt_and_standard_lines():
    root = valid(render_ubl(an_invoice()))
    assert etree.QName(root).namespace == NS["inv"] and root.prefix is None
    assert (text(root, "cbc:ID"), text(root, "cbc:IssueDate"), text(root, "cbc:DueDate")) == (
        "2026-00007", "2026-03-02", "2026-04-01")
    assert text(root, "cbc:BuyerReference") == "Taalmarkt boeking 42"
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert text(supplier, "cac:PartyLegalEntity/cbc:RegistrationName") == "Taalschool Utrecht"
    assert text(supplier, "cac:PartyLegalEntity/cbc:CompanyID") == "10000001"
    assert text(supplier, "cac:PartyTaxScheme/cbc:CompanyID") == VAT_ID
    assert text(supplier, "cac:Contact/cbc:ElectronicMail") == "facturen@taalschool.example"
    customer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert text(customer, "cac:PartyLegalEntity/cbc:CompanyID") == "10000002"
    assert customer.find("cac:PartyTaxScheme", NS) is None  # no VAT id, no empty element

    means = root.find("cac:PaymentMeans", NS)
    assert text(means, "cbc:PaymentMeansCode") == "58"
    assert text(means, "cbc:PaymentID") == "RF471234567890"
    assert text(means, "cac:PayeeFinancialAccount/cbc:ID") == IBAN

    totals = root.find("cac:LegalMonetaryTotal", NS)
    # 2 x 1500.00 exempt + 3 x 33.33 = 99.99 at 21% (VAT 21.00, rounded once per rate)
    assert [text(totals, f"cbc:{name}") for name in (
        "LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")] == [
        "3099.99", "3099.99", "3120.99", "1500.00", "1620.99"]
    subtotals = root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert [(text(s, "cac:TaxCategory/cbc:ID"), text(s, "cac:TaxCategory/cbc:Percent"), text(s, "cbc:TaxableAmount"),
             text(s, "cbc:TaxAmount")) for s in subtotals] == [("E", "0.00", "3000.00", "0.00"),
                                                               ("S", "21.00", "99.99", "21.00")]
    assert text(subtotals[0], "cac:TaxCategory/cbc:TaxExemptionReason") == (
        "Vrijgesteld van btw op grond van art. 11, lid 1, onderdeel o, Wet OB 1968 (onderwijs).")

    lines = root.findall("cac:InvoiceLine", NS)
    assert [(text(line, "cbc:InvoicedQuantity"), text(line, "cbc:LineExtensionAmount"),
             text(line, "cac:Price/cbc:PriceAmount"), text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"))
            for line in lines] == [("1", "1500.00", "1500.00", "E"), ("1", "1500.00", "1500.00", "E"),
                                   ("3", "99.99", "33.33", "S")]
    assert text(lines[2], "cac:Item/cbc:Name") == "Vaktaal logistiek & <veiligheid>"  # escaped, read back whole
    assert text(lines[0], "cac:InvoicePeriod/cbc:StartDate") == "2026-03-10"


def test_a_credit_note_carries_positive_amounts_refers_to_its_invoice_and_leaves_the_fee_to_pay():
    document = a_credit_note()
    assert document.due_cents == 75000  # the employer owes the fee: the fund no longer pays the seat
    root = valid(render_ubl(document))
    assert etree.QName(root).namespace == NS["cn"] and etree.QName(root).localname == "CreditNote"
    assert text(root, "cbc:CreditNoteTypeCode") == "381" and root.find("cbc:DueDate", NS) is None
    assert text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "2026-00007"
    assert text(root, "cbc:Note") == "Geannuleerd binnen de annuleringstermijn."
    line = root.find("cac:CreditNoteLine", NS)
    assert (text(line, "cbc:CreditedQuantity"), text(line, "cbc:LineExtensionAmount"),
            text(line, "cac:Price/cbc:PriceAmount")) == ("1", "750.00", "750.00")
    totals = root.find("cac:LegalMonetaryTotal", NS)
    # credited 750.00, the fund's 1500.00 taken back: on a credit note a negative payable is owed by the buyer
    assert [text(totals, f"cbc:{name}") for name in ("TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")] == [
        "750.00", "1500.00", "-750.00"]
    means = root.find("cac:PaymentMeans", NS)
    assert text(means, "cbc:PaymentMeansCode") == "58" and text(means, "cbc:PaymentDueDate") == "2026-04-08"
    assert text(means, "cbc:PaymentID") == "RF081234567891"
    assert text(means, "cac:PayeeFinancialAccount/cbc:ID") == IBAN


def test_a_credit_note_that_refunds_has_no_payment_means_but_a_due_date():
    document = a_credit_note(third_party=(), note="")
    assert document.due_cents == -75000  # the provider owes the employer
    root = valid(render_ubl(document))
    assert text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "750.00"
    assert root.find("cac:LegalMonetaryTotal/cbc:PrepaidAmount", NS) is None
    assert root.find("cac:PaymentMeans", NS) is None  # not the supplier's account: the money goes the other way
    assert text(root, "cac:PaymentTerms/cbc:Note") == "Te voldoen uiterlijk 08-04-2026."
    assert root.find("cbc:Note", NS) is None


def test_a_standard_rated_credit_note_credits_the_vat_too():
    document = a_credit_note(lines=(Line("Annulering: vaktaal", 2, -10050, "21"),), third_party=())
    root = valid(render_ubl(document))
    assert [text(root, f"cac:LegalMonetaryTotal/cbc:{name}") for name in (
        "LineExtensionAmount", "TaxInclusiveAmount", "PayableAmount")] == ["201.00", "243.21", "243.21"]
    assert text(root, "cac:TaxTotal/cbc:TaxAmount") == "42.21"
    assert text(root, "cac:CreditNoteLine/cbc:CreditedQuantity") == "2"


def test_a_negative_invoice_line_has_a_negative_quantity_never_a_negative_price():
    document = an_invoice(lines=(Line("Cursus", 1, 50000, "0"), Line("Korting", 1, -5000, "0")), third_party=())
    root = valid(render_ubl(document))
    discount = root.findall("cac:InvoiceLine", NS)[1]
    assert (text(discount, "cbc:InvoicedQuantity"), text(discount, "cac:Price/cbc:PriceAmount"),
            text(discount, "cbc:LineExtensionAmount")) == ("-1", "50.00", "-50.00")


def test_the_same_document_gives_the_same_bytes_also_after_freezing():
    document = an_invoice()
    first = render_ubl(document)
    assert render_ubl(document) == first
    assert render_ubl(Document.from_dict(document.to_dict())) == first  # as stored on the invoice
    assert render_ubl(a_credit_note()) == render_ubl(Document.from_dict(a_credit_note().to_dict()))
    assert render_ubl(an_invoice(number="2026-00009")) != first


def test_an_english_document_gives_the_exemption_ground_in_english():
    root = valid(render_ubl(an_invoice(language="en")))
    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == (
        "Exempt from VAT under art. 11(1)(o) of the Dutch VAT Act 1968 (education).")


def test_without_an_iban_there_are_no_payment_means_and_without_a_reference_the_number_stands_in():
    """A provider without IBAN cannot be paid by transfer (BR-61): the document stays schema-valid but lacks
    the payment means that NL-R-007 wants, which is why providers need their IBAN before they invoice."""
    document = an_invoice(issuer=dataclasses.replace(PROVIDER, iban=None), reference="")
    xml = render_ubl(document)
    assert xsd_errors(xml) == []
    root = parsed(xml)
    assert root.find("cac:PaymentMeans", NS) is None
    assert text(root, "cbc:BuyerReference") == "2026-00007"


def test_an_unbuilt_document_gets_its_vat_worked_out():
    document = dataclasses.replace(an_invoice(), vat_groups=())
    assert render_ubl(document) == render_ubl(an_invoice())


def test_the_schema_check_is_real_it_rejects_a_wrong_order_and_a_missing_element():
    xml = render_ubl(an_invoice())
    swapped = xml.replace(b"<cbc:ID>2026-00007</cbc:ID>\n  <cbc:IssueDate>2026-03-02</cbc:IssueDate>",
                          b"<cbc:IssueDate>2026-03-02</cbc:IssueDate>\n  <cbc:ID>2026-00007</cbc:ID>")
    assert swapped != xml and xsd_errors(swapped)
    missing = xml.replace(b"<cbc:IssueDate>2026-03-02</cbc:IssueDate>", b"")
    assert missing != xml and xsd_errors(missing)
    as_invoice = render_ubl(a_credit_note()).replace(b"CreditedQuantity", b"InvoicedQuantity")
    assert xsd_errors(as_invoice)


@pytest.mark.parametrize(("cents", "euros"), [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123456, "1234.56"),
                                               (-22500, "-225.00"), (10**12 + 1, "10000000000.01")])
def test_amounts_are_exact_euros_from_cents(cents, euros):
    from invoices.ubl import euros as format_euros

    assert format_euros(cents) == euros


# --- through the API ------------------------------------------------------------------------------

@pytest.fixture
def tokens(world):
    return {"agency": make_token(world.agency_owner, world.agency),
            "employer": make_token(world.employer_owner, world.employer),
            "provider": make_token(world.provider_owner, world.provider),
            "other": make_token(world.other_owner, world.other_employer)}


@pytest.fixture
def payable_provider(world):
    """The world's provider with the VAT id and IBAN that a Peppol invoice needs (BR-E-02, BR-61)."""
    world.provider.vat_id, world.provider.iban = VAT_ID, IBAN
    commit()
    return world.provider


def ubl(client, token, invoice_id):
    response = client.api("GET", f"/api/v1/invoices/{invoice_id}.xml", token)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/xml"
    return response


def test_the_api_serves_an_invoice_and_its_credit_note_as_valid_ubl(client, world, tokens, payable_provider):
    run = a_run(payable_provider, capacity=4, price=45000, days_ahead=8, deadline_days=1)  # late: a 50% fee
    people = staff(world.agency, 2)  # Doorzaam pays both seats in full
    commit()
    booking = booked(client, tokens["agency"], run, people)
    client.api("POST", f"/api/v1/bookings/{booking['id']}/cancel", tokens["agency"],
               json={"employee_ids": [people[0].id]})
    invoice_id, note_id = client.api("GET", f"/api/v1/bookings/{booking['id']}", tokens["agency"]).json[
        "invoice_ids"]
    number = client.api("GET", f"/api/v1/invoices/{invoice_id}", tokens["agency"]).json["number"]

    response = ubl(client, tokens["agency"], invoice_id)
    assert response.headers["Content-Disposition"] == f'attachment; filename="factuur-{number}.xml"'
    invoice = valid(response.data)
    assert text(invoice, "cbc:ID") == number
    assert text(invoice, "cbc:BuyerReference") == f"Taalmarkt boeking {booking['id']}"
    supplier = invoice.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert text(supplier, "cac:PartyLegalEntity/cbc:CompanyID") == payable_provider.kvk_number
    assert text(invoice.find("cac:AccountingCustomerParty/cac:Party", NS),
                "cac:PartyLegalEntity/cbc:CompanyID") == world.agency.kvk_number
    assert [text(invoice, f"cac:LegalMonetaryTotal/cbc:{name}") for name in (
        "TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")] == ["900.00", "900.00", "0.00"]
    assert {text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
            for line in invoice.findall("cac:InvoiceLine", NS)} == {"E"}
    assert invoice.find("cac:PaymentMeans", NS) is None  # the fund pays it all: nothing to transfer

    note = valid(ubl(client, tokens["agency"], note_id).data)
    assert text(note, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == number
    assert [text(note, f"cac:LegalMonetaryTotal/cbc:{name}") for name in (
        "TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")] == ["225.00", "450.00", "-225.00"]
    assert text(note, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"  # the employer pays the fee

    # stored once: the issuer gets the same bytes, and again
    assert ubl(client, tokens["provider"], invoice_id).data == response.data
    assert ubl(client, tokens["agency"], invoice_id).data == response.data


def test_a_standard_rated_booking_is_payable_by_sepa_transfer(client, world, tokens, payable_provider):
    run = a_run(payable_provider, capacity=4, price=50000)
    run.course.vocational = True  # aimed at one profession, and the provider is not in CRKBO: 21% VAT
    payable_provider.crkbo_registered = False
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    root = valid(ubl(client, tokens["employer"], invoice_id).data)
    subtotal = root.find("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert (text(subtotal, "cac:TaxCategory/cbc:ID"), text(subtotal, "cac:TaxCategory/cbc:Percent"),
            text(subtotal, "cbc:TaxAmount")) == ("S", "21.00", "105.00")
    assert text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "605.00"
    payment = root.find("cac:PaymentMeans", NS)
    assert text(payment, "cbc:PaymentMeansCode") == "58"
    assert text(payment, "cac:PayeeFinancialAccount/cbc:ID") == IBAN
    assert text(payment, "cbc:PaymentID").startswith("RF")


def test_only_issuer_and_recipient_get_the_ubl(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    assert client.api("GET", f"/api/v1/invoices/{invoice_id}.xml", tokens["other"]).status_code == 404
    assert client.api("GET", f"/api/v1/invoices/{invoice_id}.xml", tokens["agency"]).status_code == 404
    assert client.api("GET", f"/api/v1/invoices/{invoice_id}.xml").status_code == 401
    assert client.api("GET", "/api/v1/invoices/999999.xml", tokens["employer"]).status_code == 404


def test_the_invoice_page_serves_the_same_stored_ubl(client, world, tokens):
    run = a_run(world.provider)
    people = staff(world.employer, 1)
    commit()
    invoice_id = booked(client, tokens["employer"], run, people)["invoice_ids"][0]
    client.login("owner@haven.example")
    page = client.get(f"/facturen/{invoice_id}.xml")
    assert page.status_code == 200 and page.mimetype == "application/xml"
    assert xsd_errors(page.data) == []
    assert page.data == ubl(client, tokens["employer"], invoice_id).data
