"""User text made safe for a terminal: no control characters, no escape sequences.

Names, fields, log text and file names come from files anyone may have written (an imported
vCard, a shared vault). Before any of it reaches a terminal it passes through `printable`, so
an `ESC ] 52` clipboard write or a newline that forges an extra output line is never printed.
"""

from __future__ import annotations

import os
import re

# ANSI/ECMA-48 sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS (ESC ] ... BEL or ST),
# two-character escapes (ESC + one byte), and their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC etc.
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences (or a lone ESC)
)
# What is left after the sequences: C0 and C1 controls, DEL, and the line and paragraph
# separators (U+2028/9) that some terminals treat as line breaks; bidi overrides that reorder
# what is shown (U+202A-E, U+2066-9).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACE_LIKE = re.compile("[\t\n\r\x0b\x0c\u2028\u2029]+")


def printable(text: str) -> str:
    """`text` without escape sequences and control characters; tabs and line breaks become one
    space each run, so a value always stays on its line and in its table cell."""
    if text.isprintable():  # the common case: nothing to do
        return text
    text = _ESCAPES.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    return _CONTROLS.sub("", text)


def colour_allowed(environ) -> bool:
    """False with `NO_COLOR` set (any value, even empty) or `TERM=dumb`; else colour is up to
    whether the stream is a terminal."""
    return "NO_COLOR" not in environ and environ.get("TERM") != "dumb"


def columns(environ, stream) -> int | None:
    """The display columns output may use: `COLUMNS`, else the terminal's width; None (no limit)
    when neither says, as when the output goes to a pipe or a file."""
    value = environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError, AttributeError):
        pass
    return None
