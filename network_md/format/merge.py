"""`merge KEEP OTHER` as a pure edit: KEEP's bytes, plus what OTHER's file holds that KEEP lacks.

KEEP keeps every byte it had. It gains, in this order: OTHER's name and aliases as aliases
(those KEEP does not have already, folded); OTHER's front-matter keys that KEEP lacks, their lines
copied as written; for each key both have with different values, OTHER's lines under a `merged:`
item that names OTHER (so nothing is lost, and the importers still know OTHER's `linkedin` and
`email`); OTHER's log entries (with the lines indented under them) in date order, an entry KEEP
already has word for word once; and OTHER's notes, under a heading that names OTHER, at the end.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.core.names import fold
from network_md.format.aliases import Block, add_aliases, block, front_matter, load
from network_md.format.edit import ENTRY_PREFIX, Text, _after_block, insert_entry
from network_md.format.fields import key_lines, same_key
from network_md.format.logscan import ENTRY, fenced_ranges, first_heading
from network_md.format.logsection import heading_regex
from network_md.format.parse import front_matter_bounds
from network_md.format.yamlsafe import yaml_problem, yaml_scalar

MERGED = "merged"
SKIPPED_KEYS = ("name", "aliases", MERGED)  # merged one by one, not copied as lines
# What says something about OTHER's file rather than the person: never copied (merging an
# archived duplicate must not archive KEEP), kept under OTHER's `merged:` item instead.
FILE_KEYS = ("archived", "archivedwhy")


class Conflict(NamedTuple):
    """A key both files set to different values: KEEP's stays, OTHER's goes under `merged:`."""

    key: str  # as OTHER writes it
    keep: object
    other: object


class Merged(NamedTuple):
    data: bytes  # KEEP's new bytes
    aliases: list[str]
    keys: list[str]  # OTHER's keys copied (as OTHER writes them)
    conflicts: list[Conflict]
    entries: int  # entries added
    duplicates: int  # OTHER's entries KEEP already had
    notes: bool  # OTHER's notes were added


def merge(
    keep: bytes,
    other: bytes,
    other_names: list[str],
    other_path: str,
    day: date,
    heading: str = "## Log",
    keep_names: list[str] = (),
) -> Merged:
    """KEEP's bytes with OTHER merged in; `other_names` is OTHER's name, then its aliases, and
    `keep_names` KEEP's (as the reader took them: from a heading or the file name too)."""
    k, o = Text(keep), Text(other)
    text, nl = k.text, k.newline
    bare = front_matter_bounds(text) is None
    if bare:
        text = f"---{nl}---{nl}{text}"  # a file without front matter gets one for the aliases
    front_matter(text)  # KEEP's front matter must load: WriteError otherwise
    o_text = o.text.replace("\r\n", "\n")
    refuse_bad_yaml(o_text)
    keep_names = {fold(n) for n in (*keep_names, *_names_of(text))}
    new_aliases = list(
        dict.fromkeys(n for n in other_names if n.strip() and fold(n) not in keep_names)
    )
    text = add_aliases(text, _unique_folded(new_aliases), nl)
    keys, conflicts, text = _merge_keys(text, o_text, nl, other_names[0], other_path)
    text, added, dups = _merge_entries(text, o_text, nl, heading)
    notes = _notes(o_text, heading)
    if notes:
        text = _append_notes(text, notes, other_names[0], day, nl)
    if bare and text.startswith(f"---{nl}---{nl}"):
        text = text[len(f"---{nl}---{nl}") :]  # nothing went into it: KEEP stays without one
    return Merged(
        k.encode(text), _unique_folded(new_aliases), keys, conflicts, added, dups, bool(notes)
    )


