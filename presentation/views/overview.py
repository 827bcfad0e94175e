"""The overview and the leaders' board: the headline, tiles, the deadline and the frames behind the charts. (pure functions of a Report, no Streamlit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from campaign import metrics
from campaign.config import Config
from campaign.model import Report
from presentation.formats import fmt_date, fmt_int, fmt_pct, fmt_time
from presentation.labels import t
from presentation.views.columns import agency_names


@dataclass(frozen=True)
class Frames:
    """Every number and table the pages show for one report, group filter and data load."""

    summary: Mapping
    by_group: pd.DataFrame
    burnup: pd.DataFrame
    activities: pd.DataFrame
    provinces: pd.DataFrame
    agencies: pd.DataFrame  # roster agencies of the chosen groups, with status


def build_frames(report: Report, groups: Iterable[str] | None = None) -> Frames:
    groups = list(groups) if groups else None
    agencies = metrics.agencies_in(report, groups).reset_index(drop=True)
    return Frames(
        summary=MappingProxyType(metrics.summary(report, groups)),  # shared by sessions: read-only
        by_group=metrics.by_group(report, groups),
        burnup=metrics.burnup(report, groups),
        activities=metrics.activities(report, groups),
        provinces=metrics.provinces(report),
        agencies=agencies,
    )


def due(config: Config) -> pd.Timestamp:
    """The last minute on time, as people say it: a deadline "before 4 June" is due 03/06/2021 23:59."""
    return config.deadline - pd.Timedelta(minutes=1)


def is_closed(config: Config, moment: pd.Timestamp) -> bool:
    return moment >= config.deadline


def headline(
    summary: dict,
    moment: pd.Timestamp,
    lang: str,
    *,
    closed: bool = False,
    final: bool = False,
    groups: Iterable[str] = (),
) -> str:
    """The sentence a leader quotes in a report: "as of …" while open or for a chosen moment, the round's result
    once it has closed (`final`). Zero reads naturally; before the deadline (not `closed`) nobody can be late yet,
    so lateness is left out. `groups` (their names, when some are chosen) lead the sentence, so that a screenshot
    forwarded on its own still says what it counts: "Sở TT&TT các tỉnh, thành phố — tính đến 17:00 ngày …: 47/63 …"."""
    late = summary["agencies_late"]
    missing = summary["agencies_missing"]
    if late:
        late_text = t("headline_late", lang, n=fmt_int(late, lang))
    else:
        late_text = t("headline_late_none", lang) if closed or final else ""
    if missing == 0:
        missing_text = t("headline_missing_none", lang)
    else:
        missing_text = t("headline_missing", lang, n=fmt_int(missing, lang))
    groups = list(groups)
    return t(
        ("headline_final" if final else "headline") + ("_groups" if groups else ""),
        lang,
        groups="; ".join(groups),
        time=fmt_time(moment),
        date=fmt_date(moment),
        reported=fmt_int(summary["agencies_reported"], lang),
        expected=fmt_int(summary["agencies_expected"], lang),
        rate=fmt_pct(summary["reporting_rate"], lang),
        late=late_text,
        missing=missing_text,
    )


def freshness(read_at: pd.Timestamp, lang: str) -> str:
    """When the figures were read from the source, on the page itself (the sidebar is hidden on a phone)."""
    return t("figures_read_at", lang, time=fmt_time(read_at), date=fmt_date(read_at))


def deadline_state(summary: dict, config: Config, lang: str) -> str:
    """What stood at the deadline, beside the final picture: 'Đến hạn 03/06/2021 (23:59): 83/126 đơn vị … đúng hạn'."""
    expected = summary["agencies_expected"]
    on_time = summary["agencies_on_time"]
    last = due(config)
    return t(
        "deadline_state",
        lang,
        date=fmt_date(last),
        time=fmt_time(last),
        on_time=fmt_int(on_time, lang),
        expected=fmt_int(expected, lang),
        rate=fmt_pct(on_time / expected if expected else 0.0, lang),
    )


def countdown(config: Config, moment: pd.Timestamp) -> int | None:
    """Calendar days from `moment` to the last day on time (0 on that day); None once the deadline has passed."""
    here = config.local(moment)
    if is_closed(config, here):
        return None
    return (due(config).date() - here.date()).days


def deadline_tile(config: Config, moment: pd.Timestamp, lang: str) -> tuple[str, str] | None:
    """('Hạn chót', 'hôm nay, 23:59' / 'ngày mai, 23:59' / 'còn 5 ngày') while open; None once closed."""
    days = countdown(config, moment)
    if days is None:
        return None
    time = fmt_time(due(config))
    if days == 0:
        value = t("deadline_today", lang, time=time)
    elif days == 1:
        value = t("deadline_tomorrow", lang, time=time)
    else:
        value = t("deadline_in_days", lang, n=fmt_int(days, lang))
    return t("tile_deadline", lang), value


def tiles(summary: dict, config: Config, moment: pd.Timestamp, lang: str) -> list[tuple[str, str]]:
    """(label, value) for the overview's tiles, in order; the countdown only while the campaign is open."""
    out = [
        (t("tile_expected", lang), fmt_int(summary["agencies_expected"], lang)),
        (t("tile_reported", lang), fmt_int(summary["agencies_reported"], lang)),
        (t("tile_on_time", lang), fmt_int(summary["agencies_on_time"], lang)),
        (t("tile_late", lang), fmt_int(summary["agencies_late"], lang)),
        (t("tile_missing", lang), fmt_int(summary["agencies_missing"], lang)),
        (t("tile_rate", lang), fmt_pct(summary["reporting_rate"], lang)),
    ]
    countdown_tile = deadline_tile(config, moment, lang)
    return out + [countdown_tile] if countdown_tile else out


