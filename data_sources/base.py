"""The one interface every data source implements."""

from __future__ import annotations

import abc

from campaign.model import RawTables


class Source(abc.ABC):
    """A place the responses (and optionally the roster) are read from."""

    @abc.abstractmethod
    def read(self) -> RawTables:
        """Read the whole source once; raise campaign.errors.CampaignError with a message a person can act on."""
