"""Texts in both languages the product speaks (nl and en), as the parameter files carry them.

The scheme and parameter files hold reviewed texts next to their sources (names, descriptions,
assumptions); the texts the rules write go through the catalogue instead (subsidies.messages)."""

from dataclasses import dataclass

LANGUAGES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Text:
    nl: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return lang
