"""A contact as one marshalled blob and back: how the cache and the parallel reader carry it.

The full log is left out (the index needs only the entry columns and the plans); the columns
travel as bytes."""

from __future__ import annotations

import marshal
from array import array

from network_md.core.model import Contact, Entries


def to_record(c: Contact) -> bytes:
    e = c.entries
    columns = (e.days.tobytes(), e.kinds, e.minutes.tobytes())
    return marshal.dumps((*c[:-3], c.plans, columns))


def from_record(blob) -> Contact:
    """ValueError (or another exception of marshal's) for a blob that is not a record."""
    record = marshal.loads(blob)
    days, kinds, minutes = record[-1]
    entries = Entries(array("i", days), kinds, array("I", minutes))
    if len(entries.days) != len(kinds) or len(entries.minutes) != len(kinds):
        raise ValueError("entry columns of different lengths")
    return Contact(*record[:-2], entries, None, record[-2])
