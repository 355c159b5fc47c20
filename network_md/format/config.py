"""The vault's `.network-md.yaml`: defaults, validation, and a line for every error."""

from __future__ import annotations

import re
from typing import NamedTuple

from network_md.core.errors import UsageError
from network_md.core.model import KINDS, Problem
from network_md.core.quote import show_value
from network_md.core.quote import show_value as _cut  # a value as text inside quotes in a message
from network_md.format.yamlsafe import config_loader

CONFIG_NAME = ".network-md.yaml"
KIND_WORD = re.compile(r"[A-Za-z0-9-]+\Z")
# Canonical kinds added after the first release: a config may still map one as its own word.
LATER_KINDS = ("withdrew",)
HEADING_LINE = re.compile(r"#{1,6}[ \t]+[^\s#][^\r\n]*\Z")
CADENCE = re.compile(r"([0-9]+)\s*([dwmy]?)\Z")
CADENCE_UNITS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}
CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])\Z")
MAX_LEAD_DAYS = 365  # a year ahead already holds every birthday
DEFAULT_CIRCLES = {"inner": 14, "close": 30, "wide": 90, "contact": None}
# The keys that name a file network-md writes. Each must stay inside the vault (after resolving
# symlinks); a key added here (a report or calendar file) gets the same check.
PATH_KEYS = ("dashboard",)
# The largest value each number may take: beyond it the number is a typo, and date arithmetic
# would overflow (a window of a million years).
MAX_DAYS = 36_500  # a hundred years
MAX_MINUTES = 1_440  # a day
MAX_COUNT = 1_000_000


class Config(NamedTuple):
    """Every setting of section 6, with the defaults applied. Plain values only (cacheable)."""

    me: str | None = None
    contacts: tuple = ()  # empty: the whole vault
    ignore: tuple = ()
    window_days: int = 365
    lookback_days: int = 30
    circles: dict = DEFAULT_CIRCLES
    default_circle: str = "wide"
    one_way_gives: int = 3
    ask_unanswered_days: int = 14
    daily_minutes: int = 15
    daily_items: int = 5
    default_minutes: int = 5
    daily_at: str = "08:30"  # when the daily networking time starts, `HH:MM`
    lead_days: int = 2  # how many days ahead a birthday reaches the agenda
    kinds: dict = {}  # a NamedTuple default, never mutated
    autocommit: bool = False
    dashboard: str | None = None
    log_heading: str = "## Log"  # the section `log` writes into

    def kind_of(self, word: str) -> str | None:
        """The canonical kind a word stands for, or None when it is unknown."""
        low = word.lower()
        if low in KINDS:
            return low
        return self.kinds.get(low)

    def cadence_of_circle(self, circle: str | None) -> int | None:
        if circle in self.circles:
            return self.circles[circle]
        return self.circles.get(self.default_circle)


DEFAULT = Config()


def parse_cadence(value) -> int | str:
    """A cadence value (`30`, `2w`, `3m`, `1y`, `none`) as days or "none"; ValueError if not."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        raise ValueError(f"'{_cut(value)}' is not a cadence")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"'{_cut(value)}' is not a cadence: it must be at least 1 day")
        return _at_most(value, MAX_DAYS, value)
    text = str(value).strip().lower()
    if text in ("none", "never", "off", ""):
        return "none"
    m = CADENCE.match(text)
    if not m or not m[1].strip("0"):
        raise ValueError(f"'{_cut(value)}' is not a cadence like 30, 2w, 3m, 1y or none")
    if len(m[1].lstrip("0")) > 9:  # before int(): Python refuses thousands of digits, slowly
        raise ValueError(f"'{_cut(value)}' is too long a cadence: at most {MAX_DAYS:,} days")
    return _at_most(int(m[1]) * CADENCE_UNITS[m[2]], MAX_DAYS, value)


def _at_most(days: int, limit: int, value: str) -> int:
    if days > limit:
        raise ValueError(f"'{_cut(value)}' is too long a cadence: at most {limit:,} days")
    return days


def shown(value) -> str:
    """A value as a message quotes it, in quotes: YAML-like text, cut short (never a repr)."""
    return f"'{show_value(value)}'"


def vault_path(text: str) -> str:
    """A vault-relative path as the index spells it: `./people/` -> `people`, `.` -> ``."""
    import posixpath

    text = text.strip().replace("\\", "/")
    if not text:
        return ""
    norm = posixpath.normpath(text)
    return "" if norm in (".", "/") else norm.lstrip("/")


def check_paths(root, config: Config, text: str = "", label: str = CONFIG_NAME) -> None:
    """UsageError naming the key when a file the config names resolves (through a symlink)
    outside the vault: the config said where to write, the file system disagrees."""
    import os

    base = os.path.realpath(root)
    for key in PATH_KEYS:
        rel = getattr(config, key)
        if not rel:
            continue
        real = os.path.realpath(os.path.join(base, rel))
        line = _key_lines(text).get(key) if text else None
        where = f"{label}:{line}" if line else label
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            raise UsageError(
                f"{where}: error: {key}: '{_cut(rel)}' resolves outside the vault (to {real}, "
                "through a symlink); name a file inside it"
            )
        if real == base or os.path.isdir(real):
            raise UsageError(f"{where}: error: {key}: '{_cut(rel)}' is a folder; name a file")


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers of keys (`daily.minutes` for nested ones), for error messages."""
    import yaml

    lines: dict[str, int] = {}
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:
        return lines
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines[f"{key.value}.{sub.value}"] = sub.start_mark.line + 1
    return lines


