"""Errors a person can meet, each with what to do, in Vietnamese and English."""


class CampaignError(Exception):
    """An input problem a person can fix; `str()` gives one line in both languages."""

    def __init__(self, en: str, vi: str):
        self.en = en
        self.vi = vi
        super().__init__(f"{en} / {vi}")

    def message(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


class InputError(CampaignError):
    """A file, sheet or roster that cannot be used as it is."""


class SourceError(CampaignError):
    """A data source that could not be read (network, permissions, quota)."""
