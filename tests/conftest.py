"""Shared fixtures: vaults built on disk in tmp folders, the CLI run for real, `today` pinned."""

from __future__ import annotations

import itertools
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from network_md.cli import cli

TODAY = date(2026, 11, 27)
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REAL_WORLD = SHARED / "real-world"
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
