"""Random vaults and random steps on them (edits, renames, configs, days, damage), for the
property tests that compare the cache with `--no-cache` after each step."""

from __future__ import annotations

import os
import random
import time
from datetime import date, timedelta
from pathlib import Path

from cache_helpers import flip
from helpers import age
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from network_md.core.model import KINDS
from network_md.store.cache import cache_path

# --- random sequences ---------------------------------------------------------------------------


def sequence_settings(max_examples: int):
    """Hypothesis settings for a test that runs random sequences of edits and commands."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


SEQ_DAYS = ["2026-11-27", "2026-11-28", "2026-12-20", "2027-01-05"]
SEQ_PATHS = [
    "people/ada.md", "people/bob.md", "people/cyd.md", "people/old/dee.md",
    "people/sub/eve.md", "archive/fay.md", "people/board.md", "notes/gus.md",
]  # fmt: skip
SEQ_FOLDERS = [
    ("people/old", "people/older"),
    ("people/sub", "people/old"),
    ("archive", "people/archive"),
    ("people", "folks"),
]
SEQ_CONFIGS = [
    "contacts: [people]\n",
    "contacts: [people]\none_way_gives: 1\n",
    "contacts: [people]\nkinds: {coffee: gave, intro: got}\n",
    "contacts: [people, archive]\nkinds: {coffee: met}\nlookback_days: 7\nwindow_days: 60\n",
    "contacts: [people]\nignore: ['people/old/**']\ncircles: {inner: 3, close: 7, wide: 20, contact: none}\n",
    "contacts: [people, archive]\ndashboard: people/board.md\ndaily: {minutes: 5, items: 2, default_minutes: 10}\n",
    "",
    None,
    "one_way_gives: many\n",
]
SEQ_COMMANDS = [
    ("status", "--json"),
    ("flags", "--json"),
    ("today", "--json"),
    ("list", "--json"),
    ("check", "--json"),
    ("status",),
]
BASE = date(2026, 11, 27)
WORDS = [
    *KINDS,
    "coffee",
    "intro",
    "GOT",
    "dinner",
]


@st.composite
def log_line(draw) -> str:
    if draw(st.integers(0, 19)) == 0:
        return "- 2026-02-30 gave: an impossible date"
    offset = draw(st.one_of(st.integers(-45, 40), st.integers(-420, -46)))
    day = (BASE + timedelta(days=offset)).isoformat()
    word = draw(st.sampled_from(WORDS))
    duration = draw(st.sampled_from(["", "", " (15m)", " (1h30m)", " (0m)"]))
    bullet = draw(st.sampled_from(["-", "-", "*", "+", "  -"]))
    text = draw(st.sampled_from(["", "a note", "intro to [[Bob]]", "café ☕", "x" * 17]))
    return f"{bullet} {day} {word}{duration}: {text}"


FRONT = [
    None,
    "name: {name}",
    "name: {name}\ncircle: inner\ntags: [a, '#b']",
    "name: {name}\ncadence: 7d\naliases: [{name}2]",
    "name: {name}\nsnooze_until: 2026-12-01",
    "name: {name}\ncircle: nowhere\ncompany: X\nmet: 2024-03-02",
    "name: {name}\ncadence: often",
    "name: {name}\nextra: {{a: [1, 2.5, true, null], 1: x}}\nwhen: 2024-03-02T10:00:00\nodd: .nan\n"
    "big: 123456789012345678901234567890\nlink: [[Acme]]\nzero: -0.0",
    "name: [broken",
    "- a list",
    "network-md: dashboard",
    "",
]


@st.composite
def contact_text(draw) -> bytes:
    name = draw(st.sampled_from(["Ada", "Bob", "Cyd Ng", "Dee", "Émile", "Zoë"]))
    front = draw(st.sampled_from(FRONT))
    parts = []
    if front is not None:
        parts.append("---\n" + front.format(name=name) + ("\n" if front else "") + "---\n")
    if draw(st.booleans()):
        parts.append(f"# {name}\n\nSome words.\n\n## Log\n")
    lines = draw(st.lists(log_line(), max_size=8))
    if lines and draw(st.integers(0, 5)) == 0:
        lines.insert(
            draw(st.integers(0, len(lines))), "```\n- 2026-11-27 gave: inside a fence\n```"
        )
    parts.append("".join(line + "\n" for line in lines))
    text = "".join(parts)
    odd = draw(st.integers(0, 24))
    if odd == 0:
        return b"# Bin\n\x00\x01 a binary file\n"
    if odd == 1:
        return ("# Caf\u00e9\n- 2026-11-20 got: cr\u00e8me\n" + text).encode("latin-1", "replace")
    if odd == 2:
        return b"---\nname: never closed\n- 2026-11-20 got: x\n"
    if draw(st.integers(0, 7)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text.encode()


def _vault_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.md")
        if p.is_file() and ".network-md" not in p.relative_to(root).parts
    )


def drop_dangling_link(path: Path) -> None:
    """A symlink whose target an earlier step moved (or that loops) cannot be written through:
    the user's editor would make a new file there, so the test does too."""
    if path.is_symlink() and not path.exists():
        path.unlink()


