"""Is a campaign's config ready? What is wrong with it, and what is still to fill in (pure: `check-config` and the
coordinator's sidebar both list these).

Wrong: the file cannot be used as it is (it does not read as a config, or its roster is broken); the app and the
command line refuse it with the same message. To fill in: it runs, but the documents, the reminder or the roster
would go out with dots, old dates or missing contacts: the original letter's number and date, the signers, the
Form's link, the coordinator, the roster's emails, and a year in a text that is not the campaign's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from campaign.bilingual import Bilingual
from campaign.config import DEFAULT_CONFIG, Config, load_config
from campaign.errors import CampaignError
from campaign.roster import read_default_roster, split_multi

READY, TO_FILL, WRONG = 0, 1, 2  # check-config's exit statuses

# A year in a text: four digits on their own, not a legal document's number ("30/2020/NĐ-CP" is a decree's).
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)(?!/[^\W\d])")
_UNSIGNED = {"", "…", "...", "…."}  # a signer left as dots


@dataclass(frozen=True)
class Finding:
    """One thing about the config: `wrong` (refused) or to fill in; `where` is its setting."""

    where: str
    text: Bilingual
    wrong: bool = False


@dataclass(frozen=True)
class Readiness:
    path: Path
    findings: tuple[Finding, ...]
    config: Config | None = None

    @property
    def wrong(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.wrong)

    @property
    def to_fill(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.wrong)

    @property
    def status(self) -> int:
        """0 ready, 1 only things to fill in, 2 wrong."""
        return WRONG if self.wrong else TO_FILL if self.findings else READY


def check_config(path: str | Path | None = None) -> Readiness:
    """Read the config as the app does and list what is wrong and what is left to fill in."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        config = load_config(path)
    except CampaignError as exc:
        return Readiness(path, (Finding("", exc.text, wrong=True),))
    return Readiness(path, tuple(readiness(config)), config)


def readiness(config: Config) -> list[Finding]:
    """What is left to fill in (and a broken roster, which is wrong) in a config that loads."""
    findings = list(_campaign(config)) + list(_roster(config)) + list(_store(config))
    if config.source_path is not None:
        findings += _years(config, config.source_path)
    return findings


def _fill(where: str, vi: str, en: str) -> Finding:
    return Finding(where, Bilingual(vi, en))


def _campaign(config: Config) -> Iterator[Finding]:
    c = config.campaign
    if not c.original_letter_number.strip():
        yield _fill(
            "campaign.original_letter_number",
            "Số công văn đề nghị báo cáo (original_letter_number): chưa điền; văn bản và thư nhắc đang để dấu chấm.",
            "The original letter's number (original_letter_number) is empty; the documents and reminder leave dots.",
        )
    if c.original_letter_date is None:
        yield _fill(
            "campaign.original_letter_date",
            "Ngày công văn đề nghị báo cáo (original_letter_date, dạng yyyy-mm-dd): chưa điền.",
            "The original letter's date (original_letter_date, as yyyy-mm-dd) is empty.",
        )
    for name, vi, en in (
        ("theme_vi", "Chủ đề tiếng Việt", "The Vietnamese theme"),
        ("theme_en", "Chủ đề tiếng Anh", "The English theme"),
        ("coordinator_name", "Tên điều phối viên", "The coordinator's name"),
        ("coordinator_phone", "Điện thoại điều phối viên", "The coordinator's phone"),
        ("contact_email", "Email nhận báo cáo", "The email address for reports"),
    ):
        if not str(getattr(c, name)).strip():
            yield _fill(f"campaign.{name}", f"{vi} ({name}): chưa điền.", f"{en} ({name}) is empty.")
    documents = config.documents
    if documents is not None:
        for part, label_vi, label_en in (
            (documents.letter, "công văn đôn đốc", "the urging letter"),
            (documents.report, "báo cáo kết quả", "the report on results"),
        ):
            if part.signer_name.strip() in _UNSIGNED:
                where = f"documents.{'letter' if part is documents.letter else 'report'}.signer_name"
                yield _fill(
                    where,
                    f"Người ký {label_vi} ({where}): chưa điền.",
                    f"The signer of {label_en} ({where}) is not filled in.",
                )
    if not config.form.url.strip():
        yield _fill(
            "form.url",
            "Đường dẫn Google Form (form.url): chưa điền; thư nhắc chỉ đề nghị gửi báo cáo qua email.",
            "The Google Form's link (form.url) is empty; the reminder asks for reports by email only.",
        )
    elif not config.form.agency_code_entry.strip():
        yield _fill(
            "form.agency_code_entry",
            "Mã câu hỏi 'Mã đơn vị' (form.agency_code_entry): chưa điền; đơn vị nhận đường dẫn chung và phải tự gõ tên.",
            "The 'Mã đơn vị' question's entry id (form.agency_code_entry) is empty; agencies get the plain link and type their name.",
        )
    for name in ("period_end", "deadline", "original_letter_date"):
        value = getattr(c, name)
        if value is not None and value.year != c.year:
            yield _fill(
                f"campaign.{name}",
                f"{name} = {value:%Y-%m-%d} không thuộc năm của chiến dịch ({c.year}, năm của period_start): hãy kiểm tra.",
                f"{name} = {value:%Y-%m-%d} is not in the campaign's year ({c.year}, period_start's): check it.",
            )


