"""Dutch by default, English on request; catalogues complete; money in the one house format."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from marketplace.core.i18n import money

TRANSLATIONS = Path(__file__).parent.parent / "marketplace" / "translations"


def test_pages_are_dutch_by_default_and_english_after_the_switch(client):
    home = client.get("/")
    assert 'lang="nl"' in home.text and "Werkgevers en uitzendbureaus" in home.text
    switched = client.get("/taal/en?next=/regios")
    assert switched.headers["Location"] == "/regios"
    assert 'lang="en"' in client.get("/").text and "Employers and temp agencies" in client.get("/").text
    assert client.get("/taal/xx").status_code == 404
    assert client.get("/taal/en?next=//evil.example").headers["Location"] == "/"


def test_both_catalogues_translate_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, str(TRANSLATIONS / "catalogues.py"), "--check", str(pot)], check=True)
    with open(pot, "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    for lang in ("nl", "en"):
        with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
            catalog = read_po(f)
        done = {m.id for m in catalog if m.id and m.string and (not isinstance(m.string, tuple) or all(m.string))
                and not m.fuzzy}
        missing = {str(m) for m in wanted} - {str(m) for m in done}
        assert missing == set(), f"{lang}: {sorted(missing)[:5]}"


def test_learner_mail_is_translated_into_all_six_languages_with_the_same_placeholders(tmp_path):
    import re

    from marketplace.bookings.learners import LANGUAGES

    pot = tmp_path / "learner.pot"
    subprocess.run([sys.executable, str(TRANSLATIONS / "catalogues.py"), "--check-learner", str(pot)], check=True)
    with open(pot, "rb") as f:
        wanted = [m.id for m in read_po(f) if m.id]
    assert len(wanted) > 20
    for lang in LANGUAGES:
        with open(TRANSLATIONS / lang / "LC_MESSAGES" / "learner.po", "rb") as f:
            catalog = read_po(f, locale=lang)
        for msgid in wanted:
            message = catalog.get(msgid)
            assert message is not None and not message.fuzzy, f"{lang}: {msgid}"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings) and len(strings) == catalog.num_plurals if isinstance(msgid, tuple) else all(strings)
            source = msgid[0] if isinstance(msgid, tuple) else msgid
            for translated in strings:
                assert sorted(re.findall(r"%\(\w+\)[sd]", translated)) == sorted(
                    re.findall(r"%\(\w+\)[sd]", source)), f"{lang}: {translated}"


def test_money_is_formatted_the_one_house_way():
    assert money(123450, "nl") == "EUR\xa01.234,50"
    assert money(123450, "en") == "EUR\xa01,234.50"
    assert money(-500, "nl") == "EUR\xa0-5,00"  # the minus after the currency, on pages as on invoices
