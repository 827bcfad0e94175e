"""The leaders' morning digest as an email: the text (presentation/views/digest.py), the same as HTML, and the
burn-up chart as an inline picture (rendered by Chromium, as the documents' charts)."""

from __future__ import annotations

import html
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pandas as pd

from campaign.model import Report
from documents.charts import ChartRenderer
from presentation import views
from presentation.figures import print_figures
from presentation.views.digest import Digest, build_digest


def burnup_png(report: Report, lang: str, renderer: ChartRenderer) -> bytes:
    """The overview's burn-up chart (every group) as PNG, drawn as the documents draw it (its own template and size)."""
    return renderer.png(print_figures(views.build_frames(report, ()), report.config, lang)["burnup"])


def _html(digest: Digest, chart_cid: str) -> str:
    """The digest as a small HTML page; every text escaped (agency names come from the roster)."""
    e = html.escape
    parts = [f"<p><b>{e(digest.sentence)}</b></p>"]
    if digest.deadline_line:
        parts.append(f"<p>{e(digest.deadline_line)}</p>")
    parts.append(f"<p>{e(digest.groups_title)}</p><ul>{''.join(f'<li>{e(g)}</li>' for g in digest.groups)}</ul>")
    parts.append(f"<p>{e(digest.new_title)}</p>")
    if digest.new:
        parts.append(f"<ul>{''.join(f'<li>{e(n)}</li>' for n in digest.new)}</ul>")
    parts.append(f'<p><img src="cid:{chart_cid[1:-1]}" alt="{e(digest.chart_caption)}" width="700"></p>')
    parts.append(f"<p><i>{e(digest.chart_caption)}</i></p><p><small>{e(digest.footer)}</small></p>")
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{"".join(parts)}</body></html>'


def digest_message(
    report: Report,
    moment: pd.Timestamp,
    lang: str,
    *,
    sender: str,
    to: list[str],
    chart: bytes,
    final: bool = False,
) -> EmailMessage:
    """The digest email: text and HTML alternatives, the chart inline in the HTML (cid:), UTF-8 headers."""
    digest = build_digest(report, moment, lang, final=final)
    domain = sender.rsplit("@", 1)[-1]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = digest.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(digest.text(), charset="utf-8")
    cid = make_msgid(domain=domain)
    message.add_alternative(_html(digest, cid), subtype="html", charset="utf-8")
    message.get_payload()[1].add_related(chart, maintype="image", subtype="png", cid=cid, filename="burnup.png")
    return message
