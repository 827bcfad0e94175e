"""What to do about a flagged cell, and why a name was taken for an agency: each is a code and its parameters
(`Hint`), like the issue itself, written out in the reader's language here and nowhere else (data_quality.csv in
English, the dashboard's Data quality page in either). Rewording one is done here, in both languages at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.bilingual import Bilingual
from campaign.formats import fmt_int


@dataclass(frozen=True)
class Hint:
    """A suggestion (or a reason inside one): its code in HINTS and its parameters, in the templates' order.

    A parameter may be a Hint itself ("matched by <reason>: <agency>"): it is written out in the same language.
    """

    code: str
    params: tuple = ()

    def text(self, lang: str = "en") -> str:
        """The hint in `lang` ("vi" or "en"); an unknown code is shown as it is."""
        if self.code not in HINTS:
            return self.code
        template, grouped = HINTS[self.code]
        values = [
            p.text(lang) if isinstance(p, Hint) else fmt_int(p, lang) if i in grouped else p for i, p in enumerate(self.params)
        ]
        return template.get(lang).format(*values)


def hint_text(hint: Hint | None, lang: str = "en") -> str:
    """A hint in `lang`; '' for none (a flag that needs no suggestion)."""
    return hint.text(lang) if hint is not None else ""


# code: (text with positional parameters, the positions that are whole numbers grouped the reader's way:
# 60,000 in English, 60.000 in Vietnamese). Names, codes and formats read the same in both languages.
HINTS: dict[str, tuple[Bilingual, frozenset[int]]] = {
    code: (Bilingual(vi, en), frozenset(grouped))
    for code, (vi, en, grouped) in {
        # --- what to do about a cell (campaign.normalise, campaign.limits, campaign.report) ---
        "timestamp_format": ("dd/mm/yyyy hh:mm:ss", "dd/mm/yyyy hh:mm:ss", ()),
        "counted_as": ("tính là {0}", "counted as {0}", ()),
        "type_whole_number": ("hãy nhập một số nguyên", "type a whole number", ()),
        "negative": ("số âm: hãy nhập số nguyên ≥ 0", "negative: type a whole number ≥ 0", ()),
        "not_whole": ("không phải số nguyên: hãy nhập số nguyên", "not a whole number", ()),
        "no_number": ("không thấy số nào: hãy nhập một số", "no number found", ()),
        "several_numbers": ("có nhiều số: hãy nhập một số", "several numbers: type one", ()),
        "too_large": (
            "lớn hơn {0}, số lớn nhất được nhận: hãy kiểm tra lại số",
            "more than {0}, the largest quantity accepted: check the number",
            (0,),
        ),
        "only_http": ("chỉ hiển thị đường dẫn http(s)", "only http(s) links are shown", ()),
        "tick_activity": (
            "đã tính là hoạt động '{0}'; hãy đánh dấu ô này trên biểu mẫu",
            "counted as '{0}'; tick it on the form",
            (),
        ),
        "cell_cut": (
            "{0} ký tự, đã cắt còn {1}; hãy đọc cả ô trong bảng tính",
            "{0} characters, cut to {1}; read the whole cell in the sheet",
            (0, 1),
        ),
        # --- a name and the roster (campaign.matching, campaign.report) ---
        "closest_names": ("{0}", "{0}", ()),  # 'P35 Sở … (89); P01 Sở … (88)'
        "add_alias": ("thêm tên này vào cột aliases của danh sách đơn vị", "add the name as an alias in the roster", ()),
        "kind_not_on_roster": ("danh sách không có đơn vị loại này ({0})", "no agency of this kind on the roster ({0})", ()),
        "host": ("bản thân Bộ không có trong danh sách đơn vị", "the Ministry itself is not on the roster", ()),
        "needs_place": (
            "cần tên tỉnh: {0} của tỉnh, thành phố nào? (không đoán tỉnh)",
            "needs the province: which province's {0}? (no province is guessed)",
            (),
        ),
        "code_name_disagree": (
            "mã đơn vị là của {0}, nhưng tên đã nhập là của {1}: đã tính cho {0} theo mã; nếu sai, hãy sửa mã trong bảng tính",
            "the code is {0}'s but the name typed is {1}'s: counted for {0} by its code; if that is wrong, fix the code in the sheet",
            (),
        ),
        "matched_to": ("đã khớp với {0}; hãy kiểm tra lại", "matched to {0}; check it", ()),
        "matched_by": ("đã khớp với {1} theo {0}; hãy kiểm tra lại", "matched by {0}: {1}; check it", ()),
        # Why a name was taken for an agency (the reason of campaign.matching, inside matched_by).
        "place_kind": ("nơi + loại cơ quan ({0}, {1})", "place + kind ({0}, {1})", ()),
        "kind_name": ("loại cơ quan + tên ({0})", "kind + name ({0})", ()),
        "english": ("tên tiếng Anh trong danh sách đơn vị", "the roster's English name", ()),
        "initialism": ("chữ viết tắt ({0})", "initialism ({0})", ()),
        "acronym": ("tên viết tắt trong ngoặc ({0})", "acronym ({0})", ()),
        "code_in_name": ("mã đơn vị ghi trong tên ({0})", "the code typed in the name ({0})", ()),
        "parent": ("cơ quan cấp trên của đơn vị ({0} → {1})", "a unit's parent ({0} → {1})", ()),
        "near_place": ("tên tỉnh viết gần đúng ({0} → {1})", "a near spelling of the province ({0} → {1})", ()),
        "first_words": ("những chữ đầu của tên ({0} {1}…)", "the first words of its name ({0} {1}…)", ()),
        "close_name": ("tên viết gần đúng (điểm {0})", "a close spelling of the name (score {0})", ()),
    }.items()
}

# Codes whose text is the same in both languages: a format, or names with their scores.
SAME_IN_BOTH = frozenset({"timestamp_format", "closest_names"})
