"""The only code that writes contact files: byte-preserving text edits and atomic writes.

Every edit here is a pure function from the file's bytes to new bytes that differ only where
they mean to (one log line, one front-matter key); `network_md.atomic` puts them on disk (a
temporary file in the same folder and a rename, under a lock, after checking that the file
still holds the bytes the edit started from); `edit_file` and `write_atomic` are its doors.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from .atomic import edit_file, read_for_edit, write_file  # noqa: F401 - the writers, re-exported
from .dates import format_duration
from .errors import UsageError, WriteError
from .logscan import ENTRY, fenced_ranges
from .parse import BOM, front_matter_bounds
from .yamlsafe import yaml_problem, yaml_scalar  # noqa: F401 - yaml_scalar, re-exported

LOG_HEADING = re.compile(r"^##[ \t]+Log[ \t]*#*[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
SECTION_END = re.compile(r"^#{1,2}[ \t]", re.MULTILINE)
ENTRY_PREFIX = re.compile(r"([ \t]*[-*+][ \t]+)")


# --- text ------------------------------------------------------------------------------------


class Text:
    """A file's text split into what edits keep verbatim: BOM, newline style, final newline."""

    def __init__(self, data: bytes):
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            raise WriteError(
                "the file is not valid UTF-8; fix its encoding first (`network-md check`)"
            ) from None
        self.bom = decoded.startswith(BOM)
        self.text = decoded[1:] if self.bom else decoded
        first = self.text.find("\n")
        self.newline = "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def entry_line(
    day: date,
    word: str,
    text: str = "",
    minutes: int | None = None,
    bullet: str = "- ",
    *,
    plan: bool = False,
) -> str:
    """One log line: `- 2026-11-27 gave (20m): text`; a plan is `- [ ] 2026-12-12 met: text`."""
    text = " ".join(text.split())  # one line, however it was typed
    duration = f" ({format_duration(minutes)})" if minutes else ""
    box = "[ ] " if plan else ""
    return f"{bullet}{box}{day.isoformat()} {word}{duration}:" + (f" {text}" if text else "")


def _body_start(text: str) -> int:
    bounds = front_matter_bounds(text)
    return bounds.body_at if bounds and bounds.body_at >= 0 else 0


def _fences(text: str, start: int) -> list[tuple[int, int]]:
    return fenced_ranges(text, start)


def _outside(pos: int, fences) -> bool:
    return not any(a <= pos < b for a, b in fences)


def _line_end(text: str, pos: int) -> int:
    """Offset just past the line that holds `pos` (its newline included, if any)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def _after_block(text: str, line_start: int, limit: int) -> int:
    """The end of an entry's line and of the more-indented lines under it (its sub-bullets)."""
    indent = len(text[line_start:]) - len(text[line_start:].lstrip(" \t"))
    at = _line_end(text, line_start)
    while at < limit:
        line = text[at : _line_end(text, at)]
        if not line.strip() or len(line) - len(line.lstrip(" \t")) <= indent:
            break
        at = _line_end(text, at)
    return at


def insert_entry(text: str, day: date, line_for, nl: str = "\n") -> str:
    """Put one entry in the `## Log` section in date order (the section is made when missing).

    `line_for(bullet)` gives the entry line; the bullet copies the style of the entries around it.
    Only the new line (and, if the section is missing, its heading) is added: a missing final
    newline stays missing, and nothing lands inside a fenced code block."""
    start = _body_start(text)
    fences = _fences(text, start)
    heading = next(
        (m for m in LOG_HEADING.finditer(text, start) if _outside(m.start(), fences)), None
    )
    if heading is None:
        if fences and fences[-1][1] == len(text) and not _fence_closed(text, fences[-1]):
            raise WriteError(
                "a code fence (```) in the file is never closed; close it first, then log again"
            )
        blank = not text.strip()
        if not text or text.endswith("\n"):
            gap = "" if blank or text.endswith(nl * 2) else nl
            return f"{text}{gap}## Log{nl}{line_for('- ')}{nl}"
        gap = "" if blank else nl
        return f"{text}{nl}{gap}## Log{nl}{line_for('- ')}"  # no final newline: none added
    body_from = _line_end(text, heading.start())
    end_match = next(
        (m for m in SECTION_END.finditer(text, body_from) if _outside(m.start(), fences)), None
    )
    section_end = end_match.start() if end_match else len(text)
    entries = [
        m for m in ENTRY.finditer(text, body_from, section_end) if _outside(m.start(), fences)
    ]
    iso = day.isoformat()
    later = next((m for m in entries if m[1] > iso), None)
    if later is not None:
        bullet = ENTRY_PREFIX.match(later[0])[1]
        return text[: later.start()] + line_for(bullet) + nl + text[later.start() :]
    if entries:
        anchor = entries[-1]
        bullet = ENTRY_PREFIX.match(anchor[0])[1]
        at = _after_block(text, anchor.start(), section_end)
    else:
        bullet = "- "
        # after the section's last non-blank line (its intro text), else right under the heading
        at = body_from
        for m in re.finditer(r"^.*\S.*$", text[body_from:section_end], re.MULTILINE):
            at = _line_end(text, body_from + m.start())
    if any(a < at < b for a, b in fences) or (
        at == len(text) and fences and not _fence_closed(text, fences[-1])
    ):
        at = body_from  # never inside a code block: right under the heading instead
    if at == len(text) and not text.endswith("\n"):
        return text + nl + line_for(bullet)
    return text[:at] + line_for(bullet) + nl + text[at:]


