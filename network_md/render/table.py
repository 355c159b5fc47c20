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
    return laid_out([[measured(c) for c in row] for row in rows], columns, limit)


def laid_out(
    cells: list[list[tuple]], columns: list[Column] | None = None, limit: int | None = None
) -> list[str]:
    """`table` of cells already measured: (printable text, style or None, display width) each."""
    if not cells:
        return []
    n = len(cells[0])
    columns = columns or [FIXED] * n
    widths = [max(r[i][2] for r in cells) for i in range(n)]
    keep = _fit(widths, columns, limit)
    fits = _fits(widths, keep, limit)
    styled: dict = {}  # a column's few styled words, styled once (a table may have 100,000 rows)
    lines = (_line(row, keep, widths, styled) for row in cells)
    return [line if fits else fit_line(line, limit) for line in lines]


def _fits(widths: list[int], keep: list[int], limit: int | None) -> bool:
    return limit is None or sum(widths[i] for i in keep) + len(GAP) * (len(keep) - 1) <= limit


def _line(row, keep: list[int], widths: list[int], styled: dict) -> str:
    """One row of measured cells, cut and padded to `widths`, joined (the last one unpadded)."""
    parts, last = [], keep[-1]
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
    return GAP.join(parts).rstrip()


def aligned(
    head: list[tuple],
    rows: list[tuple],
    columns: list[Column],
    limit: int | None = None,
    styles: dict | None = None,
) -> list[str]:
    """`laid_out` of the measured cells `head`, then of `rows`, each (its cells' printable
    texts, their display widths, whether each width is its text's length), a text of column i
    styled as `styles[i][text]` says: the same lines, each row of narrow cells none of which
    must be cut made by one `str.format` (100,000 rows of cells one by one take seconds)."""
    styles = styles or {}
    widths, keep, shrunk = _layout(head, rows, columns, limit)
    last, styled = keep[-1], {}
    fmt = GAP.join(
        f"{{{i}}}" if i == last or i in styles else f"{{{i}:<{widths[i]}}}" for i in keep
    ).format
    padded = [(i, {}, styles[i]) for i in styles if i in keep]  # column, text -> shown, styles
    out = [_line(head, keep, widths, styled)]
    for texts, w, narrow in rows:
        if shrunk and any(w[i] > widths[i] for i in shrunk):
            cells = [(t, styles.get(i, {}).get(t), w[i]) for i, t in enumerate(texts)]
            out.append(_line(cells, keep, widths, styled))
        elif not narrow:  # a wide character (CJK, emoji) or one that combines: by display width
            out.append(_wide_line(texts, w, keep, widths, styles, styled))
        else:
            if padded:
                texts = list(texts)
                for i, shown, by_text in padded:
                    t = texts[i]
                    texts[i] = shown.get(t) or shown.setdefault(
                        t, _styled(t, by_text, widths[i], i == last)
                    )
            out.append(fmt(*texts).rstrip())
    return out if _fits(widths, keep, limit) else [fit_line(line, limit) for line in out]


def _layout(head: list[tuple], rows: list[tuple], columns: list[Column], limit: int | None):
    """(each column's width, the columns kept, those kept narrower than their widest cell)."""
    full = [max(c) for c in zip([c[2] for c in head], *(r[1] for r in rows))]
    widths = list(full)
    keep = _fit(widths, columns, limit)
    return widths, keep, [i for i in keep if widths[i] < full[i]]


def _wide_line(texts, w, keep: list[int], widths: list[int], styles: dict, styled: dict) -> str:
    """`_line` of a row none of whose cells must be cut."""
    parts, last = [], keep[-1]
    for i in keep:
        shown = texts[i]
        style = styles[i].get(shown) if i in styles else None
        if style:
            key = (shown, *style.items())
            shown = styled.get(key) or styled.setdefault(key, click.style(shown, **style))
        parts.append(shown if i == last else shown + " " * (widths[i] - w[i]))
    return GAP.join(parts).rstrip()


def _styled(text: str, styles: dict, width: int, last: bool) -> str:
    """A narrow text of a styled column as `_line` shows it: styled, padded unless `last`."""
    style = styles.get(text)
    shown = click.style(text, **style) if style else text
    return shown if last else shown + " " * (width - len(text))


def measured(cell) -> tuple[str, dict, int]:
    """(text, style, display width) of a cell, as `laid_out` takes it."""
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
