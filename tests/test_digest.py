"""The leaders' morning digest: `python -m campaign digest` writes an .eml (read back here) or sends it through a real
SMTP server on 127.0.0.1 (STARTTLS + AUTH), only on the campaign's digest days; no personal data; the systemd unit
and timer that run it at 07:30."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import cli
from campaign.config import PROJECT_ROOT
from campaign.report import evaluate, prepare
from data_sources.demo import DemoSource
from presentation.views.digest import since_yesterday
from tests.configs import campaign_copy
from tests.smtp_server import SENDER, smtp_server

AS_OF = "2021-06-02T07:30"
SYSTEMD = PROJECT_ROOT / "deploy" / "systemd"


def _read(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def _png(message) -> bytes:
    return next(p.get_content() for p in message.walk() if p.get_content_type() == "image/png")


@pytest.fixture(scope="module")
def eml(tmp_path_factory) -> tuple[bytes, str]:
    """The Vietnamese digest of the demo data at 07:30 on 2 June, as the command writes it (and what it printed)."""
    out = tmp_path_factory.mktemp("digest") / "digest.eml"
    code = cli.main(["digest", "--to", "lanhdao@mic.gov.vn", "--to", "vuhtqt@mic.gov.vn", "--as-of", AS_OF, "--out", str(out)])
    assert code == 0
    return out.read_bytes()


def test_the_eml_reads_back_with_its_headers_and_the_vietnamese_digest(eml, config):
    message = _read(eml)
    assert message["To"] == "lanhdao@mic.gov.vn, vuhtqt@mic.gov.vn" and message["From"] == config.campaign.contact_email
    assert message["Subject"].startswith("[WTISD 2021] Tình hình báo cáo ngày 02/06/2021: ")
    assert "=?utf-8?" in eml.split(b"\n\n", 1)[0].decode("ascii").lower()  # the subject encoded for the headers
    assert message["Date"] and re.fullmatch(r"<[^@>]+@mic\.gov\.vn>", message["Message-ID"])
    text = message.get_body(("plain",)).get_content()
    report = evaluate(prepare(DemoSource(config).read(), config), AS_OF)
    summary = report.agencies["status"].value_counts()
    reported = int(summary.get("on_time", 0) + summary.get("late", 0))
    assert text.startswith(f"Tính đến 07:30 ngày 02/06/2021, {reported}/126 đơn vị")  # the quotable sentence
    assert "Sở TT&TT các tỉnh, thành phố: " in text and "Doanh nghiệp viễn thông, bưu chính: " in text
    new = since_yesterday(report.agencies, report.as_of)
    assert len(new) and f"Đã báo cáo từ 07:30 ngày 01/06/2021 ({len(new)} đơn vị):" in text
    assert all(f"- {name}" in text for name in new["name"])  # who reported since yesterday


def test_the_burn_up_chart_is_inline_in_the_html(eml):
    message = _read(eml)
    html = message.get_body(("html",)).get_content()
    image = next(p for p in message.walk() if p.get_content_type() == "image/png")
    assert f'src="cid:{image["Content-ID"][1:-1]}"' in html  # the HTML shows the picture it carries
    picture = Image.open(io.BytesIO(image.get_content())).convert("L")
    assert picture.width >= 600 and picture.getextrema()[0] < 128  # drawn: dark ink on it, not a blank page


def test_no_personal_data_is_in_the_digest(eml, config):
    prepared = prepare(DemoSource(config).read(), config)
    text = _read(eml).get_body(("plain",)).get_content() + _read(eml).get_body(("html",)).get_content()
    rows = prepared.rows
    personal = {str(v) for column in ("email", "reporter", "phone") if column in rows for v in rows[column] if str(v).strip()}
    personal |= {str(v) for v in prepared.roster["email"] if str(v).strip()}
    assert personal and not [p for p in personal if p in text]


def test_english_on_request(tmp_path):
    out = tmp_path / "digest-en.eml"
    assert cli.main(["digest", "--to", "leader@mic.gov.vn", "--as-of", AS_OF, "--lang", "en", "--out", str(out)]) == 0
    message = _read(out.read_bytes())
    assert message["Subject"].startswith("[WTISD 2021] Reporting on 02/06/2021: ")
    assert "Reporting rate by group:" in message.get_body(("plain",)).get_content()


def _config_with_days(tmp_path: Path, first: dt.date, last: dt.date) -> Path:
    return campaign_copy(
        tmp_path, ("# first_day = 2021-05-20\n# last_day = 2021-06-11", f"first_day = {first}\nlast_day = {last}")
    )


def _secrets(tmp_path: Path, table: dict) -> Path:
    lines = ["[smtp]"] + [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in table.items()]
    path = tmp_path / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sent_through_starttls_and_auth_on_a_digest_day(tmp_path, capsys):
    today = dt.date.today()
    config = _config_with_days(tmp_path, today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    with smtp_server(tmp_path, tls=True, password="dung-mat-khau-2021") as (inbox, table):
        args = ["digest", "--config", str(config), "--send", "--secrets", str(_secrets(tmp_path, table)), "--as-of", AS_OF]
        assert cli.main([*args, "--to", "lanhdao@mic.gov.vn"]) == 0
    assert len(inbox.received) == 1
    mail_from, rcpt, _ = inbox.received[0]
    message = inbox.messages()[0]
    assert (mail_from, rcpt, message["From"]) == (SENDER, ["lanhdao@mic.gov.vn"], SENDER)
    assert message["Message-ID"] in capsys.readouterr().out
    assert message["Subject"].startswith("[WTISD 2021] Tình hình báo cáo") and _png(message)[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_is_sent_outside_the_digest_days(tmp_path, capsys):
    config = _config_with_days(tmp_path, dt.date(2021, 5, 20), dt.date(2021, 6, 11))  # the campaign is long over
    with smtp_server(tmp_path) as (inbox, table):
        args = ["digest", "--config", str(config), "--send", "--secrets", str(_secrets(tmp_path, table))]
        assert cli.main([*args, "--to", "lanhdao@mic.gov.vn"]) == 0
    assert inbox.received == [] and "nothing sent" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--to", "không phải địa chỉ"], "--to"),
        (["--to", "a@mic.gov.vn", "--send", "--secrets", "/nonexistent/secrets.toml"], "secrets"),
    ],
)
def test_a_wrong_recipient_or_secrets_file_is_one_line_and_exit_2(args, said, capsys):
    assert cli.main(["digest", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert said in err and len(err.splitlines()) == 1


def _unit(name: str) -> dict[str, list[str]]:
    """key → values of a unit file (sections ignored: no key repeats across them here)."""
    out: dict[str, list[str]] = {}
    for line in (SYSTEMD / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key, []).append(value)
    return out


def test_the_timer_runs_the_digest_at_0730_and_the_service_sends_it():
    timer, service = _unit("campaign-digest.timer"), _unit("campaign-digest.service")
    assert timer["OnCalendar"] == ["*-*-* 07:30:00 Asia/Ho_Chi_Minh"] and timer["Persistent"] == ["true"]
    assert timer["Unit"] == ["campaign-digest.service"] and timer["WantedBy"] == ["timers.target"]
    assert service["Type"] == ["oneshot"] and service["User"] == ["campaign"]
    command = service["ExecStart"][0].split()
    assert command[1:4] == ["-m", "campaign", "digest"] and "--send" in command and "--to" in command
    assert command[command.index("--secrets") + 1] == "/etc/campaign-dashboard/secrets.toml"  # the dashboard's
    parsed = cli.parser().parse_args(command[3:])  # the command line the unit runs is one the CLI takes
    assert parsed.send and parsed.to and parsed.sheet and parsed.credentials


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_unit_and_timer_pass_systemd_analyze_verify(tmp_path):
    for name in ("campaign-digest.timer", "campaign-digest.service"):
        text = (SYSTEMD / name).read_text(encoding="utf-8")
        # The virtualenv of the server is not on this machine: this interpreter stands in for it.
        (tmp_path / name).write_text(text.replace("/opt/campaign-dashboard/.venv/bin/python", sys.executable))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "./campaign-digest.timer", "./campaign-digest.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_a_hostile_agency_name_is_text_in_the_html():
    from documents.digest import _html
    from presentation.views.digest import Digest

    hostile = '<script>alert(1)</script> & <img src=x onerror="y">'
    digest = Digest("s", "Tính đến …", "", "Theo nhóm:", [hostile], "Đã báo cáo:", [hostile], "Hình", "nguồn")
    html = _html(digest, "<cid@mic.gov.vn>")
    assert "<script>" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=&quot;y&quot;&gt;") == 2
    assert hostile in digest.text()  # the text part says it as typed
