"""The vault's `.network-md.yaml`: one table of settings (key, kind of value, default, what it
means) that yields the `Config` type, the parser, the known keys, the template `init` writes and
the table in docs/format.md; an error names the key and its line.
"""

from __future__ import annotations

from collections import namedtuple
from typing import NamedTuple

from network_md.core.errors import ConfigError
from network_md.core.model import KINDS, Problem
from network_md.format.configvalues import (
    CIRCLE,
    CIRCLES,
    CLOCK,
    COUNT,
    DAYS,
    DEFAULT_CIRCLES,
    FLAG,
    HEADING,
    KIND_WORDS,
    LATER_KINDS,
    LEAD_DAYS,
    MINUTES,
    NAME,
    PATHS,
    VAULT_FILE,
    Checker,
    Kind,
    shown,
)
from network_md.format.fields import key_line_numbers
from network_md.format.yamlsafe import config_loader, error_line, yaml_scalar

CONFIG_NAME = ".network-md.yaml"


def _daily_folder(check: Checker, key: str, value, _done: dict) -> str:
    if not isinstance(value, str):
        check.fail(key, f"expected a folder like Daily, not {shown(value)}")
    return check.inside(key, value, "name a folder inside it")


def _daily_format(check: Checker, key: str, value, _done: dict) -> str:
    from network_md.format.daily import format_problem  # daily.py reads Config: here, not above

    if not isinstance(value, str) or not value.strip():
        check.fail(key, f"expected a format like YYYY-MM-DD, not {shown(value)}")
    wrong = format_problem(value.strip())
    if wrong:
        check.fail(key, wrong)
    return value.strip()


DAILY_FOLDER = Kind(_daily_folder, "a folder inside the vault (empty: its root)")
DAILY_FORMAT = Kind(_daily_format, "a file name of `YYYY`, `MM` and `DD`, `/` for subfolders")


class Setting(NamedTuple):
    """One key of the config: where it is written, the `Config` field it fills, its kind of
    value, its default, one line on what it means, and what `init` writes for it when that is
    not the default (`# ` first: written commented out)."""

    key: str  # as written: `window_days`, or `daily.minutes` under `daily:`
    field: str
    kind: Kind
    default: object
    doc: str
    init: str | None = None


# In the order of `Config`'s fields (a cached config is a tuple in this order). A missing or
# empty value is the default.
SETTINGS = (
    Setting("me", "me", NAME, None, "your name, for headings", "# Your Name"),
    Setting(
        "contacts", "contacts", PATHS, (),
        "folders or globs that hold contact files (empty: the whole vault)", "[people]",
    ),
    Setting("ignore", "ignore", PATHS, (), 'globs to skip, e.g. `[archive/**, "*.excalidraw.md"]`'),
    Setting(
        "window_days", "window_days", DAYS, 365,
        "reciprocity is counted over this many days, today included",
    ),
    Setting("lookback_days", "lookback_days", DAYS, 30, "thank-you and reply nudges look back this far"),
    Setting("circles", "circles", CIRCLES, DEFAULT_CIRCLES, "days between touches, by circle"),
    Setting("default_circle", "default_circle", CIRCLE, "wide", "for contacts without a circle"),
    Setting(
        "one_way_gives", "one_way_gives", COUNT, 3,
        "this many gives with nothing back is a one-way red flag",
    ),
    Setting(
        "ask_unanswered_days", "ask_unanswered_days", DAYS, 14,
        "an ask this old with no answer is a red flag",
    ),
    Setting("daily.minutes", "daily_minutes", MINUTES, 15, "your daily goal, in minutes"),
    Setting("daily.items", "daily_items", COUNT, 5, "how many actions `today` lists"),
    Setting(
        "daily.default_minutes", "default_minutes", MINUTES, 5,
        "the minutes an entry without a duration counts",
    ),
    Setting("daily.at", "daily_at", CLOCK, "08:30", "when your daily networking time starts"),
    Setting(
        "dates.lead_days", "lead_days", LEAD_DAYS, 2,
        "birthdays reach the agenda this many days ahead",
    ),
    Setting(
        "kinds", "kinds", KIND_WORDS, {}, "your own words for the canonical kinds",
        "{coffee: met, intro: gave}",
    ),
    Setting("git.autocommit", "autocommit", FLAG, False, "true: commit every file network-md writes"),
    Setting(
        "dashboard", "dashboard", VAULT_FILE, None,
        "the file `watch --dashboard` keeps; never read as a contact", "# NETWORK.md",
    ),
    Setting(
        "log_heading", "log_heading", HEADING, "## Log",
        'the section `log` writes into, e.g. "## Interactions"',
    ),
    Setting(
        "daily_notes.folder", "daily_notes_folder", DAILY_FOLDER, None,
        "where your daily notes are (neither key set: Obsidian's own settings, if any)",
        "# Daily",
    ),
    Setting(
        "daily_notes.format", "daily_notes_format", DAILY_FORMAT, None,
        "their file names, e.g. `YYYY/MM/YYYY-MM-DD` (`YYYY-MM-DD` when only the folder is set)",
        "# YYYY-MM-DD",
    ),
)  # fmt: skip

