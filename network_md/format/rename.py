"""`rename` as pure edits: the contact's own file (its name, its aliases) and every wikilink in
another text that names the contact, each link changing only its target.

A link that names the contact by its old name (`[[Old Name]]`, `[[Old Name|shown]]`,
`[[Old Name#part]]`) is rewritten to the new name; a link that names it by its file
(`[[stem]]`, `[[folder/stem]]`, `[[stem.md]]`) is rewritten to the new file name when the file
is renamed, its folders as written; `#part`, `|shown` and the `!` of an embed stay. A link that
names the contact by another alias keeps pointing at it and is left alone, and so is every link
inside code. When the new name cannot be written inside a link (it holds `[`, `]`, `|`, `#` or
`^`), links by name are left as they are: the old name stays an alias, so they still resolve.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.core.names import fold
from network_md.format.links import Link, LinkIndex, find_links, path_key

NOT_IN_LINKS = re.compile(r"[\[\]|#^\n\r]")
# What a file name written from a name may not hold (Obsidian refuses these too).
NOT_IN_FILE_NAMES = re.compile(r"[\\/:*?\"<>|\[\]#^\x00-\x1f\x7f]")


class Move(NamedTuple):
    """What the rename changes about the contact: its path and name, before and after."""

    old_path: str
    new_path: str
    old_name: str
    new_name: str


def linkable(name: str) -> bool:
    """Whether `name` can be a link's target as it is."""
    return bool(name.strip()) and not NOT_IN_LINKS.search(name) and name == name.strip()


def stem_of(path: str) -> str:
    return PurePosixPath(path).stem


def file_style_stem(name: str) -> str | None:
    """The name as a file stem when a vault names files after people (`Ada Lovelace.md`): the
    name itself, when a file system and Obsidian both take it; else None."""
    text = name.strip()
    if not text or text.startswith(".") or NOT_IN_FILE_NAMES.search(text):
        return None
    return text if len(text.encode("utf-8")) <= 200 else None


def rewrite_links(text: str, index: LinkIndex, after: LinkIndex, move: Move) -> tuple[str, int]:
    """`text` with every link that names the contact rewritten; (new text, links changed).
    `index` resolves links as the vault is now, `after` as it will be."""
    out, at, changed = [], 0, 0
    for link in find_links(text):
        if index.resolve(link.target) != (move.old_path,):
            continue
        target = _new_target(link, index, after, move)
        if target is None or target == link.target:
            continue
        start, end = _target_span(text, link)
        out.append(text[at:start] + target)
        at = end
        changed += 1
    return ("".join(out) + text[at:], changed) if changed else (text, 0)


def _new_target(link: Link, index: LinkIndex, after: LinkIndex, move: Move) -> str | None:
    """What the link's target becomes, or None when it stays. Folded, a file's stem and a name
    can be one text (`ada-lovelace`, `Ada Lovelace`): the target as written decides, the old
    name exactly first, then the stem as written, then the old name folded, then the file."""
    target = link.target
    renamed = move.new_path != move.old_path
    if target != move.old_name and _names_file(target, move.old_path):
        return _file_target(link, after, move) if renamed else None
    if fold(target) == fold(move.old_name):
        return (
            _unique([move.new_name], after, move.new_path, link)
            if linkable(move.new_name)
            else None
        )
    if renamed and move.old_path in index.by_file.get(path_key(target), ()):
        return _file_target(link, after, move)
    return None


def _file_target(link: Link, after: LinkIndex, move: Move) -> str | None:
    return _unique(_file_targets(link.target, move.new_path), after, move.new_path, link)


def _names_file(target: str, path: str) -> bool:
    """The target is the file's stem or its path's last folders, as written (case aside)."""
    written = target.strip().lstrip("/")
    if written.lower().endswith(".md"):
        written = written[:-3]
    parts = PurePosixPath(path).with_suffix("").parts
    wanted = written.split("/")
    return [p.casefold() for p in parts[-len(wanted) :]] == [w.casefold() for w in wanted]


def _file_targets(written: str, new_path: str) -> list[str]:
    """The new file written as the old one was (as many folders, `.md` or not, a leading `/`),
    then with ever more of its folders, for when that alone would name someone else too."""
    md = ".md" if written.lower().endswith(".md") else ""
    lead = "/" if written.startswith("/") else ""
    parts = PurePosixPath(new_path).with_suffix("").parts
    depth = len(written.strip("/").split("/"))
    if lead:
        return [lead + "/".join(parts) + md]
    return ["/".join(parts[-n:]) + md for n in range(min(depth, len(parts)), len(parts) + 1)]


def _unique(candidates: list[str], after: LinkIndex, new_path: str, link: Link) -> str | None:
    """The first candidate that names the contact alone once renamed; else the file's whole path."""
    for target in candidates:
        if after.resolve(target) == (new_path,) and linkable(target.lstrip("/")):
            return target
    whole = new_path[:-3] if new_path.endswith(".md") else new_path
    return whole if after.resolve(whole) == (new_path,) else None


def _target_span(text: str, link: Link) -> tuple[int, int]:
    """Where the link's target text sits in `text` (spaces around it, `|` and `#` excluded)."""
    opening = link.start + (3 if link.embed else 2)
    inside = text[opening : link.end - 2]
    raw = inside.partition("|")[0]
    if raw.endswith("\\"):
        raw = raw[:-1]
    raw = raw.partition("#")[0]
    offset = raw.index(link.target) if link.target else len(raw) - len(raw.lstrip())
    return opening + offset, opening + offset + len(link.target)


