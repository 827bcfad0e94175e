"""Kinds of public body, as the first words of a Vietnamese agency name say them ("Sở", "Bộ", "Chi cục") or as an
English name says them anywhere ("Department", "Group"). Matching never crosses kinds: "Sở Y tế" is no "Bộ Y tế".
"""

from __future__ import annotations

# Folded first words → the kind's label. Longer forms first where one starts another ("chi cuc" before "cuc").
# Kinds nobody on a roster may have are listed too, so that such a name is known to be of another kind.
VIETNAMESE: dict[str, str] = {
    "uy ban nhan dan": "UBND",
    "hoi dong nhan dan": "HĐND",
    "tong cong ty": "Tổng công ty",
    "cong ty": "Công ty",
    "tap doan": "Tập đoàn",
    "tong cuc": "Tổng cục",
    "chi cuc": "Chi cục",
    "cuc": "Cục",
    "vu": "Vụ",
    "van phong": "Văn phòng",
    "thanh tra": "Thanh tra",
    "trung tam": "Trung tâm",
    "uy ban": "Ủy ban",
    "dai hoc": "Đại học",
    "dai su quan": "Đại sứ quán",
    "dai": "Đài",
    "bao hiem": "Bảo hiểm",
    "bao tang": "Bảo tàng",
    "bao": "Báo",
    "tap chi": "Tạp chí",
    "hoc vien": "Học viện",
    "truong": "Trường",
    "benh vien": "Bệnh viện",
    "vien": "Viện",
    "so": "Sở",
    "bo doi": "Bộ đội",
    "bo chi huy": "Bộ Chỉ huy",
    "bo": "Bộ",
    "ngan hang": "Ngân hàng",
    "thong tan xa": "Thông tấn xã",
    "ban": "Ban",
    "cong an": "Công an",
    "phong": "Phòng",
    "chi nhanh": "Chi nhánh",
    "hiep hoi": "Hiệp hội",
    "hoi": "Hội",
    "cong doan": "Công đoàn",
    "doan": "Đoàn",
    "nha xuat ban": "Nhà xuất bản",
    "quy": "Quỹ",
    "kho bac": "Kho bạc",
    "toa an": "Tòa án",
    "vien kiem sat": "Viện kiểm sát",
    "hai quan": "Hải quan",
    "buu dien": "Bưu điện",
}
# Words that begin like a kind and are not one ("Viễn thông Hà Nội", "báo cáo", "bổ sung").
NOT_A_KIND = ("vien thong", "bao cao", "bo sung", "dai dien", "so lieu", "ban hanh", "bao gom", "so luong", "doan the")

# English kind words, wherever they stand in a name ("VNPT Group", "Ministry of Health").
ENGLISH: dict[str, str] = {
    "ministry": "Ministry",
    "department": "Department",
    "dept": "Department",
    "authority": "Authority",
    "agency": "Agency",
    "office": "Office",
    "inspectorate": "Inspectorate",
    "center": "Centre",
    "centre": "Centre",
    "group": "Group",
    "corporation": "Corporation",
    "corp": "Corporation",
    "company": "Company",
    "committee": "Committee",
    "commission": "Commission",
    "bank": "Bank",
    "newspaper": "Newspaper",
    "journal": "Journal",
    "magazine": "Journal",
    "institute": "Institute",
    "academy": "Academy",
    "school": "School",
    "board": "Board",
    "police": "Police",
    "university": "University",
    "hospital": "Hospital",
}
EN_PREFIX = "en:"

# A sub-unit typed with one of these parents ("Văn phòng Sở …", "Vụ … - Bộ Y tế") names the parent, never a unit
# of the same name elsewhere.
GOVERNING = frozenset({"bo", "so", "uy ban nhan dan"})
COMMITTEE = "uy ban nhan dan"  # a People's Committee: a province's (or a district's, a commune's)
MINISTRY = frozenset({"bo", EN_PREFIX + "ministry"})  # kinds whose names may be typed by their first words alone
# Kinds that may contain others: a body of such a kind typed after another body is that body's parent.
PARENT_LEVEL = {"bo": 0, "uy ban nhan dan": 0, "so": 1, "tap doan": 1, "tong cong ty": 1, "tong cuc": 1, "cuc": 1}
CHILD_LEVEL = 2

MAX_WORDS = max(len(k.split()) for k in VIETNAMESE)
# First word → (words, kind or None for "not a kind"), longest first: one dict lookup per position.
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
for _text, _kind in [(b, None) for b in NOT_A_KIND] + [(k, k) for k in VIETNAMESE]:
    _BY_FIRST.setdefault(_text.split()[0], []).append((tuple(_text.split()), _kind))
for _entries in _BY_FIRST.values():
    _entries.sort(key=lambda e: (-len(e[0]), e[1] is not None))
PARENT_FIRST_WORDS = frozenset(k.split()[0] for k in PARENT_LEVEL)


def leading(words: list[str], start: int = 0) -> tuple[str, int] | None:
    """The Vietnamese kind that the words at `start` begin with, and how many words it takes."""
    if start >= len(words):
        return None
    for kind_words, kind in _BY_FIRST.get(words[start], ()):
        n = len(kind_words)
        if tuple(words[start : start + n]) == kind_words:
            return (kind, n) if kind else None
    return None


def english(words: list[str]) -> tuple[str, int] | None:
    """The first English kind word anywhere, as (kind, position)."""
    for i, word in enumerate(words):
        if word in ENGLISH:
            return EN_PREFIX + ENGLISH[word].lower(), i
    return None


def label(kind: str | None) -> str:
    """How a kind reads in a reason or a suggestion: "Sở", "Group"."""
    if not kind:
        return ""
    if kind.startswith(EN_PREFIX):
        return kind[len(EN_PREFIX) :].capitalize()
    return VIETNAMESE.get(kind, kind)


def level(kind: str | None) -> int:
    return PARENT_LEVEL.get(kind or "", CHILD_LEVEL)
