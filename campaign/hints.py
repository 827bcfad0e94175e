"""What to do about a flagged cell: each suggestion is a code and its parameters, like the issue itself, written
out in the reader's language here and nowhere else (data_quality.csv in English, the dashboard in either)."""

from __future__ import annotations

from collections.abc import Mapping

from campaign.bilingual import Bilingual
from campaign.formats import fmt_int

# code: (text, the parameters written as grouped whole numbers: 1,200 in English, 1.200 in Vietnamese)
HINTS: dict[str, tuple[Bilingual, tuple[str, ...]]] = {
    "timestamp_format": (Bilingual("dd/mm/yyyy hh:mm:ss", "dd/mm/yyyy hh:mm:ss"), ()),
    "counted_as": (Bilingual("tính là {number}", "counted as {number}"), ()),
    "type_whole_number": (Bilingual("hãy nhập một số nguyên", "type a whole number"), ()),
    "negative": (Bilingual("số âm: hãy nhập số nguyên ≥ 0", "negative: type a whole number ≥ 0"), ()),
    "not_whole": (Bilingual("không phải số nguyên: hãy nhập số nguyên", "not a whole number"), ()),
    "no_number": (Bilingual("không thấy số nào: hãy nhập một số", "no number found"), ()),
    "several_numbers": (Bilingual("có nhiều số: hãy nhập một số", "several numbers: type one"), ()),
    "too_large": (
        Bilingual(
            "lớn hơn {limit}, số lớn nhất được nhận: hãy kiểm tra lại số",
            "more than {limit}, the largest quantity accepted: check the number",
        ),
        ("limit",),
    ),
    "only_http": (Bilingual("chỉ hiển thị đường dẫn http(s)", "only http(s) links are shown"), ()),
    "closest_names": (Bilingual("{names}", "{names}"), ()),  # 'P35 Sở … (94); …': names read the same in both
    "add_alias": (
        Bilingual("thêm tên này vào cột aliases của danh sách đơn vị", "add the name as an alias in the roster"),
        (),
    ),
    "check_match": (Bilingual("đã khớp với {agency}; hãy kiểm tra lại", "matched to {agency}; check it"), ()),
    "tick_activity": (
        Bilingual(
            "đã tính là hoạt động '{activity}'; hãy đánh dấu ô này trên biểu mẫu", "counted as '{activity}'; tick it on the form"
        ),
        (),
    ),
    "cell_cut": (
        Bilingual(
            "{chars} ký tự, đã cắt còn {limit}; hãy đọc cả ô trong bảng tính",
            "{chars} characters, cut to {limit}; read the whole cell in the sheet",
        ),
        ("chars", "limit"),
    ),
}


def hint_text(code: str, params: Mapping | None, lang: str) -> str:
    """The suggestion `code` with its `params` in `lang`; '' for none. A code not in HINTS is shown as it is."""
    if not code:
        return ""
    if code not in HINTS:
        return code
    text, grouped = HINTS[code]
    values = {
        k: fmt_int(v, lang) if k in grouped and lang == "vi" else (f"{v:,}" if k in grouped else v)
        for k, v in (params or {}).items()
    }
    return text.get(lang).format(**values)