def _roster(config: Config) -> Iterator[Finding]:
    path = config.campaign.roster
    if not path.exists():
        yield _fill(
            "campaign.roster",
            f"Chưa có tệp danh sách đơn vị {path}: hãy lập (chép danh sách năm trước rồi sửa); đến lúc đó bản mẫu dùng "
            "danh sách tự tạo.",
            f"The roster file {path} is not there yet: make it (copy last year's and edit it); until then the demo "
            "uses a generated roster.",
        )
        return
    try:
        roster = read_default_roster(path)
    except CampaignError as exc:
        yield Finding("campaign.roster", exc.text, wrong=True)
        return
    except (ValueError, OSError) as exc:  # not a CSV, not UTF-8, unreadable: the app could not read it either
        yield Finding(
            "campaign.roster",
            Bilingual(
                f"{path}: không đọc được tệp danh sách đơn vị ({type(exc).__name__}); hãy lưu lại dạng CSV UTF-8.",
                f"{path}: the roster file cannot be read ({type(exc).__name__}); save it again as UTF-8 CSV.",
            ),
            wrong=True,
        )
        return
    roster = roster[roster["retired"] == ""]
    without = int(sum(not any("@" in e for e in split_multi(cell)) for cell in roster["email"]))
    if without:
        yield _fill(
            "campaign.roster",
            f"{without}/{len(roster)} đơn vị chưa có email trong danh sách đơn vị ({path.name}, cột email): thư nhắc "
            "không gửi được cho họ.",
            f"{without}/{len(roster)} agencies have no email in the roster ({path.name}, email column): the reminder "
            "cannot reach them.",
        )
    present = list(dict.fromkeys(roster["group"]))
    for group in [g for g in present if g not in config.groups]:
        yield _fill(
            f"groups.{group}",
            f"Nhóm «{group}» của danh sách đơn vị chưa có tên: hãy thêm [groups.{group}] với vi và en.",
            f"The roster's group '{group}' has no name: add [groups.{group}] with vi and en.",
        )
    for group in [g for g in config.groups if g not in present]:
        yield _fill(
            f"groups.{group}",
            f"Nhóm [groups.{group}] không có đơn vị nào trong danh sách đơn vị: thêm đơn vị hoặc bỏ nhóm.",
            f"The group [groups.{group}] has no agency in the roster: add its agencies or remove the group.",
        )


def _store(config: Config) -> Iterator[Finding]:
    """The coordinator's SQLite file (demo, uploads, the CLI) must be this campaign's: another campaign's config in the
    same folder would otherwise read last year's resolutions, chases and emailed reports as its own."""
    if config.store is None:
        return
    name, c = config.store.sqlite_path.name, config.campaign
    if str(c.year) not in name and c.slug not in name:
        yield _fill(
            "store.sqlite_path",
            f"Tệp lưu của điều phối viên ({name}) không mang năm của chiến dịch: chiến dịch khác trong cùng thư mục sẽ "
            'dùng chung các mục đã ghi. Hãy đặt [store] sqlite_path = "store/campaign-{year}.sqlite" (tệp đã có dữ '
            "liệu thì đổi tên cho khớp).",
            f"The coordinator's store file ({name}) does not carry the campaign's year: another campaign in the same "
            'folder would share its entries. Set [store] sqlite_path = "store/campaign-{year}.sqlite" (rename a file '
            "that already holds entries to match).",
        )


def _years(config: Config, path: Path) -> Iterator[Finding]:
    """Texts of the file that name a year other than the campaign's (last year's, copied and not changed)."""
    year = config.campaign.year
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return  # load_config has read it a moment ago
    for where, text in _texts(data, ""):
        others = sorted({y for y in _YEAR.findall(text) if int(y) != year})
        if others:
            quoted = text if len(text) <= 90 else text[:87] + "…"
            yield _fill(
                where,
                f"{where} ghi năm {', '.join(others)}, không phải năm của chiến dịch ({year}): «{quoted}» — hãy sửa "
                "hoặc dùng {year}.",
                f"{where} names the year {', '.join(others)}, not the campaign's ({year}): “{quoted}” — change it or "
                "use {year}.",
            )


def _texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    """(setting, text) for every string in a TOML table, tables and lists included."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")


def as_text(readiness: Readiness) -> str:
    """The list as check-config prints it: each finding in Vietnamese, then in English; a last line says where it stands."""
    lines = [f"{readiness.path}"]
    for title, findings in (
        ("Sai, phải sửa / Wrong, to fix:", readiness.wrong),
        ("Còn phải điền / Still to fill in:", readiness.to_fill),
    ):
        if findings:
            lines.append(title)
            for f in findings:
                lines += [f"  - {f.text.vi}", f"    {f.text.en}"]
    lines.append(summary(readiness).vi + " / " + summary(readiness).en)
    return "\n".join(lines)


def summary(readiness: Readiness) -> Bilingual:
    if readiness.status == WRONG:
        return Bilingual("Tệp cấu hình có lỗi: hãy sửa rồi kiểm tra lại.", "The config has errors: fix them and check again.")
    if readiness.status == TO_FILL:
        n = len(readiness.to_fill)
        return Bilingual(f"Còn {n} mục phải điền trước khi gửi văn bản.", f"{n} things to fill in before the documents go out.")
    return Bilingual("Sẵn sàng cho chiến dịch.", "Ready for the campaign.")
