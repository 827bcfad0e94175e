"""The coordinator's store in the Google Sheet's own tabs, against the fake Sheets API: requests counted."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from sheet_samples import SHEET_KEY, SHEET_TITLE, sample_answers, sample_roster_rows, sheet_values

from campaign.roster import ROSTER_COLUMNS
from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS, new_id
from data_sources.gsheets import GoogleSheetSource, RebasedSession
from data_sources.http import RetryPolicy
from data_sources.store import RosterConflict, StoreMaybeSaved, StoreReadOnly, StoreWriteError

pytest_plugins = ["fake_sheets"]

FAST = RetryPolicy(attempts=2, first_wait=0.01, max_total=1.0)


def add(google, config, roster=True, editor=True, extra=None):
    tabs = {config.sheet.responses_tab: sheet_values(config, sample_answers(config))}
    if roster:
        tabs[config.sheet.roster_tab] = sample_roster_rows()
    tabs.update(extra or {})
    google.add_sheet(SHEET_KEY, SHEET_TITLE, "Asia/Ho_Chi_Minh", tabs, editor=editor)


def source(config, google, key_info, writes=True):
    return GoogleSheetSource(config, SHEET_KEY, key_info, session=RebasedSession(google.url), retry=FAST, writes=writes)


def chase(**extra) -> dict:
    return {
        "id": new_id(),
        "agency_code": "P01",
        "contacted_at": "2021-06-01T09:00:00+07:00",
        "channel": "phone",
        "contact": "Chị Lan",
        "note": "=1+1",
        "promised_date": "2021-06-03",
        "by": "dntuyen",
        "at": "2021-06-01T09:05:00+07:00",
        **extra,
    }


def test_first_save_looks_the_tab_up_creates_it_and_writes_its_header_and_a_refresh_stays_at_two(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info)
    raw = sheet.read()
    assert google.sheets_requests == 2
    assert raw.store[CHASES].empty
    google.counts.clear()
    entry = chase()
    sheet.coordinator_store().append(CHASES, entry)
    # Looked up first (another process may have made it), created with an id Google assigns, then written.
    assert (google.sheets_requests, google.counts["metadata"], google.counts["batch_update"], google.counts["append"]) == (
        3,
        1,
        1,
        1,
    )
    tab = google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]
    assert tab[0] == config.store.tabs[CHASES].header_row
    assert tab[1][0] == entry["id"] and tab[1][5] == "=1+1"  # a string cell, never a formula
    # The next save appends (RAW), one request.
    google.counts.clear()
    sheet.coordinator_store().append(CHASES, chase(agency_code="P02"))
    assert google.sheets_requests == 1 and google.counts["append"] == 1
    # A refresh reads the new tab in the same batchGet: still two requests.
    google.counts.clear()
    raw = sheet.read()
    assert google.sheets_requests == 2
    assert raw.store[CHASES]["agency_code"].tolist() == ["P01", "P02"]
    assert raw.store[CHASES]["note"].tolist() == ["=1+1", "=1+1"]


def test_with_all_three_tabs_a_refresh_is_still_two_requests(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    store = sheet.coordinator_store()
    store.append(
        RESOLUTIONS,
        {
            "id": new_id(),
            "name_key": "so ha nam",
            "typed_name": "Sở Hà Nam",
            "decision": "agency",
            "agency_code": "P35",
            "by": "x",
            "at": "2021-06-01T10:00:00+07:00",
        },
    )
    store.append(
        EMAIL_REPORTS,
        {
            "id": new_id(),
            "received_at": "2021-06-02T08:00:00+07:00",
            "agency_code": "P02",
            "activities": "Khác",
            "article": 3,
            "by": "x",
            "at": "2021-06-02T08:05:00+07:00",
        },
    )
    store.append(CHASES, chase())
    google.counts.clear()
    raw = sheet.read()
    assert (google.counts["metadata"], google.counts["values"], google.sheets_requests) == (1, 1, 2)
    assert raw.store[RESOLUTIONS]["agency_code"].tolist() == ["P35"]
    assert raw.store[EMAIL_REPORTS]["article"].tolist() == ["3"]


def test_a_repeated_id_in_the_tab_is_read_once(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    entry = chase()
    sheet.coordinator_store().append(CHASES, entry)
    sheet.coordinator_store().append(CHASES, entry)  # a retry after a lost answer wrote the row twice
    assert len(google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]) == 3
    assert len(sheet.read().store[CHASES]) == 1


def test_with_writes_off_the_read_only_scope_is_asked_and_saving_says_how_to_switch_on(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info, writes=False)
    sheet.read()
    assert (
        google.token_claims[-1]["scope"]
        == "https://www.googleapis.com/auth/spreadsheets.readonly https://www.googleapis.com/auth/drive.readonly"
    )
    with pytest.raises(StoreReadOnly) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert "store_writes" in caught.value.en and "store_writes" in caught.value.vi
    assert google.write_requests == 0


def test_writes_on_ask_the_read_write_sheets_scope_only(config, google, key_info):
    add(google, config)
    source(config, google, key_info).read()
    assert google.token_claims[-1]["scope"] == "https://www.googleapis.com/auth/spreadsheets"


def test_viewer_access_is_said_in_both_languages_and_reading_keeps_working(config, google, key_info):
    add(google, config, editor=False)
    sheet = source(config, google, key_info)
    raw = sheet.read()
    with pytest.raises(StoreReadOnly) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert "Editor" in caught.value.en and "Người chỉnh sửa (Editor)" in caught.value.vi
    assert not raw.responses.empty


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_failed_write_says_what_failed_and_nothing_is_written(config, google, key_info, status):
    add(google, config, extra={"Nhật ký đôn đốc": [config.store.tabs[CHASES].header_row]})
    sheet = source(config, google, key_info)
    sheet.read()
    google.fail("append", status, times=5)
    with pytest.raises(StoreWriteError) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert f"HTTP {status}" in caught.value.en and "Lưu lại" in caught.value.vi
    assert len(google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]) == 1


def test_no_network_on_save_is_said(config, google, key_info):
    add(google, config)
    sheet = GoogleSheetSource(config, SHEET_KEY, key_info, session=RebasedSession(google.url), retry=FAST, writes=True)
    sheet.read()
    sheet._session = RebasedSession("http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(StoreWriteError) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert "no network" in caught.value.en and "mất mạng" in caught.value.vi


def test_a_changed_header_names_the_tab_and_the_expected_headers_and_the_rest_reads(config, google, key_info):
    spec = config.store.tabs[CHASES]
    bad = [["Mã", "Đơn vị", "Ngày"], ["x", "P01", "2021-06-01"]]
    add(google, config, extra={spec.title: bad})
    sheet = source(config, google, key_info)
    raw = sheet.read()
    (problem,) = raw.store.problems
    assert spec.title in problem.en and " | ".join(spec.header_row) in problem.en
    assert spec.title in problem.vi
    assert raw.store[CHASES].empty and not raw.responses.empty
    with pytest.raises(StoreWriteError) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert spec.title in caught.value.en
    assert google.write_requests == 0


def test_a_renamed_tab_is_said_not_recreated(config, google, key_info):
    spec = config.store.tabs[CHASES]
    add(google, config, extra={spec.title + " (cũ)": [spec.header_row]})
    raw = source(config, google, key_info).read()
    (problem,) = raw.store.problems
    assert f"'{spec.title}'" in problem.en and spec.title + " (cũ)" in problem.en


def _roster(sheet_rows):
    header = [str(h) for h in sheet_rows[0]]
    frame = pd.DataFrame([r + [""] * (len(header) - len(r)) for r in sheet_rows[1:]], columns=header)
    for c in ROSTER_COLUMNS:
        if c not in frame:
            frame[c] = ""
    return frame[list(ROSTER_COLUMNS)].astype(str)


def test_roster_save_writes_only_changed_rows_and_refuses_over_another_edit(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    base = _roster(sample_roster_rows())
    mine = base.copy()
    mine.loc[0, "email"] = "vanthu@hanoi.example"
    google.counts.clear()
    assert sheet.coordinator_store().save_roster(base, mine.iloc[[0]], "coordinator 1") == 1
    assert google.counts["values_get"] == 1 and google.counts["update"] == 1  # the check, then one write
    (write,) = [w for w in google.writes if w[0] == "update"]
    assert len(write[2]) == 2  # the header (new columns) and the one changed row, not the whole tab
    # Someone else, still holding the roster as read before, edits the same row: refused, theirs shown.
    theirs = base.copy()
    theirs.loc[0, "phone"] = "024 000"
    with pytest.raises(RosterConflict) as caught:
        sheet.coordinator_store().save_roster(base, theirs.iloc[[0]], "coordinator 2")
    assert caught.value.theirs["email"].tolist() == ["vanthu@hanoi.example"]
    assert "024 000" not in str(google.spreadsheets[SHEET_KEY].tabs[config.sheet.roster_tab])


# --- a tab made elsewhere, or by our own try whose answer was lost (#21) ------------------------------------------


def test_a_lost_answer_on_the_save_that_creates_a_tab_never_leaves_saving_stuck(config, google, key_info):
    """Google makes the tab but its answer is lost: the client's retry meets "already exists", takes it as made,
    and writes the header and the row once."""
    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    google.lose("batch_update", times=1)
    entry = chase()
    sheet.coordinator_store().append(CHASES, entry)
    assert google.counts["batch_update"] == 2  # the retry, answered "already exists"
    tab = google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]
    assert tab == [config.store.tabs[CHASES].header_row, tab[1]] and tab[1][0] == entry["id"]


def test_a_save_whose_every_answer_is_lost_is_saved_again_and_counts_once(config, google, key_info):
    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    google.lose("batch_update", times=5)
    google.lose("append", times=5)  # every try of the write stores the row, none is answered
    entry = chase()
    with pytest.raises(StoreWriteError):
        sheet.coordinator_store().append(CHASES, entry)
    google.lost.clear()
    sheet.coordinator_store().append(CHASES, entry)  # the person presses Save again: no "already exists" stops it
    tab = google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]
    assert tab[0] == config.store.tabs[CHASES].header_row
    assert sum(row[0] == entry["id"] for row in tab) >= 2  # the row (and the header, retried with it) more than once …
    read = sheet.read().store
    assert read[CHASES]["id"].tolist() == [entry["id"]] and not read.problems  # … and it counts once


def test_a_tab_another_process_created_since_our_read_is_appended_to(config, google, key_info):
    add(google, config)
    ours, theirs = source(config, google, key_info), source(config, google, key_info)
    ours.read()
    theirs.read()
    theirs.coordinator_store().append(CHASES, chase(agency_code="P01"))
    ours.coordinator_store().append(CHASES, chase(agency_code="P02"))  # ours still thinks the tab is missing
    tab = google.spreadsheets[SHEET_KEY].tabs["Nhật ký đôn đốc"]
    assert tab[0] == config.store.tabs[CHASES].header_row and [r[1] for r in tab[1:]] == ["P01", "P02"]
    assert ours.read().store[CHASES]["agency_code"].tolist() == ["P01", "P02"]


def test_two_processes_creating_tabs_at_once_both_succeed(config, google, key_info):
    """Each sees no tab, both ask to create different tabs: Google assigns the ids, so neither is refused."""
    add(google, config)
    first, second = source(config, google, key_info), source(config, google, key_info)
    first.read()
    second.read()
    first.coordinator_store().append(CHASES, chase())
    second.coordinator_store().append(
        RESOLUTIONS,
        {"id": new_id(), "name_key": "k", "typed_name": "Sở X", "decision": "agency", "agency_code": "P01", "by": "b", "at": "a"},
    )
    store = first.read().store
    assert len(store[CHASES]) == 1 and store[RESOLUTIONS]["agency_code"].tolist() == ["P01"]
    assert not store.problems


def test_a_save_google_never_answers_is_answered_within_ten_seconds_and_may_be_saved(config, google, key_info):
    """The source's own (slow, patient) read policy does not apply to a save a person waits for."""
    add(google, config, extra={"Nhật ký đôn đốc": [config.store.tabs[CHASES].header_row]})
    sheet = GoogleSheetSource(config, SHEET_KEY, key_info, session=RebasedSession(google.url), writes=True)
    sheet.read()
    google.stalls["append"] = 12.0
    started = time.monotonic()
    with pytest.raises(StoreMaybeSaved) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert time.monotonic() - started < 10
    assert caught.value.message("vi").startswith("Có thể đã lưu: Google không trả lời")
    assert "không bị tính hai lần" in caught.value.message("vi") and "not be counted twice" in caught.value.message("en")


