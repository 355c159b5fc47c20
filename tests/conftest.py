"""Shared fixtures: vaults built on disk in tmp folders, the CLI run for real, `today` pinned."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO, TODAY

from network_md.cli.main import cli

_counter = itertools.count()


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


@pytest.fixture
def open_dir():
    """A folder under the system temp dir that every user may reach and write in (tmp_path's
    parents are closed to other users: a test that drops to `nobody` works here); removed
    afterwards, whatever permissions the test left inside."""
    base = Path(tempfile.mkdtemp(prefix="network-md-open-"))
    os.chmod(base, 0o777)
    yield base
    for p in [base, *base.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            os.chmod(p, 0o755)
    shutil.rmtree(base, ignore_errors=True)


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


# --- a large generated vault ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def big_vault(tmp_path_factory) -> Path:
    """A vault of 10,000 generated contacts (bench/generate.py), built once per test run."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path_factory.mktemp("big") / "vault"
    generate(root, 10_000, seed=1)
    return root
