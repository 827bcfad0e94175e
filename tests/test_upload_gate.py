"""Uploads before sign-in (issue 15), against a real server: Streamlit's upload endpoint refuses a file for a
session that has not signed in without reading it, so 19 MB PUTs leave the server's memory where it was."""

from __future__ import annotations

from bench.hardening import MB, open_session, put_file, rss, streamlit_server, xsrf_token
from campaign.access import hash_password


def test_puts_to_a_session_without_a_role_are_refused_unread_and_memory_stays():
    secrets = f'[access]\npassword_hash = "{hash_password("mật-khẩu-thử-2021", iterations=1000)}"\n'
    with streamlit_server(secrets) as (url, proc):
        with open_session(url) as session_id:  # the password form is drawn: no role
            xsrf = xsrf_token(url)
            start = rss(proc.pid)
            statuses = [put_file(url, session_id, 19 * MB, xsrf) for _ in range(5)]
            grown = rss(proc.pid) - start
    assert statuses == [400] * 5
    assert grown < 50 * MB


def test_a_session_with_a_role_may_upload():
    with streamlit_server("") as (url, _proc):  # no access configured: everyone is the open coordinator
        with open_session(url) as session_id:
            status = put_file(url, session_id, 1 * MB, xsrf_token(url))
    assert status == 204


def test_a_flood_of_puts_from_one_session_holds_two_files_at_most():
    """Open mode, where every visitor is the coordinator: 12 files of 19 MB one after the other, then 6 at once."""
    from concurrent.futures import ThreadPoolExecutor

    with streamlit_server("") as (url, proc):
        with open_session(url) as session_id:
            xsrf = xsrf_token(url)
            start = rss(proc.pid)
            one_by_one = [put_file(url, session_id, 19 * MB, xsrf) for _ in range(12)]
            held = rss(proc.pid) - start
            with ThreadPoolExecutor(6) as pool:
                at_once = list(pool.map(lambda _: put_file(url, session_id, 19 * MB, xsrf), range(6)))
            after = rss(proc.pid) - start
    assert one_by_one == [204] * 12
    assert held < 2 * 19 * MB + 40 * MB  # two files kept, not twelve (228 MB before the budget)
    assert at_once.count(204) >= 1 and at_once.count(400) >= 1  # parallel PUTs of one session: one read at a time
    assert after < 2 * 19 * MB + 60 * MB