def _unique_folded(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        if fold(n) not in seen:
            seen.add(fold(n))
            out.append(n)
    return out


def _names_of(text: str) -> list[str]:
    from network_md.format.aliases import alias_names

    fm = load(text)
    name = next((v for key, v in fm.items() if same_key(key) == "name"), None)
    return ([str(name)] if name else []) + alias_names(text)


def refuse_bad_yaml(text: str) -> None:
    """WriteError when a text's front matter is never closed or is not valid YAML (none: fine)."""
    bounds = front_matter_bounds(text)
    if bounds is None:
        return
    if bounds.fm_end < 0:
        raise WriteError("its front matter is never closed with '---'; fix that first")
    problem = yaml_problem(text[bounds.fm_start : bounds.fm_end])
    if problem:
        raise WriteError(
            f"its front matter is not valid YAML ({problem}); fix it first; nothing written"
        )


# --- front matter ------------------------------------------------------------------------------


def _key_blocks(text: str) -> list[tuple[str, str]]:
    """Each top-level key of a front matter (`\\n` text) as (key as written, its lines)."""
    bounds = front_matter_bounds(text)
    if bounds is None:
        return []
    fm = text[bounds.fm_start : bounds.fm_end]
    lines = fm.split("\n")
    found = key_lines(fm)
    out = []
    for i, kl in enumerate(found):
        end = found[i + 1].line - 1 if i + 1 < len(found) else len(lines)
        body = lines[kl.line - 1 : end]
        while body and (not body[-1].strip() or body[-1].lstrip().startswith("#")):
            body.pop()  # a blank line or a comment before the next key is not this key's
        out.append((kl.key, "\n".join(body) + "\n"))
    return out


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return a == b


def _merge_keys(text: str, other: str, nl: str, other_name: str, other_path: str):
    """KEEP with OTHER's missing keys copied and conflicting ones under a `merged:` item."""
    keep_values = {same_key(key): v for key, v in load(text).items()}
    has_fm = front_matter_bounds(other) is not None
    other_values = {same_key(key): v for key, v in load(other).items()} if has_fm else {}
    copied, conflicts, conflict_lines = [], [], []
    for key, lines in _key_blocks(other):
        folded = same_key(key)
        if folded in SKIPPED_KEYS or folded in {same_key(c) for c in copied}:
            continue
        if folded in FILE_KEYS:
            conflict_lines.append(lines)
        elif folded not in keep_values:
            text = _insert_in_front_matter(text, lines.replace("\n", nl))
            copied.append(key)
        elif not _same(keep_values[folded], other_values.get(folded)):
            conflicts.append(Conflict(key, keep_values[folded], other_values.get(folded)))
            conflict_lines.append(lines)
    earlier = other_values.get(MERGED)
    if conflict_lines or isinstance(earlier, list):
        item = _merged_item(other_name, other_path, conflict_lines, earlier, nl)
        text = _append_merged(text, item, nl)
    return copied, conflicts, text


def _insert_in_front_matter(text: str, lines: str) -> str:
    _, end = front_matter(text)
    return text[:end] + lines + text[end:]


def _merged_item(name: str, path: str, conflict_lines: list[str], earlier, nl: str) -> str:
    """One `merged:` list item naming OTHER, with OTHER's conflicting lines indented under it,
    then the items OTHER's own `merged:` held (from earlier merges)."""
    out = [f"  - name: {yaml_scalar(name)}", f"    file: {yaml_scalar(path)}"]
    for lines in conflict_lines:
        out += ["    " + line if line.strip() else "" for line in lines.rstrip("\n").split("\n")]
    for old in earlier if isinstance(earlier, list) else []:
        out += _dumped_item(old)
    return nl.join(out) + nl


def _dumped_item(value) -> list[str]:
    import yaml

    dumped = yaml.safe_dump([value], allow_unicode=True, sort_keys=False, default_flow_style=False)
    return ["  " + line for line in dumped.rstrip("\n").split("\n")]


def _append_merged(text: str, item: str, nl: str) -> str:
    b: Block | None = block(text, MERGED)
    if b is None:
        return _insert_in_front_matter(text, f"{MERGED}:{nl}{item}")
    first = text[b.start : text.find("\n", b.start)]
    if first[len(b.spelling) :].lstrip(" \t").removeprefix(":").strip():
        raise WriteError(
            f"its '{b.spelling}:' key is not a block list that merge can add to; nothing written"
        )
    return text[: b.end] + item + text[b.end :]


# --- the log and the notes -----------------------------------------------------------------------


def _body_at(text: str) -> int:
    bounds = front_matter_bounds(text)
    return bounds.body_at if bounds and bounds.body_at >= 0 else 0


def _entry_blocks(text: str) -> list[tuple[int, int, str, str]]:
    """Each log entry of a body, with the lines indented under it: (start, end, date, rest of
    its first line after the bullet, and the lines under it)."""
    start = _body_at(text)
    fences = fenced_ranges(text, start)
    out = []
    for m in ENTRY.finditer(text, start):
        if any(a <= m.start() < b for a, b in fences):
            continue
        end = _after_block(text, m.start(), len(text))
        prefix = ENTRY_PREFIX.match(m[0])[1]
        out.append((m.start(), end, m[1], text[m.start() + len(prefix) : end].rstrip("\n")))
    return out


def _normal(rest: str) -> str:
    """An entry (its lines under it included) as compared for a duplicate: spacing aside."""
    return "\n".join(" ".join(line.split()) for line in rest.split("\n"))


def _merge_entries(text: str, other: str, nl: str, heading: str) -> tuple[str, int, int]:
    have = {_normal(rest) for _, _, _, rest in _entry_blocks(text.replace("\r\n", "\n"))}
    added = dups = 0
    blocks = sorted(_entry_blocks(other), key=lambda b: b[2])  # stable: same-day order kept
    for _, _, day, rest in blocks:
        if _normal(rest) in have:
            dups += 1
            continue
        lines = rest.replace("\n", nl)
        text = insert_entry(
            text, date.fromisoformat(day), lambda bullet, lines=lines: bullet + lines, nl, heading
        )
        added += 1
    return text, added, dups


def _notes(other: str, heading: str) -> str:
    """OTHER's body without its title heading, its log headings and its entries: its notes."""
    body_at = _body_at(other)
    cut = [(a, b) for a, b, _, _ in _entry_blocks(other)]
    fences = fenced_ranges(other, body_at)
    for wanted in dict.fromkeys((heading, "## Log")):
        for m in heading_regex(wanted).finditer(other, body_at):
            if not any(a <= m.start() < b for a, b in fences):
                cut.append((m.start(), min(len(other), m.end() + 1)))
    if first_heading(other, body_at) is not None:
        first = re.compile(r"[ \t]*\n*").match(other, body_at).end()
        cut.append((first, other.find("\n", first) + 1 if "\n" in other[first:] else len(other)))
    kept, at = [], body_at
    for a, b in sorted(cut):
        if a >= at:
            kept.append(other[at:a])
            at = b
        else:
            at = max(at, b)
    kept.append(other[at:])
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()


def _append_notes(text: str, notes: str, name: str, day: date, nl: str) -> str:
    """OTHER's notes at the end of KEEP, under a heading that says where they came from."""
    heading = f"## Notes from {' '.join(name.split())} (merged {day.isoformat()})"
    sep = "" if text.endswith("\n") else nl
    gap = "" if text.endswith(nl * 2) or not text else nl
    return f"{text}{sep}{gap}{heading}{nl}{nl}{notes.replace(chr(10), nl)}{nl}"
