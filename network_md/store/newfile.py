"""A new contact's file: its name (a slug folded as names are) and its text (the template).

It writes nothing: `new` and the importers decide where and when to write."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path

from network_md.core.errors import UsageError, WriteError
from network_md.core.names import fold_char
from network_md.format.edit import set_keys
from network_md.format.fields import canonical, key_lines
from network_md.format.logsection import DEFAULT_HEADING, log_section
from network_md.format.parse import front_matter_bounds
from network_md.format.yamlsafe import yaml_flow_list, yaml_problem, yaml_scalar

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


DEFAULT_TEMPLATE = """---
name: {{name}}
circle: {{circle}}
tags: {{tags}}
aliases: {{aliases}}
created: {{date}}
---

{{log_heading}}
"""


PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# A front-matter line whose value may hold placeholders: `key: value`, or a list item `- value`.
KEY_VALUE = re.compile(r"([^\s#'\"-][^:#]*:[ \t]+)(\S.*?)[ \t]*\Z")
ITEM_VALUE = re.compile(r"([ \t]*-[ \t]+)(\S.*?)[ \t]*\Z")


def render_template(
    template: str,
    name: str,
    circle: str,
    tags,
    aliases,
    today: date,
    heading: str = DEFAULT_HEADING,
) -> str:
    """Fill `{{name}}`, `{{circle}}`, `{{tags}}`, `{{aliases}}`, `{{date}}`, `{{title}}`,
    `{{log_heading}}`; add the log heading (the config's `log_heading:`) when the template has
    no log section. In the front matter each value that holds a placeholder is written as
    YAML that reads back as the filled text, whatever quotes surround it; UsageError when the
    front matter still does not load, so that no broken file is ever written."""
    text_values = {
        "name": yaml_scalar(name),
        "circle": yaml_scalar(circle),
        "tags": yaml_flow_list(tags),
        "aliases": yaml_flow_list(aliases),
        "date": today.isoformat(),
        "title": name,
        "log_heading": heading,
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
    if log_section(text, len(fm), heading) is None:
        text = text + ("" if text.endswith("\n") else "\n") + f"\n{heading}\n"
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


def with_who(data: bytes, who: dict[str, str | None]) -> bytes:
    """The new file with who they are set as YAML scalars: a key the template already has, in
    any spelling (`Company:`, `Title:` for the role), keeps its spelling and gets the value."""
    given = {key: " ".join(value.split()) for key, value in who.items() if value is not None}
    given = {key: value for key, value in given.items() if value}
    if not given:
        return data
    text = data.decode("utf-8")
    bounds = front_matter_bounds(text)
    written = (
        key_lines(text[bounds.fm_start : bounds.fm_end]) if bounds and bounds.fm_end > 0 else []
    )
    spelling = {}
    for kl in written:
        spelling.setdefault(canonical(kl.key), kl.key)
    values = {spelling.get(key, key): yaml_scalar(value) for key, value in given.items()}
    return set_keys(data, values)


def new_contact_path(root: Path, folder: str, name: str, taken) -> Path:
    """`root/folder/<slug>.md`, or `<slug>-2.md`… when `taken(path)` says the name is in use.
    UsageError for a name that slugs to nothing or a folder that leads outside the vault;
    WriteError for one that resolves outside it through a symlink."""
    slug = _slug_of(name)
    base = contacts_folder(root, folder)
    n = 1
    while True:
        path = base / _file_name(slug, n)
        if not taken(path):
            return path
        n += 1


def _slug_of(name: str) -> str:
    slug = slugify(name)
    if not slug:
        raise UsageError(f"'{name}' has no letters or digits to make a file name from")
    return slug


def _file_name(slug: str, n: int) -> str:
    return f"{slug}.md" if n == 1 else f"{slug}-{n}.md"


def contacts_folder(root: Path, folder: str) -> Path:
    """The contacts folder, resolved: UsageError when it leads outside the vault by its name,
    WriteError when it does through a symlink."""
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise UsageError(f"the contacts folder '{folder}' leads outside the vault; nothing written")
    base = (root / folder).resolve()
    if base != root.resolve() and root.resolve() not in base.parents:
        raise WriteError(  # a symlink out: the config itself cannot name such a folder
            f"the contacts folder '{folder}' resolves outside the vault (to {base}); "
            "network-md reads it but never writes there; nothing written"
        )
    return base


class Namer:
    """Names for many new files in one contacts folder (an import's), as `new_contact_path`
    picks them one by one: the folder resolved once, each name checked against one listing of
    the folder and the names already picked, and each slug's count carried on from the last one
    picked (30,000 rows of a few hundred names would otherwise try millions of names). A name
    the listing lacks is still asked of the disk once (a case-insensitive file system, a file
    made meanwhile), and the final link refuses a name taken by then: nothing is overwritten."""

    def __init__(self, root: Path, folder: str):
        self.base = contacts_folder(root, folder)
        rel = self.base.relative_to(root.resolve()).as_posix()
        self.prefix = "" if rel == "." else rel + "/"  # of the vault-relative paths it gives
        self._folder = str(self.base)
        try:
            self.taken = set(os.listdir(self.base))
        except OSError:
            self.taken = set()  # not there yet: made when the files are written
        self.counts: dict[str, int] = {}

    def pick(self, name: str, fallback: str | None = None) -> str:
        """The vault-relative path of a new file for `name` (`fallback` when the name has no
        letters or digits), never one picked before or on disk."""
        slug = slugify(name) or (fallback and slugify(fallback)) or _slug_of(name)
        n = self.counts.get(slug, 0) + 1
        while True:
            file_name = _file_name(slug, n)
            if file_name not in self.taken and not os.path.lexists(
                os.path.join(self._folder, file_name)
            ):
                break
            n += 1
        self.counts[slug] = n
        self.taken.add(file_name)
        return self.prefix + file_name


def read_template(root: Path) -> str:
    """`templates/contact.md`, else the built-in template; UsageError when it cannot be read
    (a FIFO there is refused at once, never waited on)."""
    from network_md.store.safeopen import read_regular_text

    try:
        return read_regular_text(root / "templates" / "contact.md")
    except FileNotFoundError:
        return DEFAULT_TEMPLATE
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "not valid UTF-8"
        raise UsageError(f"templates/contact.md: {why}; nothing written") from None
