"""The reading commands as a user sees them: agenda length, widths, colour, what reaches a
terminal; and the CLI's own layer: what reaches stdout and stderr (through the installed script
and click's runner), global options anywhere, name order, the vault's problems and an empty
vault said plainly."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
import unicodedata

import pytest
import wcwidth
from click.testing import CliRunner
from helpers import REAL_WORLD, TODAY, real_people, script_path, vault_bytes

from network_md.cli.main import cli

# --- today: at most daily.items, and how many more ------------------------------------------------


def _many(make_vault, n: int, items: int | None = None):
    config = "contacts: [people]\n" + (f"daily: {{items: {items}}}\n" if items else "")
    files = {
        f"people/p{i:02d}.md": f"## Log\n- 2026-11-{10 + i % 15:02d} got: x\n" for i in range(n)
    }
    return make_vault(files, config=config)


@pytest.mark.parametrize(("n", "items"), [(14, None), (5, None), (3, 2), (1, 1)])
def test_today_shows_daily_items_and_says_how_many_more(make_vault, run, n, items):
    root = _many(make_vault, n, items)
    limit = items or 5
    data = json.loads(run(root, "today", "--json").stdout)
    assert len(data["items"]) == min(n, limit) and data["more"] == max(0, n - limit)
    text = run(root, "today").stdout
    more = f"… and {n - limit} more: `network-md today --all`"
    assert (more in text) == (n > limit)
    markdown = run(root, "today", "--markdown").stdout
    assert (more in markdown) == (n > limit)
    every = json.loads(run(root, "today", "--all", "--json").stdout)
    assert len(every["items"]) == n and every["more"] == 0
    assert "more:" not in run(root, "today", "--all").stdout


def test_status_counts_and_today_agree(make_vault, run):
    root = _many(make_vault, 14)
    status = json.loads(run(root, "status", "--json").stdout)
    every = json.loads(run(root, "today", "--all", "--json").stdout)
    assert status["flags"]["nudge"] == len(every["items"]) == 14


# --- one wording for the streak ---------------------------------------------------------------------


def test_no_streak_has_one_wording_in_text_markdown_and_dashboard(make_vault, run, tmp_path):
    from network_md.analysis.summary import build, view
    from network_md.format.config import DEFAULT
    from network_md.render.dashboard import render_dashboard

    root = make_vault({"people/a.md": "## Log\n- 2026-01-01 got: x\n"})
    for args in (["status"], ["today"], ["today", "--markdown"], ["report"]):
        out = run(root, *args).stdout
        assert "no streak yet" in out and "0-day" not in out and "streak is 0" not in out
    dashboard = render_dashboard(view(build({}, TODAY.toordinal(), ""), DEFAULT), DEFAULT, [])
    assert "no streak yet" in dashboard and "0-day" not in dashboard
    root2 = make_vault({"people/a.md": "## Log\n- 2026-11-27 got: x\n"})
    assert "1-day streak" in run(root2, "today", "--markdown").stdout


# --- tables: display width, cut to COLUMNS ----------------------------------------------------------

NAMES = {
    "people/li.md": "伟 李",  # CJK: two columns each
    "people/zoe.md": "Zoe 🚀 Rocket",  # an emoji: two columns
    "people/amelie.md": unicodedata.normalize("NFD", "Amélie Poulain"),  # macOS: e + U+0301
    "people/long.md": "Maximilian Alexander von Hohenzollern-Sigmaringen " * 3,
    "people/ann.md": "Ann",
}


@pytest.fixture
def wide_vault(make_vault):
    files = {}
    for path, name in NAMES.items():
        files[path] = (
            f"---\nname: {json.dumps(name, ensure_ascii=False)}\ncompany: 竹语科技有限公司 🌱 Ünïcödé\n---\n## Log\n"
            "- 2026-11-01 gave: 三件事 🚀 and a very long text that goes on and on and on\n"
            "- 2026-11-02 gave: x\n- 2026-11-03 gave: y\n- 2026-11-20 got: thanks 谢谢\n"
            "- 2026-11-26 asked-me: a review of the CV, é\u0301 and more text to fill a line\n"
        )
    return make_vault(files)


def _columns(line: str) -> int:
    return wcwidth.width(line)


COMMANDS = [["list"], ["flags"], ["status"], ["today"], ["show", "zoe"], ["show", "li"]]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("columns", [60, 200])
def test_every_line_fits_columns_by_display_width(wide_vault, run, command, columns):
    r = run(wide_vault, *command, env={"COLUMNS": str(columns)})
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines and max(_columns(line) for line in lines) <= columns
    if columns == 200 and command == ["list"]:
        # nothing needs cutting at 200 but the long name: the CJK name is whole, aligned
        assert any("伟 李" in line for line in lines)


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_list_columns_align_by_display_width(wide_vault, run, columns):
    lines = run(wide_vault, "list", env={"COLUMNS": str(columns)}).stdout.splitlines()
    rows = lines[1 : 1 + len(NAMES)]
    header = lines[0]
    start = _columns(header[: header.index("RELATIONSHIP")])
    for row in rows:
        # the relationship column starts at the same display column on every row
        rel = next(r for r in ("one-way", "network", "receiving") if r in row)
        assert _columns(row[: row.index(rel)]) == start, row


def test_long_cells_are_cut_with_an_ellipsis_not_wrapped(wide_vault, run):
    out = run(wide_vault, "list", env={"COLUMNS": "60"}).stdout
    assert "…" in out and "Maximilian" in out and "Sigmaringen Maximilian" not in out
    assert "伟 李" in out and "Amélie Poulain"[:6] in unicodedata.normalize("NFC", out)
    assert len(out.splitlines()) == len(NAMES) + 1  # a header and the rows: no row wraps
    assert "THANKS" not in out  # a column that does not fit goes whole, legend with it


def test_without_columns_a_pipe_gets_whole_lines(wide_vault):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    r = subprocess.run(
        [script_path(), "--vault", str(wide_vault), "--today", TODAY.isoformat(), "list"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "Sigmaringen Maximilian" in r.stdout and "…" not in r.stdout


def test_list_explains_its_thanks_column(wide_vault, run):
    lines = run(wide_vault, "list").stdout.splitlines()
    assert "THANKS ↑↓" in lines[0]
    assert lines[-1].startswith("THANKS: ↑ you thanked them, ↓ they thanked you")


# --- colour: only on a terminal, never with NO_COLOR or TERM=dumb ---------------------------------


def _on_a_terminal(args: list[str], env: dict) -> bytes:
    """stdout and stderr of the installed command run on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [script_path(), *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    out = b""
    deadline = time.monotonic() + 60  # a loaded machine is slow, not wrong
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command has exited and its terminal is gone
            break
        if not chunk:
            break
        out += chunk
    proc.wait(10)
    os.close(leader)
    return out


@pytest.mark.parametrize("command", [["status"], ["list"], ["today"], ["flags"], ["show", "ann"]])
@pytest.mark.parametrize(
    ("extra", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, False), ({"TERM": "dumb"}, False)],
)
def test_colour_only_on_a_terminal_and_never_when_asked_not_to(
    wide_vault, command, extra, coloured
):
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200", **extra}
    env.pop("NO_COLOR", None) if "NO_COLOR" not in extra else None
    args = ["--vault", str(wide_vault), "--today", TODAY.isoformat(), *command]
    out = _on_a_terminal(args, env)
    assert out, "the command printed nothing"
    assert (b"\x1b[" in out) == coloured
    piped = subprocess.run([script_path(), *args], capture_output=True, env=env)
    assert b"\x1b" not in piped.stdout + piped.stderr


