"""Keeps the message catalogues in step with the code: `make messages` runs this.

Extracts every translatable string into messages.pot, updates the nl and en catalogues, and fills
the English catalogue from the source strings (English is the source language), so that both
catalogues are complete and only the Dutch one needs a translator.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
POT = HERE / "messages.pot"
LANGUAGES = ("nl", "en")
#: learner mail has its own catalogue in more languages (marketplace/bookings/learners.py)
LEARNER_POT = HERE / "learner.pot"
LEARNER_LANGUAGES = ("nl", "en", "pl", "ro", "bg", "uk")
#: the subsidy rules' texts have their own catalogue (domain "subsidies") inside the pure library
SUBSIDIES = ROOT / "subsidies" / "translations"
SUBSIDIES_POT = SUBSIDIES / "subsidies.pot"


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", *args], check=True, cwd=ROOT)


def extract(pot: Path = POT) -> None:
    # --ignore-dirs: Babel skips folders starting with "_" by default, which would miss templates/_macros
    run("extract", "-F", str(HERE / "babel.cfg"), "-k", "lazy_gettext", "-k", "_l", "--no-location",
        "--ignore-dirs", ".* node_modules",
        "--sort-output", "--omit-header", "-o", str(pot), ".")


def extract_learner(pot: Path = LEARNER_POT) -> None:
    run("extract", "-F", str(HERE / "learner.cfg"), "--no-default-keywords", "-k", "t", "-k", "tn:1,2",
        "--no-location", "--ignore-dirs", ".* node_modules", "--sort-output", "--omit-header", "-o", str(pot), ".")


def update_learner() -> None:
    for lang in LEARNER_LANGUAGES:
        po = HERE / lang / "LC_MESSAGES" / "learner.po"
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if po.exists() else []
        run(action, *extra, "-D", "learner", "-i", str(LEARNER_POT), "-d", str(HERE), "-l", lang)
    fill_english(HERE / "en" / "LC_MESSAGES" / "learner.po")


def extract_subsidies(pot: Path = SUBSIDIES_POT) -> None:
    run("extract", "-F", str(SUBSIDIES / "babel.cfg"), "--no-default-keywords", "-k", "_", "--no-location",
        "--sort-output", "--omit-header", "-o", str(pot), "subsidies")


def update_subsidies() -> None:
    for lang in LANGUAGES:
        po = SUBSIDIES / lang / "LC_MESSAGES" / "subsidies.po"
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if po.exists() else []
        run(action, *extra, "-D", "subsidies", "-i", str(SUBSIDIES_POT), "-d", str(SUBSIDIES), "-l", lang)
        rewrite(po, lang)
    fill_english(SUBSIDIES / "en" / "LC_MESSAGES" / "subsidies.po")


def update() -> None:
    for lang in LANGUAGES:
        po = HERE / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            run("update", "--no-fuzzy-matching", "-i", str(POT), "-d", str(HERE), "-l", lang)
        else:
            run("init", "-i", str(POT), "-d", str(HERE), "-l", lang)
        rewrite(po, lang)
    fill_english(HERE / "en" / "LC_MESSAGES" / "messages.po")


def rewrite(path: Path, lang: str) -> None:
    """Write a catalogue back in the one layout all of them keep (lines up to 110), so an update shows only
    the messages that changed."""
    with open(path, "rb") as f:
        catalog = read_po(f, locale=lang)
    with open(path, "wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=110)


def fill_english(path: Path) -> None:
    with open(path, "rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = message.id  # (singular, plural): English has the same two forms
        elif message.id and not message.string:
            message.string = message.id
    with open(path, "wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=110)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        extract(Path(sys.argv[2]))  # only extract, for the test that compares it with the catalogues
    elif sys.argv[1:2] == ["--check-learner"]:
        extract_learner(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--check-subsidies"]:
        extract_subsidies(Path(sys.argv[2]))
    else:
        extract()
        update()
        extract_learner()
        update_learner()
        extract_subsidies()
        update_subsidies()
