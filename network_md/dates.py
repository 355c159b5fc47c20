"""Strict `YYYY-MM-DD` dates and durations, as the log grammar writes them."""

from __future__ import annotations

import re
from datetime import date

from .quote import show_value

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
# At most 7 digits a part (leading zeros aside): longer is a typo, and int() of thousands of
# digits is refused by Python; such a text is not a duration, and its entry counts without one.
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
    """`15m`, `1h`, `1h30m` to minutes; None when it is not a duration."""
    m = DURATION.match(text.strip())
    if not m or not (m[1] or m[2]):
        return None
    return int(m[1] or 0) * 60 + int(m[2] or 0)


def format_duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}h{mins}m"
    return f"{hours}h" if hours else f"{mins}m"


def iso(day: int | None) -> str | None:
    """A date ordinal as `YYYY-MM-DD` (None stays None)."""
    return None if day is None else date.fromordinal(day).isoformat()
