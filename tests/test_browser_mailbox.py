"""The Mailbox page in a real browser (headless Chromium, a real Dovecot): it opens without an exception box on a
desk and on a phone, and nothing an email carries (a script, markup, a remote picture) runs or renders."""

from __future__ import annotations

import pytest

from tests import mail_samples
from tests.imap_server import dovecot
from tests.test_browser import _DANGEROUS, CHROMIUM, _open, _shot, _streamlit, _with_log
from tests.test_mailbox_app import demo_mails

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


def test_the_mailbox_page_opens_on_a_desk_and_a_phone_and_runs_nothing_from_an_email(browser, tmp_path):
    mails = demo_mails() + [(s.data, s.received.timestamp()) for s in mail_samples.samples()]
    with dovecot(mails) as imap:
        inbox = imap.secrets()
        secrets = "[inbox]\n" + "".join(f'{k} = "{v}"\n' if isinstance(v, str) else f"{k} = {v}\n" for k, v in inbox.items())
        with _streamlit(tmp_path, secrets) as (url, log_path):

            def check():
                for width, name in ((1600, "mailbox"), (390, "mailbox-phone")):
                    page = _open(browser, f"{url}/hop-thu")
                    page.set_viewport_size({"width": width, "height": 2400})
                    page.get_by_text("Cần xử lý").first.wait_for(timeout=60_000)
                    assert page.locator('[data-testid="stException"]').count() == 0
                    assert page.evaluate(_DANGEROUS) == []
                    assert page.locator("img[src*='tracker.example']").count() == 0
                    _shot(page, name)
                    page.close()
                page = _open(browser, f"{url}/hop-thu")  # the report with a signed PDF and a photo
                page.get_by_text("Cần xử lý").first.wait_for(timeout=60_000)
                page.locator('[data-testid="stSelectbox"]').filter(has_text="Thư").click()
                page.keyboard.type("Báo cáo kết quả tổ chức Ngày")
                page.keyboard.press("Enter")
                page.locator('[data-testid="stImage"] img').first.wait_for(timeout=60_000)
                assert page.locator('[data-testid="stImage"] img').count() == 1  # the photo's thumbnail
                assert page.evaluate(_DANGEROUS) == []
                _shot(page, "mailbox-email")
                page.close()

            _with_log(log_path, check)
