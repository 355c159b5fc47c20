"""`search`: which contacts hold every term, where, and how well. Pure functions of the terms,
each file's searchable text (format/searchtext.py) and, for the contacts that may match, the
contact, its numbers and its log.

A term is text, found in any line of the file (folded as names are: case, accents and
punctuation ignored, so `muller` finds `Müller` and `obrien` finds `O'Brien`), or `key:value`,
which must hold in one field. Ranking: each term scores the weight of the best place it was
found (WEIGHTS), doubled when it starts a word there; a contact's score is the sum. Best score
first, then more matching lines, then by name (folded) and path.
"""

from __future__ import annotations

import heapq
from itertools import compress, repeat
from operator import contains
from typing import TYPE_CHECKING, NamedTuple

from network_md.core.errors import UsageError
from network_md.core.model import KINDS, RELATIONSHIPS
from network_md.core.names import fold
from network_md.format import searchtext as z
from network_md.format.fields import canonical, known, texts

if TYPE_CHECKING:
    from network_md.analysis.stats import ContactStats
    from network_md.core.model import Contact, Entry
    from network_md.format.config import Config
    from network_md.format.searchtext import Corpus

# Where a term was found -> what it is worth.
WEIGHTS = {
    z.STEM: 8, z.NAME: 8, z.ALIAS: 6, z.COMPANY: 5, z.ROLE: 5, z.TAG: 4, z.EMAIL: 3,
    z.PHONE: 3, z.LINKEDIN: 3, z.CIRCLE: 3, z.FIELD: 3, z.NOTE: 2, z.ENTRY: 1,
}  # fmt: skip
# `key:` -> the zone of the field it names (relationship and kind have no line of their own).
FIELD_KEYS = {
    "name": z.NAME, "alias": z.ALIAS, "tag": z.TAG, "circle": z.CIRCLE, "company": z.COMPANY,
    "role": z.ROLE, "email": z.EMAIL, "phone": z.PHONE, "linkedin": z.LINKEDIN,
    "relationship": None, "kind": None,
}  # fmt: skip
# The same by the zone letter's byte, for the line's first byte (1 where no zone says more).
_ZONE_WEIGHT = [WEIGHTS.get(chr(b), 1) for b in range(256)]
KEY_SPELLINGS = {"aliases": "alias", "tags": "tag"}
# The keys a file's facts (searchtext.facts) answer; the others ask the contact's numbers or log.
FACT_KEYS = frozenset(("name", "alias", "tag", "company", "role", "email", "phone", "linkedin"))


class Term(NamedTuple):
    """One search term: `key` None for text anywhere, else the field it must hold in."""

    key: str | None
    value: str  # folded; for kind, relationship and circle the name they match
    typed: str  # as given


class Hit(NamedTuple):
    """A contact that holds every term: its score and the file lines that matched."""

    path: str
    score: int
    lines: tuple[int, ...]  # 1-based line numbers, ascending
    name: str  # folded, for the order of equal scores


def field_key(word: str) -> str | None:
    """The search key `word` names (`Title` -> role, `tags` -> tag), or None: not a key."""
    key = canonical(word)
    key = KEY_SPELLINGS.get(key, key)
    return key if key in FIELD_KEYS else None


def parse_terms(words, config: Config) -> list[Term]:
    """The terms as given; UsageError (exit 2) for none, or one that can match nothing."""
    if not words:
        raise UsageError("search needs at least one TERM, like `search stripe` or `company:stripe`")
    return [_term(word, config) for word in words]


def _term(word: str, config: Config) -> Term:
    key_text, colon, value = word.partition(":")
    key = field_key(key_text) if colon and key_text.strip() else None
    if key is None:  # `re:invent`, `10:30`: text (its colon is punctuation, folded away)
        if not fold(word):
            raise UsageError(f"'{word}' has no letters or digits to search for")
        return Term(None, fold(word), word)
    if not fold(value):
        raise UsageError(f"'{word}': {key_text}: needs a value, like {key_text}:stripe")
    if key == "kind":
        return Term(key, _kind(value, config), word)
    if key == "relationship":
        found = [r for r in RELATIONSHIPS if fold(r) == fold(value)]
        if not found:
            raise UsageError(
                f"'{word}': no relationship '{value}'; they are: {', '.join(RELATIONSHIPS)}"
            )
        return Term(key, found[0], word)
    if key == "circle":
        found = [c for c in config.circles if fold(c) == fold(value)]
        if not found:
            raise UsageError(
                f"'{word}': no circle '{value}'; they are: {', '.join(config.circles)}"
            )
        return Term(key, found[0], word)
    return Term(key, fold(value.lstrip("#") if key == "tag" else value), word)


def _kind(value: str, config: Config) -> str:
    """A canonical kind, or a word of the config's `kinds:` (matched as written)."""
    low = value.strip().lower()
    if low in KINDS or low in config.kinds:
        return low
    words = [f"{w} ({k})" for w, k in config.kinds.items()]
    raise UsageError(f"no kind '{value}'; the kinds are: {', '.join([*KINDS, *words])}")


def needles(terms: list[Term], config: Config) -> list[bytes]:
    """What a file's searchable text must hold for it to match at all: a fast first pass that
    never leaves out a file that matches."""
    out = []
    for t in terms:
        if t.key in ("kind", "relationship"):
            continue  # no text of their own: a `coffee` entry is a `met`
        if t.key == "circle":
            if t.value == config.default_circle:
                continue  # a contact without a circle is in it
            out.append(fold(t.value).encode())
        else:
            out.append(t.value.encode())
    return out


