"""A new contact's file: its name (a slug folded as names are) and its text (the template).

Pure: `new` and the importers decide where and when to write."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from .edit import DEFAULT_HEADING, LOG_HEADING, heading_regex, yaml_scalar
from .errors import UsageError
from .names import fold_char

# A file name's limit is 255 bytes on every common file system; the slug leaves room for a
# `-NNN.md` counter and for the temporary file's `.<name>.XXXXXXXX.tmp` around it.
SLUG_BYTES = 200
SLUG_CHARS = 80


def slugify(name: str) -> str:
    """A safe file stem: each character folded as names are (`é` -> `e`, `ø` -> `o`, `'` gone),
    lower case, letters and digits joined by '-'. Other scripts keep their letters whole
    (`伟 李` -> `伟-李`, `ロイド` keeps its voicing mark); nothing in the result can name a
    folder, and it fits a file name (SLUG_BYTES of UTF-8)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", name):
        if unicodedata.category(ch)[0] == "M":  # a mark left after NFC: kept on a non-Latin letter
            if out and not out[-1].isascii():
                out.append(ch)
            continue
        folded = fold_char(ch)
        out.append(folded if folded.isascii() else ch.lower())  # é -> e, ﬁ -> fi; ド, й stay
    slug = "".join(
        c if c.isalnum() or unicodedata.category(c)[0] == "M" else "-" for c in "".join(out)
    )
    slug = re.sub(r"-{2,}", "-", slug).strip("-")[:SLUG_CHARS]
    while len(slug.encode("utf-8")) > SLUG_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-")


def _flow_list(items) -> str:
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"


DEFAULT_TEMPLATE = """---
name: {{name}}
circle: {{circle}}
tags: {{tags}}
aliases: {{aliases}}
created: {{date}}
---

{{log_heading}}
"""


def render_template(
    template: str,
    name: str,
    circle: str,
    tags,
    aliases,
    today: date,
    heading: str = DEFAULT_HEADING,
) -> str:
    """Fill `{{name}}`, `{{circle}}`, `{{tags}}`, `{{aliases}}`, `{{date}}`; add the log heading
    (the config's `log_heading:`) when the template has no log section."""
    values = {
        "name": yaml_scalar(name),
        "circle": yaml_scalar(circle),
        "tags": _flow_list(tags),
        "aliases": _flow_list(aliases),
        "date": today.isoformat(),
        "title": name,
        "log_heading": heading,
    }
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values.get(m[1], m[0]), template)
    if not (LOG_HEADING.search(text) or heading_regex(heading).search(text)):
        text = text + ("" if text.endswith("\n") else "\n") + f"\n{heading}\n"
    return text


def new_contact_path(root: Path, folder: str, name: str, taken) -> Path:
    """`root/folder/<slug>.md`, or `<slug>-2.md`… when `taken(path)` says the name is in use.
    UsageError for a name that slugs to nothing or a folder that leads outside the vault."""
    slug = slugify(name)
    if not slug:
        raise UsageError(f"'{name}' has no letters or digits to make a file name from")
    base = (root / folder).resolve()
    if base != root.resolve() and root.resolve() not in base.parents:
        raise UsageError(f"the contacts folder '{folder}' leads outside the vault; nothing written")
    n = 1
    while True:
        path = base / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
        if not taken(path):
            return path
        n += 1
