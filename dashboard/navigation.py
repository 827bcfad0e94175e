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


@dataclass(frozen=True)
class Page:
    path: str  # the script, relative to the project root
    title: str  # label key of its title (presentation/labels.py)
    icon: str
    # Its address (Vietnamese, as leaders read it). The first page is the default, at "/".
    url_path: str


PAGES = (
    Page("app_pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan"),
    Page("app_pages/followup.py", "page_followup", ":material/mail:", "don-doc"),
    Page("app_pages/submissions.py", "page_submissions", ":material/table_rows:", "bao-cao"),
    Page("app_pages/data_quality.py", "page_quality", ":material/rule:", "chat-luong"),
    Page("app_pages/export.py", "page_export", ":material/download:", "xuat-du-lieu"),
    # Emailed reports and the roster's contacts: the coordinator's forms (a leader is told so, and sees nothing else).
    Page("app_pages/coordinator.py", "page_coordinator", ":material/edit_note:", "dieu-phoi"),
)
DEFAULT = PAGES[0]


def page_paths() -> tuple[str, ...]:
    """Every page's script, as AppTest.switch_page takes it."""
    return tuple(p.path for p in PAGES)


def address(page: Page) -> str:
    """The page's path in the browser: '' for the default page (the app's root)."""
    return "" if page is DEFAULT else page.url_path
