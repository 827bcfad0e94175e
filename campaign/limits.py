"""Size limits on what a source returns (the sheet is filled by a public form): too many rows is refused with a
message instead of a hang, an overlong cell is cut and flagged. The numbers are [limits] in campaign.toml."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from campaign.config import Config
from campaign.errors import InputError
from campaign.formats import fmt_int
from campaign.model import RawTables
from campaign.names import strip_hidden
from campaign.normalise import FIRST_DATA_ROW, ISSUE_COLUMNS, map_distinct

CUT_MARK = "…"
PREVIEW_CHARS = 200  # what the Data quality page shows of a cut cell


def check_rows(raw: RawTables, config: Config) -> None:
    """Refuse a response sheet with more rows than config.limits.max_rows, saying what to do."""
    rows, limit = len(raw.responses), config.limits.max_rows
    if rows > limit:
        raise InputError(
            f"{raw.source}: {rows:,} rows, more than the {limit:,} the engine reads; delete test or duplicate rows "
            "(or split the sheet), or raise max_rows under [limits] in campaign.toml",
            f"{raw.source}: {fmt_int(rows)} dòng, vượt quá giới hạn {fmt_int(limit)} dòng; hãy xóa các dòng thử hoặc "
            "trùng lặp (hoặc tách bảng tính), hoặc tăng max_rows trong mục [limits] của campaign.toml",
        )


def check_upload(data: bytes, name: str, max_mb: float) -> None:
    """Refuse a file larger than server.maxUploadSize (the browser and the server refuse it too; this says why)."""
    if len(data) > max_mb * 1024 * 1024:
        size = f"{len(data) / 1024 / 1024:.1f}"
        raise InputError(
            f"{name}: {size} MB, more than the {max_mb:g} MB a file may have; upload only the response tab "
            "(File → Download → CSV), or raise server.maxUploadSize in .streamlit/config.toml",
            f"{name}: {size.replace('.', ',')} MB, vượt quá {max_mb:g} MB cho mỗi tệp; hãy chỉ tải lên trang câu trả "
            "lời (Tệp → Tải xuống → CSV), hoặc tăng server.maxUploadSize trong .streamlit/config.toml",
        )


def cut_long_cells(responses: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(responses with every text cell longer than `limit` cut to it, one issue row per cut cell)."""
    out, issues = responses, []
    for i, label in enumerate(responses.columns):
        column = responses.iloc[:, i]
        if isinstance(column.dtype, pd.StringDtype):
            lengths = column.str.len().fillna(0).to_numpy()
        else:
            lengths = map_distinct(column, lambda v: len(v) if isinstance(v, str) else 0).to_numpy(dtype=np.int64)
        long = np.flatnonzero(lengths > limit)
        if not len(long):
            continue
        if out is responses:
            out = responses.copy()
        texts = column.iloc[long]
        out.iloc[long, i] = texts.map(lambda v: v[:limit] + CUT_MARK).to_numpy(dtype=object)
        issues.append(
            pd.DataFrame(
                {
                    "row": long + FIRST_DATA_ROW,
                    "column": str(label),
                    "issue": "long_text_cut",
                    "value": texts.map(lambda v: strip_hidden(v[:PREVIEW_CHARS])[0] + CUT_MARK).to_numpy(dtype=object),
                    "suggestion": texts.map(
                        lambda v: f"{len(v):,} characters, cut to {limit:,}; read the whole cell in the sheet"
                    ).to_numpy(dtype=object),
                }
            )
        )
    frame = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS)
    return out, frame


def within_limits(raw: RawTables, config: Config) -> tuple[RawTables, pd.DataFrame]:
    """The raw tables as the engine may prepare them (report.prepare, for the CLI and the dashboard alike), and the
    cut cells to flag; too many rows raises."""
    check_rows(raw, config)
    responses, cut = cut_long_cells(raw.responses, config.limits.max_cell_chars)
    agencies = raw.agencies
    if agencies is not None:  # the roster is cut like the sheet (its cells go into agency_status.csv)
        agencies, roster_cut = cut_long_cells(agencies, config.limits.max_cell_chars)
        if not roster_cut.empty:
            roster_cut = roster_cut.assign(column=raw.roster_source + ": " + roster_cut["column"].astype(str))
            cut = pd.concat([cut, roster_cut], ignore_index=True) if not cut.empty else roster_cut
    if responses is raw.responses and agencies is raw.agencies:
        return raw, cut
    return dataclasses.replace(raw, responses=responses, agencies=agencies), cut
