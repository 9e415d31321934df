"""The rules' texts come from the "subsidies" catalogue, complete in Dutch; money and dates in one format."""

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from subsidies import evaluate, facts_from_dict, formats, messages
from subsidies.errors import CatalogueMissing
from subsidies.messages import Money, _

from .test_subsidy_facts import BODY

ROOT = Path(__file__).parents[2]
ON = dt.date(2026, 3, 2)
BUDGET_LEFT = "%(left)s of the %(year)s budget of %(cap)s is left."


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\((\w+)\)s", text))


def yearly_budget_check():
    doorzaam = evaluate(facts_from_dict(BODY), ON)[0]
    return next(c for c in doorzaam.checks if c.rule == "yearly_budget")


@pytest.fixture
def other_catalogues(monkeypatch):
    """Point the messages at another folder of catalogues, with nothing of them cached."""

    def use(folder: Path) -> None:
        monkeypatch.setattr(messages, "TRANSLATIONS", folder)
        messages.catalogue.cache_clear()

    yield use
    messages.catalogue.cache_clear()


def test_every_message_the_rules_use_has_its_dutch_translation_with_the_same_placeholders(tmp_path):
    pot = tmp_path / "subsidies.pot"
    catalogues = ROOT / "marketplace" / "translations" / "catalogues.py"
    subprocess.run([sys.executable, str(catalogues), "--check-subsidies", str(pot)], check=True)
    with open(pot, "rb") as f:
        wanted = [m.id for m in read_po(f) if m.id]
    assert len(wanted) > 80
    for lang in ("nl", "en"):
        with open(messages.TRANSLATIONS / lang / "LC_MESSAGES" / "subsidies.po", "rb") as f:
            catalog = read_po(f, locale=lang)
        for msgid in wanted:
            message = catalog.get(msgid)
            assert message is not None and message.string and not message.fuzzy, f"{lang}: no translation of {msgid!r}"
            assert placeholders(message.string) == placeholders(msgid), f"{lang}: {message.string!r}"


def test_a_check_text_is_the_catalogues_translation_in_both_languages():
    check = yearly_budget_check()
    assert check.text.msgid == BUDGET_LEFT
    with open(messages.TRANSLATIONS / "nl" / "LC_MESSAGES" / "subsidies.po", "rb") as f:
        assert read_po(f).get(BUDGET_LEFT).string == "Van het budget van %(cap)s voor %(year)s is %(left)s over."
    assert check.to_dict("nl")["text"] == "Van het budget van EUR\u00a01.500,00 voor 2026 is EUR\u00a0900,00 over."
    assert check.to_dict("en")["text"] == "EUR\u00a0900.00 of the 2026 budget of EUR\u00a01,500.00 is left."


def test_changing_a_translation_in_the_catalogue_changes_the_text_in_that_language(tmp_path, other_catalogues):
    for lang, translation in (("nl", "Nog %(left)s van %(cap)s in %(year)s."), ("en", "Still %(left)s in %(year)s.")):
        catalog = Catalog(locale=lang, domain="subsidies")
        catalog.add(BUDGET_LEFT, translation, flags=("python-format",))
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
        with open(tmp_path / lang / "LC_MESSAGES" / "subsidies.mo", "wb") as f:
            write_mo(f, catalog)
    other_catalogues(tmp_path)
    texts = yearly_budget_check().to_dict("nl")["texts"]
    assert texts == {"nl": "Nog EUR\u00a0900,00 van EUR\u00a01.500,00 in 2026.", "en": "Still EUR\u00a0900.00 in 2026."}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_the_compiled_catalogue_a_text_is_an_error_that_says_to_run_make_translations(
    tmp_path, other_catalogues, lang
):
    other_catalogues(tmp_path)  # a fresh checkout: the .po files, no .mo
    decision = evaluate(facts_from_dict(BODY), ON)[0]
    with pytest.raises(CatalogueMissing, match=r"run `make translations`"):
        decision.to_dict(lang)


def test_a_message_names_exactly_its_placeholders_and_takes_only_values_it_can_write():
    assert _("%(amount)s left.", amount=Money(90000)).in_language("en") == "EUR\u00a0900.00 left."
    assert _("Up to 130%% of it.").in_language("en") == "Up to 130% of it."
    with pytest.raises(ValueError, match="parameters"):
        _("%(amount)s left.", amuont=Money(90000)).in_language("en")
    with pytest.raises(TypeError, match="Money"):
        _("%(amount)s left.", amount=Decimal("900.00")).in_language("en")


def test_money_is_written_the_one_house_way_with_babel():
    assert formats.money(123450, "nl") == "EUR\u00a01.234,50"
    assert formats.money(123450, "en") == "EUR\u00a01,234.50"
    assert formats.money(-750000, "nl") == "EUR\u00a0-7.500,00"
    assert formats.money(-750000, "en") == "EUR\u00a0-7,500.00"
    assert formats.money(5, "nl") == "EUR\u00a00,05"
    assert formats.money(150000, "nl") == "EUR\u00a01.500,00"


def test_days_are_written_day_first_in_both_languages():
    assert formats.day(ON, "nl") == "2 maart 2026"
    assert formats.day(ON, "en") == "2 March 2026"
    assert formats.day(ON, "en", "medium") == "2 Mar 2026"
    assert formats.day(dt.date(2024, 2, 29), "nl", "d MMM y") == "29 feb 2024"
