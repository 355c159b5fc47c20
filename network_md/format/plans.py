"""Plans in a log: which open plan `done` ticks, and the one-byte edit that ticks it. Pure."""

from __future__ import annotations

import re

from network_md.core.errors import WriteError

OPEN_BOX = re.compile(rb"[ \t]*[-*+][ \t]+\[( )\]")


def tick_box(data: bytes, line: int) -> bytes:
    """The file's bytes with the open task box on `line` (1-based) ticked, `[ ]` -> `[x]`:
    that one byte changes. WriteError when that line holds no open box."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            raise WriteError(f"the file has no line {line}; nothing written")
    if data.startswith(b"\xef\xbb\xbf") and line == 1:
        start = 3  # after the byte order mark
    m = OPEN_BOX.match(data, start)
    if m is None:
        raise WriteError(f"line {line} holds no open plan '- [ ]'; nothing written")
    at = m.start(1)
    return data[:at] + b"x" + data[at + 1 :]


def open_plans(log) -> list:
    """The open plans, oldest first (then by line)."""
    return sorted((e for e in log if e.state == "plan"), key=lambda e: (e.day, e.line))


def pick_plan(log, on: int | None, today: int):
    """The open plan `done` ticks: the one on day `on` (whenever that is), else the oldest whose
    day has come (on or before `today`); None when there is none. A plan still ahead is ticked
    only when named by its day: a plain `done` must not tick what has not happened."""
    plans = open_plans(log)
    if on is not None:
        return next((e for e in plans if e.day == on), None)
    return next((e for e in plans if e.day <= today), None)


def plan_text(plan) -> str:
    """`2026-12-12 asked: an intro`, as `done` names a plan."""
    return f"{plan.date.isoformat()} {plan.word}" + (f": {plan.text}" if plan.text else "")
