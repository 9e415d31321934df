"""Invoices and credit notes as PDF: A4, in Dutch or English, rendered by WeasyPrint from the frozen document.

Pure: a ``Document`` in, bytes out (no Flask, no database), through ``templates/pdf/invoice.html``.
Deterministic: the same document gives the same bytes (dates from the issue date, the file identifier from
the invoice, no clock or randomness), so a stored PDF can always be checked against a re-rendering.
Fonts: DejaVu Sans from Debian's fonts-dejavu-core only, named in ``@font-face`` rules, so the PDF looks the
same on every machine; the renderer may read those files and the stylesheet, and nothing else (no network).
WeasyPrint is imported on the first rendering, so create_app can check the fonts without loading it (0.7 s).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from functools import cache
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from stdnum import iban as iban_number

from marketplace.core.catalogues import catalogue
from subsidies import formats

from .document import Document, ThirdPartyShare, exemption

log = logging.getLogger(__name__)
# WeasyPrint announces each rendering step at INFO: seven lines for every invoice in the app's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "pdf"
STYLESHEET = TEMPLATES / "invoice.css"

#: the only fonts an invoice uses, from the Debian package named in check_fonts's message
FONT_PACKAGE = "fonts-dejavu-core"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FAMILY = "DejaVu Sans"
FONTS = {"normal": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}

#: the languages an invoice is written in
LANGUAGES = ("nl", "en")


class FontsMissing(RuntimeError):
    """The invoice fonts are not installed: no PDF is rendered (a stored invoice never changes, so one with a
    substitute font would stay wrong)."""


class RefusedURL(ValueError):
    """The renderer asked for something other than the invoice's stylesheet and fonts."""


def missing_fonts() -> list[Path]:
    return [path for path in FONTS.values() if not path.is_file()]


def check_fonts(*, strict: bool = True) -> bool:
    """Whether the invoice fonts are installed. If not: raise FontsMissing, with a message naming the Debian
    package, or with ``strict=False`` (at start-up) log that message as an error and return False."""
    if not (missing := missing_fonts()):
        return True
    message = (f"Invoice PDFs need the DejaVu fonts, and {', '.join(map(str, missing))} is missing: "
               f"install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}).")
    if strict:
        raise FontsMissing(message)
    log.error("%s Invoice PDFs cannot be rendered until then.", message)
    return False


def font_face_css() -> str:
    """The @font-face rules of the invoice fonts (the benchmark's floor uses the same)."""
    return "".join(f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: normal; '
                   f'src: url("{path.as_uri()}"); }}\n' for weight, path in FONTS.items())


def _allowed() -> dict[str, tuple[Path, str]]:
    return {STYLESHEET.as_uri(): (STYLESHEET, "text/css"),
            **{path.as_uri(): (path, "font/ttf") for path in FONTS.values()}}


@cache
def _content(path: Path) -> bytes:
    return path.read_bytes()


@cache
def _local_files_only_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFilesOnly(URLFetcher):
        """Gives WeasyPrint the invoice stylesheet and font files, exactly those URLs, and refuses everything
        else (no network, no other file, no redirect), so nothing written on an invoice can make the renderer
        fetch or read anything. A refused or failed fetch stops the rendering rather than giving another PDF."""

        def __init__(self):
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)

        def fetch(self, url, headers=None):
            allowed = _allowed().get(url)
            if allowed is None:
                raise RefusedURL(f"the invoice renderer does not fetch {url}")
            path, mimetype = allowed
            return URLFetcherResponse(url, body=_content(path), headers={"Content-Type": mimetype})

    return LocalFilesOnly


def local_files_only():
    """The URL fetcher of invoice renderings (a weasyprint URLFetcher): the stylesheet and fonts only."""
    return _local_files_only_class()()


_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True)


def _date_text(day: dt.date, lang: str) -> str:
    """04-12-2026 in Dutch, as Dutch invoices write it; 4 December 2026 in English."""
    return format_date(day, "dd-MM-y", locale="nl") if lang == "nl" else format_date(day, "d MMMM y", locale="en_GB")


