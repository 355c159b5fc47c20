"""How each kind of config value is read: one reader per kind (a whole number within bounds, a
cadence, a clock time, a path inside the vault, …), each failing with a ConfigError that names
the key and its line. `network_md.format.config` lists which key takes which kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from network_md.core.errors import ConfigError
from network_md.core.model import KINDS
from network_md.core.quote import show_value
from network_md.format.fields import key_line_numbers

KIND_WORD = re.compile(r"[A-Za-z0-9-]+\Z")
# Canonical kinds added after the first release: a config may still map one as its own word.
LATER_KINDS = ("withdrew",)
HEADING_LINE = re.compile(r"#{1,6}[ \t]+[^\s#][^\r\n]*\Z")
CADENCE = re.compile(r"([0-9]+)\s*([dwmy]?)\Z")
CADENCE_UNITS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}
CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])\Z")
# The largest value each number may take: beyond it the number is a typo, and date arithmetic
# would overflow (a window of a million years).
MAX_DAYS = 36_500  # a hundred years
MAX_MINUTES = 1_440  # a day
MAX_COUNT = 1_000_000
MAX_LEAD_DAYS = 365  # a year ahead already holds every birthday
DEFAULT_CIRCLES = {"inner": 14, "close": 30, "wide": 90, "contact": None}


def shown(value) -> str:
    """A value as a message quotes it, in quotes: YAML-like text, cut short (never a repr)."""
    return f"'{show_value(value)}'"


def parse_cadence(value) -> int | str:
    """A cadence value (`30`, `2w`, `3m`, `1y`, `none`) as days or "none"; ValueError if not."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a cadence")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"{shown(value)} is not a cadence: it must be at least 1 day")
        return _at_most(value, MAX_DAYS, value)
    text = str(value).strip().lower()
    if text in ("none", "never", "off", ""):
        return "none"
    m = CADENCE.match(text)
    if not m or not m[1].strip("0"):
        raise ValueError(f"{shown(value)} is not a cadence like 30, 2w, 3m, 1y or none")
    if len(m[1].lstrip("0")) > 9:  # before int(): Python refuses thousands of digits, slowly
        raise ValueError(f"{shown(value)} is too long a cadence: at most {MAX_DAYS:,} days")
    return _at_most(int(m[1]) * CADENCE_UNITS[m[2]], MAX_DAYS, value)


def _at_most(days: int, limit: int, value) -> int:
    if days > limit:
        raise ValueError(f"{shown(value)} is too long a cadence: at most {limit:,} days")
    return days


def vault_path(text: str) -> str:
    """A vault-relative path as the index spells it: `./people/` -> `people`, `.` -> ``."""
    import posixpath

    text = text.strip().replace("\\", "/")
    if not text:
        return ""
    norm = posixpath.normpath(text)
    return "" if norm in (".", "/") else norm.lstrip("/")


def scalar_text(text: str, section: str, key: str) -> str | None:
    """The text of `section.key` as written in the file (before YAML typed it), or None."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:
        return None
    for top, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if top.value == section and isinstance(value, yaml.MappingNode):
            for sub, scalar in value.value:
                if sub.value == key and isinstance(scalar, yaml.ScalarNode):
                    return scalar.value
    return None


class Checker:
    """One config file being read: its mapping, its text (for lines) and its name."""

    def __init__(self, data: dict, text: str, label: str):
        self.data = data
        self.text = text
        self.label = label
        self._lines: dict[str, int] | None = None

    def line_of(self, key: str) -> int | None:
        """The line `key` (`daily.minutes`) is written on, else its section's line."""
        if self._lines is None:
            self._lines = key_line_numbers(self.text, nested=True)
        return self._lines.get(key) or self._lines.get(key.split(".")[0])

    def fail(self, key: str, message: str):
        raise ConfigError(self.label, self.line_of(key), key, message)

    def section(self, name: str) -> dict:
        """The mapping under a top-level key (`daily:`); {} when it is missing or empty."""
        value = self.data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(name, f"expected a mapping like `{name}: {{a: 1}}`, not {shown(value)}")
        return value

    def inside(self, key: str, value: str, hint: str) -> str:
        """`value` as a vault-relative path; an error naming `key` when it is absolute (`/x`,
        `C:/x`), in a home folder (`~`), or climbs out (`..`): every path key alike."""
        text = value.strip().replace("\\", "/")
        rel = vault_path(text)
        if (
            text.startswith(("/", "~"))
            or re.match(r"[A-Za-z]:", text)
            or (rel == ".." or rel.startswith("../"))
        ):
            self.fail(key, f"{shown(value)} is outside the vault; {hint}")
        return rel


# A reader: (checker, key, value as loaded, the settings read so far) -> the setting's value.
Read = Callable[[Checker, str, object, dict], object]
# Whether a value is one the reader gives (a config read back from a cache may not be), given
# the whole config (`default_circle` must be one of its `circles`).
Sound = Callable[[object, object], bool]


def _is_text(value, _config) -> bool:
    return type(value) is str


class Kind(NamedTuple):
    """A kind of value: how it is read, what it is (as the docs' table says), and whether a
    value is one its reader gives."""

    read: Read
    says: str
    sound: Sound = _is_text


def _name(check: Checker, key: str, value, _done: dict):
    if not isinstance(value, str):
        check.fail(key, f"expected your name as text, not {shown(value)}")
    return value


def _paths(check: Checker, key: str, value, _done: dict) -> tuple:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.fail(key, f"expected a list of folders or globs, not {shown(value)}")
    paths = (check.inside(key, v, "use a path relative to it") for v in value)
    return tuple(p for p in paths if p)


