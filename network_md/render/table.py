"""Aligned text tables that fit the terminal: measured by display width, long cells cut with `…`.

A CJK character or an emoji takes two columns, a combining accent (macOS writes `é` as `e` and
U+0301) none, so padding counts display columns, measured by `wcwidth`. Rows never wrap: when
a table is wider than the terminal, optional columns go first, then the widest of the columns
that may shrink are cut. Every cell passes through `printable` on its way in.
"""

from __future__ import annotations

import click

from network_md.core.terminal import printable
from network_md.core.width import ELLIPSIS, cut, width  # noqa: F401 - table's own words

MIN_CELL = 6  # a shrinking column keeps at least this many columns (or its own width)
GAP = "  "


def fit_line(line: str, columns: int | None) -> str:
    """One line of output cut to the terminal's width (styles kept, closed)."""
    if columns is None or width(line) <= columns:
        return line
    return cut(line, columns) + ("\x1b[0m" if "\x1b[" in line else "")


class Column:
    """How a column behaves when the table is too wide: `shrink` cuts its cells down to `least`
    columns; `drop` (1 = first to go) removes it whole; neither: it keeps its width."""

    def __init__(self, shrink: bool = False, drop: int = 0, least: int = MIN_CELL):
        self.shrink, self.drop, self.least = shrink, drop, least


FIXED = Column()


def table(
    rows: list[list], columns: list[Column] | None = None, limit: int | None = None
) -> list[str]:
    """Rows of cells, left-aligned. A cell is text, or (text, click.style keywords).

    `limit`: the display columns available (None: no limit)."""
    if not rows:
        return []
    n = len(rows[0])
    columns = columns or [FIXED] * n
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [max(r[i][2] for r in cells) for i in range(n)]
    keep = _fit(widths, columns, limit)
    last = keep[-1]
    fits = limit is None or sum(widths[i] for i in keep) + len(GAP) * (len(keep) - 1) <= limit
    out = []
    styled: dict = {}  # a column's few styled words, styled once (a table may have 100,000 rows)
    for row in cells:
        parts = []
        for i in keep:
            text, style, w = row[i]
            if w > widths[i]:
                text = cut(text, widths[i])
                w = width(text)
            shown = text
            if style:
                key = (text, *style.items())
                shown = styled.get(key) or styled.setdefault(key, click.style(text, **style))
            parts.append(shown if i == last else shown + " " * (widths[i] - w))
        line = GAP.join(parts).rstrip()
        out.append(line if fits else fit_line(line, limit))  # a table too narrow to fit
    return out


def _cell(cell) -> tuple[str, dict, int]:
    """(text, style, display width) of a cell."""
    text, style = cell if isinstance(cell, tuple) else (cell, None)
    text = printable(str(text))
    return text, style, width(text)


def _fit(widths: list[int], columns: list[Column], limit: int | None) -> list[int]:
    """The columns kept (by index); `widths` lowered in place where cells must be cut."""
    keep = list(range(len(widths)))
    if limit is None:
        return keep

    def total(ws=None):
        ws = ws or widths
        return sum(ws[i] for i in keep) + len(GAP) * (len(keep) - 1)

    least = [min(w, c.least) if c.shrink else w for w, c in zip(widths, columns)]
    for i in sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: columns[i].drop):
        if total(least) <= limit:
            break
        keep.remove(i)
    while total() > limit:
        above = [i for i in keep if columns[i].shrink and widths[i] > least[i]]
        if not above:
            break  # fit_line cuts what is left
        widths[max(above, key=lambda i: widths[i])] -= 1
    return keep