def _fence_closed(text: str, fence: tuple[int, int]) -> bool:
    """Whether a fenced block found by the parser has a closing line (else it runs to the end)."""
    block = text[fence[0] : fence[1]].rstrip("\r\n")
    marker = block.lstrip(" ")[:3]
    last = block.rsplit("\n", 1)[-1].strip()
    return "\n" in block and last.startswith(marker)


def add_entry(
    data: bytes,
    day: date,
    word: str,
    text: str = "",
    minutes: int | None = None,
    *,
    plan: bool = False,
) -> bytes:
    """The file's bytes with one log entry (or open plan) added; every other byte kept."""
    t = Text(data)
    line_for = lambda bullet: entry_line(day, word, text, minutes, bullet, plan=plan)  # noqa: E731
    return t.encode(insert_entry(t.text, day, line_for, t.newline))


def _key_span(text: str, fm_start: int, fm_end: int, key: str) -> tuple[int, int] | None:
    """The lines of a top-level key (its continuation lines included) inside the front matter."""
    pattern = re.compile(r"^" + re.escape(key) + r"[ \t]*:", re.MULTILINE)
    m = pattern.search(text, fm_start, fm_end)
    if not m:
        return None
    end = _line_end(text, m.start())
    while end < fm_end:
        nxt = _line_end(text, end)
        line = text[end:nxt]
        if line[:1] in (" ", "\t") or (line.startswith("-") and not line.startswith("---")):
            end = nxt  # an indented or list continuation of this key
            continue
        break
    return m.start(), end


def _refuse_unless_loads(text: str, when: str) -> None:
    bounds = front_matter_bounds(text)
    problem = yaml_problem(text[bounds.fm_start : bounds.fm_end]) if bounds else None
    if problem:
        raise WriteError(
            f"its front matter is not valid YAML{when} ({problem}); "
            "fix it first (`network-md check` shows where); nothing written"
        )


def set_keys(data: bytes, values: dict[str, str | None]) -> bytes:
    """Set (or, with None, remove) top-level front-matter keys, touching only their lines.

    Values are YAML text already (see `yaml_scalar`). A file without front matter gets one.
    WriteError when the front matter is not valid YAML, before or after: a key set in a file
    the reader cannot load would be set in name only."""
    t = Text(data)
    text, nl = t.text, t.newline
    bounds = front_matter_bounds(text)
    if bounds is None or bounds.body_at < 0:
        if bounds is not None:
            raise WriteError("its front matter is never closed with '---'; fix that first")
        new = [f"{k}: {v}{nl}" for k, v in values.items() if v is not None]
        if not new:
            return data
        return t.encode(_loads_after(f"---{nl}{''.join(new)}---{nl}{text}"))
    _refuse_unless_loads(text, "")
    for key, value in values.items():
        bounds = front_matter_bounds(text)
        span = _key_span(text, bounds.fm_start, bounds.fm_end, key)
        if span is None and value is None:
            continue
        if span is None:
            text = text[: bounds.fm_end] + f"{key}: {value}{nl}" + text[bounds.fm_end :]
            continue
        old_line = text[span[0] : span[1]]
        line_nl = "\r\n" if old_line.endswith("\r\n") else ("\n" if old_line.endswith("\n") else nl)
        replacement = "" if value is None else f"{key}: {value}{line_nl}"
        text = text[: span[0]] + replacement + text[span[1] :]
    return t.encode(_loads_after(text))


def _loads_after(text: str) -> str:
    _refuse_unless_loads(text, " once the keys are set")
    return text


# --- files -----------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, expected: bytes | None, root: Path | None = None) -> None:
    """Write `data` to `path` through the one atomic, locked writer (see `network_md.atomic`).

    `expected`: the bytes the edit was made from; if the file now holds anything else (edited
    meanwhile, or gone), nothing is written. None: the file must not exist yet. `root`: the
    vault the file must stay inside, symlinks resolved."""
    write_file(path, data, expected, root)


# --- new contacts ----------------------------------------------------------------------------


# Latin letters that are not a base letter plus an accent, so NFKD leaves them as they are.
_LATIN_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
    }
)