def whole_number(low: int, high: int, unit: str = "") -> Kind:
    """A whole number from `low` to `high` (a bool is not one)."""
    what = f"a whole number{unit} from {low:,} to {high:,}"

    def read(check: Checker, key: str, value, _done: dict) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            check.fail(key, f"expected {what}, not {shown(value)}")
        return value

    return Kind(read, what, lambda value, _config: type(value) is int and low <= value <= high)


def _circles(check: Checker, key: str, value, _done: dict) -> dict:
    circles = dict(DEFAULT_CIRCLES)
    for name, cadence in check.section(key).items():
        try:
            days = parse_cadence(cadence)
        except ValueError as exc:
            check.fail(f"{key}.{name}", str(exc))
        circles[str(name)] = None if days == "none" else days
    return circles


def _circle(check: Checker, key: str, value, done: dict) -> str:
    circles = done["circles"]
    if not isinstance(value, str) or value not in circles:
        check.fail(key, f"{shown(value)} is not one of the circles: {', '.join(circles)}")
    return value


def _kinds(check: Checker, key: str, value, _done: dict) -> dict:
    kinds = {}
    for word, kind in check.section(key).items():
        word = str(word)
        if not KIND_WORD.match(word):
            check.fail(f"{key}.{word}", "a kind word is letters, digits and '-' only")
        if word.lower() in LATER_KINDS:
            continue  # written before it was canonical: it is now, and wins (a warning says so)
        if word.lower() in KINDS:
            check.fail(f"{key}.{word}", f"{shown(word)} is already a canonical kind")
        if not isinstance(kind, str) or kind.lower() not in KINDS:
            check.fail(
                f"{key}.{word}", f"{shown(kind)} is not one of the kinds: {', '.join(KINDS)}"
            )
        kinds[word.lower()] = kind.lower()
    return kinds


def _clock_time(check: Checker, key: str, value, _done: dict) -> str:
    """`HH:MM`. YAML 1.1 reads an unquoted `8:30` as the number 510 (base 60), so a number is
    judged by the text it was written as."""
    section, sub = key.split(".", 1)
    written = scalar_text(check.text, section, sub) if isinstance(value, int) else value
    m = CLOCK_TIME.match(written.strip()) if isinstance(written, str) else None
    if isinstance(value, bool) or not m:
        as_written = written if isinstance(written, str) else value
        check.fail(key, f'expected a time of day like "08:30", not {shown(as_written)}')
    return f"{int(m[1]):02d}:{m[2]}"


def _flag(check: Checker, key: str, value, _done: dict) -> bool:
    if not isinstance(value, bool):
        check.fail(key, f"expected true or false, not {shown(value)}")
    return value


def _vault_file(check: Checker, key: str, value, _done: dict) -> str | None:
    """A file the config names, as a vault-relative path; an error when it leads outside."""
    if value == "":
        return None
    if not isinstance(value, str):
        check.fail(key, f"expected a file name like NETWORK.md, not {shown(value)}")
    rel = check.inside(key, value, "name a file inside it")
    if not rel or value.strip().endswith(("/", "\\")):
        check.fail(key, f"{shown(value)} is a folder; name a file like NETWORK.md")
    return rel


def _heading(check: Checker, key: str, value, _done: dict) -> str:
    if not isinstance(value, str) or not HEADING_LINE.match(value.strip()):
        check.fail(
            key,
            f'expected a Markdown heading like "## Log" or "## Interactions", not {shown(value)}',
        )
    return " ".join(value.split())


def _are_paths(value, _config) -> bool:
    return type(value) is tuple and all(type(v) is str for v in value)


def _are_circles(value, _config) -> bool:
    return (
        type(value) is dict
        and bool(value)
        and all(
            type(name) is str and (days is None or (type(days) is int and 1 <= days <= MAX_DAYS))
            for name, days in value.items()
        )
    )


def _is_circle(value, config) -> bool:
    return type(value) is str and type(config.circles) is dict and value in config.circles


def _are_kind_words(value, _config) -> bool:
    return type(value) is dict and all(
        type(word) is str and type(kind) is str and kind in KINDS for word, kind in value.items()
    )


def _is_clock(value, _config) -> bool:
    return type(value) is str and CLOCK_TIME.match(value) is not None


def _is_heading(value, _config) -> bool:
    return type(value) is str and HEADING_LINE.match(value) is not None


NAME = Kind(_name, "text")
PATHS = Kind(
    _paths, "a list of folders or globs inside the vault (one may stand alone)", _are_paths
)
DAYS = whole_number(1, MAX_DAYS)
MINUTES = whole_number(1, MAX_MINUTES)
COUNT = whole_number(1, MAX_COUNT)
LEAD_DAYS = whole_number(0, MAX_LEAD_DAYS, " of days")
CIRCLES = Kind(
    _circles,
    "circle: cadence (`30`, `2w`, `3m`, `1y`, `none`), added to the default circles",
    _are_circles,
)
CIRCLE = Kind(_circle, "one of the circles", _is_circle)
KIND_WORDS = Kind(
    _kinds, "word: canonical kind (a word is letters, digits and `-`)", _are_kind_words
)
CLOCK = Kind(_clock_time, "a time of day, `HH:MM` on a 24-hour clock", _is_clock)
FLAG = Kind(_flag, "true or false", lambda value, _config: type(value) is bool)
VAULT_FILE = Kind(_vault_file, "a file inside the vault, relative to its root")
HEADING = Kind(_heading, "one Markdown heading line, `#` to `######` then its text", _is_heading)
