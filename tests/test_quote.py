"""show_value: a user's value as a message quotes it (YAML-like text, one line, cut short)."""

from __future__ import annotations

from datetime import date

import pytest

from network_md.core.quote import show_value
from network_md.render.table import width


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("plain", "plain"),
        ({"a": ".nan"}, "{a: .nan}"),
        ([".nan", ".inf"], "[.nan, .inf]"),
        ([1, True, None, 2.5], "[1, true, null, 2.5]"),
        (float("nan"), ".nan"),
        (float("-inf"), "-.inf"),
        (b"hello", "hello"),
        (date(2026, 11, 27), "2026-11-27"),
        ({"x": [1, {"y": "z"}]}, "{x: [1, {y: z}]}"),
        ("two\nlines\there", "two lines here"),
        (10**400, "a number too large to show"),
    ],
)
def test_a_value_is_shown_as_yaml_like_text_never_a_repr(value, text):
    assert show_value(value) == text


@pytest.mark.parametrize(
    "value",
    [
        "x" * 15_000,
        ["y" * 15_000],
        {"k" * 15_000: 1},
        list(range(100_000)),
        "界" * 15_000,  # two columns each
        b"z" * 15_000,
    ],
)
def test_a_long_value_is_cut_to_about_sixty_columns(value):
    text = show_value(value)
    assert text.endswith("…") and 50 <= width(text) <= 60
