"""Adapters: each source turns its input into the same RawTables (campaign.report.RawTables)."""

__all__ = ["Source"]


def __getattr__(name: str):
    # Imported when asked for: `data_sources.forkserver` is imported first thing by the command line, before pandas.
    if name == "Source":
        from data_sources.base import Source

        return Source
    raise AttributeError(f"module 'data_sources' has no attribute {name!r}")
