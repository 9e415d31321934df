"""Invoice pages: the organisation's invoices and credit notes, and their PDF and UBL files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from invoices import payments
from invoices.files import rendering
from invoices.loading import invoice_for_actor
from invoices.models import Invoice
from invoices.payouts import Payout, ledger, month_bounds
from invoices.services import party
from invoices.statement import Received, Statement, render_statement
from marketplace.core import clock
from marketplace.core.access import Role, actor, member
from marketplace.core.db import db
from marketplace.core.forms import EuroField, attempt, render_form
from marketplace.core.translation import gettext as _
from marketplace.core.translation import lazy_gettext as _l
from marketplace.tenancy.organisations.models import OrgKind

bp = Blueprint("invoice_pages", __name__, url_prefix="/facturen")

STATUS_LABELS = {"open": _l("open"), "overdue": _l("overdue"), "paid": _l("paid"), "credited": _l("credited"),
                 "refund_due": _l("refund due"), "nothing_due": _l("nothing to pay (a fund pays)"),
                 "issued": _l("issued")}
METHOD_LABELS = {"bank_transfer": _l("bank transfer"), "stripe": _l("online (Stripe)")}
STATE_LABELS = {"pending": _l("pending"), "succeeded": _l("received"), "failed": _l("failed"),
                "canceled": _l("cancelled")}


@bp.record_once
def _register_labels(state) -> None:
    globals_ = state.app.jinja_env.globals
    globals_["invoice_status_label"] = lambda status: STATUS_LABELS.get(status, status)
    globals_["payment_method_label"] = lambda method: METHOD_LABELS.get(method, method)
    globals_["payment_state_label"] = lambda state: STATE_LABELS.get(state, state)

ISSUER_OR_RECIPIENT = member()
PAGE_SIZE = 25


@bp.route("")
@ISSUER_OR_RECIPIENT
def index():
    org_id = actor().organisation.id
    page = min(max(1, request.args.get("pagina", 1, type=int)), 100_000)
    query = select(Invoice).where(or_(Invoice.issuer_id == org_id, Invoice.recipient_id == org_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    invoices = db.session.scalars(query.order_by(Invoice.id.desc()).offset((page - 1) * PAGE_SIZE)
                                  .limit(PAGE_SIZE).options(joinedload(Invoice.issuer),
                                                            joinedload(Invoice.recipient))).all()
    return render_template("invoices/index.html", invoices=invoices, page=page, total=total, org_id=org_id,
                           pages=max(1, -(-total // PAGE_SIZE)), status=payments.statuses(invoices))


class BankPaymentForm(FlaskForm):
    amount = EuroField(_l("Amount received"), validators=[InputRequired(), NumberRange(min=Decimal("0.01"))])
    received_on = DateField(_l("Received on"), validators=[InputRequired()], default=clock.today)
    reference = StringField(_l("Bank reference"), validators=[Optional(), Length(max=100)],
                            description=_l("From the bank statement; a reference is recorded only once."))


def _may_record(invoice: Invoice) -> bool:
    """The issuer's members record bank transfers, and the platform's administrators."""
    who = actor()
    return who.can(Role.member) and (who.organisation.id == invoice.issuer_id
                                     or who.organisation.kind == OrgKind.platform)


@bp.route("/<int:invoice_id>", methods=["GET", "POST"])
@ISSUER_OR_RECIPIENT
def show(invoice_id: int):
    invoice = invoice_for_actor(invoice_id)
    form = BankPaymentForm()
    if request.method == "POST":
        if not _may_record(invoice):
            abort(403)
        if form.validate_on_submit() and attempt(form, lambda: payments.record_bank_payment(
                invoice, int(form.amount.data * 100), form.received_on.data, form.reference.data, actor().user.id)):
            flash(_("Payment recorded."), "success")
            return redirect(url_for(".show", invoice_id=invoice.id))
    received = db.session.scalars(select(payments.Payment).where(payments.Payment.invoice_id == invoice.id)
                                  .order_by(payments.Payment.id)).all()
    notes = db.session.scalars(select(Invoice).where(Invoice.refers_to_id == invoice.id).order_by(Invoice.id)).all()
    return render_form("invoices/show.html", form, invoice=invoice, doc=invoice.frozen, payments=received,
                       credit_notes=notes, status=payments.status(invoice), owed=payments.owed_cents(invoice),
                       may_record=_may_record(invoice) and invoice.kind == "invoice")


PROVIDER = member(OrgKind.provider)


@bp.route("/uitbetalingen")
@PROVIDER
def payouts():
    """The provider's last twelve months: received, refunded, the fee, the payout, and each month's statement."""
    provider = actor().organisation
    fee = Decimal(current_app.config["PLATFORM_FEE_PERCENT"])
    month = clock.today().replace(day=1)
    periods = []
    for _month in range(12):
        periods.append(month.strftime("%Y-%m"))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    settled = {p.period: p for p in db.session.scalars(select(Payout).where(
        Payout.provider_id == provider.id, Payout.period.in_(periods)))}
    months = [(ledger(provider.id, period, fee), settled.get(period)) for period in periods]
    return render_template("invoices/payouts.html", months=months, fee=fee)


@bp.route("/uitbetalingen/<period>.pdf")
@PROVIDER
def payout_statement(period: str):
    provider = actor().organisation
    try:
        month_bounds(period)
    except ValueError:
        abort(404)
    fee = Decimal(current_app.config["PLATFORM_FEE_PERCENT"])
    payout = db.session.scalar(select(Payout).where(Payout.provider_id == provider.id, Payout.period == period))
    fee_invoice = db.session.get(Invoice, payout.fee_invoice_id) if payout and payout.fee_invoice_id else None
    statement = Statement(party(provider), ledger(provider.id, period, fee), str(fee),
                          received_rows(provider.id, period), fee_invoice.number if fee_invoice else None,
                          payout.transfer_reference if payout else None)
    return Response(render_statement(statement), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="uitbetaling-{period}.pdf"'})


def received_rows(provider_id: int, period: str) -> tuple[Received, ...]:
    first, following = month_bounds(period)
    paid = db.session.execute(select(payments.Payment.received_on, Invoice.number, payments.Payment.method,
                                     payments.Payment.amount_cents).join(Invoice).where(
        Invoice.issuer_id == provider_id, payments.Payment.state == payments.State.succeeded,
        payments.Payment.received_on >= first, payments.Payment.received_on < following)).all()
    refunded = db.session.execute(select(payments.Refund.received_on, Invoice.number, payments.Payment.method,
                                         -payments.Refund.amount_cents)
                                  .join(payments.Payment, payments.Payment.id == payments.Refund.payment_id)
                                  .join(Invoice, Invoice.id == payments.Payment.invoice_id).where(
        Invoice.issuer_id == provider_id, payments.Refund.state == payments.State.succeeded,
        payments.Refund.received_on >= first, payments.Refund.received_on < following)).all()
    return tuple(sorted((Received(*row) for row in [*paid, *refunded]), key=lambda r: (r.day, r.invoice_number)))


@bp.route("/<int:invoice_id>.pdf")
@ISSUER_OR_RECIPIENT
def pdf(invoice_id: int):
    invoice = invoice_for_actor(invoice_id)
    lang = "en" if str(get_locale()) == "en" else "nl"
    content = rendering(invoice, f"pdf-{lang}")
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="factuur-{invoice.number}.pdf"'})


@bp.route("/<int:invoice_id>.xml")
@ISSUER_OR_RECIPIENT
def ubl(invoice_id: int):
    invoice = invoice_for_actor(invoice_id)
    return Response(rendering(invoice, "ubl"), mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="factuur-{invoice.number}.xml"'})
