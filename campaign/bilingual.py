"""One shape for text in both languages: the text catalogue, errors, config names and groups use it."""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("vi", "en")  # Vietnamese first: the dashboard's default


@dataclass(frozen=True)
class Bilingual:
    vi: str
    en: str

    def get(self, lang: str = "vi") -> str:
        """The text in `lang` ("vi" or "en")."""
        return self.vi if lang == "vi" else self.en

    def format(self, **values) -> Bilingual:
        """Both languages with the same placeholders filled in."""
        return Bilingual(self.vi.format(**values), self.en.format(**values))

    def __iter__(self):
        """vi, en = text: Vietnamese first, as everywhere."""
        return iter((self.vi, self.en))

    def __str__(self) -> str:
        return f"{self.en} / {self.vi}"
