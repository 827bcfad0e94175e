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

import datetime as dt
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from campaign.access import ROLES, Throttle, access_problems, email_trusted, role_for, verify_password
from campaign.config import PROJECT_ROOT, STORE_PATH_ENV
from dashboard.state import CONTEXT_KEY, LAST_GOOD_KEY, session_id
from presentation.formats import escape_markdown
from presentation.labels import t

ROLE_KEY = "_access_role"
FAILURES_KEY = "_access_failures"
PASSWORD_KEY = "access_password"  # the form's field; emptied by the sign-in callback as soon as it is read
OPEN_ROLE = "coordinator"  # no access configured: fictitious demo data and one's own uploads, all visible
PUBLIC_ROLE = "leader"  # allow_anonymous: the figures are public on purpose, people's details never
# The keys of [access] holding a password hash, and the role each admits (tried in this order).
PASSWORD_KEYS = (("password_hash", "coordinator"), ("leader_password_hash", "leader"))
# Keys of an [auth] block that are settings, not a named provider's block.
_AUTH_SETTINGS = {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url", "expose_tokens"}

THROTTLED_KEY = "_access_throttled_until"  # when this session may try again (wall clock), to say so

_LOG = logging.getLogger(__name__)

# time.time by another name, so a test can move the throttle's clock.
clock = time.time


THROTTLE_PATH_ENV = "CAMPAIGN_THROTTLE_PATH"


def throttle_path() -> Path:
    """The throttle's file, shared by every process of a deployment: CAMPAIGN_THROTTLE_PATH, else beside the
    coordinator's store (the folder the systemd and compose set-ups already share)."""
    explicit = os.environ.get(THROTTLE_PATH_ENV)
    if explicit:
        return Path(explicit).expanduser()
    store = os.environ.get(STORE_PATH_ENV)
    return (Path(store).expanduser().parent if store else PROJECT_ROOT / "store") / "throttle.sqlite"


def throttle() -> Throttle:
    """The deployment's one password throttle, shared by every session and process (campaign.access.Throttle)."""
    return _throttle(str(throttle_path()))


@st.cache_resource(show_spinner=False)
def _throttle(path: str) -> Throttle:
    try:
        return Throttle(path=path)
    except (sqlite3.Error, OSError) as exc:  # a read-only folder: this process still throttles, on its own
        _LOG.warning("password throttle: cannot use %s (%s); counting in this process only", path, exc)
        return Throttle()


@dataclass(frozen=True)
class Access:
    """The access settings from secrets, as plain values (no secret but the hashes, which are not shown)."""

    mode: str = "open"  # "oidc", "password", "open", or "broken" (secrets unreadable or contradictory: nobody in)
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role → addresses and domains
    hashes: tuple[tuple[str, str], ...] = ()  # (role, PBKDF2 hash), coordinator first
    allow_anonymous: bool = False
    provider: str | None = None  # a named [auth.<provider>] block, when [auth] holds no client of its own
    trusted_providers: tuple[str, ...] = ()  # issuers whose tokens may omit email_verified ([access])
    problem: tuple[str, str] = ("", "")  # (en, vi) why the settings are broken

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
        # Streamlit raises the same error for a file it cannot parse as for no file: a file that is there but
        # unreadable closes the dashboard instead of opening it to everyone.
        present = [p for p in secrets_files() if os.path.exists(p)]
        if present:
            return Access(
                "broken",
                problem=(
                    f"{present[0]} cannot be read as TOML",
                    f"không đọc được {present[0]} (không đúng cú pháp TOML)",
                ),
            )
        return Access()
    return parse_access(auth, access)


def secrets_files() -> list[str]:
    """The secrets files Streamlit looks for (server option secrets.files), with ~ expanded."""
    return [os.path.expanduser(p) for p in st.get_option("secrets.files")]


def parse_access(auth: Mapping | None, access: Mapping) -> Access:
    """Access from the [auth] and [access] tables (plain mappings); "broken" when they contradict each other."""
    problems = access_problems(auth, access)
    if problems:
        return Access("broken", problem=problems[0])
    allow = {role: _entries(access.get("allow", {}).get(role)) for role in ROLES} if access.get("allow") else {}
    anonymous = access.get("allow_anonymous") is True
    if auth:
        named = [k for k, v in auth.items() if isinstance(v, Mapping) and k not in _AUTH_SETTINGS]
        provider = None if "client_id" in auth or not named else named[0]
        trusted = tuple(str(p) for p in access.get("trusted_providers") or ())
        return Access("oidc", allow=allow, allow_anonymous=anonymous, provider=provider, trusted_providers=trusted)
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
    if access.mode == "broken":
        return None
    if access.mode == "open":
        return PUBLIC_ROLE if access.allow_anonymous else OPEN_ROLE
    if access.mode == "password":
        role = st.session_state.get(ROLE_KEY)
        return role if role in ROLES else None
    user = _user()
    if not user.get("is_logged_in") or not email_trusted(user, access.trusted_providers, access.provider):
        return None
    return role_for(str(user.get("email") or ""), access.allow)


def _user() -> dict:
    return dict(st.user.to_dict())


def closed(access: Access, lang: str) -> None:
    """Broken access settings: the administrator's message and nothing else; stops the run."""
    st.title(t("app_title", lang))
    en, vi = access.problem
    st.error(t("access_broken", lang, reason=escape_markdown(vi), reason_en=escape_markdown(en)), icon=":material/lock:")
    st.stop()


def sign_in(access: Access, lang: str, zone: dt.tzinfo | None = None, title: str = "") -> None:
    """The sign-in screen for the mode (a refusal for a signed-in address not on the list), under the campaign's
    `title`; stops the run."""
    if access.mode == "broken":
        closed(access, lang)
    st.title(title or t("app_title", lang))
    st.subheader(t("sign_in_title", lang))
    if access.mode == "password":
        _password_form(access, lang, zone)
    else:
        _oidc_screen(access, lang)
    st.stop()


def _password_form(access: Access, lang: str, zone: dt.tzinfo | None) -> None:
    st.caption(t("sign_in_password_intro", lang))
    with st.form("sign_in_form", clear_on_submit=True):
        st.text_input(t("password", lang), type="password", key=PASSWORD_KEY)
        submitted = st.form_submit_button(t("sign_in", lang), type="primary", on_click=_check_password, args=(access.hashes,))
    until = float(st.session_state.get(THROTTLED_KEY) or 0)
    if submitted and until > clock():  # _check_password has run before this script: refused or failed
        seconds = max(int(until - clock() + 0.999), 1)
        at = dt.datetime.fromtimestamp(until, zone or dt.UTC).strftime("%H:%M:%S")  # the campaign's clock
        key = "password_throttled" if st.session_state.get(FAILURES_KEY) == "throttled" else "wrong_password"
        st.error(t(key, lang, seconds=seconds, time=at))


def client_address() -> str:
    """The visitor's address as the server saw it (behind the proxy: its X-Forwarded-For); 'local' on this machine."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no client context (a bare script run)
        return "local"
    return address if isinstance(address, str) and address else "local"


def _check_password(hashes: tuple[tuple[str, str], ...]) -> None:
    """The sign-in button's callback: the only place the password is read, and it is wiped from the session here.

    The server-wide throttle is asked first: a refused try is never hashed."""
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""
    address, now = client_address(), clock()
    wait = throttle().admit(address, now)
    if wait > 0:
        st.session_state[FAILURES_KEY] = "throttled"
        st.session_state[THROTTLED_KEY] = now + wait
        return
    role = password_role(password, hashes)
    if role is None:
        st.session_state[FAILURES_KEY] = "wrong"
        st.session_state[THROTTLED_KEY] = now + max(throttle().failed(address, clock()), 1.0)
    else:
        throttle().succeeded(address, role)
        for key in (FAILURES_KEY, THROTTLED_KEY):
            st.session_state.pop(key, None)
        st.session_state[ROLE_KEY] = role


def _oidc_screen(access: Access, lang: str) -> None:
    user = _user()
    if not user.get("is_logged_in"):
        st.caption(t("sign_in_oidc_intro", lang))
        if st.button(t("sign_in", lang), type="primary", icon=":material/login:", key="sign_in"):
            st.login(access.provider) if access.provider else st.login()
        return
    email = str(user.get("email") or "")
    key = "not_allowed" if email_trusted(user, access.trusted_providers, access.provider) else "email_unverified"
    st.error(t(key, lang, email=escape_markdown(email) or "—"))
    if st.button(t("sign_out", lang), icon=":material/logout:", key="sign_out"):
        sign_out(access)


def sign_out(access: Access) -> None:
    """Forget the role and every piece of data this session holds; then sign out of the identity provider."""
    last_good = [k for k in st.session_state if str(k).startswith(LAST_GOOD_KEY)]  # one per kind of source
    for key in (ROLE_KEY, FAILURES_KEY, THROTTLED_KEY, CONTEXT_KEY, *last_good):
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


# --- uploads only from sessions with a role ------------------------------------------------------------------------


class UploadGate:
    """Streamlit's upload endpoint (PUT /_stcore/upload_file/<session>/<file>) takes a file for any live session,
    signed in or not, as many as it is sent. The endpoint asks `runtime.is_active_session(session_id)` before it reads
    a byte of the body (Streamlit 1.67, web/server/starlette/starlette_routes.py, and nothing else calls it), and
    hands the file to `uploaded_file_mgr.add_file` once it is read. The gate answers at both places:
    - a session that may not upload (no role, or a leader) gets False: the PUT is refused with 400, unread;
    - one upload at a time per session (the sidebar has two uploaders, one drop each), and at most UPLOADS_AT_ONCE
      across the server: a flood of parallel PUTs is refused unread, not held in memory side by side;
    - a session holds at most FILES_PER_SESSION files (the two uploaders'): a new file pushes out the session's
      oldest, so a session never keeps more than 2 × server.maxUploadSize however many files it sends."""

    FILES_PER_SESSION = 2
    UPLOADS_AT_ONCE = 4
    # An upload that never reaches add_file (refused as too large, the client gone) stops counting after this.
    UPLOAD_SECONDS = 120.0

    def __init__(self, clock=time.monotonic):
        self._admitted: set[str] = set()
        self._clock = clock
        self._lock = threading.Lock()
        self._uploading: dict[str, float] = {}  # session -> when its upload was let in

    def install(self) -> None:
        """Wrap the running server's is_active_session and add_file once (no server, as under AppTest: nothing)."""
        from streamlit import runtime

        if runtime.exists():
            instance = runtime.get_instance()
            self.install_on(instance, instance.uploaded_file_mgr)

    def install_on(self, instance, files=None) -> None:
        if getattr(instance, "_upload_gate", None) is self:
            return
        is_active = getattr(instance, "_is_active_session_ungated", instance.is_active_session)
        instance._is_active_session_ungated = is_active
        instance._upload_gate = self

        def is_active_with_role(session_id: str) -> bool:
            if not is_active(session_id):
                self._admitted.discard(session_id)  # the session ended: forget it
                return False
            return session_id in self._admitted and self._let_in(session_id)

        instance.is_active_session = is_active_with_role
        if files is not None:
            add_file = files.add_file

            def add_file_within_budget(session_id: str, file) -> None:
                add_file(session_id, file)
                with self._lock:
                    self._uploading.pop(session_id, None)
                self._keep_newest(files, session_id)

            files.add_file = add_file_within_budget

    def _let_in(self, session_id: str) -> bool:
        """One upload per session at a time, UPLOADS_AT_ONCE in all."""
        with self._lock:
            now = self._clock()
            for sid, started in list(self._uploading.items()):
                if now - started > self.UPLOAD_SECONDS:
                    del self._uploading[sid]
            if session_id in self._uploading or len(self._uploading) >= self.UPLOADS_AT_ONCE:
                return False
            self._uploading[session_id] = now
            return True

    def _keep_newest(self, files, session_id: str) -> None:
        """Drop the session's oldest files beyond FILES_PER_SESSION (dicts keep the order files were added)."""
        held = list(getattr(files, "file_storage", {}).get(session_id, {}))
        for file_id in held[: -self.FILES_PER_SESSION]:
            files.remove_file(session_id, file_id)

    def admits(self, session_id: str) -> bool:
        return session_id in self._admitted

    def set_role(self, session_id: str | None, role: str | None) -> None:
        if not session_id:
            return
        if may_upload(role):
            self._admitted.add(session_id)
        else:
            self._admitted.discard(session_id)


def may_upload(role: str | None) -> bool:
    """Who may send the server a file: the coordinator (in open mode, everyone is). A leader reads the figures; the
    public (allow_anonymous) reads at the leader's level."""
    return role == "coordinator"


_GATE = UploadGate()  # one per server process: this module is imported once


def upload_gate() -> UploadGate:
    _GATE.install()
    return _GATE


def gate_uploads(role: str | None) -> None:
    """Admit this session's uploads only while its role may upload (may_upload)."""
    upload_gate().set_role(session_id(), role)
