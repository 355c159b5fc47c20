"""The CLI's own layer: what reaches stdout and stderr, through the installed script."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import TODAY, script_path

READING = [
    ["status"],
    ["status", "--json"],
    ["list"],
    ["list", "--json"],
    ["show", "caf"],
    ["show", "caf", "--json"],
    ["check"],
    ["check", "--json"],
    ["flags"],
    ["today"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "vcard"],
]


def strict_env() -> dict:
    """A UTF-8 locale as on most machines: Python's stdout encodes strictly there."""
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    env["PYTHONIOENCODING"] = "utf-8:strict"
    return env


def invoke(root, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), *args],
        capture_output=True,
        env=env or strict_env(),
        timeout=60,
    )


@pytest.mark.parametrize("name", [b"caf\xe9.md", b"caf\xff\xfe.md", b"caf\xc3.md"])
@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_file_name_that_is_not_utf8_is_shown_with_replacement_characters(make_vault, name, args):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    path = os.path.join(os.fsencode(root), b"people", name)
    with open(path, "wb") as fh:
        fh.write(b"## Log\n- 2026-11-20 gave: x\n- 2026-02-30 got: an impossible day\n")
    done = invoke(root, *args)
    assert done.returncode in (0, 1), done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    out = done.stdout.decode("utf-8")  # valid UTF-8, whatever the name held
    done.stderr.decode("utf-8")
    if args[-1] == "--json" or args[-1] == "json":
        json.loads(out)
    if args[0] in ("list", "check", "export") or args[0] == "show":
        assert "caf\ufffd" in out + done.stderr.decode("utf-8")


@pytest.mark.parametrize(
    "name",
    ["ok\nforged.md: error: fake", "ok\rforged", "ok\x1b[2Jforged", "ok\u2028forged", "ok\x85x"],
)
def test_a_control_character_in_a_file_name_never_forges_a_line_of_check(make_vault, name):
    root = make_vault({f"people/{name}.md": "## Log\n- 2026-02-30 got: bad\n"})
    done = invoke(root, "check")
    assert done.returncode == 1
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("people/ok")
    assert lines[0].endswith(": error: impossible date 2026-02-30; this entry is left out")
    assert "\x1b" not in lines[0]
    shown = invoke(root, "show", "ok").stderr.decode("utf-8").splitlines()
    assert len([line for line in shown if "impossible" in line]) == 1


def test_commits_of_a_file_whose_name_is_not_utf8(make_vault, tmp_path):
    root = make_vault()
    git_env = {**strict_env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t"}
    git_env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    name = os.path.join(os.fsencode(root), b"people", b"ada-l\xe9.md")
    os.makedirs(os.path.dirname(name), exist_ok=True)
    with open(name, "wb") as fh:
        fh.write(
            b"---\nname: Ada Lovelace\nlinkedin: https://www.linkedin.com/in/ada\n"
            b"company: Old Co\nrole: Engineer\n---\n## Log\n"
        )
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,New Co,Boss,01 Jan 2024\n",
        "utf-8",
    )
    for args in (
        ["import", "linkedin", str(csv), "--update", "--commit"],
        ["log", "ada", "met", "--commit"],
    ):
        done = invoke(root, *args, env=git_env)
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    log = subprocess.run(
        ["git", "-C", str(root), "log", "--name-only", "--format=%s"], capture_output=True
    )
    assert log.stdout.count(b"people/") == 2, log.stdout


def test_an_error_naming_a_file_is_one_line_whatever_the_name_holds(make_vault, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text("# Ada\n", "utf-8")
    root = make_vault()
    (root / "people").mkdir()
    (root / "people/ada\nnetwork-md: forged\x1b[2J.md").symlink_to(outside / "x.md")
    done = invoke(root, "log", "ada", "met")
    assert done.returncode == 1
    err = done.stderr.decode("utf-8")
    assert len(err.splitlines()) == 1 and "outside the vault" in err and "\x1b" not in err


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["report"]])
def test_output_files_hold_names_that_are_not_utf8_as_replacement_characters(
    make_vault, tmp_path, command
):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    with open(os.path.join(os.fsencode(root), b"people", b"caf\xe9.md"), "wb") as fh:
        fh.write(b"## Log\n- 2026-11-20 gave: x\n")
    out = tmp_path / "out"
    done = invoke(root, *command, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "caf\ufffd" in out.read_bytes().decode("utf-8")


@pytest.mark.parametrize("command", [["export", "--format", "json"], ["report"]])
def test_output_to_a_fifo_is_refused_not_a_hang(make_vault, tmp_path, command):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    done = invoke(root, *command, "--output", str(fifo))
    assert done.returncode == 2 and b"not a regular file" in done.stderr
    assert fifo.is_fifo()
