"""Where a body's log is: the section under the config's `log_heading:` (else `## Log`), found
by the one rule that reading notes, writing an entry, making a file and merging share."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from network_md.format.logscan import _inside, fenced_ranges

DEFAULT_HEADING = "## Log"
HEADING_TEXT = re.compile(r"(#{1,6})[ \t]+(\S.*?)[ \t]*#*[ \t]*\Z")  # `## Log`, `## Log ##`


class LogSection(NamedTuple):
    """Where a body's log is: its heading line, the first line under it, the end of the section
    (the next heading of its level or above), and which heading it is."""

    start: int
    body_at: int
    end: int
    heading: str


@functools.lru_cache(maxsize=16)
def heading_regex(heading: str) -> re.Pattern:
    """A line that is this heading (`## Interactions`) at any level (`### Interactions` is the
    same section to a reader), its text in any case, closing `#`s allowed."""
    m = HEADING_TEXT.match(heading.strip())
    title = m[2] if m else heading.strip()
    return re.compile(
        rf"^#{{1,6}}[ \t]+{re.escape(title)}[ \t]*#*[ \t]*\r?$", re.MULTILINE | re.IGNORECASE
    )


def log_section(
    text: str, start: int = 0, heading: str = DEFAULT_HEADING, fences=None
) -> LogSection | None:
    """The log section of a body from `start`: under `heading` (the config's `log_heading:`),
    else under `## Log`, never a heading inside a fenced code block. The one rule that reading
    notes, writing an entry, making a file and merging share. None when there is neither."""
    if fences is None:
        fences = fenced_ranges(text, start)
    for wanted in dict.fromkeys((heading, DEFAULT_HEADING)):
        found = next(
            (
                m
                for m in heading_regex(wanted).finditer(text, start)
                if not _inside(m.start(), fences)
            ),
            None,
        )
        if found is not None:
            break
    else:
        return None
    level = len(found[0]) - len(found[0].lstrip("#"))
    body_at = text.find("\n", found.start()) + 1 or len(text)
    ends = re.compile(rf"^#{{1,{level}}}[ \t]", re.MULTILINE)
    end = next(
        (m.start() for m in ends.finditer(text, body_at) if not _inside(m.start(), fences)),
        len(text),
    )
    return LogSection(found.start(), body_at, end, wanted)
