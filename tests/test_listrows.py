"""A row's halves: made apart, joined into one row that holds one copy of its keys."""

from __future__ import annotations

import pytest
from helpers import TODAY, contact

from network_md.analysis.stats import contact_stats
from network_md.format.config import DEFAULT
from network_md.render.listrows import CELLS, KEYS, joined, row_of

PEOPLE = [
    contact([("2026-11-01", "gave"), ("2026-11-02", "got", 20)], path="people/ada.md"),
    contact([("2026-10-01", "asked")], path="people/東京/jun.md", name="山田 太郎"),
    contact([], path="people/o.md", name="Zoë 🚀 O'Brien", fields={"company": "Acme"}),
]


def _stats(c):
    return contact_stats(c, DEFAULT, TODAY.toordinal(), {})


@pytest.mark.parametrize("person", PEOPLE, ids=lambda c: c.path)
def test_an_item_joined_to_kept_cells_keeps_the_kept_meta(person):
    """`list --json` after `list`: the item made now joins the kept row's meta itself (its
    keys, cells and widths), not a copy of new keys beside it."""
    table, item = row_of(_stats(person)), row_of(_stats(person), json=True)
    row = joined(item, table)
    assert row[0] is table[0] and row[1] is item[1]
    # and the other way: the cells made now take the kept item
    row = joined(table, item)
    assert row[0] is table[0] and row[1] is item[1]


def test_an_item_joined_to_cells_of_other_keys_keeps_its_own_keys():
    """Kept cells whose keys are not the new row's (never from the same file, day and config,
    but a row is never trusted beyond what it says): the new keys, the kept cells."""
    ada = PEOPLE[0]
    item = row_of(_stats(ada), json=True)
    other = row_of(_stats(ada._replace(name="Ada Other")))
    row = joined(item, other)
    assert row[0][KEYS] == item[0][KEYS] != other[0][KEYS]
    assert row[0][CELLS] == other[0][CELLS] and row[1] is item[1]


def test_halves_made_with_other_introductions_are_not_joined():
    ada = PEOPLE[0]
    item = row_of(_stats(ada), ("people/bob.md", 0), json=True)
    assert joined(item, row_of(_stats(ada))) == item