def _iban_text(iban: str | None) -> str | None:
    return iban_number.format(iban) if iban else None


def _page_css(_) -> Markup:
    """The fonts and the page number line; in the template as their URLs and words depend on the machine and
    the language (the rest of the layout is in invoice.css)."""
    page = _("Page %(page)s of %(pages)s") % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    return Markup(font_face_css() + f'@page {{ @bottom-right {{ content: "{page}"; }} }}\n')  # noqa: S704


def _share_label(share: ThirdPartyShare, _) -> str:
    if share.amount_cents >= 0:
        return _("Paid by %(payer)s directly to the provider") % {"payer": share.payer}
    return _("Withdrawn: %(payer)s's payment directly to the provider") % {"payer": share.payer}


def _payment(document: Document, iban: str | None, words: dict, _) -> tuple[str, str]:
    """(the payment instruction, the label of the amount due)."""
    due = document.due_cents
    if due > 0 and iban:
        return _("Please transfer %(amount)s by %(date)s to %(iban)s in the name of %(issuer)s, quoting payment "
                 "reference %(reference)s.") % words, _("Amount due")
    if due > 0:
        return _("Please pay %(amount)s to %(issuer)s by %(date)s, quoting payment reference %(reference)s.") \
            % words, _("Amount due")
    if due < 0:
        return _("We will refund %(amount)s to you or set it off against an open invoice (payment reference "
                 "%(reference)s).") % words, _("To be refunded")
    return _("There is nothing to pay."), _("Amount due")


def context(document: Document, lang: str) -> dict:
    """What the template shows, in words and amounts of ``lang`` (from the app's message catalogue)."""
    _ = catalogue(lang).gettext
    credit = document.kind == "credit_note"

    def money(cents: int) -> str:
        return formats.money(cents, lang)

    iban = _iban_text(document.issuer.iban)
    words = {"amount": money(abs(document.due_cents)), "date": _date_text(document.due_date, lang), "iban": iban,
             "issuer": document.issuer.name, "reference": document.payment_reference}
    payment, due_label = _payment(document, iban, words, _)
    vat_rows = [((_("Exempt from VAT on %(net)s") if rate == "0" else _("VAT %(rate)s%% on %(net)s"))
                 % {"rate": rate, "net": money(net)}, money(vat)) for rate, net, vat in document.vat_groups]
    title = _("Credit note") if credit else _("Invoice")
    return {
        "doc": document, "lang": lang, "_": _, "pgettext": catalogue(lang).pgettext, "credit": credit, "money": money,
        "date": lambda day: _date_text(day, lang), "iban": iban, "title": title, "page_css": _page_css(_),
        "stylesheet": STYLESHEET.name, "vat_rows": vat_rows,
        "shares": [(_share_label(s, _), money(-s.amount_cents)) for s in document.third_party],
        "due_label": due_label, "due_amount": money(abs(document.due_cents)), "payment": payment,
        "exemption": exemption(lang) if document.has_exempt_lines else None,
        # the number on every page, for invoices that run onto a second one
        "footer": f'{title} {document.number} · ' + _("Issued via Taalmarkt on behalf of %(issuer)s")
                  % {"issuer": document.issuer.name},
    }


def render_html(document: Document, lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"no invoice texts in {lang!r}")
    return _environment.get_template("invoice.html").render(context(document, lang))


def _identifier(document: Document, lang: str) -> bytes:
    """The PDF's file identifier: the same for every rendering of one invoice in one language (WeasyPrint
    otherwise leaves it out or makes it from the content)."""
    key = f"{document.issuer.kvk_number}/{document.number}/{document.kind}/{lang}"
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()


def render_pdf(document: Document, lang: str) -> bytes:
    """The document as an A4 PDF in Dutch ("nl") or English ("en"): the same bytes on every call.

    Raises FontsMissing when the DejaVu fonts are not installed, rather than storing an invoice in another font.
    """
    from weasyprint import HTML

    check_fonts()
    html = HTML(string=render_html(document, lang), base_url=TEMPLATES.as_uri() + "/",
                url_fetcher=local_files_only())
    return html.write_pdf(pdf_identifier=_identifier(document, lang))
