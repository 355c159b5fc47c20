"""The list's filters and orders (analysis/selection.py)."""

from __future__ import annotations

from network_md.analysis.selection import SORTS
from network_md.core.model import SORT_ORDERS


def test_the_orders_help_shows_are_the_orders_the_analysis_has():
    """`list --sort` offers core.model.SORT_ORDERS (so `--help` need not import the analysis):
    each must have its key, and no key may be left out of the choice."""
    assert tuple(SORTS) == SORT_ORDERS
