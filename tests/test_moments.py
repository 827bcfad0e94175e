"""--as-of as a person types it: the Vietnamese day-first order, ISO, or "deadline"; anything else refused."""

import pandas as pd
import pytest

from campaign.errors import InputError
from campaign.moments import AS_OF_FORMS, parse_as_of


def hcm(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("03/06/2021", "2021-06-03 23:59:59.999999"),  # 3 June, never 6 March; the whole day
        ("3/6/2021", "2021-06-03 23:59:59.999999"),
        ("03/06/2021 17:00", "2021-06-03 17:00:59.999999"),  # the whole minute, as the dashboard's chosen minute
        ("03/06/2021 17:00:30", "2021-06-03 17:00:30.999999"),
        ("  13/05/2021  8:05 ", "2021-05-13 08:05:59.999999"),
        ("2021-06-03", "2021-06-03 23:59:59.999999"),
        ("2021-06-03T17:00", "2021-06-03 17:00:59.999999"),
        ("2021-06-03T17:00:30", "2021-06-03 17:00:30.999999"),
        ("2021-06-03 17:00", "2021-06-03 17:00:59.999999"),
        # What the exports write (as_of, first_submitted_at): an offset or Z, fractional seconds taken exactly.
        ("2021-05-25T00:00:00+07:00", "2021-05-25 00:00:00.999999"),
        ("2021-06-03T17:00+07:00", "2021-06-03 17:00:59.999999"),
        ("2021-06-03T10:00:30Z", "2021-06-03 17:00:30.999999"),
        ("2021-06-03T16:59:59.999999+00:00", "2021-06-03 23:59:59.999999"),
        ("2021-06-03T23:59:59.5+0700", "2021-06-03 23:59:59.5"),
    ],
)
def test_accepted_forms_are_read_in_the_campaign_zone_to_the_end_of_what_was_given(config, typed, moment):
    assert parse_as_of(typed, config) == hcm(moment)


@pytest.mark.parametrize("typed", ["deadline", "Deadline", " DEADLINE "])
def test_deadline_is_the_last_moment_before_it(config, typed):
    got = parse_as_of(typed, config)
    assert got < pd.Timestamp(config.deadline) <= got + pd.Timedelta(microseconds=1)
    assert got == hcm("2021-06-03 23:59:59.999999")


@pytest.mark.parametrize(
    "typed",
    [
        "06/03/2021x",
        "2021/06/03",
        "31/02/2021",
        "03/13/2021",
        "03/06/2021 25:00",
        "03/06/21",
        "hôm qua",
        "",
        "2021-06-03T17:00+25:00",
        "2021-02-30T17:00:00Z",
        "2021-06-03T17",
        "9" * 60,
        "03/06/2021\n17:00",
        "03/06/99999",
    ],
)
def test_anything_else_is_refused_naming_the_accepted_forms(config, typed):
    with pytest.raises(InputError) as caught:
        parse_as_of(typed, config)
    assert AS_OF_FORMS in caught.value.en and AS_OF_FORMS in caught.value.vi
    assert "\n" not in str(caught.value)


def test_the_moment_an_export_writes_is_read_back_as_that_moment(config):
    """campaign_summary's as_of (and the submissions' times) go back into --as-of unchanged."""
    moment = hcm("2021-06-03 23:59:59.999999")
    assert parse_as_of(moment.isoformat(), config) == moment
    to_the_second = hcm("2021-05-25 08:30:15")
    assert parse_as_of(to_the_second.isoformat(), config) == to_the_second + pd.Timedelta(microseconds=999999)
