"""The docs tell the truth: docs/cli.md matches `--help`, the rules' worked example holds,
and README's commands and outputs are real.

Regenerate docs/cli.md's help blocks with: NETWORK_MD_UPDATE_DOCS=1 pytest tests/test_docs.py
"""

from __future__ import annotations

import json
import os
import re

import click
import pytest
from click.testing import CliRunner
from helpers import REPO

from network_md.cli.main import cli

CLI_MD = REPO / "docs" / "cli.md"
BLOCK = re.compile(
    r"<!-- help: (?P<name>[^>]*?) -->\n```text\n(?P<body>.*?)```\n<!-- /help -->", re.S
)


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    """Every command path under the group, the group itself first."""
    yield prefix
    ctx = click.Context(group, info_name="network-md")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="network-md", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_md_has_every_command_with_its_current_help():
    text = CLI_MD.read_text(encoding="utf-8")
    expected = {" ".join(p): help_text(p) for p in all_commands()}
    if os.environ.get("NETWORK_MD_UPDATE_DOCS"):

        def fill(m):
            return f"<!-- help: {m['name']} -->\n```text\n{expected[m['name']]}```\n<!-- /help -->"

        text = BLOCK.sub(fill, text)
        CLI_MD.write_text(text, encoding="utf-8")
    found = {m["name"]: m["body"] for m in BLOCK.finditer(text)}
    missing = sorted(set(expected) - set(found))
    assert not missing, f"docs/cli.md lacks a help block for: {missing}"
    stale = sorted(name for name in expected if found[name] != expected[name])
    assert not stale, (
        f"docs/cli.md is out of date for {stale}: NETWORK_MD_UPDATE_DOCS=1 pytest tests/test_docs.py"
    )
    unknown = sorted(set(found) - set(expected))
    assert not unknown, f"docs/cli.md documents commands that do not exist: {unknown}"


ADA = """---
name: Ada Lovelace
circle: close
---
## Log
- 2026-10-02 asked: restaurant tip for Lisbon
- 2026-10-02 got: three places and a table booked for me
- 2026-10-03 thanked (5m): postcard from Lisbon
- 2026-11-20 gave (20m): sent the structured-interviews article, with a note on her team
"""


def test_rules_worked_example_holds(make_vault, run):
    vault = make_vault({"people/ada-lovelace.md": ADA})
    data = json.loads(run(vault, "show", "ada", "--json").stdout)
    assert (data["relationship"], data["familiarity"], data["trust"], data["flags"]) == (
        "network",
        51,
        50,
        [],
    )
    assert (
        data["given"],
        data["received"],
        data["thanks_given"],
        data["asks"],
        data["balance"],
    ) == (1, 1, 1, 1, 0)
    later = json.loads(run(vault, "show", "ada", "--json", today="2026-12-21").stdout)
    assert later["flags"] == ["overdue"] and later["familiarity"] == 48
    flag = json.loads(run(vault, "flags", "--json", today="2026-12-21").stdout)["flags"][0]
    assert flag["since"] == "2026-12-21"
    rules_md = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "**51**" in rules_md and "**50**" in rules_md and "familiarity 48" in rules_md


def test_readme_opens_with_the_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    first, second = blocks[0], blocks[1]
    assert "pip install" in first and "example-vault" in first and "status" in first
    assert "pip install" in second and "[test]" in second and "pytest" in second
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in ci and "[test]" in ci


@pytest.mark.parametrize("command", ["status", "today", "flags"])
def test_readme_shows_real_output_of_example_vault(command, run):
    """Each `network-md ... COMMAND` output block in the README is what the command prints now."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pattern = re.compile(
        r"\$ network-md --vault example-vault --today 2026-11-27 " + command + r"\n(.*?)```", re.S
    )
    m = pattern.search(readme)
    assert m, f"README.md shows no output of `{command}`"
    result = run(REPO / "example-vault", command, today="2026-11-27")
    assert result.stdout.rstrip("\n") == m[1].rstrip("\n")


def test_every_command_is_listed_in_the_lazy_table():
    """`--help` lists COMMANDS without importing the command modules: the table must be complete."""
    import importlib

    from network_md.cli.main import COMMANDS

    for module in {m for m, _ in COMMANDS.values()}:
        importlib.import_module(f"network_md.cli.{module}")
    assert set(cli.commands) == set(COMMANDS)


def test_help_imports_no_command_module_and_no_parser():
    """Import discipline (start-up time): `--help` and a warm `status` load no yaml, frontmatter,
    watchdog, vobject or icalendar."""
    import subprocess
    import sys

    code = (
        "import sys; from network_md.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'frontmatter', 'watchdog', 'vobject', 'icalendar') or m in "
        "('network_md.cli.write', 'network_md.cli.exchange', 'network_md.cli.watch', 'network_md.format.parse', "
        "'network_md.cli.calendar', 'network_md.render.calendar', 'network_md.analysis.selection', "
        "'network_md.core.names')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_warm_status_imports_no_parser(make_vault):
    import subprocess
    import sys

    from helpers import script_path

    vault = make_vault({"people/ada.md": ADA})
    old = 1_600_000_000
    os.utime(vault / "people/ada.md", (old, old))  # not "just modified": the cache trusts it
    status = [script_path(), "--vault", str(vault), "--today", "2026-11-27", "status"]
    subprocess.run(status, capture_output=True, check=True)  # builds the cache
    code = (
        "import sys, runpy\n"
        f"sys.argv = {status!r}\n"
        "from network_md.cli.main import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'frontmatter', 'watchdog', 'icalendar') or m == 'network_md.render.calendar'))"
    )
    # cwd: the vault, so this Python imports the same installed network_md as the script did
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=vault
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


# --- the config's table in docs/format.md is the settings table itself ---------------------------

FORMAT_MD = REPO / "docs" / "format.md"
SETTINGS_BLOCK = re.compile(r"(<!-- settings -->\n)(.*?)(<!-- /settings -->)", re.S)


def settings_table() -> str:
    """docs/format.md's table of config keys, made from the table the parser reads."""
    from network_md.format.config import SETTINGS, as_yaml

    rows = ["| key | value | default | what it means |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "not set" if s.default is None else f"`{as_yaml(s.default)}`"
        rows.append(f"| `{s.key}` | {s.kind.says} | {default} | {s.doc} |")
    return "\n".join(rows) + "\n"


def test_format_md_lists_every_config_key_as_the_parser_knows_it():
    text = FORMAT_MD.read_text(encoding="utf-8")
    expected = settings_table()
    if os.environ.get("NETWORK_MD_UPDATE_DOCS"):
        text = SETTINGS_BLOCK.sub(lambda m: m[1] + expected + m[3], text)
        FORMAT_MD.write_text(text, encoding="utf-8")
    found = SETTINGS_BLOCK.search(text)
    assert found, "docs/format.md lacks its <!-- settings --> table"
    assert found[2] == expected, (
        "docs/format.md's config table is out of date: NETWORK_MD_UPDATE_DOCS=1 pytest tests/test_docs.py"
    )
