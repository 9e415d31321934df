"""The app's message catalogues outside a request: documents (invoice PDFs, UBL) are made in their own
language, whoever asks for them, with the same Babel catalogues as the pages (marketplace/translations/).

Pure Babel, no Flask, so the renderers that use it stay plain functions. English is the source language;
another language needs its compiled catalogue (``make translations``): without it a document would come
out in English, so that is an error, never a quiet fallback.
"""

from __future__ import annotations

from functools import cache

from babel.support import NullTranslations, Translations

from marketplace.core.config import ROOT

DIRECTORY = ROOT / "marketplace" / "translations"


class CatalogueMissing(RuntimeError):
    """A language's compiled catalogue is not there."""


@cache
def catalogue(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` ("nl", "en")."""
    if lang == "en":
        return NullTranslations()  # the messages are English already
    if not (DIRECTORY / lang / "LC_MESSAGES" / "messages.mo").is_file():
        raise CatalogueMissing(f"No compiled {lang!r} catalogue in {DIRECTORY}: run `make translations`.")
    return Translations.load(str(DIRECTORY), [lang])
