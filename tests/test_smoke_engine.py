from campaign.report import build_report
from data_sources.demo import DemoSource


def test_demo_report_accounts_for_every_row(config):
    report = build_report(DemoSource(config).read(), config)
    acc = report.accounting
    assert acc["rows_read"] == sum(v for k, v in acc.items() if k != "rows_read")
    assert acc["rows_counted"] == (report.agencies["status"] != "missing").sum()