# --- nothing a file holds drives the terminal --------------------------------------------------------

EVIL = "\x1b]52;c;ZWNobyBvd25lZAo=\x07Mallory\x1b[2J\x9b31m\u202eEvil\tTab\nLine"


def test_escape_sequences_in_an_imported_vcard_never_reach_the_terminal(make_vault, tmp_path):
    card = tmp_path / "evil.vcf"
    card.write_bytes(
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:{EVIL.replace(chr(10), chr(92) + 'n')}\r\n"
            f"ORG:{EVIL[:20]} Corp\r\nNICKNAME:\x1b[31mred\r\nCATEGORIES:x\x1b]0;t\x07y\r\n"
            "END:VCARD\r\n"
        ).encode()
    )
    root = make_vault({})
    cmd = [script_path(), "--vault", str(root), "--today", TODAY.isoformat()]
    assert subprocess.run([*cmd, "import", "vcard", str(card)], capture_output=True).returncode == 0
    (path,) = (root / "people").glob("*.md")
    rel = path.relative_to(root).as_posix()
    with path.open("a", encoding="utf-8") as fh:  # a flag for every reading command to show
        fh.write(f"- 2026-11-20 got: {EVIL[:12]} tip\n- [ ] 2026-11-21 met: \x1b[5mplan\n")
    writes = (["gave", "mallory", "a tip"], ["done", "mallory"], ["show", "evil"])  # evil: 2 match
    for args in (
        ["list"],
        ["show", "mallory"],
        ["flags"],
        ["today"],
        ["status"],
        ["check"],
        *writes,
    ):
        r = subprocess.run([*cmd, *args], capture_output=True, env={**os.environ, "COLUMNS": "300"})
        out = (r.stdout + r.stderr).decode("utf-8")
        assert r.returncode == (2 if args == ["show", "evil"] else 0), out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, (args, out)
        assert "\u202e" not in out
        if args != ["check"]:
            assert "Mallory" in out, (args, out)
        if args == ["status"]:  # a second contact for the ambiguous NAME below
            (root / "people/zed.md").write_text("---\nname: Zed Evil\n---\n")
    on_tty = _on_a_terminal([*cmd[1:], "show", "mallory"], {**os.environ, "TERM": "xterm"})
    assert b"\x1b]" not in on_tty and b"\x07" not in on_tty and b"\x1b[2J" not in on_tty
    assert rel  # the file was found by its name's words


