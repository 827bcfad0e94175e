"""How a row was matched to the roster (the `match` column): one word each, listed once."""

CODE, EMAIL, NAME, FUZZY = "code", "email", "name", "fuzzy"  # the matcher's answers (campaign/matching.py)
RESOLVED, NOT_ON_ROSTER = "resolved", "not_on_roster"  # the coordinator's decisions (campaign/resolve.py)
NONE = "none"  # no agency
MATCH_KINDS = (CODE, EMAIL, NAME, FUZZY, RESOLVED, NOT_ON_ROSTER, NONE)
BY_NAME = (NAME, FUZZY, NONE)  # what a resolution may override: never a typed code or a known email
