"""The coordinator's store, as data: name resolutions, reports received by email, the chase log and roster edits.

Pure pandas. The tabs' names and headers come from campaign.toml ([store.*]); data_sources/ reads and
writes them (a Google Sheet's tabs, or an embedded SQLite file). Every entry carries an id: an entry
written twice (a retried save) is read once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from campaign.bilingual import Bilingual
from campaign.document_inputs import INPUT_KEYS
from campaign.match_kinds import NOT_ON_ROSTER

if TYPE_CHECKING:
    from campaign.config import TabSpec  # config imports this module

# The kinds of entry, each a log appended to and never rewritten, with its columns (keys) in order.
RESOLUTIONS, EMAIL_REPORTS, CHASES = "resolutions", "email_reports", "chases"
DOCUMENT_SETTINGS = "document_settings"  # what the coordinator typed for the documents (campaign/document_inputs.py)
MAIL_MARKS = "mail_marks"  # the coordinator's "not a report" on an email of the mailbox (campaign/mail_candidates.py)
# Evidence (issue #25): what a link check found (at most one check per link per day), and the photos the coordinator
# chose for the reports with their captions (the latest entry per link counts; chosen = "" takes a photo out).
LINK_CHECKS, REPORT_PHOTOS = "link_checks", "report_photos"
KINDS = (RESOLUTIONS, EMAIL_REPORTS, CHASES, DOCUMENT_SETTINGS, MAIL_MARKS, LINK_CHECKS, REPORT_PHOTOS)
BASE_COLUMNS = {
    RESOLUTIONS: ("id", "name_key", "typed_name", "decision", "agency_code", "by", "at"),
    # Quantity columns are the campaign's (its quantity fields and participants), put in after "activities".
    EMAIL_REPORTS: ("id", "received_at", "agency_code", "activities", "evidence", "notes", "email_ref", "by", "at"),
    CHASES: ("id", "agency_code", "contacted_at", "channel", "contact", "note", "promised_date", "by", "at"),
    DOCUMENT_SETTINGS: ("id", *INPUT_KEYS, "by", "at"),
    MAIL_MARKS: ("id", "message_id", "subject", "decision", "by", "at"),
    LINK_CHECKS: ("id", "url", "checked_on", "state", "status", "content_type", "final_url", "detail", "by", "at"),
    REPORT_PHOTOS: ("id", "url", "chosen", "caption_vi", "caption_en", "by", "at"),
}
# A resolution's decision: the row is this agency's, the name is no roster agency's, or the earlier decision is undone.
AGENCY, UNDO = "agency", "undo"
NOT_A_REPORT = "not_a_report"  # a mail mark's decision (UNDO takes it back)
DECISIONS = (AGENCY, NOT_ON_ROSTER, UNDO)
CHANNELS = ("email", "phone", "letter", "zalo", "other")  # what the coordinator records by hand
# A reminder the app tried to email and the server did not take: logged with the server's answer, never a contact.
EMAIL_FAILED = "email_failed"
# What the cells of a store tab say for a code: the staff read the sheet, so Vietnamese is written; a cell is read back
# in either language, or as the code itself (tabs written before the words were Vietnamese).
CELL_WORDS: dict[str, dict[str, Bilingual]] = {
    "channel": {
        "email": Bilingual("Email", "Email"),
        "phone": Bilingual("Điện thoại", "Phone"),
        "letter": Bilingual("Công văn", "Official letter"),
        "zalo": Bilingual("Zalo", "Zalo"),
        "other": Bilingual("Khác", "Other"),
        EMAIL_FAILED: Bilingual("Email không gửi được", "Email not sent"),
    },
    "decision": {
        AGENCY: Bilingual("Là đơn vị", "Is the agency"),
        NOT_ON_ROSTER: Bilingual("Không thuộc danh sách đơn vị", "Not on the roster"),
        UNDO: Bilingual("Hủy quyết định", "Decision undone"),
        NOT_A_REPORT: Bilingual("Không phải báo cáo", "Not a report"),
    },
}
_CODE_OF = {
    column: {key: code for code, word in words.items() for key in (code, word.vi.casefold(), word.en.casefold())}
    for column, words in CELL_WORDS.items()
}


def cell_word(column: str, code: str) -> str:
    """The Vietnamese word a store tab's cell holds for a code (the code itself for a column without words)."""
    word = CELL_WORDS.get(column, {}).get(code)
    return word.vi if word is not None else code


def code_of(column: str, cell: str) -> str:
    """The code a cell means, whichever language it was written in; an unknown word is kept as it is."""
    return _CODE_OF.get(column, {}).get(cell.strip().casefold(), cell)