# The keys that name a file network-md writes. Each must stay inside the vault (after resolving
# symlinks); a key of this kind added to the table (a report or calendar file) gets the check.
PATH_KEYS = tuple(s.field for s in SETTINGS if s.kind is VAULT_FILE)
# Top-level keys, and the keys each section (`daily:`) knows; `circles:` and `kinds:` are open.
KNOWN = tuple(dict.fromkeys(s.key.split(".")[0] for s in SETTINGS))
SECTION_KEYS: dict[str, tuple[str, ...]] = {}
for _s in SETTINGS:
    if "." in _s.key:
        _section, _sub = _s.key.split(".", 1)
        SECTION_KEYS[_section] = (*SECTION_KEYS.get(_section, ()), _sub)

_Fields = namedtuple("_Fields", [s.field for s in SETTINGS], defaults=[s.default for s in SETTINGS])


class Config(_Fields):
    """Every setting of the table above, with the defaults applied. Plain values only
    (cacheable); a NamedTuple default such as `kinds` is never mutated."""

    __slots__ = ()

    def kind_of(self, word: str) -> str | None:
        """The canonical kind a word stands for, or None when it is unknown."""
        low = word.lower()
        if low in KINDS:
            return low
        return self.kinds.get(low)

    @property
    def daily_notes(self) -> tuple[str, str] | None:
        """(folder, format) of the daily notes as the config sets them; None when it does not."""
        if self.daily_notes_folder is None and self.daily_notes_format is None:
            return None
        return self.daily_notes_folder or "", self.daily_notes_format or "YYYY-MM-DD"

    def cadence_of_circle(self, circle: str | None) -> int | None:
        if circle in self.circles:
            return self.circles[circle]
        return self.circles.get(self.default_circle)


DEFAULT = Config()


def is_sound(config: Config) -> bool:
    """Whether each value is one its setting's reader gives, or its default of none: a config
    read back from a cache is used only then."""
    for s in SETTINGS:
        value = getattr(config, s.field)
        if not ((value is None and s.default is None) or s.kind.sound(value, config)):
            return False
    return True


def as_yaml(value) -> str:
    """A default as the config writes it: `365`, `false`, `[]`, `{inner: 14, contact: none}`."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {as_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(as_yaml(v) for v in value) + "]"
    return yaml_scalar(str(value), flow=True)


def parse_config(text: str, label: str = CONFIG_NAME) -> tuple[Config, list[Problem]]:
    """Config from the file's text; ConfigError for a wrong type or value, warnings for the rest."""
    data = _load(text, label)
    if data is None:
        return DEFAULT, []
    check = Checker(data, text, label)
    values: dict = {}
    for s in SETTINGS:
        value = _written(check, s.key)
        values[s.field] = s.default if value is None else s.kind.read(check, s.key, value, values)
    return Config(**values), _unknown_keys(check) + _later_kinds(check)


def _load(text: str, label: str):
    """The file's mapping (None when empty); ConfigError when it is not YAML or not a mapping."""
    import yaml

    try:
        data = yaml.load(text, Loader=config_loader())  # a huge number stays text: a wrong value
    except yaml.MarkedYAMLError as exc:
        line = error_line(text, exc)
        line = None if line is None else line + 1
        raise ConfigError(label, line, None, f"not valid YAML: {exc.problem}") from None
    except Exception as exc:
        raise ConfigError(label, None, None, f"not valid YAML: {exc}") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(
            label, 1, None, f"expected a mapping of settings, not {type(data).__name__}"
        )
    return data


def _written(check: Checker, key: str):
    """The value written for `key` (`daily.minutes` under `daily:`), None when there is none."""
    if "." not in key:
        return check.data.get(key)
    section, sub = key.split(".", 1)
    return check.section(section).get(sub)


def _unknown_keys(check: Checker) -> list[Problem]:
    """A warning for each key the table does not know, top-level or in a section."""
    unknown = [str(k) for k in check.data if k not in KNOWN]
    for section, subs in SECTION_KEYS.items():
        unknown += [f"{section}.{sub}" for sub in check.section(section) if sub not in subs]
    return [
        Problem(check.label, check.line_of(key), "warning", f"unknown setting {shown(key)}")
        for key in unknown
    ]


def _later_kinds(check: Checker) -> list[Problem]:
    """A warning for each `kinds:` word that has since become a canonical kind: its line is
    ignored (the canonical kind wins), so an older config still loads."""
    kinds = check.data.get("kinds")
    words = [str(w) for w in kinds] if isinstance(kinds, dict) else []
    return [
        Problem(
            check.label,
            check.line_of(f"kinds.{word}"),
            "warning",
            f"kinds.{word}: {shown(word)} is now a canonical kind; this line is ignored and can go",
        )
        for word in words
        if word.lower() in LATER_KINDS
    ]


def check_paths(root, config: Config, text: str = "", label: str = CONFIG_NAME) -> None:
    """ConfigError naming the key when a file the config names resolves (through a symlink)
    outside the vault: the config said where to write, the file system disagrees."""
    import os

    base = os.path.realpath(root)
    for key in PATH_KEYS:
        rel = getattr(config, key)
        if not rel:
            continue
        real = os.path.realpath(os.path.join(base, rel))
        line = key_line_numbers(text).get(key) if text else None
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            raise ConfigError(
                label,
                line,
                key,
                f"{shown(rel)} resolves outside the vault (to {real}, through a symlink); "
                "name a file inside it",
            )
        if real == base or os.path.isdir(real):
            raise ConfigError(label, line, key, f"{shown(rel)} is a folder; name a file")
