"""The benchmark keeps working: the smallest size, end to end (no timing is asserted: shared machines lie)."""

import json
import subprocess
import sys
from pathlib import Path

from bench.generate import SIZES, make_responses, make_roster

ROOT = Path(__file__).resolve().parent.parent


def run_bench(*argv: str) -> subprocess.CompletedProcess:
    """`python -m bench ARGV`, which must succeed."""
    out = subprocess.run(
        [sys.executable, "-m", "bench", *argv], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out


def test_generated_sizes_have_the_agencies_and_rows_they_promise(config):
    for size in (SIZES["ministry"], SIZES["province"]):
        roster = make_roster(config, size)
        assert len(roster) == size.agencies
        assert len({a["code"] for a in roster}) == size.agencies
        responses = make_responses(config, roster, size.rows)
        assert len(responses) == size.rows + 1  # the header, then one line per row


def test_commune_names_follow_the_real_pattern(config):
    roster = make_roster(config, SIZES["commune"])
    assert len(roster) == 10_600
    assert all(a["name"].startswith("Ủy ban nhân dân xã ") and " huyện " in a["name"] for a in roster[:200])


def test_bench_runs_the_ministry_size_and_prints_every_figure(tmp_path):
    results = ROOT / "bench" / "RESULTS.md"
    before = results.read_bytes() if results.exists() else None
    out = run_bench("--sizes", "ministry", "--repeat", "1", "--no-write", "--no-load", "--folder", str(tmp_path))
    row = json.loads(out.stdout.splitlines()[0])
    engine = row["engine"]
    assert engine["floor_s"] > 0 and engine["engine_s"] > 0 and engine["peak_rss_mb"] > engine["baseline_rss_mb"] > 0
    acc = engine["accounting"]
    assert acc["rows_read"] == SIZES["ministry"].rows == sum(v for k, v in acc.items() if k != "rows_read")
    proc = row["process"]  # the whole `python -m campaign report` process against a bare read, from outside
    assert proc["engine"]["cpu_s"] > 0 and proc["floor"]["cpu_s"] > 0 and proc["engine"]["peak_rss_mb"] > 0
    assert "| process: engine / floor |" in out.stdout
    render = row["render"]
    assert render["overview_s"] > 0 and render["empty_s"] > 0
    assert render["tiles"], "the overview showed no tiles"
    documents = row["documents"]
    assert documents["final_cold_s"] > 0 and documents["final_warm_s"] > 0 and documents["letter_s"] > 0
    assert "| report on results, 4 charts, Chromium started for it" in out.stdout
    assert "## ministry: 126 agencies, 200 rows" in out.stdout
    assert (results.read_bytes() if results.exists() else None) == before, "--no-write wrote bench/RESULTS.md"


def test_the_load_harness_opens_sessions_and_counts_the_servers_cpu():
    from bench import load

    result = load.run([2])
    run = result["loads"][0]
    assert run["sessions"] == 2 and run["cpu_s"] > 0 and run["median_s"] > 0
    # The whole overview came over the WebSocket: the four figures' JSON and the tiles are most of it.
    assert run["deltas"] > 20 and run["kb_per_view"] > 50
    assert result["warmup"]["cpu_s"] > 0


def test_an_engine_only_run_rewrites_its_own_sections_and_keeps_the_others(tmp_path):
    results = tmp_path / "RESULTS.md"
    kept = [
        "## province: 1,000 agencies, 5,000 rows\n\nan older run of another size",
        "## Server load: N leaders open the overview at the same moment\n\nthe load's figures",
        "## Documents (ministry size)\n\nthe documents' figures",
        "## Hardening\n\nthe bombs' figures",
    ]
    old = ["# Benchmarks\n\nan old preamble", "## ministry: 126 agencies, 200 rows\n\nstale figures", *kept]
    results.write_text("\n\n".join(old) + "\n", encoding="utf-8")
    argv = ["--sizes", "ministry", "--repeat", "1", "--no-render", "--no-documents", "--no-load"]
    run_bench(*argv, "--folder", str(tmp_path / "data"), "--results", str(results))
    text = results.read_text(encoding="utf-8")
    assert "stale figures" not in text and "an old preamble" not in text
    assert "| process: engine / floor |" in text.split("## ministry: 126 agencies, 200 rows", 1)[1]
    for section in kept:
        assert section in text, section.splitlines()[0]
    assert text.index("## ministry") < text.index("## province") < text.index("## Documents")