def test_tabs_and_newlines_in_a_name_never_break_a_table(make_vault, run):
    root = make_vault(
        {
            "people/a.md": '---\nname: "Tab\\tName\\nSecond line"\n---\n',
            "people/b.md": "---\nname: Bea\n---\n",
        }
    )
    lines = run(root, "list").stdout.splitlines()
    assert len(lines) == 4 and "Tab Name Second line" in lines[2]


# --- the real notes, named as Obsidian names them --------------------------------------------------

REAL_NAMES = {
    "kepano-obsidian/Kevin Kelly.md": "Kevin Kelly",
    "kepano-obsidian/Steph Ango.md": "Steph Ango",
    "bryanhogan-obsidian-crm/Max Muster.md": "Max Muster",
    "czottmann-obsidian-people/Jane Doe.md": "Jane Doe",
    "dataview-example-vault/Ansh V.md": "Ansh V",
    "hal_md/John Doe.md": "John Doe",
    "obsidian-hub/Bryan Jenks.md": "Bryan Jenks",
    "vcf-contacts-demo/Liam O’Reilly.md": "Liam O’Reilly",
    "vcf-contacts-demo/伟 李.md": "伟 李",
    "templates-misc/asphaltbuffet-person-template.md": "asphaltbuffet-person-template",
    "templates-misc/oliverchua-people-main.md": "oliverchua-people-main",
    "people-metadata-plugin/empty-test-company.md": "empty-test-company",
    "people-metadata-plugin/consolidated-definitions-test.md": "First Person",
    "people-metadata-plugin/example-company.md": "example-company",
    "ccrm/adebayo-kemi.md": "Kemi Adebayo - Jumia Senior DevOps Engineer",
    "dataview-example-vault/AB1908.md": "AB1908",
    "dataview-example-vault/Elias.md": "Elias",
    "obsidian-hub/AmpliFlow.md": "Patrik Björklund",
    "vcf-contacts-demo/Anya Volkova.md": "Anya Volkova",
    "vcf-contacts-demo/India Gate (1931).md": "India Gate (1931)",
    "vcf-contacts-demo/kite surf spot zandmotor.md": "kite surf spot zandmotor",
    "templates-misc/oliverchua-people-template.md": "oliverchua-people-template",
}


