"""Adapters: each source turns its input into the same RawTables (campaign.report.RawTables)."""

from data_sources.base import Source

__all__ = ["Source"]