def step(data, root: Path, state: dict) -> str:
    """One random operation on the vault; returns what it did (for the failure report)."""
    op = data.draw(
        st.sampled_from(
            [
                "write",
                "write",
                "replace",
                "same-size",
                "same-size",
                "same-size",
                "delete",
                "create",
                "rename",
                "rename-folder",
                "touch",
                "age",
                "age",
                "config",
                "today",
                "damage-cache",
                "bulk",
                "link",
                "symlink",
            ]
        ),  # fmt: skip
        label="op",
    )
    files = _vault_files(root)
    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    if op in ("write", "create") or (
        not files and op in ("replace", "same-size", "delete", "rename", "touch", "link", "symlink")
    ):
        target = root / data.draw(st.sampled_from(SEQ_PATHS), label="path")
        target.parent.mkdir(parents=True, exist_ok=True)
        drop_dangling_link(target)
        target.write_bytes(data.draw(contact_text(), label="content"))
        return f"write {rel(target)}"
    if op == "replace":
        target = data.draw(st.sampled_from(files), label="file")
        tmp = target.with_name("." + target.name + ".tmp")
        tmp.write_bytes(data.draw(contact_text(), label="content"))
        if data.draw(st.booleans(), label="old mtime"):
            old = target.stat()
            os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
        os.replace(tmp, target)
        return f"replace {rel(target)} by rename"
    if op == "same-size":
        target = data.draw(st.sampled_from(files), label="file")
        raw = bytearray(target.read_bytes())
        digits = [i for i, b in enumerate(raw) if 0x30 <= b <= 0x39]
        swaps = [
            (b"got", b"met"),
            (b"met", b"got"),
            (b"declined", b"asked-me"),
            (b"asked-me", b"declined"),
        ]
        swaps = [(a, b) for a, b in swaps if a in raw]
        if not digits and not swaps:
            return f"same-size {rel(target)}: nothing to change"
        if digits and (not swaps or data.draw(st.booleans(), label="digit")):
            at = data.draw(st.sampled_from(digits), label="at")
            raw[at] = ord(
                data.draw(
                    st.sampled_from([d for d in "0123456789" if ord(d) != raw[at]]), label="digit"
                )
            )
            what = f"digit at {at}"
        else:
            a, b = data.draw(st.sampled_from(swaps), label="swap")
            raw = bytearray(bytes(raw).replace(a, b, 1))
            what = f"{a.decode()} -> {b.decode()}"
        old = target.stat()
        target.write_bytes(bytes(raw))
        keep = data.draw(st.booleans(), label="keep mtime")
        if keep:
            os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
        return f"same-size {rel(target)}: {what}, mtime kept: {keep}"
    if op == "delete":
        target = data.draw(st.sampled_from(files), label="file")
        target.unlink()
        return f"delete {rel(target)}"
    if op == "rename":
        target = data.draw(st.sampled_from(files), label="file")
        new = root / data.draw(st.sampled_from(SEQ_PATHS), label="to")
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, new)
        return f"rename {rel(target)} -> {rel(new)}"
    if op == "rename-folder":
        pairs = [
            (a, b)
            for a, b in SEQ_FOLDERS + [(b, a) for a, b in SEQ_FOLDERS]
            if (root / a).is_dir() and not (root / b).exists()
        ]
        if not pairs:
            return "rename-folder: none possible"
        a, b = data.draw(st.sampled_from(pairs), label="folders")
        (root / b).parent.mkdir(parents=True, exist_ok=True)
        os.rename(root / a, root / b)
        return f"rename folder {a} -> {b}"
    if op == "touch":
        target = data.draw(st.sampled_from(files), label="file")
        back = data.draw(
            st.sampled_from([0, 3600, 86400, -3600]), label="seconds back"
        )  # -: future
        when = time.time_ns() - back * 1_000_000_000
        os.utime(target, ns=(when, when))
        return f"touch {rel(target)} to {back} s ago"
    if op == "bulk":
        # many files at once: more than a handful changed (a cache save is then due at once)
        seed = data.draw(st.integers(0, 2**16), label="seed")
        count = data.draw(st.integers(10, 30), label="count")
        rng = random.Random(seed)
        folder = root / "people/bulk"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            lines = [
                f"- {(BASE + timedelta(days=rng.randint(-60, 5))).isoformat()} {rng.choice(WORDS)}: {'y' * rng.randint(0, 5)}"
                for _ in range(rng.randint(0, 4))
            ]
            (folder / f"b{i:02}.md").write_text(
                f"# B{i} {rng.randint(0, 9)}\n" + "".join(x + "\n" for x in lines)
            )
        return f"bulk write {count} files in people/bulk (seed {seed})"
    if op in ("link", "symlink"):
        target = data.draw(st.sampled_from(files), label="file")
        new = root / data.draw(st.sampled_from(SEQ_PATHS), label="as")
        if new.exists() or new.is_symlink():
            return f"{op}: {rel(new)} exists"
        new.parent.mkdir(parents=True, exist_ok=True)
        if op == "link":
            os.link(target, new)  # one inode, two paths: an edit of one is an edit of both
        else:
            os.symlink(os.path.relpath(target, new.parent), new)
        return f"{op} {rel(new)} -> {rel(target)}"
    if op == "age":
        age(root, data.draw(st.sampled_from([3600, 7200]), label="seconds"))
        if data.draw(st.booleans(), label="and delete the cache"):
            # the next run writes a whole new cache in which every file is stamped (trusted)
            cache_path(root).unlink(missing_ok=True)
            return "age every file, delete the cache"
        return "age every file"
    if op == "config":
        config = data.draw(st.sampled_from(SEQ_CONFIGS), label="config")
        cfg = root / ".network-md.yaml"
        if config is None:
            cfg.unlink(missing_ok=True)
        else:
            cfg.write_text(config)
        return f"config {config!r}"
    if op == "today":
        state["today"] = data.draw(st.sampled_from(SEQ_DAYS), label="today")
        return f"today {state['today']}"
    # damage-cache
    path = cache_path(root)
    if not path.is_file():
        return "damage-cache: no cache yet"
    raw = path.read_bytes()
    how = data.draw(st.sampled_from(["truncate", "flip", "empty", "delete"]), label="damage")
    if how == "truncate" and raw:
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1), label="length")])
    elif how == "flip" and raw:
        path.write_bytes(flip(raw, data.draw(st.integers(0, len(raw) - 1), label="at")))
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    return f"damage-cache {how}"
