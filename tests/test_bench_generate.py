"""bench/generate.py as a command: help, wrong arguments, a real small vault."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import REPO

GENERATE = str(REPO / "bench" / "generate.py")


def generate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, GENERATE, *args], capture_output=True, text=True)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_usage_without_a_traceback(flag):
    done = generate(flag)
    assert done.returncode == 0 and "usage: bench/generate.py [-h] ROOT N [SEED]" in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize("args", [[], ["only-a-root"], ["root", "many"], ["root", "-3"]])
def test_wrong_arguments_are_one_usage_error(args, tmp_path):
    done = generate(*[str(tmp_path / a) if a.endswith("root") else a for a in args])
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "error:" in done.stderr.splitlines()[-1]


def test_it_writes_the_vault_it_is_asked_for(tmp_path):
    done = generate(str(tmp_path / "v"), "5", "7")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "v" / "people").rglob("*.md"))) == 5
