"""The reminder: before the deadline it asks for the report, after it says it is overdue; both cite the letter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse

import pandas as pd
import pytest

from campaign.document_inputs import defaults
from documents.text import placeholders
from presentation import views

BEFORE = pd.Timestamp("2021-06-02T09:00:00+07:00")
AFTER = pd.Timestamp("2021-06-04T00:00:00+07:00")  # the deadline itself: overdue


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_before_the_deadline_it_asks_for_the_report_before_it(config, lang):
    subject, body = views.reminder(config, lang, BEFORE, demo=True)
    assert ("quá hạn" not in subject) if lang == "vi" else ("Overdue" not in subject)
    assert "00:00 04/06/2021" in body
    assert "https://forms.example/wtisd2021" in body
    assert "Đào Ngọc Tuyền" in body and "0912802454" in body and "dntuyen@mic.gov.vn" in body
    assert ("Thực hiện công văn" in body) if lang == "vi" else ("Ministry of Information and Communications' letter" in body)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_after_the_deadline_it_says_overdue_and_asks_urgently(config, lang):
    subject, body = views.reminder(config, lang, AFTER, demo=True)
    if lang == "vi":
        assert "quá hạn" in subject and "khẩn trương" in body and "Theo công văn" in body
    else:
        assert subject.startswith("Overdue") and "urgently" in body and "has passed" in body
    assert "https://forms.example/wtisd2021" in body


def test_the_letter_number_and_date_are_cited_when_filled_in(config):
    """One place ([campaign]) for the original letter: the reminder and the documents cite the same number."""
    letter = dataclasses.replace(
        config.campaign, original_letter_number="1234/BTTTT-HTQT", original_letter_date=dt.date(2021, 5, 6)
    )
    filled = dataclasses.replace(config, campaign=letter)
    assert "công văn số 1234/BTTTT-HTQT ngày 06/05/2021" in views.reminder(filled, "vi", AFTER)[1]
    assert "letter No. 1234/BTTTT-HTQT of 06/05/2021" in views.reminder(filled, "en", BEFORE)[1]
    # The documents start from the same values (the coordinator may type others on the Export page).
    inputs = defaults(filled)
    assert (inputs.original_number, inputs.original_date) == ("1234/BTTTT-HTQT", dt.date(2021, 5, 6))
    empty = {"agencies_expected": 0, "agencies_reported": 0, "agencies_on_time": 0, "agencies_late": 0,
             "agencies_missing": 0, "reporting_rate": 0.0, "participants": 0}  # fmt: skip
    by_group = pd.DataFrame(columns=["group", "agencies_expected"])
    values = placeholders(filled, AFTER, "vi", summary=empty, by_group=by_group, inputs=inputs)
    assert (values["original_number"], values["original_date"]) == ("1234/BTTTT-HTQT", "6/5/2021")


def test_without_a_form_link_it_asks_by_email_only(config):
    _, body = views.reminder(config, "vi", BEFORE, demo=False)  # campaign.toml leaves form_url to be filled in
    assert "biểu mẫu trực tuyến" not in body and "qua email dntuyen@mic.gov.vn" in body


def test_the_mailto_link_carries_the_form_link(config):
    subject, body = views.reminder(config, "vi", BEFORE, demo=True)
    link = views.mailto("vanthu@so.example", subject, body)
    assert "https://forms.example/wtisd2021" in urllib.parse.parse_qs(link.split("?", 1)[1])["body"][0]


@pytest.mark.usefixtures("fresh_streamlit_cache")
@pytest.mark.parametrize("at", ["2021-06-02T09:00", "2021-06-04T09:00", None])  # open, just closed, the final picture
def test_the_reminder_goes_only_to_agencies_not_reported_at_that_moment(at, tmp_path, monkeypatch):
    from tests.apptest import new_app, no_exception

    monkeypatch.setenv("CAMPAIGN_STORE_PATH", str(tmp_path / "campaign.sqlite"))
    app = new_app(query={"at": at} if at else None, run=False)
    app.session_state["_desk_who"] = "Lan"
    app.run()
    app.switch_page("app_pages/followup.py").run()
    no_exception(app)
    detail = next(d.value for d in app.dataframe if "Email" in d.value.columns and "Trạng thái" in d.value.columns)
    line = next(c.value for c in app.code if "@" in c.value)
    missing, late = detail[detail["Trạng thái"] == "Chưa báo cáo"], detail[detail["Trạng thái"] == "Trễ hạn"]
    assert len(missing) and (at == "2021-06-02T09:00" or len(late))
    for emails in late["Email"]:
        assert not [e for e in views.valid_emails(emails) if e.lower() in line.lower()]  # never a reporter
    assert (late["Thư nhắc"] == "").all()
    for emails in missing["Email"]:
        assert all(e.lower() in line.lower() for e in views.valid_emails(emails))
    assert (missing["Thư nhắc"] != "").sum() == sum(bool(views.valid_emails(e)) for e in missing["Email"])
    if len(late):  # asked for, the late ones get a thank-you instead
        app.checkbox(key="thank_late").check().run()
        detail = next(d.value for d in app.dataframe if "Email" in d.value.columns and "Trạng thái" in d.value.columns)
        thanked = detail[(detail["Trạng thái"] == "Trễ hạn") & (detail["Thư nhắc"] != "")]
        assert len(thanked) and all("C%E1%BA%A3m%20%C6%A1n" in link for link in thanked["Thư nhắc"])  # "Cảm ơn"
