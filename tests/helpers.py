"""Builders the tests share: contacts built as values, the installed script, the files of a
vault, git in a folder, the pinned day. Fixtures (which pytest injects) stay in conftest.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

from network_md.core.model import Contact, Entries, Entry

TODAY = date(2026, 11, 27)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REAL_WORLD = SHARED / "real-world"

# On TODAY: Pat has two due plans and is overdue (inner circle, last touch 2026-11-01), Bo has
# one due plan. The agenda: Pat's plans, Bo's plan, then Pat's reach-out.
PLANNED = {
    "people/pat.md": "---\nname: Pat\ncircle: inner\n---\n## Log\n- 2026-11-01 met: old coffee\n"
    "- [ ] 2026-11-20 asked: an intro\n- [ ] 2026-11-25 met: lunch next week\n",
    "people/bo.md": "---\nname: Bo\n---\n## Log\n- [ ] 2026-11-26 gave: the book\n",
}
PLANNED_AGENDA = ["an intro", "lunch next week", "the book", "Pat"]  # a text of each item


def vault_bytes(root: Path) -> dict[str, bytes]:
    """Every file's bytes under root, except the cache folder: to prove nothing was written."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".network-md" not in p.relative_to(root).parts
    }


def script_path() -> str:
    """The installed `network-md` console script next to this Python."""
    found = Path(sys.executable).with_name("network-md")
    return str(found) if found.exists() else (shutil.which("network-md") or "network-md")


def run_script(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed command on the vault `root` with today pinned, in its own process, as a
    user runs it (the cache on disk); its output as text."""
    return subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def real_people() -> dict[str, bytes]:
    """The real Obsidian people notes as a vault's files, `people/` + their path in
    REAL_WORLD/obsidian-people; empty when the samples are not on this machine."""
    folder = REAL_WORLD / "obsidian-people"
    if not folder.is_dir():
        return {}
    return {
        f"people/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*.md"))
    }


def age(root: Path, seconds: int = 3600) -> None:
    """Every file (but the cache) modified `seconds` ago: no longer racy, so the cache trusts it."""
    when = time.time_ns() - seconds * 1_000_000_000
    for p in root.rglob("*"):
        if p.is_file() and ".network-md" not in p.relative_to(root).parts:
            os.utime(p, ns=(when, when))


# --- Contact values built directly (for the analysis and the rules) ------------------------------


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def o(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def contact(
    log=(),
    *,
    path="people/ada.md",
    name=None,
    circle=None,
    cadence="none",
    snooze_until=None,
    aliases=(),
    fields=None,
):
    """A Contact from [("2026-11-13", "asked"), ("2026-11-14", "gave", 15), ...]; a row with a
    text, ("2026-11-14", "got", None, "met [[Ben]]"), is an entry that links, as parsed.

    cadence defaults to "none" so that `overdue` stays out of tests about other rules."""
    items = [(o(row[0]), row[1], row[2] if len(row) > 2 else None) for row in log]
    return Contact(
        path=path,
        name=name or PurePosixPath(path).stem.title(),
        aliases=tuple(aliases),
        tags=(),
        circle=circle,
        cadence=cadence,
        snooze_until=None if snooze_until is None else o(snooze_until),
        snooze_why=None,
        fields=fields or {},
        entries=Entries.of(items),
        log=None,
        linked=tuple(
            Entry(o(row[0]), row[1], row[1], row[2], row[3], i + 1, path=path)
            for i, row in enumerate(log)
            if len(row) > 3 and "[[" in row[3]
        ),
    )


# --- running as an unprivileged user ---------------------------------------------------------------


def as_unprivileged(fn):
    """fn() as an unprivileged user: in place, or in a forked child that drops to `nobody`
    (65534) when running as root, where permissions are not enforced. Returns fn's JSON-able
    result, or skips with the reason."""
    import pytest

    if os.geteuid() != 0:
        return fn()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(r)
        try:
            try:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            except OSError as exc:
                payload = {"skip": f"running as root and cannot drop to uid 65534: {exc}"}
            else:
                payload = {"ok": fn()}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            payload = {"error": f"{type(exc).__name__}: {exc}"}
        data = json.dumps(payload).encode()
        while data:
            data = data[os.write(w, data) :]
        os._exit(0)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 65536):
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    payload = json.loads(b"".join(chunks) or b'{"error": "the child said nothing"}')
    if "skip" in payload:
        pytest.skip(payload["skip"])
    assert "error" not in payload, payload["error"]
    return payload["ok"]


def open_copy(vault: Path, into: Path) -> Path:
    """A copy of the vault in `into` (an `open_dir`), its root and people/ writable by every
    user: only the permission the test sets then stops a write."""
    root = into / "vault"
    shutil.copytree(vault, root)
    for folder in (root, root / "people"):
        os.chmod(folder, 0o777)
    return root


# --- git -------------------------------------------------------------------------------------------


def git(root: Path, *args: str, check: bool = True) -> str:
    """`git -C root ARGS`'s stdout; raises when it fails unless `check` is false."""
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout
