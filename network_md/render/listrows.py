"""`list`'s rows made ready once, so that a later `list` only chooses, orders and joins them.

A row holds everything `list` and `list --json` print of one contact on one evaluation day,
as plain values (the index cache keeps them, see cli/listing.py): the keys its filters and
sorts read (analysis/selection.py), the table's cells as printable text with their display
widths (the columns' widths are decided when the table is printed), and the contact's JSON
item already written. Both outputs are made from rows on every path, so a kept row and a
fresh one print the same bytes. Never prints.

A row is `(meta, json)`: `meta` is (keys as a plain tuple, the cells' texts joined by SEP,
their widths, whether each is its text's length, spans, across), `json` the item's text as
UTF-8, or where it lies in the kept texts (start, end) when the row was kept (decoded when
printed). A row is made in halves, each when a `list` first prints it: the cells, widths and
lengths are None until a table asks for them, `json` None until `list --json` does. `spans`: the contact's file may hold someone's introduction; `across`: what the row
was made with of what spans contacts (its introducer's path or "", how many close-the-loop
nudges it raises), so that a row made before an introduction changed is known and made again.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from sys import intern

from network_md.analysis.introductions import may_raise_loop
from network_md.analysis.selection import Keys, keys_of, select_keyed
from network_md.render.shapes import contact_json, item_text, joined_list
from network_md.render.text import LIST_COLUMNS, list_cells, list_table

ARCHIVED = Keys._fields.index("archived")
SEP = "\x1f"  # between a row's cells: `printable` text never holds a control character
KEYS, CELLS, WIDTHS, NARROW, SPANS, ACROSS = META = range(6)
ALONE = ("", 0)  # the `across` of a row no introduction reaches


def row_of(st, across: tuple = ALONE, json: bool = False) -> tuple:
    """One half of the row of one contact's stats: the table's cells, or with `json` its
    item (the other half None: made when a `list` asks for it); `across`: what of them spans
    contacts (see above)."""
    keys = keys_of(st)
    # one string for the many contacts of one company or tag: the cache stores it once
    firm = (intern(keys.company), intern(keys.company_folded))
    keys = tuple(
        keys._replace(tags=tuple(map(intern, keys.tags)), company=firm[0], company_folded=firm[1])
    )
    spans = may_raise_loop(st.contact)
    if json:
        # as UTF-8: half the memory of 100,000 items as text, and what the rows file holds
        item = item_text(contact_json(st)).encode("utf-8", "surrogatepass")
        return (keys, None, None, None, spans, across), item
    texts, widths, narrow = list_cells(st)
    widths = bytes(widths) if max(widths) < 256 else widths  # a few bytes, not a tuple of ints
    return (keys, SEP.join(texts), widths, narrow, spans, across), None


def has_half(row: tuple, json: bool) -> bool:
    """Whether the row holds the half `list` (or with `json`, `list --json`) prints."""
    return row[1] is not None if json else row[0][CELLS] is not None


def joined(row: tuple, other: tuple | None) -> tuple:
    """`row` with the half it lacks taken from `other` (a row of the same contact's file, day
    and config), when `other` has it and was made with the same introductions."""
    if other is None or other[0][ACROSS] != row[0][ACROSS]:
        return row
    meta, item = row
    if item is None:
        item = other[1]
    elif meta[CELLS] is None and other[0][CELLS] is not None:
        if other[0][KEYS] == meta[KEYS] and other[0][SPANS] == meta[SPANS]:
            meta = other[0]  # the kept one: one copy of 100,000 rows' keys, not two
        else:
            meta = (meta[KEYS], *other[0][CELLS : NARROW + 1], *meta[SPANS:])
    return meta, item


def sound_rows(rows: dict, texts: int) -> bool:
    """Every kept row has the shape this module reads (checked before any is used, each
    property over all rows at once); `texts`: the length of the texts their items lie in."""
    rows = rows.values()
    if not rows:
        return True
    if set(map(type, rows)) != {tuple} or set(map(len, rows)) != {2}:
        return False
    metas, wheres = list(map(itemgetter(0), rows)), list(map(itemgetter(1), rows))
    if set(map(type, metas)) != {tuple} or set(map(len, metas)) != {len(META)}:
        return False
    keys = list(map(itemgetter(KEYS), metas))
    tables = [m for m in metas if m[CELLS] is not None]  # the rows that hold the table's half
    items = [w for w in wheres if w is not None]
    return (
        set(map(type, keys)) == {tuple}
        and set(map(len, keys)) == {len(Keys._fields)}
        and _sound_tables(tables)
        and set(map(type, map(itemgetter(SPANS), metas))) == {bool}
        and _sound_across(list(map(itemgetter(ACROSS), metas)))
        and (not items or _sound_wheres(items, texts))
    )


def _sound_tables(metas: list) -> bool:
    if not metas:
        return True
    cells, widths = list(map(itemgetter(CELLS), metas)), list(map(itemgetter(WIDTHS), metas))
    return (
        set(map(type, cells)) == {str}
        and set(map(str.count, cells, repeat(SEP))) == {len(LIST_COLUMNS) - 1}
        and set(map(type, widths)) <= {bytes, tuple}
        and set(map(len, widths)) == {len(LIST_COLUMNS)}
        and set(map(type, map(itemgetter(NARROW), metas))) == {bool}
    )


def _sound_across(across: list) -> bool:
    if set(map(type, across)) != {tuple} or set(map(len, across)) != {2}:
        return False
    paths, counts = map(itemgetter(0), across), map(itemgetter(1), across)
    return set(map(type, paths)) == {str} and set(map(type, counts)) == {int}


def _sound_wheres(wheres: list, texts: int) -> bool:
    if set(map(type, wheres)) != {tuple} or set(map(len, wheres)) != {2}:
        return False
    starts, ends = list(map(itemgetter(0), wheres)), list(map(itemgetter(1), wheres))
    return (
        set(map(type, starts)) | set(map(type, ends)) == {int}
        and min(starts) >= 0
        and max(ends) <= texts
        and all(map(int.__le__, starts, ends))
    )


def chosen(rows, archived: bool, relationship, tag, sort_by, company, circle) -> list:
    """The rows `list` prints, in order: as `select` picks and sorts the contacts' stats."""
    keyed = [(k, r) for r in rows if (k := r[0][KEYS])[ARCHIVED] == archived]
    return [r for _, r in select_keyed(keyed, relationship, tag, sort_by, company, circle)]


def rows_text(rows: list, limit: int | None = None) -> str:
    """`list`'s table of the rows."""
    return list_table([(m[CELLS].split(SEP), m[WIDTHS], m[NARROW]) for m, _ in rows], limit)


def rows_json(rows: list, texts) -> object:
    """`list --json` of the rows, in pieces; `texts`: the bytes kept rows' items lie in."""

    def text(json) -> str:
        data = json if type(json) is bytes else texts[json[0] : json[1]]
        return str(data, "utf-8", "surrogatepass")

    return joined_list("contacts", (text(r[1]) for r in rows))
