"""The JSON shapes' encoder: `dumps_list` writes a list in pieces, byte for byte what `dumps`
writes of the whole."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from network_md.core.model import Flag
from network_md.render.shapes import dumps, dumps_list, flag_json, flags_json_pieces

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
KEYS = st.text() | st.integers() | st.booleans()  # a key that is not text: dumps' own way
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(
    items=st.lists(st.dictionaries(st.text(), VALUES, max_size=6), max_size=8),
    batch=st.integers(1, 5),
)
def test_pieces_join_to_what_dumps_writes(items, batch):
    assert "".join(dumps_list("contacts", items, batch)) == dumps({"contacts": items})


@pytest.mark.parametrize("key", ["contacts", 'é\u2028"\\', ""])
@pytest.mark.parametrize("count", [0, 1, 2, 255, 256, 257, 600])
def test_every_count_and_key(key, count):
    items = [{"name": f"N{i}", "n": i, "x": [1.5, None, {"a": []}], "é": {}} for i in range(count)]
    pieces = list(dumps_list(key, items))
    assert "".join(pieces) == dumps({key: items})
    assert len(pieces) == count // 256 + 1  # never the whole list at once


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_nan_is_refused_as_dumps_refuses_it(bad):
    with pytest.raises(ValueError):
        "".join(dumps_list("contacts", [{"fields": {"x": [bad]}}]))


class Text(str):
    """A str subclass: json writes it as text, but a template may not assume its type."""


# Any text (control characters, quotes, backslashes, lone surrogates, line separators), the
# same few values often (the template quotes those once), and what the analysis never makes.
TEXTS = (
    st.text()
    | st.sampled_from(["red", "nudge", "one-way", 'say "hi"\\\n\u2028'])
    | (st.text().map(Text))
)
DAYS = st.integers(1, 3_652_059) | st.sampled_from([739_000, 739_001])
FLAGS = st.builds(Flag, TEXTS, TEXTS, TEXTS, TEXTS, DAYS | st.none(), TEXTS, TEXTS)


@given(flags=st.lists(FLAGS, max_size=300))
def test_flags_through_their_template_are_what_dumps_writes(flags):
    assert "".join(flags_json_pieces(flags)) == dumps({"flags": [flag_json(f) for f in flags]})


def test_flags_are_written_in_pieces():
    flags = [
        Flag("overdue", "nudge", f"Zoë {i}", f"people/z{i}.md", 739_000 + i, "m", "a")
        for i in range(600)
    ]
    pieces = list(flags_json_pieces(flags))
    assert len(pieces) == 3 and "".join(pieces) == dumps({"flags": list(map(flag_json, flags))})
