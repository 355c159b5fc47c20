"""A contact as one marshalled blob and back: how the cache and the parallel reader carry it.

The full log is left out (the index needs only the entry columns, the plans and the entries
that link other notes); the columns travel as bytes."""

from __future__ import annotations

import marshal
from array import array

from network_md.core.model import Contact, Entries, Entry

_HEAD = 9  # Contact's fields up to `fields` included; then entries, log, plans, linked


def to_record(c: Contact) -> bytes:
    e = c.entries
    columns = (e.days.tobytes(), e.kinds, e.minutes.tobytes())
    linked = tuple(tuple(entry) for entry in c.linked)  # marshal takes plain tuples only
    return marshal.dumps((*c[:_HEAD], c.plans, linked, columns))


def from_record(blob) -> Contact:
    """ValueError (or another exception of marshal's) for a blob that is not a record."""
    record = marshal.loads(blob)
    days, kinds, minutes = record[-1]
    entries = Entries(array("i", days), kinds, array("I", minutes))
    if len(entries.days) != len(kinds) or len(entries.minutes) != len(kinds):
        raise ValueError("entry columns of different lengths")
    linked = tuple(Entry(*entry) for entry in record[-2])
    return Contact(*record[:_HEAD], entries, None, record[-3], linked)