def narrowed(corpus: Corpus, wanted: list[bytes], terms: list[Term]) -> list[int]:
    """The positions of the contact files whose text holds every needle and whose facts hold
    every term they answer. Each needle is one `in` per file still in, run by `map` (C, no
    Python step per file); the facts are asked only of the files left."""
    texts, facts = corpus.texts, corpus.facts
    kept = list(compress(range(len(facts)), facts))  # b"" facts: no contact
    for needle in wanted:
        kept = list(compress(kept, map(contains, map(texts.__getitem__, kept), repeat(needle))))
    for t in terms:
        if t.key in FACT_KEYS:
            kept = [i for i in kept if holds_in(t, facts[i])]
    return kept


def holds_in(t: Term, facts: bytes) -> bool:
    """Whether the file's facts hold a `key:value` term of FACT_KEYS: the whole tag, or the
    value inside a line of the key's zone."""
    zone = FIELD_KEYS[t.key].encode()
    value = t.value.encode()
    if t.key == "tag":
        return b"\n" + zone + value + b"\n" in facts
    at = facts.find(value)
    while at >= 0:
        start = facts.rfind(b"\n", 0, at) + 1
        if facts[start : start + 1] == zone:
            return True
        at = facts.find(value, at + 1)
    return False


def occurrences(text: bytes, needle: bytes, zone: int | None = None) -> dict[int, int]:
    """Line -> the best weight of `needle` in it, for each line of the searchable text that
    holds it (and is of `zone`, a zone letter's byte, when given): the zone's weight, doubled
    where the needle starts a word. One `find` per occurrence: no Python step per line."""
    found: dict[int, int] = {}
    at = text.find(needle)
    while at >= 0:
        start = text.rfind(b"\n", 0, at) + 1
        if zone is None or text[start] == zone:
            line = text.count(b"\n", 0, start)
            weight = _ZONE_WEIGHT[text[start]]
            if at == start + 1 or text[at - 1] == 32:  # the line's first word, or after a space
                weight *= 2
            found[line] = max(found.get(line, 0), weight)
        at = text.find(needle, at + 1)
    return found


def folded_name(text: bytes) -> str:
    """The contact's name as the searchable text holds it, folded (its stem when no name line)."""
    at = text.find(b"\nN")
    line = text[at + 2 : text.find(b"\n", at + 2)] if at >= 0 else text[1 : text.find(b"\n")]
    return line.decode("utf-8", "replace")


def match(
    terms: list[Term],
    text: bytes,
    path: str,
    stats: ContactStats | None = None,
    log: list[Entry] | None = None,
    contact: Contact | None = None,
    facts: bytes | None = None,
) -> Hit | None:
    """The contact's Hit when it holds every term, else None. Text terms need nothing but the
    file's searchable text; FACT_KEYS terms its `facts` (else its `contact`); `relationship:`
    and `circle:` its `stats`, `kind:` its `log`."""
    hit_lines: set[int] = set()
    score = 0
    for t in terms:
        if t.key is None:
            found = occurrences(text, t.value.encode())
        elif t.key == "kind":
            found = {line: WEIGHTS[z.ENTRY] for line in _kind_lines(t.value, log or [], path)}
        elif not _field_holds(t, stats, contact, facts):
            return None
        else:
            zone = FIELD_KEYS[t.key]
            found = occurrences(text, t.value.encode(), ord(zone)) if zone else {}
            if not found:
                score += WEIGHTS.get(zone, 1)  # it holds, though not on a line (a default circle)
        if not found and t.key in (None, "kind"):
            return None
        score += max(found.values(), default=0)
        hit_lines.update(line for line in found if line > 0)
    return Hit(path, score, tuple(sorted(hit_lines)), folded_name(text))


def needs_contacts(terms: list[Term]) -> bool:
    """Whether a term asks what the facts cannot say: a contact's numbers or its log."""
    return any(t.key is not None and t.key not in FACT_KEYS for t in terms)


def needs_numbers(terms: list[Term]) -> bool:
    """Whether a term asks what only the contact's numbers say (its relationship, its circle
    as the config resolves it): the others are answered by the contact alone."""
    return any(t.key in ("relationship", "circle") for t in terms)


def _field_holds(
    t: Term, stats: ContactStats | None, contact: Contact | None = None, facts: bytes | None = None
) -> bool:
    """Whether the contact's field holds the term's value, as the field is read."""
    if facts is not None and t.key in FACT_KEYS:
        return holds_in(t, facts)
    c = contact if contact is not None else stats.contact if stats is not None else None
    if c is None or (stats is None and t.key in ("relationship", "circle")):
        return False
    if t.key == "relationship":
        return stats.relationship == t.value
    if t.key == "circle":
        return stats.circle == t.value
    if t.key == "tag":
        return any(fold(tag) == t.value for tag in c.tags)
    if t.key == "name":
        return t.value in fold(c.name)
    if t.key == "alias":
        return any(t.value in fold(a) for a in c.aliases)
    return any(t.value in fold(v) for v in texts(known(c.fields).get(t.key)))


def _kind_lines(kind: str, log: list[Entry], path: str) -> list[int]:
    """The line of each entry of that kind in this file: a canonical kind whatever word wrote
    it, a config word as written. Cancelled entries are not entries any more."""
    by_word = kind not in KINDS
    return [
        e.line
        for e in log
        if e.state != "cancelled"
        and e.path in ("", path)
        and (e.word.lower() == kind if by_word else e.kind == kind)
    ]


def ranked(hits: list[Hit], best: int | None = None) -> list[Hit]:
    """Best first: score, then more matching lines, then name (folded) and path; only the
    `best` few when given (the same as the first few of all, without sorting all)."""
    if best is not None:
        return heapq.nsmallest(best, hits, key=_rank)
    return sorted(hits, key=_rank)


def _rank(h: Hit) -> tuple:
    return -h.score, -len(h.lines), h.name, h.path
