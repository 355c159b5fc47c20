"""Names as people type them: one folding for matching, file names and sorting, and NAME on
the command line -> one contact (by name, alias, file stem or vault-relative path)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from network_md.core.errors import UsageError
from network_md.core.model import Contact

# Latin letters that are not a base letter plus an accent, so NFKD leaves them as they are
# (after casefold: `ß` is `ss` and `Ø` is `ø` already).
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
    | {"ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k"}
)
# Inside a word, gone: `O'Brien` is `obrien`, `"Bob"` is `bob`. (’ and ‘ are punctuation to
# Unicode, ʼ a letter: all three are apostrophes to a reader.)
_VANISH = frozenset("'’‘ʼ`´′″\"“”„‚‹›«»＇＂")
# Unicode categories that vanish: accents and other marks, format characters (the zero-width
# joiner of an emoji sequence), symbols (emoji, ©, °), and code points this Python does not
# know yet (newer emoji).
_VANISH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "So", "Sk", "Cs", "Co", "Cn"})
# Bidirectional controls are format characters too, but sit between words, not inside them.
_BIDI_CONTROLS = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character as `fold` spells it: letters and digits folded (maybe to two letters), ""
    for what vanishes, " " for a word break."""
    out = []
    # NFKD both sides of casefold: `𝔘` is a letter `U` only after NFKD, and a casefolded `İ`
    # carries a combining dot that only a second NFKD separates.
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold()):
        c = c.translate(_LETTERS)
        category = unicodedata.category(c[0])
        if c in _BIDI_MARKS or unicodedata.bidirectional(c[0]) in _BIDI_CONTROLS:
            out.append(" ")
        elif c in _VANISH or category in _VANISH_CATEGORIES:
            continue
        elif c.isalnum() or category == "Mc":  # Mc: vowel signs of Indic scripts, part of a word
            out.append(c)
        else:  # any other punctuation, symbol, space or control character
            out.append(" ")
    return "".join(out)


class _FoldTable(dict):
    """Code point -> `fold_char` of it, filled as characters are met: `str.translate` with it
    folds a whole name in C (the characters are folded one by one, each on its own)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The key under which a name matches and sorts: case folded, accents dropped (NFKD),
    letters that do not decompose spelled in Latin (ø→o, æ→ae, ß→ss, ł→l), apostrophes, quotes
    and emoji removed, any other punctuation (hyphens, dots, underscores) a space between words,
    runs of spaces one space."""
    return " ".join(text.translate(_FOLD_TABLE).split())


# ASCII alone: one byte to at most one byte, so `bytes.translate` folds it at C speed.
_ASCII_FOLD = bytes((fold_char(chr(i)) or " ").encode()[0] for i in range(128)) + bytes(128)
_ASCII_GONE = bytes(i for i in range(128) if not fold_char(chr(i)))


def fold_text(text: str) -> str:
    """`fold(text)` for long text (a file, a note): the same result, uncached, and for ASCII
    text without a Python step per character."""
    if text.isascii():
        return " ".join(text.encode().translate(_ASCII_FOLD, _ASCII_GONE).decode().split())
    return " ".join(text.translate(_FOLD_TABLE).split())


def compact(text: str) -> str:
    """The folded name without its spaces: `obrien`, `o brien` and `O'Brien` are one name."""
    return fold(text).replace(" ", "")


def sort_key(name: str) -> tuple[str, str]:
    """Names in the order a reader expects: accents and case folded (Ömer beside Omar, not after
    Zoë), the name as written breaking ties so the order never depends on the input's."""
    return fold(name), name


def file_stem(path: str) -> str:
    """`PurePosixPath(path).stem`, without making a path object (a cold index asks 200,000
    times): the last part's name without its last suffix, `people/a.b.md` -> `a.b`."""
    name = path.rpartition("/")[2]
    if not name or name == ".":  # a trailing `/` or `.`: the path object's own reading
        return PurePosixPath(path).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def keys_of(contact: Contact) -> list[str]:
    """The folded names a contact answers to: its name, its aliases, its file stem."""
    return [fold(k) for k in (contact.name, *contact.aliases, file_stem(contact.path))]


def path_query(query: str) -> str | None:
    """A NAME written as a vault-relative path (`people/ada.md`, `./people/ada`), normalized; or
    None when it does not look like a path."""
    text = query.strip().replace("\\", "/")
    if "/" not in text and not text.lower().endswith(".md"):
        return None
    while text.startswith("./"):
        text = text[2:]
    return text


class Keyed(NamedTuple):
    """A contact with its match keys folded once (a write checks many candidate names)."""

    contact: Contact
    stem: str  # the file stem as written (case folded): it tells two same-named people apart
    keys: tuple[str, ...]
    compact: tuple[str, ...]