def test_real_obsidian_notes_are_named_as_obsidian_names_them(make_vault, run):
    files = real_people()
    if not files:
        pytest.skip("no real-world notes here")
    assert len(files) >= 38
    root = make_vault(files)
    contacts = json.loads(run(root, "list", "--json").stdout)["contacts"]
    by_path = {c["path"].removeprefix("people/"): c["name"] for c in contacts}
    for rel, name in REAL_NAMES.items():
        assert by_path[rel] == name, rel
    assert not any(n.startswith("{'") or n == "Clippings" for n in by_path.values())  # no repr
    for command in (["status"], ["today"], ["flags"], ["check"], ["show", "kevin kelly"]):
        r = run(root, *command)
        assert r.exit_code in (0, 1) and "Traceback" not in r.stderr, command
    assert run(root, "show", "kevin kelly").stdout.startswith("Kevin Kelly")


@pytest.mark.parametrize("args", [["--help"], ["status"], ["list"], ["today"], ["flags"]])
def test_latin_output_never_imports_the_width_library(args):
    """wcwidth takes a while to import: text in Latin scripts is measured without it."""
    from helpers import REPO

    vault = REPO / "example-vault"
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('wcwidth' in sys.modules, file=sys.stderr))\n"
        "from network_md.cli.main import main\nmain()\n"
    )
    cmd = [sys.executable, "-c", code, "--vault", str(vault), "--today", "2026-11-27", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "70"})
    assert r.stderr.strip().splitlines()[-1] == "False"


def test_show_prints_the_notes_and_json_carries_them(make_vault, run):
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n# Ada\n\nMet at PyCon.\n\n## Log\n- 2026-11-01 gave: x\n"
        }
    )
    data = json.loads(run(root, "show", "ada", "--json").stdout)
    assert data["notes"] == "Met at PyCon."
    text = run(root, "show", "ada").stdout
    assert "Notes\n  Met at PyCon." in text and text.count("Met at PyCon.") == 1


# --- file names that are not UTF-8 ----------------------------------------------------------------

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
    ["search", "gave"],
    ["search", "gave", "--json"],
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
    if args[0] in ("list", "check", "export", "search") or args[0] == "show":
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

UNSORTED = ["Zoë Quinn", "Ömer Çelik", "omar Ali", "Émile Zola", "Ada Lovelace", "Łukasz Nowak"]
FOLDED_ORDER = ["Ada Lovelace", "Émile Zola", "Łukasz Nowak", "omar Ali", "Ömer Çelik", "Zoë Quinn"]


@pytest.fixture
def people(make_vault):
    return make_vault({f"people/p{i}.md": f"# {n}\n" for i, n in enumerate(UNSORTED)})


def test_list_sorts_names_folded(people, run):
    rows = json.loads(run(people, "list", "--json").stdout)["contacts"]
    assert [c["name"] for c in rows] == FOLDED_ORDER
    text = run(people, "list").stdout
    assert [n for n in sorted(UNSORTED, key=text.index)] == FOLDED_ORDER


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_export_sorts_names_folded(people, run, fmt):
    out = run(people, "export", "--format", fmt).stdout
    assert sorted(UNSORTED, key=out.index) == FOLDED_ORDER


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


# --- list: who they are (company, circle) -------------------------------------------------------

WHO = {
    "people/ana.md": '---\nname: Ana\nCompany: "[[companies/Stripe Inc|Stripe Inc]]"\ncircle: close\n---\n',
    "people/bo.md": "---\nname: Bo\ncompany: Grünwerk GmbH\nPosition: CTO\n---\n",
    "people/cy.md": "---\nname: Cy\ncompany: [[Acme]]\ncircle: inner\n---\n",
    "people/di.md": "---\nname: Di\n---\n",  # no company, the default circle
    "people/li.md": "---\nname: 伟 李\nCOMPANY: 竹语科技 🌱\n---\n",
    "people/ed.md": "---\nname: Ed\ncompany: STRIPE\ncircle: Close\n---\n",
}


def listed_names(run, root, *args):
    r = run(root, "list", "--json", *args)
    assert r.exit_code == 0, r.stderr
    return [c["name"] for c in json.loads(r.stdout)["contacts"]]


