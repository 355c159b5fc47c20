"""A contact's front matter, edited line by line: its aliases list grows or shrinks, a key's
block of lines is found, copied or appended to. Pure text in, text out; every other byte kept.

Adding an alias keeps the list's own style: a flow list (`aliases: [Ada, Countess]`) gains
`, New` before its `]`; a block list gains a `- New` line under its last item; an empty
`aliases:` gains an unindented `- New`; a single string (`aliases: Ada`) becomes a flow list of
both; a file without the key gets it as a block list (`aliases:` then `  - New`). Removing an alias undoes exactly that, so adding one and removing it
again gives back the bytes the file had.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.core.names import fold
from network_md.format.edit import key_span
from network_md.format.parse import front_matter_bounds
from network_md.format.yamlsafe import yaml_problem, yaml_scalar

ALIASES = "aliases"
ITEM = re.compile(r"([ \t]*)-[ \t]+(.*?)[ \t]*\r?\n?\Z", re.DOTALL)
FLOW = re.compile(r"\[(.*)\][ \t]*\Z")


class Block(NamedTuple):
    """A top-level key's lines in a text: where they start and end, and the key as written."""

    start: int
    end: int
    spelling: str


def front_matter(text: str) -> tuple[int, int]:
    """(start, end) of the front matter's YAML; WriteError when there is none or it is not
    valid YAML (a key set in a file the reader cannot load would be set in name only)."""
    bounds = front_matter_bounds(text)
    if bounds is None or bounds.fm_end < 0:
        raise WriteError("the file has no closed front matter (`---` lines) to edit")
    problem = yaml_problem(text[bounds.fm_start : bounds.fm_end])
    if problem:
        raise WriteError(
            f"its front matter is not valid YAML ({problem}); fix it first "
            "(`network-md check` shows where); nothing written"
        )
    return bounds.fm_start, bounds.fm_end


def block(text: str, key: str) -> Block | None:
    """The lines of a top-level key (found by its folded name), continuation lines included."""
    start, end = front_matter(text)
    found = key_span(text, start, end, key)
    return Block(*found) if found else None


def load(text: str) -> dict:
    """The front matter as the reader loads it (template placeholders as text, keys as
    strings); {} when empty."""
    from network_md.format.parse import _load_yaml, _quote_placeholders

    start, end = front_matter(text)
    fm = text[start:end]
    try:
        loaded = _load_yaml(fm)
    except (
        Exception
    ):  # `created: {{date}}`: the reader quotes the placeholder (yaml_problem agreed)
        loaded = _load_yaml(_quote_placeholders(fm))
    return {str(k): v for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _value_of(text: str, b: Block) -> str:
    """The text after `key:` on the key's own line (its comment included), stripped."""
    line = text[b.start : text.find("\n", b.start) if "\n" in text[b.start :] else len(text)]
    return line[len(b.spelling) :].lstrip(" \t").removeprefix(":").strip(" \t\r")


def _items(text: str, b: Block) -> list[tuple[int, int, str]]:
    """The block list's item lines under a key: (start, end, indent)."""
    out, at = [], text.find("\n", b.start) + 1
    while 0 < at < b.end:
        nxt = text.find("\n", at)
        nxt = b.end if nxt < 0 or nxt >= b.end else nxt + 1
        m = ITEM.match(text[at:nxt])
        if m:
            out.append((at, nxt, m[1]))
        at = nxt
    return out


def alias_names(text: str) -> list[str]:
    """The aliases as the reader takes them (a string is one alias)."""
    value = next((v for k, v in load(text).items() if fold(k) in ("aliases", "alias")), None)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(i) for i in items if i is not None and str(i).strip()]


def add_aliases(text: str, names: list[str], nl: str = "\n") -> str:
    """`text` with `names` added at the end of the aliases, in the list's own style."""
    if not names:
        return text
    before = alias_names(text)
    b = block(text, ALIASES)
    new = [yaml_scalar(n) for n in names]
    if b is None:
        _, end = front_matter(text)
        lines = "".join(f"  - {v}{nl}" for v in new)
        out = text[:end] + f"{ALIASES}:{nl}{lines}" + text[end:]
    else:
        out = _add_to(text, b, new, before, nl)
    if alias_names(out) != before + list(names):
        raise WriteError("its aliases could not be extended safely; nothing written")
    return out


