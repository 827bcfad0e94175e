"""The page registry: every page of the dashboard, once. app.py builds the navigation from it and every test visits it.

Adding a page is one line here (and its file in app_pages/, and its title in presentation/labels.py).

The scripts are in `app_pages/`, not `pages/`: Streamlit (1.67) decides once per process, when the first session
starts, whether the app "uses a pages directory" (`PagesManager.uses_pages_directory`, true if `pages/` exists); until
`st.navigation` has run once, the first script run routes the old way (`_mpa_v1`, pages named by file stem), so the
first visit by a deep link (/don-doc) on a fresh server showed "Page not found" before the right page. No option turns
that off; a folder Streamlit does not treat specially does (its own advice for `st.navigation` apps).
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.access import ROLES

COORDINATOR = ("coordinator",)


@dataclass(frozen=True)
class Page:
    path: str  # the script, relative to the project root
    title: str  # label key of its title (presentation/labels.py)
    icon: str
    # Its address (Vietnamese, as leaders read it). The first page is the default, at "/".
    url_path: str
    # Who may open it: the menu lists a page only to these roles, and a link to it takes anyone else to the overview.
    roles: tuple[str, ...] = ROLES


PAGES = (
    Page("app_pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan"),
    # Who to remind, with their contacts: the coordinator's work (a leader reads who is missing on the overview).
    Page("app_pages/followup.py", "page_followup", ":material/mail:", "don-doc", COORDINATOR),
    Page("app_pages/submissions.py", "page_submissions", ":material/table_rows:", "bao-cao"),
    Page("app_pages/data_quality.py", "page_quality", ":material/rule:", "chat-luong"),
    # Every link, photo and document of the reports, checked; leaders see the photos, never who sent them.
    Page("app_pages/evidence.py", "page_evidence", ":material/photo_library:", "minh-chung"),
    Page("app_pages/export.py", "page_export", ":material/download:", "xuat-du-lieu"),
    # Emailed reports and the roster's contacts: the coordinator's forms.
    Page("app_pages/coordinator.py", "page_coordinator", ":material/edit_note:", "dieu-phoi", COORDINATOR),
    # The department's mailbox: every email of the period, matched to its agency, one click from being recorded.
    Page("app_pages/mailbox.py", "page_mailbox", ":material/inbox:", "hop-thu", COORDINATOR),
)
DEFAULT = PAGES[0]


def page_paths(role: str | None = None) -> tuple[str, ...]:
    """Every page's script (those the role may open, when one is given), as AppTest.switch_page takes it."""
    return tuple(p.path for p in pages_for(role))


def pages_for(role: str | None) -> tuple[Page, ...]:
    """The pages the menu lists for a role. Nobody signed in: all of them, unlisted (the sign-in screen is all that
    shows), so that a link to any page still leads there after signing in."""
    return PAGES if role is None else tuple(p for p in PAGES if role in p.roles)


def refuse_unlisted(role: str | None) -> bool:
    """Whether this run asked for a page the role may not open (a link, a bookmark, the page open before signing in);
    if so the request is dropped, so that Streamlit opens the default page instead of its own "Page not found"."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.util import calc_hash

    ctx = get_script_run_ctx()
    if ctx is None or role is None:
        return False
    manager = ctx.pages_manager
    asked_hash, asked_name = manager.intended_page_script_hash, manager.intended_page_name
    refused = [p for p in PAGES if p not in pages_for(role)]
    if any(asked_hash == calc_hash(p.url_path) or (not asked_hash and asked_name == p.url_path) for p in refused):
        manager.set_script_intent("", "")
        return True
    return False


def address(page: Page) -> str:
    """The page's path in the browser: '' for the default page (the app's root)."""
    return "" if page is DEFAULT else page.url_path
