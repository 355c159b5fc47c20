"""The name index: each contact's names folded once and kept with the cache, so that finding
the one contact a NAME means reads a table of names, never every contact (folding 300,000
names takes most of a second; reading them folded, a twentieth of that)."""

from __future__ import annotations

from typing import NamedTuple

from network_md.core.model import Contact
from network_md.core.names import Keyed, file_stem, keys_of, match_keys, path_query

# One contact's entry, as the cache stores it: (name, aliases, folded keys, the keys without
# their spaces, the file stem case-folded), the parts of `core.names.Keyed`.
NameEntry = tuple


class NameCard(NamedTuple):
    """What resolving a NAME reads of a contact (and names it by in a message)."""

    path: str
    name: str
    aliases: tuple[str, ...]


def name_entry(contact: Contact) -> NameEntry:
    keys = tuple(keys_of(contact))
    compact = tuple(k.replace(" ", "") for k in keys)
    stem = file_stem(contact.path).casefold()
    return contact.name, tuple(contact.aliases), keys, compact, stem


def keyed_card(path: str, entry: NameEntry) -> Keyed:
    """The entry as `core.names.resolve` matches it, its contact a NameCard."""
    name, aliases, keys, compact, stem = entry
    return Keyed(NameCard(path, name, aliases), stem, keys, compact)


def candidates(names: dict[str, NameEntry], query: str) -> list[Keyed]:
    """The entries NAME could match in any tier of `core.names.resolve`, by path: those whose
    keys hold the folded NAME (with or without its spaces), whose stem it is, or whose path it
    names. Resolving among them alone gives what resolving among everyone gives, but for the
    message about a NAME that matches nobody (it suggests near names from everyone)."""
    q, qc, stem = match_keys(query)
    wanted = path_query(query)
    paths = set()
    if wanted is not None:
        paths = {wanted, wanted if wanted.lower().endswith(".md") else wanted + ".md"}
    found = []
    for path, entry in names.items():
        _, _, keys, compact, entry_stem = entry
        if (
            entry_stem == stem
            or path in paths
            or (q and (any(q in k for k in keys) or any(qc in c for c in compact)))
        ):
            found.append(keyed_card(path, entry))
    return found
