"""The CLI's own layer: what reaches stdout and stderr (through the installed script and
click's runner), global options anywhere, name order, the vault's problems and an empty vault
said plainly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import REAL_WORLD, TODAY, script_path, vault_bytes

from network_md.cli import cli

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


ADA = "---\nname: Ada Lovelace\ncircle: close\n---\n## Log\n- 2026-11-20 gave: an article\n"


def bare(*args: str, env=None):
    """The CLI with exactly these arguments (no --vault or --today put in front)."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


# --- global options after the command ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--json"],
        ["today", "--json"],
        ["flags", "--json"],
        ["list", "--json"],
        ["show", "ada", "--json"],
        ["check", "--json"],
        ["export", "--format", "json"],
    ],
    ids=lambda a: a[0],
)
def test_vault_and_today_may_follow_any_reading_command(make_vault, args):
    root = make_vault({"people/ada.md": ADA})
    before = bare("--vault", str(root), "--today", "2026-11-27", *args)
    after = bare(*args, "--vault", str(root), "--today", "2026-11-27", "--no-cache")
    between = bare(args[0], "--today", "2026-11-27", "--vault", str(root), *args[1:])
    assert before.exit_code == after.exit_code == between.exit_code == 0, after.stderr
    assert before.stdout == after.stdout == between.stdout


def test_no_cache_after_the_command_leaves_the_cache_alone(make_vault):
    root = make_vault({"people/ada.md": ADA})
    for args in (["status"], ["show", "ada"], ["list", "--json"]):
        assert bare(*args, "--no-cache", "--vault", str(root)).exit_code == 0
    assert not (root / ".network-md").exists()
    assert bare("status", "--vault", str(root)).exit_code == 0
    assert (root / ".network-md").is_dir()  # without it, the cache is made


def test_today_after_the_command_is_the_evaluation_day(make_vault):
    root = make_vault({"people/ada.md": ADA})
    data = json.loads(
        bare("status", "--json", "--vault", str(root), "--today", "2026-12-24").stdout
    )
    assert data["today"] == "2026-12-24"
    late = bare("status", "--today", "2026-13-01", "--vault", str(root))
    assert late.exit_code == 2 and "--today" in late.stderr


def test_global_options_follow_writing_commands_and_subcommands(make_vault, tmp_path):
    root = make_vault({"people/ada.md": ADA})
    r = bare("log", "ada", "met", "lunch", "--vault", str(root), "--today", "2026-11-27")
    assert r.exit_code == 0, r.stderr
    assert "- 2026-11-27 met: lunch" in (root / "people/ada.md").read_text()
    r = bare("gave", "ada", "a", "book", "--today", "2026-11-26", "--vault", str(root))
    assert "- 2026-11-26 gave: a book" in (root / "people/ada.md").read_text()
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Company,Position,Connected On\nGrace,Hopper,,,,\n")
    r = bare("import", "linkedin", str(csv), "--dry-run", "--vault", str(root))
    assert r.exit_code == 0, r.stderr
    assert "would be created" in r.stderr