def just_reported(agencies: pd.DataFrame, seen: Iterable[str], lang: str, tz: str) -> list[tuple[str, str]]:
    """(name, when it reported: 'lúc 09:38 ngày 04/06/2021') of the agencies that have reported and were not among
    `seen` (codes), the latest first (roster order among equal times)."""
    reported = agencies[agencies["status"].isin(["on_time", "late"]) & ~agencies["code"].isin(list(seen))]
    reported = reported.assign(_name=agency_names(reported, lang)).sort_values(
        "first_submitted_at", ascending=False, kind="stable", na_position="last"
    )
    out = []
    for name, when in zip(reported["_name"], reported["first_submitted_at"]):
        if pd.isna(when):
            out.append((name, ""))
            continue
        local = pd.Timestamp(when).tz_convert(tz) if pd.Timestamp(when).tzinfo else pd.Timestamp(when)
        out.append((name, t("reported_at", lang, time=fmt_time(local), date=fmt_date(local))))
    return out


def live_stamp(looked: pd.Timestamp, every_seconds: int, lang: str) -> str:
    """When the live board last looked, to the second, and when it looks next: 'Cập nhật lúc 09:41:05 …'."""
    following = looked + pd.Timedelta(seconds=every_seconds)
    return t("live_updated", lang, time=looked.strftime("%H:%M:%S"), next=following.strftime("%H:%M:%S"))


def quantity_tiles(frames: Frames, config: Config, lang: str) -> list[tuple[str, str]]:
    """(label, total) for each activity with a quantity, and participants."""
    table = frames.activities.set_index("activity")
    out = [(a.short(lang), fmt_int(table.at[a.key, "quantity"], lang)) for a in config.quantity_activities]
    out.append((t("participants", lang), fmt_int(frames.summary["participants"], lang)))
    return out


def status_counts_by_group(frames: Frames) -> pd.DataFrame:
    """group × status counts for the stacked bar (the by-group rates table, reshaped)."""
    table = frames.by_group
    return pd.DataFrame(
        {
            "group": table["group"],
            "on_time": table["agencies_on_time"],
            "late": table["agencies_late"],
            "missing": table["agencies_missing"],
            "expected": table["agencies_expected"],
            "reporting_rate": table["reporting_rate"],
        }
    )