def keyed(contacts: list[Contact]) -> list[Keyed]:
    out = []
    for c in contacts:
        keys = tuple(keys_of(c))
        stem = PurePosixPath(c.path).stem.casefold()
        out.append(Keyed(c, stem, keys, tuple(k.replace(" ", "") for k in keys)))
    return out


def _without_md(query: str) -> str:
    """`ada.md` names the contact whose file stem is `ada`, wherever its folder."""
    text = query.strip()
    return text[:-3] if text.lower().endswith(".md") and len(text) > 3 else query


def _by_path(contacts: list[Contact], wanted: str) -> Contact | None:
    with_md = wanted if wanted.lower().endswith(".md") else wanted + ".md"
    for c in contacts:
        if c.path == with_md or c.path == wanted:
            return c
    return None


def match_keys(query: str) -> tuple[str, str, str]:
    """(folded, folded without spaces, file stem as written) of a NAME, as `matches` compares
    them: a contact can match only where the first two occur in one of its keys or the third
    is its stem."""
    query = _without_md(query)
    q = fold(query)
    return q, q.replace(" ", ""), query.strip().casefold()


def matches(table: list[Keyed], query: str) -> list[Contact]:
    """The contacts of the first tier that `query` matches (empty: none): the file stem as
    written, an exact name, the same name without its spaces, a prefix (with or without spaces),
    then from a word on (`lovel`, `amelie poulain`)."""
    q = fold(query)
    if not q:
        return []
    qc, stem = q.replace(" ", ""), query.strip().casefold()
    tiers = (
        lambda k: stem == k.stem,
        lambda k: q in k.keys,
        lambda k: qc in k.compact,
        lambda k: any(key.startswith(q) for key in k.keys),
        lambda k: any(key.startswith(qc) for key in k.compact),
        lambda k: any(f" {q}" in f" {key}" for key in k.keys),
    )
    for test in tiers:
        found = [k.contact for k in table if test(k)]
        if found:
            return found
    return []


def listed(contacts: list[Contact], limit: int = 10) -> str:
    """`Ada Lovelace (people/ada.md); …`: candidates as a user can name them, by path if need be."""
    shown = "; ".join(f"{c.name} ({c.path})" for c in contacts[:limit])
    more = f"; and {len(contacts) - limit} more" if len(contacts) > limit else ""
    return shown + more


def resolve(contacts: list[Contact], query: str, table: list[Keyed] | None = None) -> Contact:
    """The one contact NAME means: its vault-relative path, else an exact match, else a unique
    prefix, else a unique word prefix. No match or several: UsageError (exit 2) listing the
    candidates with their paths."""
    if not fold(query):
        raise UsageError("no NAME given; name a contact by its name, an alias or its file name")
    wanted = path_query(query)
    if wanted is not None:
        found = _by_path(contacts, wanted)
        if found is not None:
            return found
    found = matches(table if table is not None else keyed(contacts), _without_md(query))
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            f"'{query}' matches {len(found)} contacts: {listed(found)}. "
            "Be more specific, or name one by its path."
        )
    near = _near(contacts, fold(query))
    hint = f" Did you mean: {listed(near)}?" if near else " `network-md list` shows everyone."
    raise UsageError(f"no contact matches '{query}'.{hint}")


def resolve_for_write(
    contacts: list[Contact], query: str, words: tuple[str, ...], table: list[Keyed] | None = None
) -> tuple[Contact, int]:
    """The contact a write means, never a guess, and how many of the words after NAME are the
    rest of its name. When NAME followed by some of those words names another contact (`gave
    Priya Patel sent the JD`, with both "Priya" and "Priya Patel" known, as an unquoted
    completion leaves it): UsageError listing both. When they complete the same contact's own
    name (`gave Ada Lovelace sent …`), those words are the name, not the text. `table`: the
    contacts keyed (as `resolve` takes it)."""
    table = keyed(contacts) if table is None else table
    chosen = resolve(contacts, query, table)
    if path_query(query) is not None:
        return chosen, 0  # a path names one file: nothing to mistake it for
    own = set(keys_of(chosen))
    consumed = 0
    for n in range(1, len(words) + 1):
        longer = " ".join((query, *words[:n]))
        found = matches(table, longer)
        if not found:
            break  # no longer name matches either: no name goes on into the text
        others = [c for c in found if c.path != chosen.path]
        if others:
            raise UsageError(
                f"'{longer}' could be {listed(others[:1])}, or '{query}' could be "
                f"{listed([chosen])} with the text '{' '.join(words)}'; nothing written. "
                "Quote the name (or the text), or name the contact by its path."
            )
        if fold(longer) in own:
            consumed = n  # the whole of one of its names, not a prefix of one
    return chosen, consumed


def _near(contacts: list[Contact], q: str) -> list[Contact]:
    import difflib

    names: dict[str, Contact] = {}
    for c in contacts:
        names.setdefault(fold(c.name), c)
    return [names[n] for n in difflib.get_close_matches(q, list(names), n=3, cutoff=0.6)]