@pytest.mark.parametrize(
    ("part", "names"),
    [
        ("stripe", ["Ana", "Ed"]),
        ("STRIPE INC", ["Ana"]),
        ("grun", ["Bo"]),  # accents folded
        ("GRÜNWERK", ["Bo"]),
        ("werk g", ["Bo"]),  # a part, across words
        ("竹语", ["伟 李"]),
        ("acme", ["Cy"]),  # an unquoted link's text
        ("companies", []),  # a link's folder is not its text
        ("nobody", []),
        ("", ["Ana", "Bo", "Cy", "Ed", "伟 李"]),  # everyone with a company
    ],
)
def test_list_company_matches_a_folded_part_of_the_company(make_vault, run, part, names):
    root = make_vault(WHO)
    assert listed_names(run, root, "--company", part, "--sort", "name") == sorted(
        names, key=lambda n: n.casefold()
    )


@pytest.mark.parametrize(
    ("circle", "names"),
    [
        ("close", ["Ana"]),
        ("CLOSE", ["Ana"]),
        ("inner", ["Cy"]),
        ("wide", ["Bo", "Di", "Ed", "伟 李"]),
    ],
)
def test_list_circle_counts_the_default_circle_and_ignores_case(make_vault, run, circle, names):
    # Ed's `circle: Close` is no circle of the config (circles are named exactly): the default applies
    assert listed_names(run, make_vault(WHO), "--circle", circle) == names


def test_list_an_unknown_circle_is_a_usage_error_naming_the_circles(make_vault, run):
    r = run(make_vault(WHO), "list", "--circle", "family")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == (
        "network-md: error: --circle: unknown circle 'family'; "
        "the circles are: inner, close, wide, contact"
    )


def test_list_filters_combine(make_vault, run):
    assert listed_names(run, make_vault(WHO), "--company", "stripe", "--circle", "wide") == ["Ed"]


def test_list_sort_company_folded_then_name_those_without_last(make_vault, run):
    files = {**WHO, "people/al.md": "---\nname: Al\ncompany: acme\n---\n"}
    assert listed_names(run, make_vault(files), "--sort", "company") == [
        "Al",
        "Cy",
        "Bo",
        "Ed",
        "Ana",
        "伟 李",
        "Di",
    ]  # fmt: skip  (acme, Acme, Grünwerk, STRIPE, Stripe Inc, 竹语科技; Di has none)


