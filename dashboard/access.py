"""Who may open the dashboard: the access mode from secrets, the sign-in screens, the role in the sidebar.

Three modes, chosen by `.streamlit/secrets.toml` (README → "Access"):
- `[auth]` present: Streamlit's OpenID Connect sign-in, then the allow-list `[access.allow]` gives the role;
- else a hash in `[access]` (`password_hash` → coordinator, `leader_password_hash` → leader): a password form;
- else open: the demo and one's own uploads as coordinator; the sheet named in secrets is refused unless
  `allow_anonymous = true`, which makes everything public at the leader's level under a permanent banner.

Secrets are read here and in dashboard/state.py only; the decisions themselves are campaign/access.py's.
Session state keeps the role, never a password.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from campaign.access import ROLES, failure_delay, role_for, verify_password
from dashboard.formats import escape_markdown
from dashboard.labels import t
from dashboard.state import CONTEXT_KEY, LAST_GOOD_KEY

ROLE_KEY = "_access_role"
FAILURES_KEY = "_access_failures"
PASSWORD_KEY = "access_password"  # the form's field; emptied by the sign-in callback as soon as it is read
OPEN_ROLE = "coordinator"  # no access configured: fictitious demo data and one's own uploads, all visible
PUBLIC_ROLE = "leader"  # allow_anonymous: the figures are public on purpose, people's details never
# The keys of [access] holding a password hash, and the role each admits (tried in this order).
PASSWORD_KEYS = (("password_hash", "coordinator"), ("leader_password_hash", "leader"))
# Keys of an [auth] block that are settings, not a named provider's block.
_AUTH_SETTINGS = {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url", "expose_tokens"}

# time.sleep by another name, so a test can count the pauses without slowing the whole process.
pause = time.sleep


@dataclass(frozen=True)
class Access:
    """The access settings from secrets, as plain values (no secret but the hashes, which are not shown)."""

    mode: str = "open"  # "oidc", "password" or "open"
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role → addresses and domains
    hashes: tuple[tuple[str, str], ...] = ()  # (role, PBKDF2 hash), coordinator first
    allow_anonymous: bool = False
    provider: str | None = None  # a named [auth.<provider>] block, when [auth] holds no client of its own

    @property
    def protected(self) -> bool:
        """Whether a person must sign in (then the sheet may be read)."""
        return self.mode in ("oidc", "password")

    @property
    def may_read_sheet(self) -> bool:
        return self.protected or self.allow_anonymous


def read_access() -> Access:
    """The access mode and its settings from st.secrets; open when there is no secrets file at all."""
    try:
        auth = st.secrets.get("auth")
        access = st.secrets.get("access") or {}
    except StreamlitSecretNotFoundError:
        return Access()
    return parse_access(auth, access)


def parse_access(auth: Mapping | None, access: Mapping) -> Access:
    """Access from the [auth] and [access] tables (plain mappings)."""
    allow = {role: _entries(access.get("allow", {}).get(role)) for role in ROLES} if access.get("allow") else {}
    anonymous = access.get("allow_anonymous") is True
    if auth:
        named = [k for k, v in auth.items() if isinstance(v, Mapping) and k not in _AUTH_SETTINGS]
        provider = None if "client_id" in auth or not named else named[0]
        return Access("oidc", allow=allow, allow_anonymous=anonymous, provider=provider)
    hashes = tuple((role, str(access[key])) for key, role in PASSWORD_KEYS if str(access.get(key) or "").strip())
    if hashes:
        return Access("password", hashes=hashes, allow_anonymous=anonymous)
    return Access("open", allow_anonymous=anonymous)


def _entries(value: object) -> tuple[str, ...]:
    """A list of addresses/domains; one string is one entry."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def password_role(password: str, hashes: tuple[tuple[str, str], ...]) -> str | None:
    """The role whose hash the password matches (every hash is checked, so the time does not tell which)."""
    matched = [role for role, encoded in hashes if verify_password(password, encoded)]
    return matched[0] if matched else None


