"""The coordinator's sidebar list of what the campaign's config still lacks: the same list as
`python -m campaign check-config` (campaign/readiness.py decides; this only lays it out)."""

from __future__ import annotations

import streamlit as st

from campaign.config import Config
from campaign.readiness import Finding, readiness
from presentation.formats import escape_markdown
from presentation.labels import t

COORDINATOR = "coordinator"  # campaign.access.ROLES: the role that prepares the campaign


@st.cache_resource(show_spinner=False, ttl=60, max_entries=4)
def _findings(path: str, _config: Config) -> tuple[Finding, ...]:
    """The config's findings, looked at again at most once a minute (the roster file may be edited meanwhile)."""
    return tuple(readiness(_config))


def sidebar(config: Config, role: str | None, lang: str) -> None:
    """For the coordinator only: what is wrong and what is left to fill in, or one line saying the config is ready."""
    if role != COORDINATOR:
        return
    findings = _findings(str(config.source_path), config)
    if not findings:
        st.sidebar.caption(t("setup_ready", lang), help=t("setup_help", lang))
        return
    wrong = [f for f in findings if f.wrong]
    with st.sidebar.expander(t("setup_title", lang, n=len(findings)), icon=":material/checklist:", expanded=bool(wrong)):
        for title, group in (("setup_wrong", wrong), ("setup_to_fill", [f for f in findings if not f.wrong])):
            if group:
                st.markdown(f"**{t(title, lang)}**")
                st.markdown("\n".join(f"- {escape_markdown(f.text.get(lang))}" for f in group))
        st.caption(t("setup_help", lang))
