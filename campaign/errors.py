"""Errors a person can meet, each with what to do, in Vietnamese and English."""

from __future__ import annotations

from campaign.bilingual import Bilingual


class CampaignError(Exception):
    """An input problem a person can fix; `str()` gives one line in both languages."""

    def __init__(self, en: str, vi: str):
        self.text = Bilingual(vi=vi, en=en)
        super().__init__(str(self.text))

    @classmethod
    def of(cls, text: Bilingual) -> CampaignError:
        return cls(en=text.en, vi=text.vi)

    @property
    def en(self) -> str:
        return self.text.en

    @property
    def vi(self) -> str:
        return self.text.vi

    def message(self, lang: str = "vi") -> str:
        return self.text.get(lang)


class InputError(CampaignError):
    """A file, sheet or roster that cannot be used as it is."""


class SourceError(CampaignError):
    """A data source that could not be read (network, permissions, quota)."""


class MailRefused(CampaignError):
    """One email the mail server did not take (a refused address, a message it rejected): the next may go.
    `answer` is the server's own words, logged with the failure."""

    stops_the_send = False

    def __init__(self, en: str, vi: str, answer: str = ""):
        super().__init__(en, vi)
        self.answer = answer


class MailStopped(MailRefused):
    """The mail server refused us (wrong user or password) or cannot be reached: no further email is tried."""

    stops_the_send = True
