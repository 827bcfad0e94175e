"""The coordinator's desk without Streamlit: each action a plain function over plain values and a store."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from campaign import desk, export
from campaign.errors import CampaignError
from campaign.report import build_report
from campaign.roster import read_default_roster
from campaign.store import CHASES, EMAIL_REPORTS, NOT_ON_ROSTER, RESOLUTIONS, entries_frame
from data_sources.files import FileSource
from data_sources.sqlite_store import SqliteStore
from data_sources.store import StoreWriteError
from presentation import views

SHEET_HEADER = "Dấu thời gian,Tên cơ quan, đơn vị,Các hoạt động đã triển khai\n".replace(
    "Tên cơ quan, đơn vị", '"Tên cơ quan, đơn vị"'
).encode()


def received(config, day=2, hour=10):
    return dt.datetime(2021, 6, day, hour, 0, tzinfo=config.tz)


def emailed(config, code="P01", nonce="form-1", **extra):
    values = {"agency_code": code, "received_at": received(config), "ticked": ["rally"], "by": "Lan", "nonce": nonce}
    return desk.email_report(config, **(values | extra))


def test_the_same_content_retried_keeps_its_id_whenever_it_is_saved(config, monkeypatch):
    first = emailed(config)
    monkeypatch.setattr(desk, "now_iso", lambda tz: "2099-01-01T00:00:00+07:00")  # saved again a minute later
    again = emailed(config)
    assert first["id"] == again["id"]
    assert first["at"] != again["at"]


def test_a_changed_form_is_a_new_entry_and_a_new_form_too(config):
    first = emailed(config)
    assert emailed(config, code="P02")["id"] != first["id"]
    assert emailed(config, quantities={"banner": 3})["id"] != first["id"]
    assert emailed(config, nonce="form-2")["id"] != first["id"]  # the same words, typed again after a save


class LosesAnswers(SqliteStore):
    """Stores the row, then the answer is lost (as a Google 503 after the write): the caller sees a failure."""

    def append(self, kind, entry):
        super().append(kind, entry)
        raise StoreWriteError("no answer", "không có phản hồi")


def test_a_correction_after_a_lost_answer_is_kept_and_a_retry_counts_once(tmp_path, config):
    lossy, store = LosesAnswers(tmp_path / "s.sqlite", config), SqliteStore(tmp_path / "s.sqlite", config)
    wrong = emailed(config, code="P01")
    with pytest.raises(StoreWriteError):
        desk.record(lossy, EMAIL_REPORTS, wrong)
    desk.record(store, EMAIL_REPORTS, emailed(config, code="P01"))  # the same form saved again: the same entry
    desk.record(store, EMAIL_REPORTS, emailed(config, code="P02"))  # the person corrects the agency, same form
    saved = store.read()[EMAIL_REPORTS]
    assert sorted(saved["agency_code"]) == ["P01", "P02"]
    sheet = FileSource(config, SHEET_HEADER, "responses.csv")
    raw = sheet.read()
    report = build_report(dataclasses.replace(raw, store=store.read()), config)
    reported = report.agencies.set_index("code")["status"]
    assert reported["P01"] == reported["P02"] == "on_time"
    assert report.accounting["rows_read"] == 2
    # Named by where they came from: never a sheet row number.
    subs = export.tables(report)["submissions"]
    assert subs[["row", "source"]].values.tolist() == [["E1", "email"], ["E2", "email"]]
    assert views.submissions_table(report, "vi")["row"].tolist() == ["E1", "E2"]


def test_a_chase_and_a_resolution_are_entries_of_their_kind(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    contact = desk.chase(
        config,
        agency_code="P01",
        contacted_at=received(config),
        channel="phone",
        contact=" Chị Lan ",
        promised=dt.date(2021, 6, 3),
        by="Lan",
        nonce="n",
    )
    desk.record(store, CHASES, contact)
    decided = desk.resolution(
        config, name_key="so tttt ha noi", typed_name="Sở TTTT Hà Nội", agency_code="P01", by="Lan", nonce="n"
    )
    rejected = desk.resolution(config, name_key="cong an", typed_name="Công an", agency_code=NOT_ON_ROSTER, by="Lan", nonce="n")
    for entry in (decided, rejected):
        desk.record(store, RESOLUTIONS, entry)
    data = store.read()
    assert data[CHASES].iloc[0][["agency_code", "contact", "promised_date"]].tolist() == ["P01", "Chị Lan", "2021-06-03"]
    assert data[RESOLUTIONS][["decision", "agency_code"]].values.tolist() == [["agency", "P01"], [NOT_ON_ROSTER, ""]]


def test_an_email_report_needs_an_agency_and_known_activities(config):
    with pytest.raises(Exception, match="agency"):
        emailed(config, code="")
    with pytest.raises(Exception, match="nonsense"):
        emailed(config, ticked=["nonsense"])


def test_a_roster_change_is_validated_then_only_what_changed_is_saved(tmp_path, config):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    base = read_default_roster(config.campaign.roster)
    assert desk.change_roster(store, base, base.copy(), "Lan") == 0
    twin = base.copy()
    twin.loc[1, "code"] = twin.loc[0, "code"]
    with pytest.raises(desk.RosterInvalid) as refused:
        desk.change_roster(store, base, twin, "Lan")
    assert "Mã bị trùng" in refused.value.message("vi")
    edited = base.copy()
    edited.loc[0, "phone"] = "024 1234 5678"
    assert desk.change_roster(store, base, edited, "Lan") == 1
    assert store.read().tables["roster"]["phone"].tolist() == ["024 1234 5678"]


def test_candidates_are_the_names_the_coordinator_may_decide_on(config):
    responses = pd.DataFrame(
        {
            "Dấu thời gian": ["01/06/2021 09:00:00", "01/06/2021 10:00:00", "01/06/2021 11:00:00"],
            "Tên cơ quan, đơn vị": ["Sở Thông tin và Truyền thông Hà Nội", "Công an tỉnh Nghệ An", "Công an tỉnh Nghệ An"],
            "Các hoạt động đã triển khai": ["Tổ chức mít-tinh kỷ niệm"] * 3,
        }
    )
    report = build_report(FileSource(config, responses.to_csv(index=False).encode(), "r.csv").read(), config)
    candidates = desk.resolution_candidates(report)
    assert candidates["typed_name"].tolist() == ["Công an tỉnh Nghệ An"]
    assert candidates["rows"].tolist() == ["3, 4"]


def test_every_entry_says_who_made_it(tmp_path, config):
    with pytest.raises(CampaignError, match="Người nhập"):
        emailed(config, by="  ")
    base = read_default_roster(config.campaign.roster)
    with pytest.raises(CampaignError, match="Người nhập"):
        desk.change_roster(SqliteStore(tmp_path / "s.sqlite", config), base, base, "")


def test_the_store_cells_are_vietnamese_words_read_back_in_either_language(config):
    contact = desk.chase(config, agency_code="P01", contacted_at=received(config), channel="letter", by="Lan", nonce="n")
    decided = desk.resolution(config, name_key="k", typed_name="K", agency_code=NOT_ON_ROSTER, by="Lan", nonce="n")
    assert (contact["channel"], decided["decision"]) == ("Công văn", "Không thuộc danh sách đơn vị")
    columns = ("id", "channel", "decision")
    rows = [
        ["1", "Công văn", "Là đơn vị"],
        ["2", "official letter", "is the agency"],
        ["3", "letter", "agency"],
        ["4", "Bồ câu", "?"],
    ]
    read = entries_frame(rows, columns)
    assert read["channel"].tolist() == ["letter", "letter", "letter", "Bồ câu"]
    assert read["decision"].tolist() == ["agency", "agency", "agency", "?"]


def test_typed_text_is_cleaned_and_bounded_before_it_is_stored(config):
    """A 9 MB note is no note: every field is cut at [limits] max_cell_chars; hidden and control characters go."""
    huge = "x" * (config.limits.max_cell_chars * 3)
    entry = desk.chase(
        config,
        agency_code="P01",
        contacted_at=received(config),
        channel="phone",
        contact="Chị\u202e Lan\x07",
        note=huge,
        by="Lan\u200b",
        nonce="n",
    )
    assert len(entry["note"]) == config.limits.max_cell_chars and entry["note"].endswith("…")
    assert entry["contact"] == "Chị Lan" and entry["by"] == "Lan"
    assert "dòng 1\ndòng 2" == desk.clean_text("dòng 1\ndòng 2", 100)  # a line break is text


def test_a_day_holds_at_most_max_entries_per_day_and_the_next_day_starts_again(tmp_path, config, monkeypatch):
    store = SqliteStore(tmp_path / "s.sqlite", config)
    monkeypatch.setattr(desk, "now_iso", lambda tz: "2021-06-02T09:00:00+07:00")
    for i in range(3):
        desk.record(store, EMAIL_REPORTS, emailed(config, nonce=f"form-{i}"), per_day=3)
    with pytest.raises(desk.TooManyEntries) as refused:
        desk.record(store, EMAIL_REPORTS, emailed(config, nonce="form-x"), per_day=3)
    assert "max_entries_per_day = 3" in refused.value.message("en") and "chưa lưu gì" in refused.value.message("vi")
    assert len(store.read()[EMAIL_REPORTS]) == 3 and store.read()[CHASES].empty  # nothing written
    monkeypatch.setattr(desk, "now_iso", lambda tz: "2021-06-03T08:00:00+07:00")
    desk.record(store, EMAIL_REPORTS, emailed(config, nonce="form-next-day"), per_day=3)
    assert len(store.read()[EMAIL_REPORTS]) == 4


def test_the_day_is_counted_from_the_store_as_last_read_when_given_without_reading_it_again(tmp_path, config, monkeypatch):
    class NoReads(SqliteStore):
        def read(self):
            raise AssertionError("read again")

    store = SqliteStore(tmp_path / "s.sqlite", config)
    monkeypatch.setattr(desk, "now_iso", lambda tz: "2021-06-02T09:00:00+07:00")
    desk.record(store, EMAIL_REPORTS, emailed(config, nonce="form-1"), per_day=2)
    as_read = store.read()
    blind = NoReads(tmp_path / "s.sqlite", config)
    desk.record(blind, EMAIL_REPORTS, emailed(config, nonce="form-2"), per_day=2, saved=as_read)
    with pytest.raises(desk.TooManyEntries):
        desk.record(blind, EMAIL_REPORTS, emailed(config, nonce="form-3"), per_day=2, saved=store.read())
