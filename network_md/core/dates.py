"""Strict `YYYY-MM-DD` dates and durations, as the log grammar writes them."""

from __future__ import annotations

import re
from datetime import date

from network_md.core.quote import show_value

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
# The longest DURATION, shared by the reader and `log --minutes` so that what one writes the
# other reads back: a week (a conference, a retreat) is the longest one touch takes; more is a
# typo that would swamp the daily practice's minutes.
MAX_MINUTES = 7 * 24 * 60
# At most 7 digits a part (leading zeros aside) keeps int() cheap before the MAX_MINUTES check;
# a longer or larger text is not a duration, and its entry counts without one.
DURATION = re.compile(r"(?:0*([0-9]{1,7})h)?(?:0*([0-9]{1,7})m)?\Z")


def parse_iso(text: str) -> date:
    """`YYYY-MM-DD` to a date; ValueError (with a readable message) otherwise."""
    m = ISO_DATE.match(text.strip())
    if not m:
        raise ValueError(f"'{show_value(text)}' is not a date like 2026-11-27")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"'{show_value(text)}' is not a real date") from None


def parse_duration(text: str) -> int | None:
    """`15m`, `1h`, `1h30m` to minutes; None when it is not a duration (or over MAX_MINUTES)."""
    m = DURATION.match(text.strip())
    if not m or not (m[1] or m[2]):
        return None
    minutes = int(m[1] or 0) * 60 + int(m[2] or 0)
    return minutes if minutes <= MAX_MINUTES else None


def format_duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}h{mins}m"
    return f"{hours}h" if hours else f"{mins}m"


def iso(day: int | None) -> str | None:
    """A date ordinal as `YYYY-MM-DD` (None stays None)."""
    return None if day is None else date.fromordinal(day).isoformat()
