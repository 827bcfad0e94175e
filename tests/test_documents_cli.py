"""`python -m campaign letter …` and `final-report …` through a subprocess, with the same source options as `report`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.documents_helpers import body_texts, images, open_docx
from tests.sheets import SMALL_ROSTER, ticked, write_files

ROOT = Path(__file__).resolve().parent.parent
ROWS = [
    {"timestamp": "17/05/2021 10:23:45", "agency_code": "P01", "agency_name": "Sở TT&TT Hà Nội", "activities": ticked("rally")},
    {"timestamp": "03/06/2021 23:59:59", "agency_name": "Sở TTTT tỉnh Hà Tĩnh", "activities": ticked("article"), "article": "5"},
    {"timestamp": "05/06/2021 09:00:00", "agency_name": "Sở TT&TT Hà Nam", "activities": ticked("banner"), "banner": "1.200"},
]


def run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "campaign", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def files(tmp_path):
    answers, roster = write_files(tmp_path, ROWS)
    return ["--responses", str(answers), "--agencies", str(roster)]


def names(codes) -> set[str]:
    return set(SMALL_ROSTER.set_index("code").loc[list(codes), "name"])


def test_letter_goes_to_the_agencies_missing_at_as_of(files, tmp_path):
    out = tmp_path / "out"
    done = run("letter", *files, "--as-of", "2021-06-04T12:00", "--new-deadline", "2021-06-10", "--out", str(out))
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path == out / "wtisd2021_cong-van-don-doc_2021-06-04.docx"
    doc = open_docx(path.read_bytes())
    # Hà Nam reported on 5 June: still missing at noon on 4 June; Hà Nội and Hà Tĩnh reported.
    wanted = names(["P31", "P35", "P79", "G18", "MIC-CVT", "VNPT"])
    assert {row.cells[1].text for row in doc.tables[-1].rows[1:] if row.cells[0].text.isdigit()} == wanted
    assert "Hà Nội, ngày 04 tháng 6 năm 2021" in body_texts(doc)


def test_letter_per_agency_for_one_group_with_the_late_ones(files, tmp_path):
    done = run(
        "letter", *files, "--group", "province", "--include-late", "--per-agency", "--new-deadline", "2021-06-20",
        "--date", "2021-06-12", "--out", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    archive = zipfile.ZipFile(done.stdout.strip())
    assert sorted(archive.namelist()) == ["P31.docx", "P35.docx", "P79.docx"]  # Hà Nam late, the other two missing
    texts = body_texts(open_docx(archive.read("P35.docx")))
    assert "Kính gửi: Sở Thông tin và Truyền thông tỉnh Hà Nam." in texts
    assert "Hà Nội, ngày 12 tháng 6 năm 2021" in texts


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--new-deadline", "10/06/2021"], "--new-deadline '10/06/2021' is not a date"),
        (["--new-deadline", "2021-06-01", "--as-of", "2021-06-04T12:00"], "must come after the letter's date"),
        (["--new-deadline", "2021-06-10", "--group", "tinh"], "--group 'tinh' is not a group"),
    ],
)
def test_letter_bad_input_is_one_line_and_exit_2(files, tmp_path, extra, message):
    done = run("letter", *files, *extra, "--out", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_final_report_writes_both_reports_with_their_charts(tmp_path):
    done = run("final-report", "--as-of", "2021-06-04T09:00", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    written = [Path(p) for p in done.stdout.split()]
    assert [p.name for p in written] == ["wtisd2021_bao-cao-ket-qua_2021-06-04.docx", "wtisd2021_report-itu_2021-06-04.docx"]
    final, itu = (open_docx(p.read_bytes()) for p in written)
    assert "Số liệu tính đến 09:00 ngày 04/06/2021" in body_texts(final)
    assert any(t.startswith("Source: reports of") for t in body_texts(itu))
    assert len(images(final)) == len(images(itu)) == 4
