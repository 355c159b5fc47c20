"""Tables by display width: CJK and emoji take two columns, combining accents none; cut with …."""

from __future__ import annotations

import unicodedata

import click
import pytest
import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.render.table import (
    FIXED,
    Column,
    aligned,
    cut,
    fit_line,
    laid_out,
    measured,
    table,
    width,
)

NFD = unicodedata.normalize("NFD", "Amélie Zoë")


@pytest.mark.parametrize(
    ("text", "columns"),
    [("abc", 3), ("伟李", 4), (NFD, 10), ("🚀 go", 5), ("👩‍💻", 2), ("Ünïcödé", 7), ("·→✓…↑↓", 6)],
)
def test_width_is_display_columns(text, columns):
    assert width(text) == columns == wcwidth.width(text)


def test_styles_take_no_columns():
    assert width(click.style("伟李", bold=True) + click.style("ab", fg="red")) == 6


@pytest.mark.parametrize(
    "text", ["Maximilian von Hohenzollern", "伟李伟李伟李", NFD * 3, "🚀🚀🚀🚀x"]
)
@pytest.mark.parametrize("columns", [1, 2, 5, 8])
def test_cut_fits_and_ends_with_an_ellipsis(text, columns):
    shown = cut(text, columns)
    assert width(shown) <= columns and shown.endswith("…")
    assert unicodedata.normalize("NFC", shown[:-1]) in unicodedata.normalize("NFC", text)


def test_cut_keeps_what_fits_and_styles():
    assert cut("short", 5) == "short"
    styled = click.style("hello", bold=True) + " world"
    assert click.unstyle(cut(styled, 8)) == "hello w…" and cut(styled, 8).startswith("\x1b[1m")
    assert width(fit_line(styled, 4)) == 4 and fit_line(styled, 4).endswith("\x1b[0m")


def test_columns_align_by_display_width_and_the_table_fits():
    rows = [["伟 李", "x"], [NFD, "y"], ["Zoe 🚀", "z"], ["A" * 80, "w"]]
    lines = table(rows, [Column(shrink=True), FIXED], limit=30)
    starts = {width(line[:-1]) for line in lines}
    assert len(starts) == 1 and all(width(line) <= 30 for line in lines)


def test_optional_columns_go_first_in_their_order():
    rows = [["name", "aaaaaaaaaa", "bbbbbbbbbb", "c"]]
    cols = [FIXED, Column(drop=2), Column(drop=1), FIXED]
    assert table(rows, cols, limit=19) == ["name  aaaaaaaaaa  c"]
    assert table(rows, cols, limit=7) == ["name  c"]
    assert table(rows, cols, limit=None) == ["name  aaaaaaaaaa  bbbbbbbbbb  c"]


def test_cells_are_printable():
    (line,) = table([["\x1b]52;c;x\x07Eve\tTab", "ok"]])
    assert line == "Eve Tab  ok"


# --- rows given as texts and widths (`list`'s 100,000 rows) ----------------------------------

CELL_TEXTS = st.sampled_from(
    ["", "a", "Ada Lovelace", "伟李", NFD, "🚀 go", "👩‍💻", "Ünïcödé", "x" * 23, "-", "one-way",
     "network", "3↑ 0↓", "snoozed overdue, thank"]
)  # fmt: skip
STYLE_BY_TEXT = {"one-way": {"fg": "red"}, "network": {"fg": "green"}, "伟李": {"bold": True}}
COLUMN_KINDS = st.sampled_from(
    [FIXED, Column(shrink=True), Column(shrink=True, least=3), Column(drop=1), Column(drop=2)]
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    n=st.integers(1, 5),
    limit=st.one_of(st.none(), st.integers(0, 60)),
)
def test_aligned_rows_are_the_lines_laid_out_writes(data, n, limit):
    """`aligned` (one `str.format` a row where it can) and `laid_out` (cell by cell) agree on
    every row: wide, combining and styled text, cut or dropped columns, any width."""
    rows = data.draw(st.lists(st.lists(CELL_TEXTS, min_size=n, max_size=n), max_size=6))
    columns = data.draw(st.lists(COLUMN_KINDS, min_size=n, max_size=n))
    columns[0] = columns[0] if not columns[0].drop else FIXED  # a table keeps some column
    styled = data.draw(st.sets(st.integers(0, n - 1)))  # the last one too, sometimes
    styles = {i: STYLE_BY_TEXT for i in styled}
    head = [measured((f"H{i}", {"bold": True})) for i in range(n)]
    cells = [[measured((t, styles[i].get(t)) if i in styles else t) for i, t in enumerate(r)]
             for r in rows]  # fmt: skip
    measures = [tuple(c[2] for c in r) for r in cells]
    given_rows = [(tuple(r), m, m == tuple(map(len, r))) for r, m in zip(rows, measures)]
    want = laid_out([head, *cells], columns, limit)
    assert aligned(head, given_rows, columns, limit, styles) == want