def store_columns(kind: str, quantity_keys: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of a kind of entry; the email reports' quantities after their activities."""
    base = BASE_COLUMNS[kind]
    if kind != EMAIL_REPORTS:
        return base
    at = base.index("activities") + 1
    return (*base[:at], *quantity_keys, *base[at:])


@dataclass(frozen=True)
class StoreProblem:
    """A store tab that cannot be read as it is (renamed, header changed): the rest of the app keeps working."""

    kind: str
    en: str
    vi: str

    def message(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class StoreData:
    """The store as read: one frame per kind (text cells, ids unique), and the tabs that could not be read."""

    tables: dict[str, pd.DataFrame]
    problems: tuple[StoreProblem, ...] = ()
    source: str = "store"
    tabs_found: frozenset[str] = field(default_factory=frozenset)  # kinds whose tab exists (the Sheet's)

    def __getitem__(self, kind: str) -> pd.DataFrame:
        return self.tables[kind]


def empty_table(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def empty_store(quantity_keys: tuple[str, ...] = (), source: str = "store") -> StoreData:
    return StoreData({k: empty_table(store_columns(k, quantity_keys)) for k in KINDS}, source=source)


def new_id() -> str:
    return uuid.uuid4().hex


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def entries_frame(rows: list[list], columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows of cells (in column order, ragged allowed) → a text frame; a repeated id keeps its first entry."""
    width = len(columns)
    cells = [[_text(v) for v in (list(r) + [""] * width)[:width]] for r in rows]
    frame = pd.DataFrame(cells, columns=list(columns), dtype=object) if cells else empty_table(columns)
    frame = frame[(frame != "").any(axis=1)] if len(frame) else frame
    frame = frame[(frame["id"] == "") | ~frame["id"].duplicated()]
    for column in set(CELL_WORDS) & set(frame.columns):
        frame[column] = frame[column].map(lambda cell, c=column: code_of(c, cell))
    return frame.reset_index(drop=True)


def _cells(row: list) -> list[str]:
    found = [_text(h) for h in row]
    while found and found[-1] == "":
        found.pop()
    return found


def is_header(spec: TabSpec, row: list) -> bool:
    """Whether a row is the tab's header row (trailing empty cells aside)."""
    return _cells(row) == spec.header_row


def check_header(spec: TabSpec, header: list, where: str) -> StoreProblem | None:
    """The tab's first row must be the configured headers (in order); otherwise a message naming both."""
    found = _cells(header)
    if found == spec.header_row:
        return None
    expected = " | ".join(spec.header_row)
    seen = " | ".join(found) or "(empty)"
    return StoreProblem(
        spec.kind,
        f"{where}: the tab '{spec.title}' does not have the expected header row ({expected}); it has ({seen}). "
        "Put the header row back as it was (or fix [store] in campaign.toml); until then this tab is neither read nor written",
        f"{where}: trang '{spec.title}' không có dòng tiêu đề như quy định ({expected}); đang có ({seen}). "
        "Hãy khôi phục dòng tiêu đề (hoặc sửa mục [store] trong campaign.toml); đến lúc đó trang này không được đọc và ghi",
    )


def missing_tab_problem(spec: TabSpec, where: str, tabs: list[str]) -> StoreProblem:
    """A tab once written is gone (renamed or deleted): said, never silently recreated empty."""
    return StoreProblem(
        spec.kind,
        f"{where}: the tab '{spec.title}' is missing (tabs: {', '.join(tabs)}); rename it back to '{spec.title}' "
        f"with the header row {' | '.join(spec.header_row)}",
        f"{where}: không thấy trang '{spec.title}' (các trang có: {', '.join(tabs)}); hãy đặt lại tên '{spec.title}' "
        f"với dòng tiêu đề {' | '.join(spec.header_row)}",
    )


# --- what the entries mean --------------------------------------------------------------------------------


def effective_resolutions(resolutions: pd.DataFrame) -> dict[str, str]:
    """name key → agency code or NOT_ON_ROSTER: the latest decision per name (an undo removes it)."""
    out: dict[str, str] = {}
    if resolutions is None or resolutions.empty:
        return out
    ordered = resolutions.assign(_n=range(len(resolutions))).sort_values(["at", "_n"], kind="stable")
    for key, decision, code in zip(ordered["name_key"], ordered["decision"], ordered["agency_code"]):
        if not key:
            continue
        if decision == UNDO:
            out.pop(key, None)
        elif decision == NOT_ON_ROSTER:
            out[key] = NOT_ON_ROSTER
        elif decision == AGENCY and code:
            out[key] = code
    return out


def chase_summary(chases: pd.DataFrame, codes: list[str] | pd.Series) -> pd.DataFrame:
    """Per agency code: how many contacts were recorded and when the last one was (NaT for none)."""
    codes = list(codes)
    if chases is not None and "channel" in chases:
        chases = chases[chases["channel"] != EMAIL_FAILED]  # a reminder that never left reached nobody
    if chases is None or chases.empty:
        return pd.DataFrame(
            {
                "code": codes,
                "contacts": 0,
                "last_contact": pd.Series(pd.NaT, index=range(len(codes)), dtype="datetime64[ns, UTC]"),
            }
        )
    when = pd.to_datetime(chases["contacted_at"], errors="coerce", utc=True, format="ISO8601")
    grouped = pd.DataFrame({"code": chases["agency_code"], "when": when}).groupby("code")["when"]
    out = pd.DataFrame({"code": codes})
    out["contacts"] = out["code"].map(grouped.size()).fillna(0).astype(int)
    out["last_contact"] = out["code"].map(grouped.max())
    return out


def now_iso(tz) -> str:
    return dt.datetime.now(tz).replace(microsecond=0).isoformat()


def apply_roster_edits(roster: pd.DataFrame, edits: pd.DataFrame | None) -> pd.DataFrame:
    """The roster with the store's edited and added agencies (by code) over it; retired ones kept (see active_roster)."""
    if edits is None or edits.empty:
        return roster
    edits = edits.reindex(columns=roster.columns, fill_value="").fillna("").astype(object)
    kept = roster[~roster["code"].isin(edits["code"])]
    edited = edits[edits["code"].isin(roster["code"])]
    added = edits[~edits["code"].isin(roster["code"])]
    order = {c: i for i, c in enumerate(roster["code"])}
    merged = pd.concat([kept, edited], ignore_index=True)
    merged = merged.assign(_o=merged["code"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    return pd.concat([merged, added], ignore_index=True).reset_index(drop=True)


def active_roster(roster: pd.DataFrame) -> pd.DataFrame:
    """Agencies still expected to report: the retired ones left out."""
    if "retired" not in roster:
        return roster
    return roster[roster["retired"].fillna("").astype(str).str.strip() == ""].reset_index(drop=True)
