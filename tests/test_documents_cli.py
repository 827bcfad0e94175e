"""`python -m campaign letter …` and `final-report …` through a subprocess, with the same source options as `report`,
and what only a person knows as options over what the coordinator saved: what is still missing is said on stderr."""

from __future__ import annotations

import datetime as dt
import os
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


def run(*args: str, timeout: int = 600, store: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"CAMPAIGN_STORE_PATH": str(store)} if store else {})}
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def files(tmp_path):
    answers, roster = write_files(tmp_path, ROWS)
    return ["--responses", str(answers), "--agencies", str(roster)]


def names(codes) -> set[str]:
    return set(SMALL_ROSTER.set_index("code").loc[list(codes), "name"])


def test_letter_goes_to_the_agencies_missing_at_as_of(files, tmp_path):
    out = tmp_path / "out"
    store = tmp_path / "store.sqlite"  # nothing saved in it
    done = run("letter", *files, "--as-of", "2021-06-04T12:00", "--new-deadline", "2021-06-10", "--out", str(out), store=store)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path == out / "wtisd2021_cong-van-don-doc_2021-06-04.docx"
    doc = open_docx(path.read_bytes())
    # Hà Nam reported on 5 June: still missing at noon on 4 June; Hà Nội and Hà Tĩnh reported.
    wanted = names(["P31", "P35", "P79", "G18", "MIC-CVT", "VNPT"])
    assert {row.cells[1].text for row in doc.tables[-1].rows[1:] if row.cells[0].text.isdigit()} == wanted
    assert "Hà Nội, ngày      tháng      năm 20…" in body_texts(doc)  # no --date: the registry dates it
    # Not given and not saved: said on stderr, once, with the option that gives it.
    note = [line for line in done.stderr.splitlines() if line.startswith("note: The urging letter still lacks")]
    assert len(note) == 1 and "(--original-number)" in note[0] and "(--original-date)" in note[0]
    assert "--signer-name" not in note[0]  # campaign.toml names the original letter's signer


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
    # Hà Nam reported late: its letter asks it to complete its figures; Hải Phòng's (missing) does not.
    assert any("bổ sung số liệu" in line for line in texts)
    assert not any("bổ sung số liệu" in line for line in body_texts(open_docx(archive.read("P31.docx"))))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--new-deadline", "10/06/2021"], "--new-deadline '10/06/2021' is not a date"),
        (["--new-deadline", "2021-06-01", "--as-of", "2021-06-04T12:00"], "must come after the day of the figures"),
        (["--new-deadline", "2021-06-10", "--date", "2021-06-11"], "must come after the letter's date"),
        (["--new-deadline", "2021-06-10", "--original-date", "6/5/2021"], "--original-date '6/5/2021' is not a date"),
        (["--new-deadline", "2021-06-10", "--group", "tinh"], "--group 'tinh' is not a group"),
    ],
)
def test_letter_bad_input_is_one_line_and_exit_2(files, tmp_path, extra, message):
    done = run("letter", *files, *extra, "--out", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_final_report_writes_both_reports_with_their_charts(tmp_path):
    done = run("final-report", "--as-of", "2021-06-04T09:00", "--out", str(tmp_path), store=tmp_path / "store.sqlite")
    assert done.returncode == 0, done.stderr
    written = [Path(p) for p in done.stdout.split()]
    assert [p.name for p in written] == ["wtisd2021_bao-cao-ket-qua_2021-06-04.docx", "wtisd2021_report-itu_2021-06-04.docx"]
    final, itu = (open_docx(p.read_bytes()) for p in written)
    assert "Số liệu tính đến 09:00 ngày 04/06/2021" in body_texts(final)
    assert any(t.startswith("Source: reports of") for t in body_texts(itu))
    assert len(images(final)) == len(images(itu)) == 4 + 6  # the four charts and the six photos the demo chose
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: The report")]
    assert len(notes) == 2 and "(--proposals)" in notes[0] and "(--signer-name)" in notes[0] and "(--signer-name)" in notes[1]


def test_final_report_takes_what_only_a_person_knows_as_options(tmp_path):
    proposals = tmp_path / "de-xuat.txt"
    proposals.write_text(
        "Đề nghị biểu dương các đơn vị tiêu biểu.\nĐề nghị gửi báo cáo cho ITU trước ngày 15/6.\n", encoding="utf-8"
    )
    done = run(
        "final-report", "--as-of", "2021-06-04T09:00", "--date", "2021-06-05", "--original-number", "1234/BTTTT-HTQT",
        "--original-date", "2021-05-06", "--signer-name", "Nguyễn Văn Tuấn", "--signer-title", "KT. VỤ TRƯỞNG",
        "--signer-title", "PHÓ VỤ TRƯỞNG", "--signer-title-en", "Deputy Director General", "--proposals-file", str(proposals),
        "--out", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "note:" not in done.stderr.replace("note: no --responses", "")  # nothing missing
    final, itu = (body_texts(open_docx(Path(p).read_bytes())) for p in done.stdout.split())
    assert "Hà Nội, ngày 05 tháng 6 năm 2021" in final
    assert "Đề nghị biểu dương các đơn vị tiêu biểu." in final and "Đề nghị gửi báo cáo cho ITU trước ngày 15/6." in final
    assert final.index("KT. VỤ TRƯỞNG") < final.index("PHÓ VỤ TRƯỞNG") < final.index("Nguyễn Văn Tuấn")
    assert "Ngày 6/5/2021, Bộ Thông tin và Truyền thông đã có Công văn số 1234/BTTTT-HTQT" in "\n".join(final)
    assert itu[itu.index("Nguyễn Văn Tuấn") + 1] == "Deputy Director General" and "Ha Noi, 5 June 2021" in itu


def test_the_cli_uses_what_the_coordinator_saved_and_an_option_overrides_it(files, tmp_path):
    from campaign.config import load_config
    from campaign.document_inputs import DocumentInputs
    from data_sources.sqlite_store import SqliteStore

    store = tmp_path / "store.sqlite"
    saved = DocumentInputs(original_number="99/BTTTT-HTQT", original_date=dt.date(2021, 5, 7), letter_signer_name="Phạm Anh Tuấn",
                           letter_signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"))  # fmt: skip
    SqliteStore(store, load_config()).append("document_settings", saved.entry("e1", "coordinator", "2021-06-04T08:00:00+07:00"))
    out = tmp_path / "out"
    done = run("letter", *files, "--as-of", "2021-06-04T12:00", "--new-deadline", "2021-06-10", "--out", str(out), store=store)
    assert done.returncode == 0, done.stderr
    texts = body_texts(open_docx(Path(done.stdout.strip()).read_bytes()))
    assert "ngày 7/5/2021, Bộ Thông tin và Truyền thông đã có Công văn số 99/BTTTT-HTQT đề nghị" in "\n".join(texts)
    assert "Phạm Anh Tuấn" in texts and "- Thứ trưởng Phan Tâm;" in texts and "note:" not in done.stderr
    again = run("letter", *files, "--as-of", "2021-06-04T12:00", "--new-deadline", "2021-06-10", "--signer-name", "Phan Tâm",
                "--out", str(out), store=store)  # fmt: skip
    texts = body_texts(open_docx(Path(again.stdout.strip()).read_bytes()))
    assert "Phan Tâm" in texts and "Phạm Anh Tuấn" not in texts and "- Thứ trưởng Phan Tâm;" not in texts
