"""bench/phone.py writes only its own section of bench/RESULTS.md."""

from __future__ import annotations

from bench.phone import SECTION, section, write_section


def _measured(full: float) -> dict:
    run = {"headline_s": 2.0, "full_s": full, "http_bytes": 2_200_000, "ws_bytes": 120_000}
    plain = {"headline_s": 5.0, "full_s": 12.0, "http_bytes": 7_900_000, "ws_bytes": 120_000}
    runs = {"direct": [plain], "nginx_plain": [plain], "nginx": [run], "nginx_tls": [run]}
    return {"runs": runs, "load": 4.2, "repeat": 1}


def test_the_phone_section_replaces_itself_and_leaves_every_other_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmarks\n\n## Documents\n\nkept 1\n\n## Hardening\n\nkept 2\n", encoding="utf-8")
    write_section(results, section(_measured(6.1)))
    write_section(results, section(_measured(4.4)))
    text = results.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1 and "kept 1" in text and "kept 2" in text
    assert "took 4.40 s on 4G (meets ≤ 5 s" in text and "6.10" not in text
    assert "2.32 MB (meets ≤ 2.5 MB)" in text
    before = text.split(SECTION)[0]
    assert before.endswith("kept 2\n\n")  # added after the sections that were there


def test_a_phone_section_between_two_others_is_replaced_in_place(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text(
        f"# Benchmarks\n\n## Engine\n\nkept 1\n\n{SECTION}\n\nold figures\n\n## Load\n\nkept 2\n", encoding="utf-8"
    )
    write_section(results, section(_measured(4.4)))
    text = results.read_text(encoding="utf-8")
    assert "old figures" not in text and text.index("kept 1") < text.index(SECTION) < text.index("## Load")
    assert text.endswith("## Load\n\nkept 2\n")
