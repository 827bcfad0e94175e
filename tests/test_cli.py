"""The command line through a subprocess, as a person runs it from the repository root."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from campaign.export import EXPORT_NAMES
from campaign.moments import AS_OF_FORMS
from tests.sheets import HEADERS, SMALL_ROSTER, responses, ticked, write_files

ROOT = Path(__file__).resolve().parent.parent

ROWS = [
    {"timestamp": "17/05/2021 10:23:45", "agency_code": "P01", "agency_name": "Sở TT&TT Hà Nội", "activities": ticked("rally")},
    {"timestamp": "03/06/2021 23:59:59", "agency_name": "Sở TTTT tỉnh Hà Tĩnh", "activities": ticked("article"), "article": "5"},
    {"timestamp": "04/06/2021 00:00:00", "agency_name": "Sở TT&TT Hà Nam", "activities": ticked("banner"), "banner": "1.200"},
    {},
    {"timestamp": "20/05/2021 08:00:00", "agency_name": "Phòng Thông tin", "activities": ticked("rally")},
]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "campaign", "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def statuses(out: Path) -> dict[str, str]:
    return {r["code"]: r["status"] for r in read_csv(out / "agency_status.csv")}


def summary(out: Path) -> dict[str, str]:
    return {r["indicator"]: r["value"] for r in read_csv(out / "campaign_summary.csv")}


@pytest.fixture
def files(tmp_path):
    """The response sheet as a CSV exported from Sheets, and the small roster as CSV."""
    return write_files(tmp_path, ROWS)


def assert_one_line_error(result: subprocess.CompletedProcess, *wanted: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    for text in wanted:
        assert text in lines[0]
    return lines[0]


def test_demo_writes_the_five_files(tmp_path):
    out = tmp_path / "out"
    result = run("--out", str(out))
    assert result.returncode == 0, result.stderr
    assert [Path(p).name for p in result.stdout.split()] == [f"{n}.csv" for n in EXPORT_NAMES]
    s = summary(out)
    parts = ("rows_counted", "rows_superseded", "rows_unmatched", "rows_undated", "rows_blank", "rows_after_as_of")
    assert int(s["rows_read"]) == sum(int(s[p]) for p in parts) > 0
    assert int(s["agencies_expected"]) == 126
    assert len(statuses(out)) == 126


def test_a_csv_response_file_with_a_roster_file(files, tmp_path):
    responses_csv, roster_csv = files
    out = tmp_path / "out"
    result = run("--responses", str(responses_csv), "--agencies", str(roster_csv), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert statuses(out) == {
        "P01": "on_time",
        "P31": "missing",
        "P35": "late",
        "P42": "on_time",
        "P79": "missing",
        "G18": "missing",
        "MIC-CVT": "missing",
        "VNPT": "missing",
    }
    s = summary(out)
    assert (s["rows_read"], s["rows_counted"], s["rows_blank"], s["rows_unmatched"]) == ("5", "3", "1", "1")


def test_a_csv_response_file_alone_uses_the_campaign_roster(files, tmp_path):
    out = tmp_path / "out"
    result = run("--responses", str(files[0]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    got = statuses(out)
    assert len(got) == 126
    assert (got["P01"], got["P42"], got["P35"], got["P24"]) == ("on_time", "on_time", "late", "missing")


def test_an_xlsx_workbook_with_datetimes_and_a_roster_tab(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu trả lời biểu mẫu 1"
    sheet.append(list(HEADERS.values()))
    sheet.append([dt.datetime(2021, 6, 3, 23, 59, 59), "", "", "Bộ Y tế", "", "", ticked("rally")])
    sheet.append([dt.datetime(2021, 6, 4, 0, 0, 0), "", "", "VNPT", "", "", ticked("banner"), 12])
    sheet.append([])
    sheet.append([dt.datetime(2021, 5, 20, 9, 0, 0), "", "", "Sở TT&TT TP.HCM", "", "", ticked("article"), None, "1.200"])
    roster = book.create_sheet("Danh sách đơn vị")
    roster.append(list(SMALL_ROSTER.columns))
    for values in SMALL_ROSTER.itertuples(index=False):
        roster.append(list(values))
    path = tmp_path / "bao_cao.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = run("--responses", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    got = statuses(out)
    assert set(got) == set(SMALL_ROSTER["code"])  # the roster tab, not the campaign's 126 agencies
    assert (got["G18"], got["VNPT"], got["P79"], got["P01"]) == ("on_time", "late", "on_time", "missing")
    subs = {r["row"]: r for r in read_csv(out / "submissions.csv")}
    assert subs["2"]["submitted_at"] == "2021-06-03T23:59:59+07:00"
    assert subs["4"]["category"] == "blank"
    assert subs["5"]["article"] == "1200"


def test_as_of_leaves_out_later_rows(files, tmp_path):
    responses_csv, roster_csv = files
    out = tmp_path / "out"
    result = run(
        "--responses", str(responses_csv), "--agencies", str(roster_csv), "--as-of", "2021-06-01T00:00", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    got = statuses(out)
    assert (got["P01"], got["P42"], got["P35"]) == ("on_time", "missing", "missing")
    s = summary(out)
    assert (s["rows_after_as_of"], s["rows_counted"], s["rows_read"]) == ("2", "1", "5")


def test_a_missing_file_is_one_line_and_status_2(tmp_path):
    missing = tmp_path / "khong_co.csv"
    assert_one_line_error(run("--responses", str(missing), "--out", str(tmp_path / "out")), str(missing), "not found")
    assert not (tmp_path / "out").exists()


def test_an_unreadable_file_is_one_line_and_status_2(tmp_path):
    folder = tmp_path / "thu_muc.csv"
    folder.mkdir()
    assert_one_line_error(run("--responses", str(folder), "--out", str(tmp_path / "out")), str(folder))
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Dấu thời gian,Tên\n".encode("utf-16"))
    assert_one_line_error(run("--responses", str(latin), "--out", str(tmp_path / "out")), "UTF-8")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert_one_line_error(run("--responses", str(broken), "--out", str(tmp_path / "out")), "XLSX")


def test_an_empty_sheet_is_one_line_and_status_2(tmp_path):
    empty = tmp_path / "trong.csv"
    empty.write_bytes(b"")
    assert_one_line_error(run("--responses", str(empty), "--out", str(tmp_path / "out")), "empty")
    book = openpyxl.Workbook()
    book.active.title = "Câu trả lời biểu mẫu 1"
    path = tmp_path / "trong.xlsx"
    book.save(path)
    assert_one_line_error(run("--responses", str(path), "--out", str(tmp_path / "out")), "empty")


def test_a_missing_required_header_names_it_and_the_headers_found(tmp_path):
    path = tmp_path / "sai_cot.csv"
    headers = {k: v for k, v in HEADERS.items() if k != "timestamp"} | {"timestamp": "Thời điểm"}
    responses(*ROWS, headers=headers).to_csv(path, index=False)
    line = assert_one_line_error(run("--responses", str(path), "--out", str(tmp_path / "out")), "'Dấu thời gian'")
    assert "'Thời điểm'" in line and "'Tên cơ quan, đơn vị'" in line


def test_duplicate_roster_codes_are_one_line_and_status_2(files, tmp_path):
    responses_csv, _ = files
    roster = tmp_path / "trung_ma.csv"
    SMALL_ROSTER.assign(code=["P01", "P31", "P35", "P01", "P79", "G18", "MIC-CVT", "VNPT"]).to_csv(roster, index=False)
    assert_one_line_error(run("--responses", str(responses_csv), "--agencies", str(roster), "--out", str(tmp_path / "o")), "P01")


def test_an_unreadable_as_of_is_one_line_and_status_2(tmp_path):
    assert_one_line_error(run("--as-of", "hôm qua", "--out", str(tmp_path / "out")), "--as-of")


def test_an_out_folder_that_cannot_be_written_is_one_line_and_status_2(tmp_path):
    taken = tmp_path / "la_tep.txt"
    taken.write_text("một tệp, không phải thư mục", encoding="utf-8")
    assert_one_line_error(run("--out", str(taken)), str(taken), "--out")


# --- dates as Vietnamese write them, groups, the demo mark ----------------------------------------------------


def report_as_of(files, out: Path, as_of: str) -> Path:
    """The CLI's report of the sample files as of `as_of` (as typed), written to `out`; it must succeed."""
    responses_csv, roster_csv = files
    result = run("--responses", str(responses_csv), "--agencies", str(roster_csv), "--as-of", as_of, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_as_of_in_the_vietnamese_order_is_day_first(files, tmp_path):
    """03/06/2021 is 3 June (it was read as 6 March: 0 agencies and no warning)."""
    out = report_as_of(files, tmp_path / "out", "03/06/2021")
    s = summary(out)
    assert (s["as_of"], s["rows_after_as_of"], s["agencies_reported"]) == ("2021-06-03T23:59:59+07:00", "1", "2")
    assert statuses(out)["P42"] == "on_time"  # 03/06/2021 23:59:59 is within the day


def test_as_of_deadline_is_the_last_moment_before_it(files, tmp_path):
    out = report_as_of(files, tmp_path / "out", "deadline")
    s = summary(out)
    assert s["as_of"] == "2021-06-03T23:59:59+07:00"
    got = statuses(out)
    assert (got["P42"], got["P35"]) == ("on_time", "missing")  # 23:59:59 in, 04/06 00:00:00 after


@pytest.mark.parametrize("typed", ["2021/06/03", "06-03-2021", "03/06/2021 25:00", "mai"])
def test_other_as_of_forms_are_refused_with_the_accepted_ones(tmp_path, typed):
    line = assert_one_line_error(run("--as-of", typed, "--out", str(tmp_path / "out")), "--as-of", "dd/mm/yyyy")
    assert AS_OF_FORMS in line and "deadline" in line
    assert not (tmp_path / "out").exists()


def test_group_filters_every_file_as_the_dashboard_does(tmp_path):
    out = tmp_path / "out"
    result = run("--group", "ministry", "--group", "mic_unit", "--out", str(out))
    assert result.returncode == 0, result.stderr
    groups = {r["group"] for r in read_csv(out / "agency_status.csv")}
    assert groups == {"ministry", "mic_unit"}
    s = summary(out)
    assert s["groups"] == "ministry;mic_unit"
    subs = read_csv(out / "submissions.csv")
    assert int(s["rows_read"]) == len(subs) < 200
    codes = {r["code"] for r in read_csv(out / "agency_status.csv")}
    assert {r["agency_code"] for r in subs} <= codes | {""}


def test_an_unknown_group_is_one_line_listing_the_groups(tmp_path):
    line = assert_one_line_error(run("--group", "provinces", "--out", str(tmp_path / "out")), "'provinces'")
    assert "province, ministry, mic_unit, enterprise" in line


def test_the_demo_is_announced_and_marked(tmp_path):
    out = tmp_path / "out"
    result = run("--out", str(out))
    assert result.returncode == 0
    assert "DEMO" in result.stderr and "Traceback" not in result.stderr
    assert summary(out)["source"] == "demo"


def test_a_real_file_is_not_called_the_demo(files, tmp_path):
    out = tmp_path / "out"
    result = run("--responses", str(files[0]), "--out", str(out))
    assert result.returncode == 0 and "DEMO" not in result.stderr
    assert summary(out)["source"] == files[0].name


def test_forty_nines_do_not_stop_the_cli(tmp_path):
    """Regression: OverflowError: Python int too large to convert to C long, with a traceback."""
    path = tmp_path / "chin.csv"
    nines = "9" * 40
    row = {"timestamp": "17/05/2021 10:00:00", "agency_name": "Bộ Y tế", "activities": ticked("banner"), "banner": nines}
    responses(row, {**row, "participants": nines, "article": "1e309"}).to_csv(path, index=False)
    out = tmp_path / "out"
    result = run("--responses", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    flagged = [r for r in read_csv(out / "data_quality.csv") if r["issue"] == "rejected_quantity"]
    assert {r["value"] for r in flagged} == {nines, "1e309"} and len(flagged) == 4
    assert summary(out)["rows_read"] == "2"


def test_the_cli_applies_the_row_and_cell_limits_of_the_campaign_toml(files, tmp_path):
    responses_csv, roster_csv = files
    toml = (ROOT / "campaign.toml").read_text(encoding="utf-8")
    roster = (ROOT / "campaign" / "data" / "agencies_2021.csv").as_posix()
    small = toml.replace("max_rows = 100000", "max_rows = 4").replace("max_cell_chars = 5000", "max_cell_chars = 10")
    small = small.replace('roster = "campaign/data/agencies_2021.csv"', f'roster = "{roster}"')
    assert small.count("max_rows = 4") == 1 and "max_cell_chars = 10\n" in small
    config = tmp_path / "small.toml"
    config.write_text(small, encoding="utf-8")
    args = ("--config", str(config), "--responses", str(responses_csv), "--agencies", str(roster_csv))
    assert_one_line_error(run(*args, "--out", str(tmp_path / "o")), "too large or malformed", "[limits]")
    assert not (tmp_path / "o").exists()
    config.write_text(small.replace("max_rows = 4", "max_rows = 8"), encoding="utf-8")  # the roster has 8 rows
    result = run(*args, "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    cut = [r for r in read_csv(tmp_path / "o" / "data_quality.csv") if r["issue"] == "long_text_cut"]
    assert {r["row"] for r in cut} >= {"2", "3"}  # 'Sở TT&TT Hà Nội' and longer names: over 10 characters
    names = {r["row"]: r["agency_name"] for r in read_csv(tmp_path / "o" / "submissions.csv")}
    assert names["2"] == "Sở TT&TT H…"


def test_the_shipped_row_limit_admits_the_largest_campaign_the_bench_models(config):
    from bench.generate import SIZES

    assert config.limits.max_rows >= max(size.rows for size in SIZES.values()) == 100_000


@pytest.mark.parametrize("kind", ["folder", "not a database"])
def test_a_store_path_that_cannot_be_used_is_one_line_and_exit_2(files, tmp_path, kind):
    target = tmp_path / "store.sqlite"
    if kind == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"this is not sqlite at all, just text " * 100)
    done = run("--responses", str(files[0]), "--out", str(tmp_path / "out"), env={"CAMPAIGN_STORE_PATH": str(target)})
    assert_one_line_error(done, str(target), "CAMPAIGN_STORE_PATH")


def test_a_store_path_with_a_tilde_is_the_home_folder(files, tmp_path):
    env = {"CAMPAIGN_STORE_PATH": "~/store-test-tilde.sqlite", "HOME": str(tmp_path)}
    done = run("--responses", str(files[0]), "--out", str(tmp_path / "out"), env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "store-test-tilde.sqlite").exists()


def test_the_matchers_index_is_kept_beside_the_store_and_the_next_run_gives_the_same_files(files, tmp_path):
    responses_csv, roster_csv = files
    store = tmp_path / "kho"
    store.mkdir()
    env = {"CAMPAIGN_STORE_PATH": str(store / "campaign.sqlite")}
    outputs, written = [], []
    for n in range(2):
        out = tmp_path / f"out{n}"
        result = run("--responses", str(responses_csv), "--agencies", str(roster_csv), "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        (index,) = store.glob("matcher-*.pickle")
        written.append((index.name, index.stat().st_mtime_ns))
        outputs.append({p.name: p.read_bytes() for p in out.iterdir() if p.name != "campaign_summary.csv"})
    assert written[0] == written[1]  # written by the first run, only read by the second
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4