def test_the_installed_script_takes_them_after_the_command(make_vault):
    root = make_vault({"people/ada.md": ADA})
    done = subprocess.run(
        [script_path(), "status", "--today", "2026-11-27", "--vault", str(root), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["today"] == "2026-11-27"


def test_help_says_where_global_options_may_go():
    assert "May also follow the command" in bare("--help").stdout
    for command in (["status"], ["log"], ["import", "linkedin"]):
        text = bare(*command, "--help").stdout
        assert "--vault PATH" in text and "--today" in text and "as before the command" in text


# --- names sort as a reader expects ----------------------------------------------------------

NAMES = ["Zoë Quinn", "Ömer Çelik", "omar Ali", "Émile Zola", "Ada Lovelace", "Łukasz Nowak"]
ORDER = ["Ada Lovelace", "Émile Zola", "Łukasz Nowak", "omar Ali", "Ömer Çelik", "Zoë Quinn"]


@pytest.fixture
def people(make_vault):
    return make_vault({f"people/p{i}.md": f"# {n}\n" for i, n in enumerate(NAMES)})


def test_list_sorts_names_folded(people, run):
    rows = json.loads(run(people, "list", "--json").stdout)["contacts"]
    assert [c["name"] for c in rows] == ORDER
    text = run(people, "list").stdout
    assert [n for n in sorted(NAMES, key=text.index)] == ORDER


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_export_sorts_names_folded(people, run, fmt):
    out = run(people, "export", "--format", fmt).stdout
    assert sorted(NAMES, key=out.index) == ORDER


# --- bad input: one line, the right code ------------------------------------------------------


def test_export_without_format_is_one_line(make_vault, run):
    root = make_vault({"people/ada.md": ADA})
    r = run(root, "export")
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "--format" in r.stderr and "json" in r.stderr and "csv" in r.stderr


def test_vault_naming_a_file_says_it_is_a_file(tmp_path):
    afile = tmp_path / "notes.md"
    afile.write_text("# notes\n")
    for args in (["--vault", str(afile), "status"], ["status", "--vault", str(afile)]):
        r = bare(*args)
        assert r.exit_code == 2
        assert "is a file" in r.stderr and "init" not in r.stderr, r.stderr
    r = bare("status", env={"NETWORK_MD_VAULT": str(afile)})
    assert r.exit_code == 2 and "is a file" in r.stderr and "NETWORK_MD_VAULT" in r.stderr
    assert afile.read_text() == "# notes\n"


def test_a_missing_vault_folder_still_suggests_init(tmp_path):
    r = bare("--vault", str(tmp_path / "nowhere"), "status")
    assert r.exit_code == 2 and "network-md init" in r.stderr


def test_reading_commands_write_nothing_in_the_vault(make_vault, run):
    root = make_vault({"people/ada.md": ADA})
    before = vault_bytes(root)
    for args in (["status"], ["list"], ["show", "ada"], ["today"], ["flags"], ["check"]):
        run(root, *args)
    assert vault_bytes(root) == before


# --- a vault with nobody in it says so, and says why --------------------------------------------


def test_a_missing_contacts_folder_is_named_by_check_and_status(make_vault, run):
    root = make_vault({"people/ada.md": ADA}, config="contacts: [peeple]\n")
    check = run(root, "check")
    assert check.exit_code == 0  # a warning, not an error
    assert ".network-md.yaml: warning: contacts: the folder 'peeple' does not exist" in check.stdout
    status = run(root, "status")
    assert "'peeple' does not exist" in status.stderr
    assert "good shape" not in status.stdout and "Nobody here yet" in status.stdout
    data = json.loads(run(root, "status", "--json").stdout)
    assert data["contacts"] == 0
    assert any("'peeple' does not exist" in p["message"] for p in data["problems"])
    listed = run(root, "list")
    assert "warning" in listed.stderr  # every reading command says there is a problem


def test_an_empty_vault_is_not_in_good_shape(make_vault, run):
    root = make_vault({}, config="contacts: [people]\n")
    (root / "people").mkdir()
    status = run(root, "status")
    assert status.exit_code == 0
    assert "Nobody here yet" in status.stdout and "good shape" not in status.stdout
    assert status.stderr == ""  # the folder is there: nothing to warn about
    one = make_vault({"people/ada.md": "# Ada\n"})
    assert "good shape" in run(one, "status").stdout


# --- real notes: names typed as a keyboard types them -------------------------------------------

DEMO = REAL_WORLD / "obsidian-people" / "vcf-contacts-demo"


@pytest.fixture
def demo(tmp_path):
    if not DEMO.is_dir():
        pytest.skip("the real-world notes are not here")
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root / "people")  # a copy: the originals are never written
    return root


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("liam o'reilly", "Liam O’Reilly"),
        ("liam oreilly", "Liam O’Reilly"),
        ("india gate 1931", "India Gate (1931)"),
        ("伟 李", "伟 李"),
        ("anya", "Anya Volkova"),
        ("people/Bruce Wayne.md", "Bruce Wayne"),
    ],
)
def test_real_notes_are_found_as_typed(demo, run, typed, name):
    r = run(demo, "show", typed, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["name"] == name
    before = vault_bytes(demo)
    assert run(demo, "met", typed, "coffee").exit_code == 0
    changed = {p for p in before if before[p] != vault_bytes(demo)[p]}
    assert changed == {json.loads(r.stdout)["path"]}


def test_real_notes_sort_folded(demo, run):
    names = [c["name"] for c in json.loads(run(demo, "list", "--json").stdout)["contacts"]]
    assert names == [
        "Anya Volkova",
        "Bruce Wayne",
        "India Gate (1931)",
        "kite surf spot zandmotor",
        "Liam O’Reilly",
        "伟 李",
    ]
