"""Shared fixtures: vaults built on disk in tmp folders, the CLI run for real, `today` pinned."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from network_md.cli.main import cli
from network_md.core.model import Contact, Entries, Entry

TODAY = date(2026, 11, 27)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REAL_WORLD = SHARED / "real-world"
_counter = itertools.count()

# On TODAY: Pat has two due plans and is overdue (inner circle, last touch 2026-11-01), Bo has
# one due plan. The agenda: Pat's plans, Bo's plan, then Pat's reach-out.
PLANNED = {
    "people/pat.md": "---\nname: Pat\ncircle: inner\n---\n## Log\n- 2026-11-01 met: old coffee\n"
    "- [ ] 2026-11-20 asked: an intro\n- [ ] 2026-11-25 met: lunch next week\n",
    "people/bo.md": "---\nname: Bo\n---\n## Log\n- [ ] 2026-11-26 gave: the book\n",
}
PLANNED_AGENDA = ["an intro", "lunch next week", "the book", "Pat"]  # a text of each item


@pytest.fixture
def make_vault(tmp_path):
    """make_vault({"people/ada.md": "...", ...}, config="...") -> the vault's root folder.

    `config=None` writes no config file. Values may be str (written as UTF-8, as is) or bytes."""

    def make(files: dict | None = None, config: str | None = "contacts: [people]\n") -> Path:
        root = tmp_path / f"vault{next(_counter)}"
        root.mkdir()
        if config is not None:
            (root / ".network-md.yaml").write_text(config, encoding="utf-8")
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
        return root

    return make


@pytest.fixture
def run():
    """run(vault, "status", "--json", today="2026-11-27") -> click Result (stdout, stderr apart)."""

    def invoke(
        vault: Path | None, *args: str, today: str | None = TODAY.isoformat(), env=None, input=None
    ):
        argv = []
        if vault is not None:
            argv += ["--vault", str(vault)]
        if today is not None:
            argv += ["--today", today]
        argv += list(args)
        runner = CliRunner()
        return runner.invoke(cli, argv, env=env, input=input, catch_exceptions=False)

    return invoke


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
    fields=None,
    aliases=(),
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


# --- git -------------------------------------------------------------------------------------------


@pytest.fixture
def git_identity(tmp_path, monkeypatch):
    """git that runs the same on any machine: an identity, no system or user config (HOME is a
    tmp folder), no signing; for this process and every process it starts."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    for key, value in {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Person",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test Person",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    return home


def git(root: Path, *args: str, check: bool = True) -> str:
    """`git -C root ARGS`'s stdout; raises when it fails unless `check` is false."""
    import subprocess

    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


# --- a large generated vault ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def big_vault(tmp_path_factory) -> Path:
    """A vault of 10,000 generated contacts (bench/generate.py), built once per test run."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path_factory.mktemp("big") / "vault"
    generate(root, 10_000, seed=1)
    return root


def age(root: Path, seconds: int = 3600) -> None:
    """Every file (but the cache) modified `seconds` ago: no longer racy, so the cache trusts it."""
    when = time.time_ns() - seconds * 1_000_000_000
    for p in root.rglob("*"):
        if p.is_file() and ".network-md" not in p.relative_to(root).parts:
            os.utime(p, ns=(when, when))