def _add_to(text: str, b: Block, new: list[str], before: list[str], nl: str) -> str:
    value, items = _value_of(text, b), _items(text, b)
    flow = FLOW.match(value)
    if flow:
        close = text.rindex("]", b.start, b.end)
        sep = ", " if flow[1].strip() else ""
        return text[:close] + sep + ", ".join(new) + text[close:]
    if items or not value:  # a block list (or an empty key): `- New` under the last item
        # under an empty `aliases:` the items go unindented: removing the last one then leaves
        # the key as it was, where a key this added (indented items) goes with its last item
        indent = items[-1][2] if items else ""
        at = items[-1][1] if items else b.end
        return text[:at] + "".join(f"{indent}- {v}{nl}" for v in new) + text[at:]
    whole = "[" + ", ".join([yaml_scalar(a) for a in before] + new) + "]"
    line_end = text.find("\n", b.start)
    line_end = b.end if line_end < 0 else line_end
    cr = "\r" if text[line_end - 1 : line_end] == "\r" else ""
    return text[: b.start] + f"{b.spelling}: {whole}{cr}" + text[line_end:]


def remove_alias(text: str, name: str) -> str:
    """`text` without the alias that folds as `name` (the undo of `add_aliases`)."""
    before = alias_names(text)
    wanted = fold(name)
    keep = [a for a in before if fold(a) != wanted]
    if len(keep) == len(before):
        return text
    b = block(text, ALIASES)
    out = _remove_from(text, b, wanted, keep)
    if alias_names(out) != keep:
        raise WriteError("its aliases could not be changed safely; nothing written")
    return out


def _remove_from(text: str, b: Block, wanted: str, keep: list[str]) -> str:
    value, items = _value_of(text, b), _items(text, b)
    if FLOW.match(value) or not items:
        whole = "[" + ", ".join(yaml_scalar(a) for a in keep) + "]"
        for old in _flow_spellings(text, b):
            if fold(_unquote(old)) == wanted:
                return _cut_flow_item(text, b, old, whole)
        line_end = text.find("\n", b.start)
        line_end = b.end if line_end < 0 else line_end
        cr = "\r" if text[line_end - 1 : line_end] == "\r" else ""
        return text[: b.start] + f"{b.spelling}: {whole}{cr}" + text[line_end:]
    for start, end, _ in items:
        m = ITEM.match(text[start:end])
        if fold(_unquote(m[2])) == wanted:
            if len(items) == 1 and not value and not keep and m[1]:
                return text[: b.start] + text[b.end :]  # the key was added for this alias
            return text[:start] + text[end:]
    return text


def _flow_spellings(text: str, b: Block) -> list[str]:
    inner = text[text.index("[", b.start) + 1 : text.rindex("]", b.start, b.end)]
    return [p.strip() for p in inner.split(",")]


def _cut_flow_item(text: str, b: Block, old: str, whole: str) -> str:
    """The flow list without `old`, its `, ` with it; rebuilt from the values when the list is
    not one this can cut safely (quoted commas)."""
    opened = text.index("[", b.start)
    closed = text.rindex("]", b.start, b.end)
    inner = text[opened + 1 : closed]
    parts = inner.split(",")
    idx = [p.strip() for p in parts].index(old)
    if len(parts) == 1:
        new_inner = ""
    elif idx == len(parts) - 1:
        new_inner = ",".join(parts[:-1])
    else:
        rest = parts[:idx] + parts[idx + 1 :]
        lead = parts[0][: len(parts[0]) - len(parts[0].lstrip())] if idx == 0 else None
        new_inner = ",".join(rest)
        if lead is not None:
            new_inner = lead + new_inner.lstrip()
    return text[: opened + 1] + new_inner + text[closed:]


def _unquote(item: str) -> str:
    import yaml

    try:
        value = yaml.safe_load(item)
    except yaml.YAMLError:
        return item
    return str(value) if value is not None else ""


def set_name(text: str, new_name: str, nl: str = "\n") -> str:
    """`name:` set to `new_name` (a line of its own added when the file has none), its
    spelling, its quotes and its line ending kept."""
    b = block(text, "name")
    if b is None:
        start, _ = front_matter(text)
        return text[:start] + f"name: {yaml_scalar(new_name)}{nl}" + text[start:]
    old = text[b.start : b.end]
    ending = "\r\n" if old.endswith("\r\n") else ("\n" if old.endswith("\n") else "")
    scalar = quoted_like(_value_of(text, b), new_name)
    return text[: b.start] + f"{b.spelling}: {scalar}{ending}" + text[b.end :]


def quoted_like(old: str, value: str) -> str:
    """`value` as YAML, in the quotes `old` was written in when they can carry it."""
    import json

    plain = yaml_scalar(value)
    if old.startswith('"') and not plain.startswith('"'):
        return json.dumps(value, ensure_ascii=False)
    if old.startswith("'") and value.isprintable() and not plain.startswith('"'):
        return "'" + value.replace("'", "''") + "'"
    if old[:1] not in ("'", '"') and plain.startswith('"') and _reads_back_plain(value):
        return value  # written plain, as the old value was, where YAML reads it as itself
    return plain


def _reads_back_plain(value: str) -> bool:
    import yaml

    if not value.isprintable() or value != value.strip() or " #" in value or ": " in value:
        return False
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False
