"""Where a vault is, which of its files are contacts (find_root, PathFilter), and the cache
folder that ignores itself."""

from __future__ import annotations

import os
import re
from pathlib import Path

from network_md.core.errors import ConfigError, UsageError
from network_md.format.config import CONFIG_NAME, Config
from network_md.format.daily import OBSIDIAN_SETTINGS, DailyNotes, from_obsidian

ENV_VAULT = "NETWORK_MD_VAULT"
CACHE_DIR = ".network-md"
TEMPLATE = "templates/contact.md"
INIT_README = "README.md"  # the vault's README, as `init` writes it: about the vault, not a person
GLOB_CHARS = re.compile(r"[*?\[]")


def modules_stamp(names) -> list[int]:
    """(mtime, size) of each of the package's modules named (`format/parse`): a cache keyed by
    it is read anew after an upgrade, or an edit of any of them."""
    package = Path(__file__).parent.parent
    out = []
    for name in names:
        try:
            st = os.stat(package / f"{name}.py")
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return out


def find_root(vault: str | None = None, cwd: str | os.PathLike | None = None) -> Path:
    """`--vault`, else $NETWORK_MD_VAULT, else the nearest folder upward with a config file."""
    given = vault or os.environ.get(ENV_VAULT) or None
    if given:
        path = Path(given).expanduser()
        what = "--vault" if vault else ENV_VAULT
        if path.exists() and not path.is_dir():
            raise UsageError(
                f"{given} is a file, not a folder ({what}); name the vault's folder, "
                "the one that holds .network-md.yaml"
            )
        if not path.is_dir():
            raise UsageError(
                f"{given}: no such folder ({what}); make a vault there with `network-md init {given}`"
            )
        return path.resolve()
    here = Path(cwd or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if _holds_config(folder):
            return folder
    raise UsageError(
        f"no vault found: no {CONFIG_NAME} in {here} or above; "
        "make one with `network-md init`, or pass --vault PATH"
    )


def _holds_config(folder: Path) -> bool:
    """Whether `folder` has the config; UsageError when something else has its name (a folder,
    a FIFO): that is a vault whose config is broken, not a folder without a vault."""
    import stat

    from network_md.store.safeopen import kind_of

    path = folder / CONFIG_NAME
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode):
        return True
    raise ConfigError(str(path), None, None, f"{kind_of(mode)}; the vault's config must be a file")


def ignore_itself(root: Path) -> None:
    """The cache folder's own `.gitignore` (`*`), when the folder is there without one (an older
    network-md made it): git never sees the cache, whoever made the vault. Written like every
    file, never through a symlink out of the vault; where it cannot be, the cache works anyway."""
    folder = root / CACHE_DIR
    if not folder.is_dir() or (folder / ".gitignore").exists():
        return
    from network_md.core.errors import WriteError
    from network_md.store.atomic import write_file

    try:
        write_file(folder / ".gitignore", b"*\n", None, root)
    except (OSError, WriteError):
        pass


def glob_regex(pattern: str) -> re.Pattern:
    """A vault glob as a regex over `/`-paths: `*` and `?` stay in one folder, `**` spans folders."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def daily_notes_of(root: Path, config: Config) -> DailyNotes | None:
    """Where the vault's daily notes are: the config's `daily_notes:`, else Obsidian's settings
    when their format is one we read; None when neither says."""
    if config.daily_notes is not None:
        return DailyNotes(*config.daily_notes, CONFIG_NAME)
    from network_md.store.safeopen import read_regular_text

    try:
        text = read_regular_text(root / OBSIDIAN_SETTINGS)
    except (OSError, ValueError):
        return None
    return from_obsidian(text)


class PathFilter:
    """Which vault-relative paths are contact files (docs/format.md). Daily notes never are."""

    def __init__(self, config: Config, daily: DailyNotes | None = None):
        self.daily = daily
        self.folders = [c for c in config.contacts if not GLOB_CHARS.search(c)]
        self.globs = [glob_regex(c) for c in config.contacts if GLOB_CHARS.search(c)]
        self.ignores = [glob_regex(g) for g in config.ignore]
        self.dashboard = config.dashboard.strip("/") if config.dashboard else None

    def roots(self) -> list[str]:
        """Folders to walk: the listed ones when no glob needs the whole vault."""
        if self.globs or not self.folders:
            return [""]
        return sorted(set(self.folders))

    def is_daily(self, rel: str) -> bool:
        return (
            self.daily is not None and self.daily.named(rel) and self.daily.day_of(rel) is not None
        )

    def worth_reading(self, rel: str) -> bool:
        """A contact file or a daily note: what a change must be about to matter."""
        return self.wanted(rel) or self.is_daily(rel)

    def may_hold_daily(self) -> bool:
        """Whether a walk of the contact folders can meet a daily note at all (else discovery
        need not ask of every file)."""
        if self.daily is None:
            return False
        if self.globs or not self.folders or not self.daily.folder:
            return True
        daily = self.daily.folder + "/"
        return any(daily.startswith(f + "/") or f.startswith(daily) for f in self.folders)

    def wanted(self, rel: str) -> bool:
        if not rel.endswith(".md") or rel in (self.dashboard, TEMPLATE, INIT_README):
            return False
        if self.is_daily(rel):
            return False
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts):
            return False
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        if self.ignores and any(g.match(p) for g in self.ignores for p in prefixes):
            return False
        if not self.folders and not self.globs:
            return True
        if any(rel == f or rel.startswith(f + "/") for f in self.folders):
            return True
        return any(g.match(p) for g in self.globs for p in prefixes)
