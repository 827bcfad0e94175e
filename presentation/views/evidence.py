"""The evidence gallery as tables (pure functions of the evidence table, no Streamlit): labels in the language,
filters, the list of broken and closed links per agency."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from campaign.config import Config
from campaign.evidence import BROKEN, NEEDS_ACCESS, PHOTO, problem_links
from presentation.labels import coded, t
from presentation.views.followup import mailto

MAX_CARDS = 48  # photo cards drawn at once; the rest by narrowing the filters


def filtered(table: pd.DataFrame, *, groups=(), activities=(), kinds=(), states=()) -> pd.DataFrame:
    """The rows in every chosen group, activity, kind and state (an empty choice: all)."""
    keep = pd.Series(True, index=table.index)
    for column, chosen in (("group", groups), ("activity", activities), ("kind", kinds), ("state", states)):
        if chosen:
            keep &= table[column].isin(list(chosen))
    return table[keep].reset_index(drop=True)


def activity_name(config: Config, key: str, lang: str) -> str:
    names = {a.key: a.short(lang) for a in config.activities}
    return names.get(key, key)


def options(table: pd.DataFrame, column: str, order: Iterable[str] | None = None) -> list[str]:
    """The values a filter offers: those present, in the given order (else sorted)."""
    present = set(table[column]) - {""}
    return [v for v in order if v in present] if order is not None else sorted(present)


def evidence_list(table: pd.DataFrame, config: Config, lang: str) -> pd.DataFrame:
    """The evidence as the page lists it: words in the language, the link as text (a column to open it beside,
    only for http(s) links). Personal columns (who uploaded, their email) stay in: the privacy gate takes them out."""
    out = pd.DataFrame(
        {
            "agency": table["agency"],
            "group": table["group"].map(lambda g: config.group_label(g, lang) if g else ""),
            "activity": table["activity"].map(lambda a: activity_name(config, a, lang) if a else ""),
            "kind": table["kind"].map(lambda k: coded("evkind", k, lang)),
            "state": table["state"].map(lambda s: coded("evstate", s, lang)),
            "origin": table["origin"].map(lambda o: coded("evorigin", o, lang)),
            "url": table["url"],
            "open": table["url"].where(table["url"].str.match(r"(?i)^https?://"), None),
        }
    )
    for personal in ("email", "reporter"):
        if personal in table:
            out[personal] = table[personal]
    return out


def problem_table(per_agency: pd.DataFrame, lang: str) -> pd.DataFrame:
    """campaign.evidence.problem_links with its headers in the language."""
    return per_agency.rename(
        columns={
            "agency_code": t("col_agency_code", lang),
            "agency": t("col_agency", lang),
            BROKEN: t("col_broken", lang),
            NEEDS_ACCESS: t("col_needs_access", lang),
            "mailto": t("col_mailto", lang),
        }
    )


def photos(table: pd.DataFrame) -> pd.DataFrame:
    """The photos of the table, each link once."""
    return table[table["kind"] == PHOTO].drop_duplicates("url").reset_index(drop=True)


def english_names(roster: pd.DataFrame) -> dict[str, str]:
    """The roster's English names (name_en) by code, where it has them."""
    if "name_en" not in roster:
        return {}
    names = roster["name_en"].fillna("").astype(str).str.strip()
    return {c: n for c, n in zip(roster["code"], names) if n}


def card_caption(row: pd.Series, config: Config, lang: str, english: dict[str, str] | None = None) -> str:
    """A card's line: agency · activity · state (text from the sheet: the page shows it as text only); the agency's
    English name when `english` has it."""
    parts = [(english or {}).get(row["agency_code"]) or row["agency"] or row["agency_code"] or "?"]
    if row["activity"]:
        parts.append(activity_name(config, row["activity"], lang))
    parts.append(coded("evstate", row["state"], lang))
    return " · ".join(parts)


def share_request(config: Config, lang: str, links: Iterable[str]) -> tuple[str, str]:
    """(subject, body) of the email asking an agency to share its files (the reminder's variant for evidence)."""
    c = config.campaign
    campaign = c.name.get(lang)
    listed = "\n".join(f"- {u}" for u in links)
    body = t(
        "share_body",
        lang,
        agency=t("reminder_agency", lang),
        requester=c.requester_vi if lang == "vi" else c.requester_en,
        campaign=campaign,
        links=listed,
        email=c.contact_email,
    )
    return t("share_subject", lang, campaign=campaign), body


def share_table(table: pd.DataFrame, roster: pd.DataFrame, config: Config, lang: str) -> pd.DataFrame:
    """Per agency with broken or closed links: how many of each, and a drafted email asking it to share its files
    ("mailto", personal: the coordinator's only)."""
    per_agency = problem_links(table)
    if per_agency.empty:
        return per_agency.assign(mailto=pd.Series(dtype=object))
    emails = dict(zip(roster["code"], roster["email"].fillna(""))) if "email" in roster else {}
    bad = table[table["state"].isin([BROKEN, NEEDS_ACCESS])]
    subject_body = {
        code: share_request(config, lang, bad.loc[bad["agency_code"] == code, "url"].drop_duplicates().head(20))
        for code in per_agency["agency_code"]
    }
    greeting = t("reminder_agency", lang)
    names = dict(zip(per_agency["agency_code"], per_agency["agency"]))
    per_agency["mailto"] = [
        mailto(emails.get(code, ""), subject, body.replace(greeting, names[code] or greeting, 1))
        for code, (subject, body) in subject_body.items()
    ]
    return per_agency
