"""Each agency's own link: the Google Form pre-filled with its code ("Mã đơn vị"), the surest match there is.

Google Forms reads `…/viewform?usp=pp_url&entry.NNN=VALUE` as "open the Form with question NNN answered VALUE"
(Forms → ⋮ → "Get pre-filled link" shows NNN). The answer then carries the code, and matching takes it by code.
"""

from __future__ import annotations

import urllib.parse

from campaign.config import Config

DEMO_FORM_HOST = "https://forms.example/"  # the demo's invented form (campaign.toml has none) + the campaign's slug
DEMO_CODE_ENTRY = "entry.1000001"  # and its invented "Mã đơn vị" question


def form_url(config: Config, demo: bool = False) -> str:
    """The Form's plain address; the demo's invented one when the config has none; '' for none."""
    url = config.form.url.strip()
    return url or (DEMO_FORM_HOST + config.campaign.slug if demo else "")


def code_entry(config: Config, demo: bool = False) -> str:
    """The code question's parameter name, `entry.NNN`; '' when the config names none."""
    entry = config.form.agency_code_entry.strip()
    if not entry and demo and not config.form.url.strip():
        return DEMO_CODE_ENTRY
    return entry if not entry or entry.startswith("entry.") else f"entry.{entry}"


def agency_link(config: Config, code: str, demo: bool = False) -> str:
    """The agency's own link: the Form with its code filled in; the plain Form link without a code question;
    '' without a Form."""
    url = form_url(config, demo)
    entry = code_entry(config, demo)
    if not url or not entry or not str(code).strip():
        return url
    parts = urllib.parse.urlsplit(url)
    # The Form's own query (usp=sf_link, a language) goes: pp_url is what tells Google the answers are pre-filled.
    query = urllib.parse.urlencode({"usp": "pp_url", entry: str(code).strip()}, quote_via=urllib.parse.quote)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def code_in_link(link: str, entry: str) -> str:
    """The code a pre-filled link carries, read as the Form reads its query string ('' for none)."""
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).get(entry, [])
    return values[0] if values else ""
