"""The generated sections of the docs: a benchmark replaces only what stands between its own
markers, `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, and keeps every other line."""

from __future__ import annotations


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def replace_marked(doc: str, name: str, text: str) -> str:
    """`doc` with its NAME section's content replaced by `text` (on lines of its own), the rest
    kept as it is; ValueError when `doc` has no such section."""
    start, end = markers(name)
    i, j = doc.index(start) + len(start), doc.index(end)
    if j < i:
        raise ValueError(f"{end} stands before {start}")
    return doc[:i] + "\n" + text + "\n" + doc[j:]
