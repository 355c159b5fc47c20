"""Contact files from import records, and job-change updates, written through `network_md.edit`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..edit import read_for_edit, set_keys, write_atomic
from .identity import Change, Record, job

_loader = None


def _load(text: str):
    """YAML as contact files are read (the C loader when PyYAML has one)."""
    global _loader
    import yaml

    if _loader is None:
        _loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=_loader)


def _reads_back(yaml_text: str, value, flow: bool) -> bool:
    try:
        loaded = _load(f"k: [{yaml_text}]" if flow else f"k: {yaml_text}")["k"]
    except Exception:
        return False
    return loaded == ([value] if flow else value)


def scalar(value, flow: bool = False) -> str:
    """A value as YAML that reads back as exactly that value: plain when it does, else quoted.
    Dates stay plain dates; `flow`: as an item of a `[...]` list, where commas split."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # plain text can load as a number, a date, a boolean, a comment or (in a list) two items:
    # plain only when it reads back the same, else JSON's double quotes, which YAML reads too
    if text and _reads_back(text, text, flow):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(items) -> str:
    return "[" + ", ".join(scalar(i, flow=True) for i in items) + "]"


def yaml_value(value) -> str:
    return flow_list(value) if isinstance(value, (list, tuple)) else scalar(value)


def new_file(record: Record) -> bytes:
    """A new contact file: the record's front matter, its body, and an empty `## Log` at the end."""
    lines = ["---"] + [f"{key}: {yaml_value(value)}" for key, value in record.keys.items()] + ["---", ""]
    body = "\n".join(line.rstrip() for line in record.body.strip().splitlines())
    if body:
        lines += [body, ""]
    lines += ["## Log", ""]
    return "\n".join(lines).encode("utf-8")


def previously_item(change: Change, today: date) -> str:
    """`Flipkart, Senior SDE (until 2026-11-27)`: the old job, and the day the import saw it end."""
    return f"{job(*change.old)} (until {today.isoformat()})"


def updated(data: bytes, change: Change, today: date) -> bytes:
    """The file's bytes with the new company and role, and the old ones added to `previously:`.
    Only those keys' lines change (edit.set_keys)."""
    values = {key: scalar(value) for key, value in change.keys.items()}
    if any(change.old):
        values["previously"] = flow_list([*change.previously, previously_item(change, today)])
    return set_keys(data, values)


def create(root: Path, rel: str, record: Record) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, new_file(record), None)


def update(root: Path, change: Change, today: date) -> bool:
    """Write one job change; False when the file already says so (nothing written)."""
    path = root / change.path
    before = read_for_edit(path)
    after = updated(before, change, today)
    if after == before:
        return False
    write_atomic(path, after, before)
    return True
