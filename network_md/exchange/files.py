"""Contact files from import records, and job-change updates, written through `network_md.edit`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.exchange.identity import Change, Record, job
from network_md.format.edit import set_keys
from network_md.format.yamlsafe import yaml_flow_list, yaml_scalar
from network_md.store.atomic import edit_file, write_file, write_new_files

# What a line of imported text must not start with, lest it be read as structure: a bullet (a
# log entry, a plan), a task box, a heading (a `## Log` of its own), a fence (which would swallow
# the real log), a rule or setext underline (`---`, `===`), front matter's `...`.
STRUCTURE = re.compile(
    r"[ \t]*(?:[-*+](?:[ \t]|\Z)|#{1,6}(?:[ \t]|\Z)|\[[^\]\n]?\]|`{3}|~{3}"
    r"|([-=*_.])(?:[ \t]*\1){2,}[ \t]*\Z)"
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # a NUL would make the file "binary"


def yaml_value(value) -> str:
    return yaml_flow_list(value) if isinstance(value, (list, tuple)) else yaml_scalar(value)


def _body_line(line: str) -> str:
    """One line of imported text, kept text: Markdown's backslash escape before the first
    character that would make it structure (it still reads as the note, in any viewer)."""
    line = CONTROL.sub("", line).rstrip()
    if not STRUCTURE.match(line):
        return line
    indent = len(line) - len(line.lstrip(" \t"))
    return line[:indent] + "\\" + line[indent:]


def new_file(record: Record) -> bytes:
    """A new contact file: the record's front matter, its body, and an empty `## Log` at the end."""
    lines = (
        ["---"]
        + [f"{key}: {yaml_value(value)}" for key, value in record.keys.items()]
        + ["---", ""]
    )
    body = "\n".join(_body_line(line) for line in record.body.strip().splitlines())
    if body:
        lines += [body, ""]
    lines += ["## Log", ""]
    return "\n".join(lines).encode("utf-8")


def previously_item(change: Change, today: date) -> str:
    """`Flipkart, Senior SDE (until 2026-11-27)`: the old job, and the day the import saw it end."""
    return f"{job(*change.old)} (until {today.isoformat()})"


def updated(data: bytes, change: Change, today: date) -> bytes:
    """The file's bytes with the new job and the old one added to `previously:`; nothing else."""
    values = {key: yaml_scalar(value) for key, value in change.keys.items()}
    if any(change.old):
        values["previously"] = yaml_flow_list([*change.previously, previously_item(change, today)])
    return set_keys(data, values)


def create(root: Path, rel: str, record: Record) -> None:
    """Write a new contact file; WriteError (and nothing written) when it cannot be."""
    path = root / rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"{rel}: cannot make its folder ({exc.strerror}); nothing written"
        ) from None
    write_file(path, new_file(record), None, root)


def create_all(root: Path, created: list[tuple[Record, str]], written=None) -> None:
    """Write the new contact files of an import in one batch (`store.atomic.write_new_files`):
    each folder made once; `written(rel)` for each file in place. WriteError at the first that
    cannot be written; the ones before it stay."""
    made: set[Path] = set()
    for _, rel in created:
        folder = (root / rel).parent
        if folder in made:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(
                f"{rel}: cannot make its folder ({exc.strerror}); nothing written"
            ) from None
        made.add(folder)
    by_path = {root / rel: rel for _, rel in created}
    write_new_files(
        [(root / rel, new_file(record)) for record, rel in created],
        root,
        None if written is None else lambda path: written(by_path[path]),
    )


def update(root: Path, change: Change, today: date) -> bool:
    """Write one job change; False when the file already says so (nothing written)."""
    return edit_file(root / change.path, lambda before: updated(before, change, today), root)