def _scalar_text(text: str, section: str, key: str) -> str | None:
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


class _Checker:
    """Reads one config mapping, raising UsageError that names the key and its line."""

    def __init__(self, data: dict, text: str, label: str):
        self.data = data
        self.text = text
        self.label = label
        self._lines: dict[str, int] | None = None

    def fail(self, key: str, message: str):
        if self._lines is None:
            self._lines = _key_lines(self.text)
        line = self._lines.get(key) or self._lines.get(key.split(".")[0])
        where = f"{self.label}:{line}" if line else self.label
        raise UsageError(f"{where}: error: {key}: {message}")

    def positive_int(
        self, section: dict, key: str, label: str, default: int, limit: int = MAX_DAYS
    ) -> int:
        value = section.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
            self.fail(label, f"expected a whole number from 1 to {limit:,}, not {shown(value)}")
        return value

    def vault_file(self, key: str) -> str | None:
        """A file the config names, as a vault-relative path; an error when it leads outside."""
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.fail(key, f"expected a file name like NETWORK.md, not {shown(value)}")
        rel = self.inside(key, value, "name a file inside it")
        if not rel or value.strip().endswith(("/", "\\")):
            self.fail(key, f"'{_cut(value)}' is a folder; name a file like NETWORK.md")
        return rel

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
            self.fail(key, f"'{_cut(value)}' is outside the vault; {hint}")
        return rel

    def mapping(self, key: str) -> dict:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping like `{key}: {{a: 1}}`, not {shown(value)}")
        return value

    def str_list(self, key: str) -> tuple:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"expected a list of folders or globs, not {shown(value)}")
        paths = (self.inside(key, v, "use a path relative to it") for v in value)
        return tuple(p for p in paths if p)


