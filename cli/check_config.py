"""`python -m campaign check-config`: what a campaign's config still lacks (campaign/readiness.py)."""

from __future__ import annotations

from pathlib import Path


def add(sub) -> None:
    check = sub.add_parser(
        "check-config",
        help="list what is wrong in a campaign TOML and what is still to fill in (exit 0 ready, 1 to fill in, 2 wrong)",
    )
    check.add_argument(
        "--config", type=Path, help="campaign TOML file (default: $CAMPAIGN_CONFIG, as the app, else campaign.toml)"
    )
    check.set_defaults(run=run)


def run(args) -> int:
    """The config's readiness (campaign/readiness.py), read as the app reads it; the exit status says where it stands."""
    import os

    from campaign.readiness import as_text, check_config

    readiness = check_config(args.config or os.environ.get("CAMPAIGN_CONFIG") or None)
    print(as_text(readiness))
    return readiness.status
