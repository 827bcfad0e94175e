"""Every piece of evidence in one table: its agency, activity, kind, origin and state (campaign/evidence.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from campaign import evidence as ev

DRIVE = "https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345"


def _subs(*rows: dict) -> pd.DataFrame:
    base = {"blank": False, "agency_code": "", "activities": "", "evidence": "", "source": "form", "email": "", "reporter": ""}
    return pd.DataFrame([base | {"row": 2 + i} | r for i, r in enumerate(rows)])


ROSTER = pd.DataFrame({"code": ["A1", "B2"], "name": ["Sở A", "Bộ B"], "group": ["province", "ministry"]})


@pytest.mark.parametrize(
    ("url", "content_type", "kind"),
    [
        ("https://x.example/anh/le-mit-tinh.JPG", "", ev.PHOTO),
        ("https://x.example/v.mp4?dl=1", "", ev.VIDEO),
        ("https://www.youtube.com/watch?v=abc", "", ev.VIDEO),
        ("https://www.facebook.com/so.a/videos/123/", "", ev.VIDEO),
        ("https://x.example/bao-cao.pdf", "", ev.DOCUMENT),
        ("https://docs.google.com/document/d/abc/edit", "", ev.DOCUMENT),
        ("https://x.example/tin-tuc/le-ky-niem", "", ev.PAGE),
        ("https://x.example/tin-tuc/le-ky-niem", "image/jpeg", ev.PHOTO),
        (DRIVE, "", ev.FILE),
        (DRIVE, "video/mp4", ev.VIDEO),
    ],
)
def test_a_links_kind_is_told_from_its_extension_host_or_content_type(url, content_type, kind):
    assert ev.kind_of(url, content_type) == kind


def test_each_link_of_a_report_is_a_row_with_its_agency_group_activity_and_origin():
    subs = _subs(
        {"agency_code": "A1", "activities": "banner", "evidence": f"https://x.example/a.jpg;{DRIVE}", "email": "a@x.vn"},
        {"agency_code": "B2", "activities": "banner;webinar", "evidence": "https://x.example/b.pdf", "source": "email"},
        {"blank": True, "evidence": "https://x.example/blank.jpg"},
    )
    table = ev.evidence_table(subs, ROSTER)
    assert table[["url", "agency", "group", "activity", "kind", "origin", "state"]].values.tolist() == [
        ["https://x.example/a.jpg", "Sở A", "province", "banner", ev.PHOTO, ev.FORM_LINK, ev.PENDING],
        [DRIVE, "Sở A", "province", "banner", ev.FILE, ev.FORM_UPLOAD, ev.PENDING],
        ["https://x.example/b.pdf", "Bộ B", "ministry", "", ev.DOCUMENT, ev.EMAILED, ev.PENDING],
    ]
    assert table["email"].tolist() == ["a@x.vn", "a@x.vn", ""]


def test_a_link_that_is_not_http_is_listed_as_not_checked():
    subs = _subs({"agency_code": "A1"})
    issues = pd.DataFrame({"row": [2], "column": ["Minh chứng"], "issue": ["non_http_link"], "value": ["javascript:alert(1)"]})
    table = ev.evidence_table(subs, ROSTER, issues=issues)
    assert table[["url", "agency_code", "state"]].values.tolist() == [["javascript:alert(1)", "A1", ev.NOT_CHECKED]]


def test_the_latest_check_of_a_link_gives_its_state_and_refines_its_kind():
    subs = _subs({"agency_code": "A1", "evidence": f"{DRIVE};https://x.example/gone"})
    checks = pd.DataFrame(
        {
            "url": [DRIVE, DRIVE, "https://x.example/gone"],
            "state": [ev.NEEDS_ACCESS, ev.OPEN, ev.BROKEN],
            "status": ["403", "200", "404"],
            "content_type": ["text/html", "image/png", "text/html"],
            "at": ["2021-06-01T08:00:00+07:00", "2021-06-02T08:00:00+07:00", "2021-06-02T08:00:00+07:00"],
        }
    )
    table = ev.evidence_table(subs, ROSTER, checks)
    assert table[["state", "status", "kind"]].values.tolist() == [[ev.OPEN, "200", ev.PHOTO], [ev.BROKEN, "404", ev.PAGE]]
    per_agency = ev.problem_links(table)
    assert per_agency.to_dict("records") == [{"agency_code": "A1", "agency": "Sở A", ev.BROKEN: 1, ev.NEEDS_ACCESS: 0}]


def test_the_chosen_photos_are_the_latest_choice_per_link_in_the_order_first_chosen_and_at_most_twelve():
    urls = [f"https://x.example/{i}.jpg" for i in range(14)]
    table = ev.evidence_table(_subs({"agency_code": "A1", "evidence": ";".join([*urls, "https://x.example/d.pdf"])}), ROSTER)
    rows = [
        {"url": u, "chosen": "x", "caption_vi": f"Ảnh {i}", "caption_en": f"Photo {i}", "at": f"2021-06-01T08:{i:02d}"}
        for i, u in enumerate(urls)
    ]
    rows.append({"url": urls[0], "chosen": "", "caption_vi": "", "caption_en": "", "at": "2021-06-01T09:00"})  # taken out
    rows.append({"url": urls[1], "chosen": "x", "caption_vi": "Mới", "caption_en": "New", "at": "2021-06-01T09:01"})
    rows.append({"url": "https://x.example/d.pdf", "chosen": "x", "caption_vi": "", "caption_en": "", "at": "2021-06-01T09:02"})
    chosen = ev.chosen_photos(pd.DataFrame(rows), table)
    assert chosen["url"].tolist() == urls[1:13]
    assert chosen.iloc[0][["caption_vi", "caption_en", "agency"]].tolist() == ["Mới", "New", "Sở A"]


def test_the_request_to_share_names_the_links_that_do_not_open_in_each_language(config):
    from presentation.views.evidence import share_request

    links = ["https://drive.google.com/open?id=abc", "https://x.example/gone"]
    subject, body = share_request(config, "vi", links)
    assert "chia sẻ" in subject.lower() and all(f"- {u}" in body for u in links) and config.campaign.contact_email in body
    subject, body = share_request(config, "en", links)
    assert "share" in subject and "Anyone with the link" in body and all(u in body for u in links)
