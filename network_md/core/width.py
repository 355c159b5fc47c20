"""Display width: how many terminal columns text takes, and text cut to fit with `…`.

A CJK character or an emoji takes two columns, a combining accent none; measured by `wcwidth`,
which is imported only for text that is not all one-column characters (it takes a while).
"""

from __future__ import annotations

import re

import click

ELLIPSIS = "…"


# Text of characters one column wide each, with nothing that combines: ASCII, Latin-1 and
# Latin Extended, and the punctuation and arrows network-md writes itself (· → ✓ … ↑ ↓ −).
# Measured by its length, so that most output never imports wcwidth (it takes a while).
_NARROW = re.compile("[ -~\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2190-\u2193\u2212\u2713]*")


def width(text: str) -> int:
    """Display columns of `text` (ANSI styles take none)."""
    if text.isascii() and text.isprintable():  # the common case, in C: one column each
        return len(text)
    if "\x1b" in text:
        text = click.unstyle(text)
    if _NARROW.fullmatch(text):
        return len(text)
    import wcwidth

    return wcwidth.width(text)


def cut(text: str, columns: int) -> str:
    """`text` in at most `columns` display columns, ending in `…` when it was cut."""
    if width(text) <= columns:
        return text
    if columns <= 0:
        return ""
    if "\x1b" not in text and _NARROW.fullmatch(text):
        return text[: columns - 1] + ELLIPSIS
    if _NARROW.fullmatch(click.unstyle(text)):
        return _cut_styled(text, columns - 1) + ELLIPSIS
    import wcwidth

    return wcwidth.clip(text, 0, columns - 1, fillchar="") + ELLIPSIS


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _cut_styled(text: str, columns: int) -> str:
    """The first `columns` characters of narrow text, its styles kept (for `cut`)."""
    out, shown, pos = [], 0, 0
    for m in _SGR.finditer(text):
        plain = text[pos : m.start()]
        if shown + len(plain) >= columns:
            break
        out += [plain, m[0]]
        shown, pos = shown + len(plain), m.end()
    tail = text[pos:]
    end = _SGR.search(tail)
    out.append((tail[: end.start()] if end else tail)[: columns - shown])
    return "".join(out)