def slugify(name: str) -> str:
    """A safe file stem: Latin accents folded, lower case, letters and digits joined by '-'.
    Other scripts keep their letters whole (`伟 李` -> `伟-李`, `ロイド` keeps its voicing mark);
    nothing in the result can name a folder."""
    out = []
    for ch in unicodedata.normalize("NFC", name).translate(_LATIN_EXTRA):
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base.isascii() else ch)  # é -> e, ﬁ -> fi; ド and й stay themselves
    folded = "".join(out).lower()
    slug = "".join(c if c.isalnum() else "-" for c in folded)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug[:80].rstrip("-")


def _flow_list(items) -> str:
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"


DEFAULT_TEMPLATE = """---
name: {{name}}
circle: {{circle}}
tags: {{tags}}
aliases: {{aliases}}
created: {{date}}
---

## Log
"""


PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# A front-matter line whose value may hold placeholders: `key: value`, or a list item `- value`.
KEY_VALUE = re.compile(r"([^\s#'\"-][^:#]*:[ \t]+)(\S.*?)[ \t]*\Z")
ITEM_VALUE = re.compile(r"([ \t]*-[ \t]+)(\S.*?)[ \t]*\Z")


def render_template(template: str, name: str, circle: str, tags, aliases, today: date) -> str:
    """Fill `{{name}}`, `{{circle}}`, `{{tags}}`, `{{aliases}}`, `{{date}}`, `{{title}}`; add
    `## Log` if missing. In the front matter each value that holds a placeholder is written as
    YAML that reads back as the filled text, whatever quotes surround it; UsageError when the
    front matter still does not load, so that no broken file is ever written."""
    text_values = {
        "name": yaml_scalar(name),
        "circle": yaml_scalar(circle),
        "tags": _flow_list(tags),
        "aliases": _flow_list(aliases),
        "date": today.isoformat(),
        "title": name,
    }
    bounds = front_matter_bounds(template)
    body_from = bounds.body_at if bounds and bounds.body_at >= 0 else 0
    fm = template[:body_from]
    if fm:
        plain = {**text_values, "name": name, "circle": circle}
        plain.update(tags=", ".join(tags), aliases=", ".join(aliases))
        fm = _fill_front_matter(fm, {**text_values, "title": yaml_scalar(name)}, plain)
        inner = front_matter_bounds(fm)
        if problem := yaml_problem(fm[inner.fm_start : inner.fm_end]):
            raise UsageError(
                f"templates/contact.md: its front matter is not valid YAML for the name "
                f"{name!r} ({problem}); write each placeholder alone after its key, "
                "as in `name: {{name}}`; nothing written"
            )
    body = PLACEHOLDER.sub(lambda m: text_values.get(m[1], m[0]), template[body_from:])
    text = fm + body
    if not LOG_HEADING.search(text):
        text = text + ("" if text.endswith("\n") else "\n") + "\n## Log\n"
    return text


def _fill_front_matter(fm: str, values: dict, plain: dict) -> str:
    """`name: {{name}}` takes the value as YAML (`values`); a value with a placeholder in quotes
    or in other text (`"{{name}}"`, `Dr. {{name}}`) is filled as text (`plain`) and written as
    one scalar that reads back as that text."""
    out = []
    for line in fm.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        end = line[len(content) :]
        m = KEY_VALUE.match(content) or ITEM_VALUE.match(content)
        if m and PLACEHOLDER.search(m[2]):
            whole = PLACEHOLDER.fullmatch(m[2])
            if whole and whole[1] in values:
                content = m[1] + values[whole[1]]
            elif isinstance(text := _template_text(m[2]), str):
                content = m[1] + yaml_scalar(PLACEHOLDER.sub(lambda p: plain.get(p[1], p[0]), text))
            else:  # inside a flow list or mapping: each placeholder as YAML in its place
                content = PLACEHOLDER.sub(lambda p: values.get(p[1], p[0]), content)
        out.append(content + end)
    return "".join(out)


def _template_text(value: str):
    """What the template's own YAML value says, placeholders as written (None: not YAML)."""
    import yaml

    try:
        return yaml.load(value, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def new_contact_path(root: Path, folder: str, name: str, taken) -> Path:
    """`root/folder/<slug>.md`, or `<slug>-2.md`… when `taken(path)` says the name is in use.
    UsageError for a name that slugs to nothing or a folder that leads outside the vault;
    WriteError for one that resolves outside it through a symlink."""
    slug = slugify(name)
    if not slug:
        raise UsageError(f"'{name}' has no letters or digits to make a file name from")
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise UsageError(f"the contacts folder '{folder}' leads outside the vault; nothing written")
    base = (root / folder).resolve()
    if base != root.resolve() and root.resolve() not in base.parents:
        raise WriteError(  # a symlink out: the config itself cannot name such a folder
            f"the contacts folder '{folder}' resolves outside the vault (to {base}); "
            "network-md reads it but never writes there; nothing written"
        )
    n = 1
    while True:
        path = base / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
        if not taken(path):
            return path
        n += 1