def test_a_server_error_after_the_write_says_maybe_saved_and_quota_says_not_saved(config, google, key_info):
    add(google, config, extra={"Nhật ký đôn đốc": [config.store.tabs[CHASES].header_row]})
    sheet = source(config, google, key_info)
    sheet.read()
    google.lose("append", times=2)
    with pytest.raises(StoreMaybeSaved):
        sheet.coordinator_store().append(CHASES, chase())
    google.fail("append", 429, times=2)
    with pytest.raises(StoreWriteError) as caught:
        sheet.coordinator_store().append(CHASES, chase())
    assert not isinstance(caught.value, StoreMaybeSaved) and "chưa lưu" in caught.value.message("vi")


def test_the_link_checks_results_go_to_the_sheet_in_one_request_not_one_per_link(config, google, key_info):
    """A thousand links checked would be a thousand writes, past the Sheets API's quota: one append takes them all."""
    import datetime as dt

    from campaign.store import LINK_CHECKS
    from data_sources.links import LinkChecker, check_links

    add(google, config)
    sheet = source(config, google, key_info)
    sheet.read()
    google.counts.clear()
    urls = [f"https://nowhere-{i}.example/anh.jpg" for i in range(300)]

    def nowhere(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    results = check_links(
        urls, sheet.coordinator_store(), config, LinkChecker(resolve=nowhere), today=dt.date(2021, 6, 2), by="t"
    )
    assert len(results) == 300 and google.counts["append"] == 1
    logged = sheet.read().store[LINK_CHECKS]
    assert logged["url"].tolist() == urls and set(logged["state"]) == {"broken"}
