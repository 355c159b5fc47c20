"""The careful path of the log reader (`logscan.scan`): every entry's line known, fenced code
skipped, and each line that starts like an entry but is not one, an impossible date, an
unknown kind, a bad duration, box or time reported where it stands. Taken for a file with a
fence or anything wrong, and for the full log (`show`, `today`'s context); a clean file takes
the fast path, which gives the same entries (the tests hold the two equal)."""

from __future__ import annotations

from network_md.core.model import KIND_CODE, NO_MINUTES, Problem
from network_md.core.quote import show_value
from network_md.format.config import Config
from network_md.format.logscan import (
    DATED,
    NOT_AN_ENTRY,
    STATES,
    Scanned,
    _entry,
    _inside,
    bad_duration,
    codes_for,
    columns_to_entries,
    day_ordinal,
    duration_minutes,
    fenced_ranges,
    impossible_day,
    valid_time,
)


def careful(text: str, start: int, config: Config, path: str, with_log: bool) -> Scanned:
    """The log of the body that starts at `start`, every entry's line known: what is wrong
    where, and (`with_log`) every entry as `show` prints it."""
    problems: list[Problem] = []
    fences = fenced_ranges(text, start)
    codes_of = codes_for(config)
    days, codes, minutes, log, plans, linked = [], [], [], [], [], []
    line, pos = text.count("\n", 0, start) + 1, start
    for m in DATED.finditer(text, start):
        at = m.start()
        line += text.count("\n", pos, at)
        pos = at
        if fences and _inside(at, fences):
            continue
        prefix, day_text, closer, time, word, duration, rest = m.groups(default="")
        opener = prefix.endswith("[[")
        if not word or opener != bool(closer) or (word.isdigit() and rest[:2].isdigit()):
            problems.append(Problem(path, line, "warning", NOT_AN_ENTRY))  # `14:30: call` too
            continue
        box = (prefix[:-2] if opener else prefix).rstrip(" \t")
        state = STATES.get(box)
        if state is None:
            problems.append(
                Problem(
                    path,
                    line,
                    "warning",
                    f"'{show_value(box)}' is not a task box ([ ] a plan, [x] done, [-] cancelled); left out",
                )
            )
            continue
        day = day_ordinal(day_text)
        if day < 0:
            problems.append(impossible_day(path, line, day_text))
            continue
        if time and valid_time(time) is None:
            problems.append(
                Problem(
                    path,
                    line,
                    "warning",
                    f"'{show_value(time)}' is not a time like 14:30; the entry is kept without it",
                )
            )
        code = codes_of[word]
        if code is None:
            problems.append(
                Problem(path, line, "warning", f"unknown kind '{show_value(word)}'; counted as met")
            )
            code = KIND_CODE["met"]
        mins = duration_minutes(duration)
        if mins < 0:
            problems.append(bad_duration(path, line, duration))
            mins = NO_MINUTES
        if state == "done":
            days.append(day)
            codes.append(code)
            minutes.append(mins)
        elif state == "plan":
            plans.append((day, word, rest.strip()))
        if with_log or "[[" in rest:
            entry = _entry(config, day, word, mins, rest, line, state, time, path)
            log.append(entry)
            if "[[" in rest:
                linked.append(entry)
    entries = columns_to_entries(days, codes, minutes)
    return Scanned(entries, tuple(plans), log if with_log else None, problems, tuple(linked))
