"""The engine with the coordinator's store: resolutions, rejected matches, emailed reports, roster edits, the CLI."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd

from campaign.names import fold_name
from campaign.report import build_report
from campaign.store import CHASES, EMAIL_REPORTS, RESOLUTIONS, chase_summary, empty_store, new_id
from data_sources.sqlite_store import SqliteStore
from tests.sheets import SMALL_ROSTER, sheet, ticked

ROOT = Path(__file__).resolve().parent.parent
QTY = ("webinar", "article", "itu_session", "banner", "participants")

ROWS = [
    {"timestamp": "17/05/2021 10:23:45", "agency_code": "P01", "agency_name": "Sở TT&TT Hà Nội", "activities": ticked("rally")},
    # no roster agency by name: unmatched until resolved
    {"timestamp": "20/05/2021 08:00:00", "agency_name": "Văn phòng Sở Hà Tĩnh", "activities": ticked("article")},
    # a close-name match (Hồ Chí Minh) the coordinator may reject
    {"timestamp": "02/06/2021 08:15:00", "agency_name": "Sở TT&TT TP Hồ Chí Min", "activities": ticked("rally")},
]


def store_with(**entries) -> object:
    store = empty_store(QTY)
    tables = dict(store.tables)
    for kind, rows in entries.items():
        frame = pd.DataFrame(rows).reindex(columns=tables[kind].columns, fill_value="").fillna("").astype(object)
        tables[kind] = frame
    return dataclasses.replace(store, tables=tables)


def resolution(name, decision, code="", at="2021-06-01T09:00:00+07:00"):
    return {"id": new_id(), "name_key": fold_name(name), "typed_name": name, "decision": decision, "agency_code": code, "at": at}


def report(config, store=None, rows=ROWS):
    return build_report(dataclasses.replace(sheet(*rows), store=store), config)


def status(rep, code):
    return rep.agencies.set_index("code").at[code, "status"]


def test_a_resolution_matches_the_row_with_kind_resolved_and_the_agency_reports(config):
    before = report(config)
    assert status(before, "P42") == "missing"
    assert before.submissions["match"].tolist()[1] == "none"
    after = report(config, store_with(resolutions=[resolution("Văn phòng Sở Hà Tĩnh", "agency", "P42")]))
    row = after.submissions.iloc[1]
    assert (row["match"], row["agency_code"], row["category"]) == ("resolved", "P42", "counted")
    assert status(after, "P42") == "on_time"
    assert "unmatched_name" not in set(after.issues["issue"])


def test_an_undone_resolution_no_longer_applies(config):
    entries = [
        resolution("Văn phòng Sở Hà Tĩnh", "agency", "P42", at="2021-06-01T09:00:00+07:00"),
        resolution("Văn phòng Sở Hà Tĩnh", "undo", at="2021-06-01T09:10:00+07:00"),
    ]
    after = report(config, store_with(resolutions=entries))
    assert after.submissions["match"].tolist()[1] == "none"
    assert status(after, "P42") == "missing"


def test_a_rejected_close_name_match_becomes_unmatched(config):
    before = report(config)
    assert before.submissions["match"].tolist()[2] == "fuzzy" and status(before, "P79") == "on_time"
    after = report(config, store_with(resolutions=[resolution("Sở TT&TT TP Hồ Chí Min", "not_on_roster")]))
    row = after.submissions.iloc[2]
    assert (row["match"], row["agency_code"], row["category"]) == ("not_on_roster", "", "unmatched")
    assert status(after, "P79") == "missing"
    assert after.accounting["rows_unmatched"] == before.accounting["rows_unmatched"] + 1


def test_a_resolution_never_overrides_a_typed_code(config):
    after = report(config, store_with(resolutions=[resolution("Sở TT&TT Hà Nội", "agency", "P35")]))
    assert after.submissions.iloc[0]["agency_code"] == "P01"


def test_emailed_reports_are_rows_with_source_email_and_the_same_on_time_rule(config):
    emailed = [
        {
            "id": "e1",
            "received_at": "2021-06-03T23:59:59+07:00",
            "agency_code": "P35",
            "activities": ticked("banner"),
            "banner": "7",
        },
        {
            "id": "e2",
            "received_at": "2021-06-04T00:00:00+07:00",
            "agency_code": "G18",
            "activities": ticked("article"),
            "article": "2",
        },
        {"id": "e2", "received_at": "2021-06-04T00:00:00+07:00", "agency_code": "G18", "activities": ticked("article")},  # retry
    ]
    store = store_with(email_reports=emailed)
    from campaign.store import entries_frame

    store = dataclasses.replace(
        store,
        tables={**store.tables, EMAIL_REPORTS: entries_frame(store[EMAIL_REPORTS].values.tolist(), tuple(store[EMAIL_REPORTS]))},
    )
    rep = report(config, store)
    assert rep.accounting["rows_read"] == len(ROWS) + 2
    email_rows = rep.submissions[rep.submissions["source"] == "email"]
    assert email_rows["agency_code"].tolist() == ["P35", "G18"]
    assert set(rep.submissions["source"]) == {"form", "email"}
    assert status(rep, "P35") == "on_time"  # the last second before the deadline
    assert status(rep, "G18") == "late"  # the deadline itself is late
    assert int(rep.submissions.set_index("agency_code").at["P35", "banner"]) == 7
    assert sum(rep.accounting[k] for k in rep.accounting if k != "rows_read") == rep.accounting["rows_read"]


def test_roster_edits_from_the_store_and_retired_agencies(config):
    edits = SMALL_ROSTER.copy()
    edits.columns = ["code", "name", "group", "email", "phone", "aliases", "province_code"][: len(edits.columns)]
    edits = edits[edits["code"].isin(["P42", "G18"])].reset_index(drop=True)
    edits["email"] = ["vanthu@stttt-hatinh.example", ""]
    edits["retired"] = ["", "2021-06-01"]
    rows = [
        {
            "timestamp": "20/05/2021 08:00:00",
            "email": "vanthu@stttt-hatinh.example",
            "agency_name": "?",
            "activities": ticked("rally"),
        }
    ]
    store = dataclasses.replace(empty_store(QTY), tables={**empty_store(QTY).tables, "roster": edits})
    rep = report(config, store, rows)
    assert status(rep, "P42") == "on_time"  # matched by the email added in the store
    assert "G18" not in set(rep.agencies["code"])  # retired: no longer expected


def test_chase_summary_counts_and_last_contact():
    chases = pd.DataFrame(
        {"agency_code": ["P01", "P01", "P35"], "contacted_at": ["2021-06-01T09:00:00+07:00", "2021-06-02T10:00:00+07:00", "bad"]}
    )
    out = chase_summary(chases, ["P01", "P35", "P42"]).set_index("code")
    assert out["contacts"].tolist() == [2, 1, 0]
    assert out.at["P01", "last_contact"] == pd.Timestamp("2021-06-02T03:00:00Z")
    assert pd.isna(out.at["P42", "last_contact"])


def test_the_cli_applies_the_same_store(tmp_path, config):
    responses_csv = tmp_path / "responses.csv"
    from tests.sheets import responses

    responses(*ROWS).to_csv(responses_csv, index=False, encoding="utf-8")
    roster_csv = tmp_path / "roster.csv"
    SMALL_ROSTER.to_csv(roster_csv, index=False, encoding="utf-8-sig")
    store_path = tmp_path / "store.sqlite"
    store = SqliteStore(store_path, config)
    store.append(RESOLUTIONS, resolution("Văn phòng Sở Hà Tĩnh", "agency", "P42"))
    store.append(
        EMAIL_REPORTS,
        {"id": "e1", "received_at": "2021-06-05T08:00:00+07:00", "agency_code": "G18", "activities": ticked("rally")},
    )
    store.append(CHASES, {"id": "c1", "agency_code": "P35", "contacted_at": "2021-06-01T08:00:00+07:00"})
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "campaign",
            "report",
            "--responses",
            str(responses_csv),
            "--agencies",
            str(roster_csv),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "CAMPAIGN_STORE_PATH": str(store_path)},
    )
    assert result.returncode == 0, result.stderr
    status_csv = pd.read_csv(out / "agency_status.csv", dtype=str, encoding="utf-8-sig").set_index("code")["status"]
    assert status_csv["P42"] == "on_time" and status_csv["G18"] == "late"
