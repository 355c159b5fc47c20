"""A user's value as a message quotes it: text written the way YAML would show it, on one line,
cut to about 60 display columns with `…`. Never Python's repr of it (`{'a': '.nan'}`, `b'x'`).
"""

from __future__ import annotations

import math
from datetime import date, datetime

QUOTE_COLUMNS = 60
_BUDGET = 4 * QUOTE_COLUMNS  # characters built before cutting: a huge value is never walked whole


def show_value(value, columns: int = QUOTE_COLUMNS) -> str:
    """`.nan`, `[.nan, .inf]`, `{a: .nan}`, `hello` for bytes b'hello'; cut with `…`."""
    from network_md.core.width import cut

    parts: list[str] = []
    _render(value, parts, [_BUDGET])
    text = " ".join("".join(parts).split())  # one line, however the value was written
    return cut(text, columns)


def _render(value, parts: list[str], budget: list[int]) -> None:
    """Append the YAML-like text of `value` to `parts` until `budget` characters are spent."""
    if budget[0] <= 0:
        return
    if isinstance(value, dict):
        _sequence([(k, v) for k, v in value.items()], "{", "}", parts, budget)
    elif isinstance(value, (list, tuple, set, frozenset)):
        _sequence(list(value), "[", "]", parts, budget)
    else:
        text = _scalar(value)
        parts.append(text[: budget[0]])
        budget[0] -= len(text)


def _sequence(items: list, opening: str, closing: str, parts: list[str], budget: list[int]) -> None:
    parts.append(opening)
    for i, item in enumerate(items):
        if budget[0] <= 0:
            break
        if i:
            parts.append(", ")
        if opening == "{":
            _render(item[0], parts, budget)
            parts.append(": ")
            item = item[1]
        _render(item, parts, budget)
    parts.append(closing)


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 128:
            return "a number too large to show"
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        return str(value) if math.isfinite(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value[:_BUDGET]).decode("utf-8", "replace")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