def test_the_company_column_is_the_first_to_go_in_a_narrow_terminal(make_vault):
    root = make_vault(WHO)

    def header(columns: int) -> list[str]:
        r = subprocess.run(
            [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "list"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": str(columns)},
        )
        assert r.returncode == 0, r.stderr
        assert all(len(line) <= columns for line in r.stdout.splitlines())
        return r.stdout.splitlines()[0].split()

    wide = header(200)
    assert wide[:2] == ["NAME", "COMPANY"] and "TRUST" in wide
    narrow = header(len("  ".join(h for h in wide if h != "COMPANY")) + 1)
    assert "COMPANY" not in narrow and "TRUST" in narrow and "THANKS" in narrow


def test_every_contacts_json_says_who_they_are(make_vault, run):
    files = {
        "people/max.md": "---\nname: Max\nPhone Number: '+49 30 1234'\nLinkedIn: "
        "https://www.linkedin.com/in/max\nJob: ignored\n---\n"
    }
    root = make_vault(files)
    for args in (["list", "--json"], ["show", "max", "--json"]):
        data = json.loads(run(root, *args).stdout)
        c = data["contacts"][0] if "contacts" in data else data
        assert (c["phone"], c["linkedin"]) == ("+49 30 1234", "https://www.linkedin.com/in/max")
        assert (c["company"], c["role"], c["email"]) == (None, None, None)
        assert c["fields"]["Job"] == "ignored"


# --- show: notes, plans, the log ------------------------------------------------------------------

NOTED = (
    "---\nname: Ada\n---\n# Ada\n\nMet at PyCon 🐍, 会议.\n\n```\n## Log\n- 2026-01-01 gave: in a fence\n```\n"
    "\n## Interactions\n- 2026-11-01 gave: the article\n- [ ] 2026-12-01 met: lunch\n"
    "- 2026-12-24 asked: a date ahead\n\n## Later\nKeeps \x1b]8;;http://x\x1b\\this\x1b]8;;\x1b\\ too.\n"
)


@pytest.mark.parametrize(
    ("config", "heading"), [("log_heading: '## Interactions'\n", "## Interactions"), ("", "## Log")]
)
def test_show_notes_leave_out_the_log_section_the_config_names(make_vault, run, config, heading):
    text = NOTED if heading != "## Log" else NOTED.replace("## Interactions", "## Log")
    root = make_vault({"people/ada.md": text}, config="contacts: [people]\n" + config)
    data = json.loads(run(root, "show", "ada", "--json").stdout)
    assert data["notes"] == (
        "Met at PyCon 🐍, 会议.\n\n```\n## Log\n- 2026-01-01 gave: in a fence\n```\n\n"
        "## Later\nKeeps \x1b]8;;http://x\x1b\\this\x1b]8;;\x1b\\ too."
    )  # a fenced `## Log` is notes, not the log
    assert [(p["date"], p["state"], p["text"]) for p in data["plans"]] == [
        ("2026-12-01", "plan", "lunch"),
        ("2026-12-24", "done", "a date ahead"),
    ]
    assert [e["text"] for e in data["log"]] == ["a date ahead", "lunch", "the article"]
    shown = run(root, "show", "ada").stdout
    notes = shown[shown.index("Notes\n") : shown.index(f"\n\n  {data['relationship']} · ")]
    assert "the article" not in notes and "in a fence" in notes and "会议" in notes
    assert "\x1b" not in shown and "Keeps" in shown  # no escape from a note reaches a terminal
    assert shown.index("Plans") < shown.index("Log (newest first)")
    assert "the article" in shown[shown.index("Log (newest first)") :]


def test_show_notes_of_a_file_whose_front_matter_is_broken(make_vault, run):
    root = make_vault(
        {"people/bo.md": "---\nname: [Bo\n---\nLikes Go.\n## Log\n- 2026-11-01 met: x\n"}
    )
    r = run(root, "show", "bo", "--json")
    assert json.loads(r.stdout)["notes"] == "Likes Go." and "not valid YAML" in r.stderr


def test_show_notes_under_a_deeper_log_heading_stop_at_its_section(make_vault, run):
    root = make_vault(
        {"people/cy.md": "Intro.\n### Log\n- 2026-11-01 met: x\n### More\nText.\n## Top\nEnd.\n"}
    )
    assert json.loads(run(root, "show", "cy", "--json").stdout)["notes"] == (
        "Intro.\n### More\nText.\n## Top\nEnd."
    )


@pytest.mark.parametrize("heading", ["## Interactions", "### Calls"])
def test_show_and_the_vcard_export_leave_the_configured_log_out_of_the_notes(
    make_vault, run, heading
):
    body = f"---\nname: Ada\n---\nMet at PyCon.\n\n{heading}\n- 2026-11-01 gave: an intro\n"
    vault = make_vault(
        {"people/ada.md": body}, config=f'contacts: [people]\nlog_heading: "{heading}"\n'
    )
    shown = run(vault, "show", "Ada", "--json")
    assert json.loads(shown.stdout)["notes"] == "Met at PyCon."
    card = run(vault, "export", "--format", "vcard")
    assert "Met at PyCon." in card.stdout and "an intro" not in card.stdout


@pytest.mark.parametrize(
    ("files", "footer", "code"),
    [
        ({"people/a.md": "# A\n"}, "No problems in 1 files.", 0),
        (
            {"people/a.md": "# A\n- 2026-11-01 gave (an hour): x\n", "people/b.md": "# B\n"},
            "1 warning in 2 files",
            0,
        ),
        (
            {"people/a.md": "---\nname: [x\n---\n", "people/b.md": ""},
            "1 error and 1 warning in 2 files",
            1,
        ),
    ],
)
def test_check_ends_with_how_many_problems_in_how_many_files(make_vault, run, files, footer, code):
    result = run(make_vault(files), "check")
    assert result.stderr.splitlines()[-1] == footer and result.exit_code == code
