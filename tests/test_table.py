"""Tables by display width: CJK and emoji take two columns, combining accents none; cut with …."""

from __future__ import annotations

import unicodedata

import click
import pytest
import wcwidth

from network_md.render.table import FIXED, Column, cut, fit_line, table, width

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
