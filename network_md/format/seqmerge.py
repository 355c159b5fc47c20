"""Three-way merge of a log section, item by item: where both sides changed the same place and
every item there is a log entry, all entries are kept in date order; elsewhere a conflict is
marked as git marks one."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import NamedTuple

MARKER_SIZE = 7


class Item(NamedTuple):
    """A piece of the log section: an entry with the more-indented lines under it, or one line."""

    text: str
    when: str | None  # an entry's 'YYYY-MM-DD HH:MM' for ordering; None for any other line


class Markers(NamedTuple):
    """Git's conflict markers, with the labels and the newline of the file."""

    ours: str
    theirs: str
    newline: str
    base: str | None = None  # a label: the base's lines are shown too (git's diff3 style)

    def wrap(self, ours: str, theirs: str, base: str = "") -> str:
        """Both sides' lines (each ended by a newline) between the markers."""
        nl = self.newline
        middle = "" if self.base is None else f"{'|' * MARKER_SIZE} {self.base}{nl}{base}"
        return (
            f"{'<' * MARKER_SIZE} {self.ours}{nl}{ours}{middle}{'=' * MARKER_SIZE}{nl}"
            f"{theirs}{'>' * MARKER_SIZE} {self.theirs}{nl}"
        )


def _matches(a: list, b: list) -> dict[int, int]:
    """Index in `a` -> index in `b` of the items a longest common run of both keeps."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return {
        block.a + k: block.b + k
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
    }


def diff3(base: list, ours: list, theirs: list):
    """The three sequences cut into chunks (base part, ours part, theirs part): each is either
    stable (the same item on all three) or a place where one side or both changed something."""
    to_ours, to_theirs = _matches(base, ours), _matches(base, theirs)
    b = o = t = 0
    while b < len(base) or o < len(ours) or t < len(theirs):
        if b < len(base) and to_ours.get(b) == o and to_theirs.get(b) == t:
            yield base[b : b + 1], ours[o : o + 1], theirs[t : t + 1]
            b, o, t = b + 1, o + 1, t + 1
            continue
        nb = next((i for i in range(b, len(base)) if i in to_ours and i in to_theirs), len(base))
        no, nt = to_ours.get(nb, len(ours)), to_theirs.get(nb, len(theirs))
        yield base[b:nb], ours[o:no], theirs[t:nt]
        b, o, t = nb, no, nt


def union(base: list, ours: list, theirs: list) -> list:
    """Entries both sides changed at one place: an entry keeps the count of the side that
    changed its count (added, removed, edited away); one both added is there once. Ours stay
    in their order; theirs go in before the first entry dated after them."""
    cb, co, ct = Counter(base), Counter(ours), Counter(theirs)
    want = {
        item: co[item]
        if ct[item] == cb[item]
        else ct[item]
        if co[item] == cb[item]
        else max(co[item], ct[item])
        for item in co | ct
    }
    out = []
    for item in ours:
        if want[item] > 0:
            out.append(item)
            want[item] -= 1
    for item in theirs:
        if want[item] > 0:
            at = next((i for i, x in enumerate(out) if x.when > item.when), len(out))
            out.insert(at, item)
            want[item] -= 1
    return out


def merge_entries(base, ours, theirs, markers: Markers) -> tuple[list, bool]:
    """The merged log section (a list of Items) and whether a conflict is left in it."""
    base, ours, theirs = list(base), list(ours), list(theirs)
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    out, conflicted = [], False
    for b, o, t in diff3(base, ours, theirs):
        if o == t or t == b:
            out += o
        elif o == b:
            out += t
        elif all(item.when for item in (*b, *o, *t)):
            out += union(b, o, t)
        else:
            text = markers.wrap(*("".join(i.text for i in part) for part in (o, t, b)))
            out.append(Item(text, None))
            conflicted = True
    return out, conflicted
