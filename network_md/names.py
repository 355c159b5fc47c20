"""NAME on the command line -> one contact: name, alias or file stem, ignoring case and accents."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from .errors import UsageError
from .model import Contact


def fold(text: str) -> str:
    """Case- and accent-insensitive key: NFKD with combining marks dropped, then casefold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def keys_of(contact: Contact) -> list[str]:
    return [fold(k) for k in (contact.name, *contact.aliases, PurePosixPath(contact.path).stem)]


def resolve(contacts: list[Contact], query: str) -> Contact:
    """The one contact NAME means: an exact match, else a unique prefix, else a unique word prefix.
    No match or several: UsageError (exit 2) that lists the candidates."""
    q = fold(query)
    if not q:
        raise UsageError("no NAME given; name a contact by its name, an alias or its file name")
    keyed = [(c, keys_of(c)) for c in contacts]
    tiers = (
        lambda k: k == q,
        lambda k: k.startswith(q),
        lambda k: any(w.startswith(q) for w in k.replace("-", " ").split()),
    )
    for test in tiers:
        found = [c for c, keys in keyed if any(test(k) for k in keys)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = "; ".join(f"{c.name} ({c.path})" for c in found[:10])
            more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
            raise UsageError(
                f"'{query}' matches {len(found)} contacts: {listed}{more}. Be more specific."
            )
    near = _near(contacts, q)
    hint = f" Did you mean: {', '.join(near)}?" if near else " `network-md list` shows everyone."
    raise UsageError(f"no contact matches '{query}'.{hint}")


def _near(contacts: list[Contact], q: str) -> list[str]:
    import difflib

    names = {fold(c.name): c.name for c in contacts}
    return [names[n] for n in difflib.get_close_matches(q, list(names), n=3, cutoff=0.6)]