def parse_config(text: str, label: str = CONFIG_NAME) -> tuple[Config, list[Problem]]:
    """Config from the file's text; UsageError for a wrong type or value, warnings for the rest."""
    import yaml

    try:
        data = yaml.load(text, Loader=config_loader())  # a huge number stays text: a wrong value
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise UsageError(f"{label}{line}: error: not valid YAML: {exc.problem}") from None
    except Exception as exc:
        raise UsageError(f"{label}: error: not valid YAML: {exc}") from None
    if data is None:
        return DEFAULT, []
    if not isinstance(data, dict):
        raise UsageError(
            f"{label}:1: error: expected a mapping of settings, not {type(data).__name__}"
        )
    check = _Checker(data, text, label)
    warnings = [
        Problem(label, (_key_lines(text).get(str(k))), "warning", f"unknown setting '{_cut(k)}'")
        for k in data
        if k not in _KNOWN
    ]

    me = data.get("me")
    if me is not None and not isinstance(me, str):
        check.fail("me", f"expected your name as text, not {shown(me)}")

    circles = dict(DEFAULT_CIRCLES)
    for name, value in check.mapping("circles").items():
        try:
            cadence = parse_cadence(value)
        except ValueError as exc:
            check.fail(f"circles.{name}", str(exc))
        circles[str(name)] = None if cadence == "none" else cadence

    default_circle = data.get("default_circle", DEFAULT.default_circle)
    if not isinstance(default_circle, str) or default_circle not in circles:
        check.fail(
            "default_circle",
            f"{shown(default_circle)} is not one of the circles: {', '.join(circles)}",
        )

    kinds = {}
    for word, kind in check.mapping("kinds").items():
        word = str(word)
        if not KIND_WORD.match(word):
            check.fail(f"kinds.{word}", "a kind word is letters, digits and '-' only")
        if word.lower() in LATER_KINDS:  # written before it was canonical: it is now, and wins
            warnings.append(
                Problem(
                    label,
                    _key_lines(text).get(f"kinds.{word}"),
                    "warning",
                    f"kinds.{_cut(word)}: '{_cut(word)}' is now a canonical kind; this line is "
                    "ignored and can go",
                )
            )
            continue
        if word.lower() in KINDS:
            check.fail(f"kinds.{word}", f"'{_cut(word)}' is already a canonical kind")
        if not isinstance(kind, str) or kind.lower() not in KINDS:
            check.fail(
                f"kinds.{word}", f"{shown(kind)} is not one of the kinds: {', '.join(KINDS)}"
            )
        kinds[word.lower()] = kind.lower()

    daily = check.mapping("daily")
    git = check.mapping("git")
    for section, known in (
        ("daily", ("minutes", "items", "default_minutes", "at")),
        ("dates", ("lead_days",)),
        ("git", ("autocommit",)),
    ):
        lines = _key_lines(text)
        for sub in check.mapping(section):
            if sub not in known:
                warnings.append(
                    Problem(
                        label,
                        lines.get(f"{section}.{sub}"),
                        "warning",
                        f"unknown setting '{_cut(f'{section}.{sub}')}'",
                    )
                )
    autocommit = git.get("autocommit", False)
    if not isinstance(autocommit, bool):
        check.fail("git.autocommit", f"expected true or false, not {shown(autocommit)}")
    paths = {key: check.vault_file(key) for key in PATH_KEYS}

    log_heading = data.get("log_heading", DEFAULT.log_heading)
    if not isinstance(log_heading, str) or not HEADING_LINE.match(log_heading.strip()):
        check.fail(
            "log_heading",
            f'expected a Markdown heading like "## Log" or "## Interactions", not {shown(log_heading)}',
        )

    config = Config(
        me=me,
        contacts=check.str_list("contacts"),
        ignore=check.str_list("ignore"),
        window_days=check.positive_int(data, "window_days", "window_days", DEFAULT.window_days),
        lookback_days=check.positive_int(
            data, "lookback_days", "lookback_days", DEFAULT.lookback_days
        ),
        circles=circles,
        default_circle=default_circle,
        one_way_gives=check.positive_int(
            data, "one_way_gives", "one_way_gives", DEFAULT.one_way_gives, MAX_COUNT
        ),
        ask_unanswered_days=check.positive_int(
            data, "ask_unanswered_days", "ask_unanswered_days", DEFAULT.ask_unanswered_days
        ),
        daily_minutes=check.positive_int(
            daily, "minutes", "daily.minutes", DEFAULT.daily_minutes, MAX_MINUTES
        ),
        daily_items=check.positive_int(
            daily, "items", "daily.items", DEFAULT.daily_items, MAX_COUNT
        ),
        default_minutes=check.positive_int(
            daily, "default_minutes", "daily.default_minutes", DEFAULT.default_minutes, MAX_MINUTES
        ),
        daily_at=_daily_at(check, daily),
        lead_days=_lead_days(check, check.mapping("dates")),
        kinds=kinds,
        autocommit=autocommit,
        log_heading=" ".join(log_heading.split()),
        **paths,
    )
    return config, warnings


def _daily_at(check: _Checker, daily: dict) -> str:
    """`daily.at` as `HH:MM`. YAML 1.1 reads an unquoted `8:30` as the number 510 (base 60),
    so a number is judged by the text it was written as."""
    value = daily.get("at")
    if value is None:
        return DEFAULT.daily_at
    written = _scalar_text(check.text, "daily", "at") if isinstance(value, int) else value
    m = CLOCK_TIME.match(written.strip()) if isinstance(written, str) else None
    if isinstance(value, bool) or not m:
        as_written = written if isinstance(written, str) else value
        check.fail("daily.at", f'expected a time of day like "08:30", not {shown(as_written)}')
    return f"{int(m[1]):02d}:{m[2]}"


def _lead_days(check: _Checker, dates: dict) -> int:
    value = dates.get("lead_days")
    if value is None:
        return DEFAULT.lead_days
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LEAD_DAYS:
        check.fail(
            "dates.lead_days",
            f"expected a whole number of days from 0 to {MAX_LEAD_DAYS}, not {shown(value)}",
        )
    return value


_KNOWN = {
    "me",
    "contacts",
    "ignore",
    "window_days",
    "lookback_days",
    "circles",
    "default_circle",
    "one_way_gives",
    "ask_unanswered_days",
    "daily",
    "dates",
    "kinds",
    "git",
    "dashboard",
    "log_heading",
}
