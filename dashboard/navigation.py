"""The page registry: every page of the dashboard, once. app.py builds the navigation from it and every test visits it.

Adding a page is one line here (and its file in pages/, and its title in dashboard/labels.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str  # the script, relative to the project root
    title: str  # label key of its title (dashboard/labels.py)
    icon: str
    # Its address. It must not be the file's stem: Streamlit first treats a `pages/` folder as old-style pages named
    # by stem, and a page found that way would run without app.py's wiring. The first page is the default, at "/".
    url_path: str


PAGES = (
    Page("pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan"),
    Page("pages/followup.py", "page_followup", ":material/mail:", "don-doc"),
    Page("pages/submissions.py", "page_submissions", ":material/table_rows:", "bao-cao"),
    Page("pages/data_quality.py", "page_quality", ":material/rule:", "chat-luong"),
    Page("pages/export.py", "page_export", ":material/download:", "xuat-du-lieu"),
    # Emailed reports and the roster's contacts: the coordinator's forms (a leader is told so, and sees nothing else).
    Page("pages/coordinator.py", "page_coordinator", ":material/edit_note:", "dieu-phoi"),
)
DEFAULT = PAGES[0]


def page_paths() -> tuple[str, ...]:
    """Every page's script, as AppTest.switch_page takes it."""
    return tuple(p.path for p in PAGES)


def address(page: Page) -> str:
    """The page's path in the browser: '' for the default page (the app's root)."""
    return "" if page is DEFAULT else page.url_path