def rewrite_keeping_yaml(
    text: str, index: LinkIndex, after: LinkIndex, move: Move
) -> tuple[str, int]:
    """`rewrite_links`, except that links in a front matter that would stop loading as YAML
    (a new name with a `"` inside `introduced_by: "[[Old Name]]"`) keep their target: they
    still point at the contact, through the old name, now an alias."""
    from network_md.format.parse import front_matter_bounds
    from network_md.format.yamlsafe import yaml_problem

    new, count = rewrite_links(text, index, after, move)
    bounds = front_matter_bounds(text)
    if not count or bounds is None or bounds.fm_end < 0:
        return new, count
    loads = yaml_problem(text[bounds.fm_start : bounds.fm_end]) is None
    new_bounds = front_matter_bounds(new)
    if not loads or yaml_problem(new[new_bounds.fm_start : new_bounds.fm_end]) is None:
        return new, count
    body, count = rewrite_links(text[bounds.body_at :], index, after, move)
    return text[: bounds.body_at] + body, count


def renamed_file(data: bytes, index: LinkIndex, after: LinkIndex, move: Move) -> bytes:
    """The contact's own file renamed: its links to itself follow, the new name goes where the
    name was (its `name:` line, else the title heading it came from; a name that came from the
    file's name needs nothing when the file takes the new name), and the old name becomes an
    alias. A new name that is one of its aliases is taken out of the aliases and the old name is
    not added, and a front matter left empty is removed: renaming back undoes a rename."""
    from network_md.format.edit import Text

    t = Text(data)
    nl = t.newline
    text, _ = rewrite_keeping_yaml(t.text, index, after, move)
    text = _aliases_after(text, move, nl)
    text = _name_after(text, move, nl)
    return t.encode(_without_empty_front_matter(text, t.text))


def _aliases_after(text: str, move: Move, nl: str) -> str:
    from network_md.format.aliases import add_aliases, alias_names, remove_alias
    from network_md.format.parse import front_matter_bounds

    had = front_matter_bounds(text) is not None
    aliases = {fold(a) for a in alias_names(text)} if had else set()
    if fold(move.new_name) in aliases:
        return remove_alias(text, move.new_name)
    if fold(move.old_name) in aliases or fold(move.old_name) == fold(move.new_name):
        return text
    return add_aliases(text if had else f"---{nl}---{nl}{text}", [move.old_name], nl)


def _name_after(text: str, move: Move, nl: str) -> str:
    """The new name where the old one was written."""
    from network_md.format.aliases import block, set_name
    from network_md.format.parse import front_matter_bounds

    bounds = front_matter_bounds(text)
    key = block(text, "name") if bounds is not None else None
    if key is not None and _name_value(text) is not None:
        return set_name(text, move.new_name, nl)
    body_at = bounds.body_at if bounds and bounds.body_at >= 0 else 0
    titled = _retitled(text, body_at, move)
    if titled is not None:
        return titled
    if stem_of(move.new_path) == move.new_name:
        return text  # the name is the file's: the renamed file says it
    if key is not None:  # `Name: {First: …}`: the reader ignores it, and so must this
        raise WriteError(
            f"its '{key.spelling}:' is not a text (the name comes from elsewhere), and a second "
            "name key would be read twice; make it a name first; nothing written"
        )
    if bounds is None:
        text = f"---{nl}---{nl}{text}"
    return set_name(text, move.new_name, nl)


def _name_value(text: str) -> str | None:
    """The `name:` value when it is a text the reader takes as the name."""
    from network_md.format.aliases import load
    from network_md.format.fields import same_key

    value = next((v for k, v in load(text).items() if same_key(k) == "name"), None)
    return value if isinstance(value, str) and value.strip() else None


def _retitled(text: str, body_at: int, move: Move) -> str | None:
    """The text with its title heading (the body's first line, when it gave the name) saying
    the new name; None when the name did not come from it, or a heading cannot say it."""
    from network_md.format.logscan import FIRST_LINE, HEADING, first_heading

    if first_heading(text, body_at) != move.old_name:
        return None
    line = FIRST_LINE.match(text, body_at)
    title = HEADING.match(line[1])
    at = line.start(1) + title.start(1)
    out = text[:at] + move.new_name + text[at + len(title[1]) :]
    return out if first_heading(out, body_at) == move.new_name else None


def _without_empty_front_matter(text: str, original: str) -> str:
    """`text` without a front matter that holds nothing, unless it held nothing before too."""
    from network_md.format.parse import front_matter_bounds

    bounds = front_matter_bounds(text)
    if bounds is None or bounds.fm_end < 0 or text[bounds.fm_start : bounds.fm_end].strip():
        return text
    before = front_matter_bounds(original)
    if before is not None and not original[before.fm_start : before.fm_end].strip():
        return text
    return text[bounds.body_at :]


def relinked(data: bytes, index: LinkIndex, after: LinkIndex, move: Move) -> tuple[bytes, int]:
    """Another file's bytes with its links to the contact rewritten; (bytes, links changed).
    A file that is not UTF-8 text is left as it is."""
    from network_md.format.edit import Text

    if b"[[" not in data:
        return data, 0
    try:
        t = Text(data)
    except WriteError:
        return data, 0
    text, changed = rewrite_keeping_yaml(t.text, index, after, move)
    return (t.encode(text), changed) if changed else (data, 0)
