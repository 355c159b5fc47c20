"""A contact file's bytes -> Contact plus Problems. Pure, and never raises on bad text."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import NamedTuple

from network_md.core.dates import parse_iso
from network_md.core.model import MAX_BYTES, Contact, Problem
from network_md.core.quote import show_value
from network_md.format import yamlsafe
from network_md.format.config import Config
from network_md.format.configvalues import parse_cadence
from network_md.format.fields import (
    KNOWN,
    birthday_problem,
    duplicate_keys,
    key_line_numbers,
    same_key,
)
from network_md.format.logscan import NO_LOG, Scanned, first_heading, scan
from network_md.format.logsection import DEFAULT_HEADING, log_section
from network_md.format.yamlsafe import (  # noqa: F401 - the loader's names, where callers find them
    PLAIN_TYPES,
    ValueTooLarge,
    error_line,
    json_safe,
    load_yaml,
    quote_placeholders,
    reader_loader,
)

_load_yaml, _quote_placeholders, _yaml_loader = load_yaml, quote_placeholders, reader_loader

BOM = "\ufeff"
NO_SCAN = Scanned(NO_LOG, (), None, [], ())  # a log not read

FM_OPEN = re.compile(r"(-{3,})[ \t]*\Z")
FM_CLOSE_LINE = re.compile(r"^(-{3,}|\.{3})[ \t]*\r?$", re.MULTILINE)
TAG_SPLIT = re.compile(r"[,\s]+")
# The keys the parser reads itself, folded (see fields.py); every other key is a field.
KNOWN_KEYS = ("name", "aliases", "tags", "circle", "cadence", "snoozeuntil", "snoozewhy")
# The folded keys that `fields.canonical` reads as `birthday` (`Birth Day`, `bday`, `Birthday
# Number`): a front matter without one has no birthday to check.
BIRTHDAY_KEYS = frozenset(f for s in KNOWN["birthday"] for f in (s, s + "number"))


def _text(value) -> str | None:
    """A JSON-safe value as one line of text (None when empty)."""
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(t for v in value if (t := _text(v)))
    text = str(value).strip()
    return text or None


def _strings(value, split: bool = False) -> tuple[str, ...]:
    """A JSON-safe value as a tuple of strings; `split`: one string is split on commas and spaces."""
    if value is None:
        return ()
    if isinstance(value, str):
        items = TAG_SPLIT.split(value) if split else [value]
    elif isinstance(value, list):
        items = [_text(v) or "" for v in value]
    else:
        items = [str(value)]
    if split:
        items = [i.strip().lstrip("#") for i in items]
    return tuple(i.strip() for i in items if i and i.strip())


def _ordinal(value) -> int:
    """A JSON-safe date value (`2027-01-15`, or a date-time's ISO text) as a date ordinal."""
    if not isinstance(value, str):
        raise ValueError(f"'{show_value(value)}' is not a date like 2026-11-27")
    text = value.strip()
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    return parse_iso(text).toordinal()


class _FileParser:
    """One file's parse; collects problems instead of raising."""

    def __init__(self, path: str, config: Config):
        self.path = path
        self.config = config
        self.problems: list[Problem] = []

    def problem(self, line, severity, message):
        self.problems.append(Problem(self.path, line, severity, message))

    def decode(self, data: bytes) -> str | None:
        if len(data) > MAX_BYTES:
            self.problem(
                None, "error", f"file is larger than 1 MiB ({len(data):,} bytes); not read"
            )
            return None
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            self.problem(line, "error", "binary file (it holds NUL bytes); not read")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(
                line,
                "error",
                "not valid UTF-8; read with replacement characters (re-save the file as UTF-8)",
            )
            text = data.decode("utf-8", "replace")
        return text[1:] if text.startswith(BOM) else text

    def split_front_matter(self, text: str) -> tuple[dict, int, str, bool]:
        """(front matter, offset of the body, its YAML text, whether it was read without
        PyYAML: its values JSON-safe already, every key line one of its keys). Empty when
        there is none."""
        bounds = front_matter_bounds(text)
        if bounds is None:
            return {}, 0, "", False
        if bounds.body_at < 0:
            if len(bounds.dashes) == 3:
                self.problem(1, "error", "front matter opens with '---' but is never closed")
            return {}, 0, "", False
        fm_text = text[bounds.fm_start : bounds.fm_end]
        plain = yamlsafe.read_plain(fm_text)  # the everyday shape, as PyYAML would read it
        if plain is not None:
            return plain, bounds.body_at, fm_text, True
        data = self.load_front_matter(fm_text, strict=len(bounds.dashes) == 3)
        if data is None:  # a 4-dash rule that is not front matter: all of it is body
            return {}, 0, "", False
        return data, bounds.body_at, fm_text, False

    def load_front_matter(self, fm_text: str, strict: bool):
        """PyYAML's reading of front matter; None for a 4-dash rule (not `strict`) that does
        not load as a mapping, {} after an error (reported)."""
        try:
            data = load_yaml(fm_text)
        except Exception as exc:
            if "{{" in fm_text:
                try:
                    data = load_yaml(quote_placeholders(fm_text))
                except Exception:
                    data = exc
            else:
                data = exc
        if isinstance(data, Exception):
            if not strict:
                return None
            line = error_line(fm_text, data)
            line = 2 if line is None else line + 2
            detail = getattr(data, "problem", None) or str(data).splitlines()[0]
            self.problem(line, "error", f"front matter is not valid YAML: {detail}")
            return {}
        if data is None:
            return {}
        if not isinstance(data, dict):
            if not strict:
                return None
            kind = {list: "a list", str: "text"}.get(type(data), type(data).__name__)
            self.problem(2, "error", f"front matter is {kind}, not a mapping of keys")
            return {}
        return data


class Bounds(NamedTuple):
    """Where front matter sits in a text: its YAML, its closing line, and the body after it."""

    fm_start: int  # first character of the YAML
    fm_end: int  # first character of the closing `---` line (-1: never closed)
    body_at: int  # first character after the closing line (-1: never closed)
    dashes: str  # the opening delimiter


def front_matter_bounds(text: str) -> Bounds | None:
    """The front matter's place in `text` (BOM already removed), or None when the first line
    does not open one. Structure only: whether the YAML loads is another matter."""
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip("\r")
    m = FM_OPEN.match(first)
    if not m:
        return None
    dashes = m[1]
    if first_end < 0:
        return Bounds(len(text), -1, -1, dashes)
    for close in FM_CLOSE_LINE.finditer(text, first_end + 1):
        if len(dashes) == 3 or close[1] == dashes:
            end = close.end()
            return Bounds(first_end + 1, close.start(), end + 1 if end < len(text) else end, dashes)
    return Bounds(first_end + 1, -1, -1, dashes)


def _warn_duplicates(p: _FileParser, fm_text: str) -> None:
    """A key written twice (folded): YAML keeps one silently, and a write could edit the other."""
    for first, later in duplicate_keys(fm_text):
        p.problem(
            later.line + 1,
            "warning",
            f"key '{show_value(later.key)}' is written twice (also line {first.line + 1}); "
            "keep one, and no command sets it until then",
        )


def parse_contact(
    path: str, data: bytes, config: Config, with_log: bool = True, with_entries: bool = True
) -> tuple[Contact | None, tuple[Problem, ...]]:
    """Parse one file. None for a file that is not a contact (binary, huge, the dashboard).

    `with_log=False` leaves out the full log (`Contact.log` is None): the index needs only the
    entry columns, and `show` reads the one file again for its log. `with_entries=False` reads
    who the contact is and no log at all (no entries, plans or their problems): what `search`
    keeps of every file."""
    p = _FileParser(path, config)
    try:
        text = p.decode(data)
        if text is None:
            return None, tuple(p.problems)
        return _build(p, path, text, config, with_log, with_entries), tuple(p.problems)
    except Exception as exc:  # never raise on bad text: a parser bug becomes a problem too
        p.problem(
            None, "error", f"could not be read ({type(exc).__name__}: {exc}); please report this"
        )
        return None, tuple(p.problems)


def _names(p: _FileParser, key: str | None, value, line_of, split: bool = False):
    """`aliases` or `tags` (`split`) as strings. A mapping, a list in the list or a boolean is
    a warning and left out, never shown as Python's text for it; so is a number among aliases
    (a tag may be a number: `2024`)."""
    if value is None:
        return ()  # not set (most contacts have no aliases)
    if isinstance(value, str):
        return _strings(value, split=split)
    if type(value) is list:
        try:  # a list of text (most are): what _strings makes of it, in one pass
            if split:
                return tuple(t for i in value if (t := i.strip().lstrip("#").strip()))
            return tuple(t for i in value if (t := i.strip()))
        except AttributeError:
            pass  # something in it is not text
    items = value if isinstance(value, list) else [value]
    odd_types = (bool,) if split else (int, float, bool)
    odd = [i for i in items if isinstance(i, (dict, list)) or type(i) in odd_types]
    if odd:
        what = "a mapping" if any(isinstance(i, dict) for i in odd) else "not text"
        p.problem(
            line_of(key),
            "warning",
            f"{key}: {what}; expected a list of names; that part is left out",
        )
        items = [i for i in items if i not in odd]
    return _strings(items, split=split)


_SAME: dict[str, str] = {}  # key as written -> `fields.same_key` of it: a vault spells a few dozen


def _same_key(key: str) -> str:
    folded = _SAME.get(key)
    if folded is None:
        folded = same_key(key)
        if len(_SAME) < 10_000:
            _SAME[key] = folded
    return folded


def _folded_keys(fm: dict) -> dict[str, str]:
    """Folded key -> the key as written, for the keys the parser reads (the first one wins)."""
    out: dict[str, str] = {}
    known = _SAME.get
    for key in fm:
        out.setdefault(known(key) or _same_key(key), key)
    return out


def _json_safe_keys(p: _FileParser, raw_fm: dict, line_of) -> dict:
    """The front matter with JSON-safe values; a value too large to be a contact's is left out."""
    fm = {}
    for key, value in raw_fm.items():
        if type(value) in PLAIN_TYPES and type(key) is str:
            fm[key] = value  # the common case, without the walk
            continue
        try:
            fm[str(key)] = json_safe(value)
        except ValueTooLarge as exc:
            p.problem(
                line_of(str(key)), "error", f"front matter '{show_value(key)}': {exc}; left out"
            )
    return fm


def _name(p: _FileParser, given, at) -> str | None:
    """The `name:` key's text; a mapping or a list is a warning, and no name."""
    if isinstance(given, (dict, list)):
        what = "a mapping" if isinstance(given, dict) else "a list"
        p.problem(at("name"), "warning", f"name: {what}, not text; not used as the name")
        return None
    return _text(given)


def _read_key(p: _FileParser, value, read, at, key: str, label: str, after: str = ""):
    """`read(value)`, None when the value is empty (unset); a ValueError is an error on the
    key's line (`label: why` then `after`), and None."""
    if value in (None, ""):
        return None
    try:
        return read(value)
    except ValueError as exc:
        p.problem(at(key), "error", f"{label}: {exc}{after}")
        return None


def _circle(p: _FileParser, value, config: Config, at) -> str | None:
    """`circle:` as text; one the config does not know is a warning (kept, as written)."""
    circle = _text(value)
    if circle is not None and circle not in config.circles:
        p.problem(
            at("circle"),
            "warning",
            f"circle '{show_value(value)}' is not one of {', '.join(config.circles)}; "
            f"the {config.default_circle} circle's cadence applies",
        )
    return circle


def _build(
    p: _FileParser, path: str, text: str, config: Config, with_log: bool, with_entries: bool = True
) -> Contact | None:
    if not text or text.isspace():
        p.problem(None, "warning", "empty file; add a name and a ## Log section")
    raw_fm, body_at, fm_text, plain = p.split_front_matter(text)
    lines: dict[str, int] = {}

    def line_of(key: str | None) -> int | None:
        if not lines and fm_text:
            lines.update(key_line_numbers(fm_text, first_line=2))  # after the `---`
        return lines.get(key) if key else None

    fm = raw_fm if plain else _json_safe_keys(p, raw_fm, line_of)
    if fm.get("network-md") == "dashboard":
        return None
    keys = _folded_keys(fm)
    # Read without PyYAML, every key line is one of fm's keys: two lines can set one key only
    # when two of its keys fold alike. Else the text itself tells (YAML kept one of the two).
    if fm_text and (not plain or len(keys) < len(fm)):
        _warn_duplicates(p, fm_text)
    own = dict.fromkeys(KNOWN_KEYS)  # the known keys' values; None: not there
    parsed = set()  # the known keys as written
    for folded, key in keys.items():
        if folded in own:
            own[folded] = fm[key]
            parsed.add(key)
    scanned = scan(text, body_at, config, path, with_log) if with_entries else NO_SCAN
    p.problems.extend(scanned.problems)
    at = lambda key: line_of(keys.get(key))  # noqa: E731  the line of a known key, as written
    name = _name(p, own["name"], at) or first_heading(text, body_at) or PurePosixPath(path).stem
    # cadence: days or "none", and when wrong the circle's applies
    why = "; the circle's cadence applies"
    cadence = _read_key(p, own["cadence"], parse_cadence, at, "cadence", "cadence", why)
    circle = _circle(p, own["circle"], config, at)
    snooze_until = _read_key(p, own["snoozeuntil"], _ordinal, at, "snoozeuntil", "snooze_until")
    if not BIRTHDAY_KEYS.isdisjoint(keys) and (bad_birthday := birthday_problem(fm)):
        p.problem(line_of(bad_birthday[0]), "warning", bad_birthday[1])
    aliases = _names(p, keys.get("aliases"), own["aliases"], line_of)
    tags = _names(p, keys.get("tags"), own["tags"], line_of, split=True)
    if p.problems:
        p.problems.sort(key=lambda q: q.line or 0)
    return Contact(  # by position: a cold index builds 100,000 of them
        path,
        name,
        aliases,
        tags,
        circle,
        cadence,
        snooze_until,
        _text(own["snoozewhy"]),
        {k: v for k, v in fm.items() if k not in parsed},  # fields
        scanned.entries,
        None if scanned.log is None else tuple(scanned.log),
        scanned.plans,
        scanned.linked,
    )


def notes_of(data: bytes, log_heading: str = DEFAULT_HEADING) -> str:
    """A contact's notes: the body outside its log section (`logsection.log_section`: under the
    config's `log_heading:`, else `## Log`), without a title heading on its first line (that is
    the name), stripped. Text with `\\n` line ends."""
    text = data.decode("utf-8", "replace").removeprefix(BOM).replace("\r\n", "\n")
    bounds = front_matter_bounds(text)
    body = text[bounds.body_at :] if bounds and bounds.body_at >= 0 else text
    if first_heading(body, 0) is not None:
        body = body.lstrip().split("\n", 1)[1] if "\n" in body.lstrip() else ""
    log = log_section(body, 0, log_heading)
    if log is not None:
        body = body[: log.start] + body[log.end :]
    return body.strip()
