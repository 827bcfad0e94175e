"""The one colour of each status, and the colours of groups (never a status colour)."""

# Okabe–Ito: told apart by readers with any common colour-vision deficiency. One colour per status, everywhere.
STATUS_COLORS = {"on_time": "#0072B2", "late": "#E69F00", "missing": "#CC79A7"}
NO_DATA_COLOR = "#D9D9D9"
# Groups are not statuses: they take the other Okabe–Ito colours, never a status colour.
GROUP_COLORS = ("#56B4E9", "#009E73", "#D55E00", "#6B6B6B", "#F0E442", "#000000")