def current_role(access: Access) -> str | None:
    """The viewer's role if they may see the dashboard now, without drawing anything; None: sign in first."""
    if access.mode == "open":
        return PUBLIC_ROLE if access.allow_anonymous else OPEN_ROLE
    if access.mode == "password":
        role = st.session_state.get(ROLE_KEY)
        return role if role in ROLES else None
    user = _user()
    if not user.get("is_logged_in") or user.get("email_verified") is False:
        return None
    return role_for(str(user.get("email") or ""), access.allow)


def _user() -> dict:
    return dict(st.user.to_dict())


def sign_in(access: Access, lang: str) -> None:
    """The sign-in screen for the mode (a refusal for a signed-in address not on the list); stops the run."""
    st.title(t("app_title", lang))
    st.subheader(t("sign_in_title", lang))
    if access.mode == "password":
        _password_form(access, lang)
    else:
        _oidc_screen(access, lang)
    st.stop()


def _password_form(access: Access, lang: str) -> None:
    st.caption(t("sign_in_password_intro", lang))
    with st.form("sign_in_form", clear_on_submit=True):
        st.text_input(t("password", lang), type="password", key=PASSWORD_KEY)
        submitted = st.form_submit_button(t("sign_in", lang), type="primary", on_click=_check_password, args=(access.hashes,))
    if submitted:  # _check_password has run before this script: a role was set, or the try failed
        failures = int(st.session_state.get(FAILURES_KEY, 0))
        st.error(t("wrong_password", lang, seconds=int(failure_delay(failures))))


def _check_password(hashes: tuple[tuple[str, str], ...]) -> None:
    """The sign-in button's callback: the only place the password is read, and it is wiped from the session here."""
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""
    failures = int(st.session_state.get(FAILURES_KEY, 0))
    # Every try after a failure waits longer, right or wrong: guessing in one session gets slow.
    delay = failure_delay(failures)
    if delay:
        pause(delay)
    role = password_role(password, hashes)
    if role is None:
        st.session_state[FAILURES_KEY] = failures + 1
    else:
        st.session_state.pop(FAILURES_KEY, None)
        st.session_state[ROLE_KEY] = role


def _oidc_screen(access: Access, lang: str) -> None:
    user = _user()
    if not user.get("is_logged_in"):
        st.caption(t("sign_in_oidc_intro", lang))
        if st.button(t("sign_in", lang), type="primary", icon=":material/login:", key="sign_in"):
            st.login(access.provider) if access.provider else st.login()
        return
    email = str(user.get("email") or "")
    key = "email_unverified" if user.get("email_verified") is False else "not_allowed"
    st.error(t(key, lang, email=escape_markdown(email) or "—"))
    if st.button(t("sign_out", lang), icon=":material/logout:", key="sign_out"):
        sign_out(access)


def sign_out(access: Access) -> None:
    """Forget the role and every piece of data this session holds; then sign out of the identity provider."""
    last_good = [k for k in st.session_state if str(k).startswith(LAST_GOOD_KEY)]  # one per kind of source
    for key in (ROLE_KEY, FAILURES_KEY, CONTEXT_KEY, *last_good):
        st.session_state.pop(key, None)
    if access.mode == "oidc":
        st.logout()
    st.rerun()


def sidebar(access: Access, role: str, lang: str) -> None:
    """The viewer's role (and address), with a sign-out button when they signed in."""
    box = st.sidebar.container(border=True)
    box.markdown(t("role_line", lang, role=t(f"role_{role}", lang)))
    if access.mode == "oidc":
        box.caption(escape_markdown(str(_user().get("email") or "")))
    elif access.mode == "open":
        box.caption(t("role_public" if access.allow_anonymous else "role_open", lang))
    if access.protected and box.button(t("sign_out", lang), icon=":material/logout:", key="sign_out"):
        sign_out(access)
