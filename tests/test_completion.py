"""Shell completion: names for every NAME argument, kinds for KIND, each coming back to bash,
zsh and fish as one word. Through click's completion machinery, the installed script, and a
real bash running the completion script."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import script_path

from network_md.cli.completion import bash_word, complete_kind, complete_name
from network_md.cli.main import cli
from network_md.core.model import KINDS

CONFIG = "contacts: [people]\nkinds: {coffee: met, intro: gave}\n"
ADA = (
    "---\nname: Ada Lovelace\naliases: [Ada, Countess of Lovelace]\ncircle: close\n---\n"
    "## Log\n- 2026-10-02 asked: restaurant tip for Lisbon\n"
)
GRACE = "---\nname: Grace Hopper\naliases: [Amazing Grace]\n---\n## Log\n"
ZOE = "---\nname: Zoë Ångström\n---\n"
OBRIEN = '---\nname: "O\'Brien, Siobhán"\n---\n'
LIAM = "---\nname: Liam O’Reilly\n---\n"
# Every command with a NAME argument.
NAME_COMMANDS = [
    "show",
    "edit",
    "snooze",
    "unsnooze",
    "done",
    "log",
    "archive",
    "unarchive",
    "rename",
    *(k for k in KINDS),
]


@pytest.fixture
def vault(make_vault):
    return make_vault(
        {
            "people/ada-lovelace.md": ADA,
            "people/grace-hopper.md": GRACE,
            "people/zoe.md": ZOE,
            "people/siobhan.md": OBRIEN,
            "people/liam.md": LIAM,
        },
        config=CONFIG,
    )


# --- the callbacks ----------------------------------------------------------------------------


def completion_ctx(root: Path) -> click.Context:
    ctx = click.Context(cli)
    ctx.params = {"vault": str(root)}
    return ctx


def test_complete_name_callback(vault):
    ctx = completion_ctx(vault)
    values = {i.value for i in complete_name(ctx, None, "a")}
    assert values == {"Ada", "Ada Lovelace", "ada-lovelace", "Amazing Grace"}
    assert {i.value for i in complete_name(ctx, None, "ZO")} == {"Zoë Ångström", "zoe"}
    assert {i.value for i in complete_name(ctx, None, "zoë å")} == {"Zoë Ångström"}
    assert {i.value for i in complete_name(ctx, None, "count")} == {"Countess of Lovelace"}
    assert complete_name(ctx, None, "xyz") == []
    assert complete_name(completion_ctx(vault / "nowhere"), None, "a") == []


def test_names_complete_from_the_cached_name_index_as_from_the_files(vault):
    """The warm cache's name index, a file changed since (its stored entry not used), a file
    gone and one come: the same items, with the same help, as the files read afresh."""
    import shutil as sh

    from helpers import age

    words = [
        "a",
        "ada",
        "zo",
        "zoë å",
        "count",
        "o'b",
        "obrien",
        "liam o",
        "people/",
        "./people/z",
        "",
    ]

    def items(root):
        return [
            (i.value, i.help) for w in words for i in complete_name(completion_ctx(root), None, w)
        ]

    age(vault)
    before = items(vault)
    assert (vault / ".network-md/index").exists()  # the first call wrote the cache
    assert items(vault) == before
    (vault / "people/zoe.md").write_text(
        "---\nname: Zoltan Kovács\naliases: [Ada K]\n---\n", "utf-8"
    )
    (vault / "people/liam.md").unlink()
    (vault / "people/new.md").write_text("# Adaeze Obi\n", "utf-8")
    warm = items(vault)
    sh.rmtree(vault / ".network-md")
    assert warm == items(vault)
    assert ("Zoltan Kovács", "people/zoe.md") in warm and ("Adaeze Obi", "people/new.md") in warm


def test_complete_kind_callback(vault):
    ctx = completion_ctx(vault)
    assert [i.value for i in complete_kind(ctx, None, "th")] == ["thanked", "thanked-me"]
    assert [i.value for i in complete_kind(ctx, None, "AS")] == ["asked", "asked-me"]
    everything = [i.value for i in complete_kind(ctx, None, "")]
    assert everything[: len(KINDS)] == list(KINDS)
    assert complete_kind(ctx, None, "zz") == []


def test_complete_kind_offers_the_config_words(vault):
    ctx = completion_ctx(vault)
    assert [i.value for i in complete_kind(ctx, None, "c")] == ["coffee"]
    assert [i.value for i in complete_kind(ctx, None, "")][len(KINDS) :] == ["coffee", "intro"]
    done = complete(vault, f"network-md --vault {vault} log ada co", 5)
    assert done.stdout.splitlines() == ["plain,coffee"]


def complete(
    root: Path, words: str, cword: int, shell: str = "bash"
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_MD")}
    env.update(
        {"_NETWORK_MD_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    )
    return subprocess.run([script_path()], env=env, capture_output=True, text=True, timeout=30)


def test_completion_through_the_installed_script(vault):
    done = complete(vault, f"network-md --vault {vault} log a", 4)
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.splitlines()) == {
        "plain,Ada",
        "plain,Ada\\\\ Lovelace",  # quoted for bash, doubled for its `read`
        "plain,ada-lovelace",
        "plain,Amazing\\\\ Grace",
    }
    done = complete(vault, f"network-md --vault {vault} log ada th", 5)
    assert done.stdout.splitlines() == ["plain,thanked", "plain,thanked-me"]
    done = complete(vault, f"network-md --vault {vault} got gr", 4)
    assert set(done.stdout.splitlines()) == {"plain,Grace\\\\ Hopper", "plain,grace-hopper"}
    source = subprocess.run(
        [script_path()],
        env={**os.environ, "_NETWORK_MD_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert source.returncode == 0 and "complete " in source.stdout


# --- every NAME argument, every shell ---------------------------------------------------------


def runner_complete(vault: Path, words: list[str], shell: str = "bash") -> list[str]:
    """What `network-md` prints for the shell's completion request (click's own machinery)."""
    line = " ".join(["network-md", *words])
    env = {
        "_NETWORK_MD_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words)),
        "NETWORK_MD_VAULT": str(vault),
    }
    if shell == "fish":
        env["COMP_WORDS"], env["COMP_CWORD"] = line, words[-1]
    result = CliRunner().invoke(cli, [], env=env, prog_name="network-md")
    return result.output.splitlines()


def test_every_command_with_a_name_argument_is_tested_here():
    for name, command in _commands():
        has_name = any(p.name == "name" for p in command.params if isinstance(p, click.Argument))
        assert has_name == (name in NAME_COMMANDS or name == "new"), name  # new: a new name


def _commands():
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        if not isinstance(command, click.Group):
            yield name, command


@pytest.mark.parametrize("command", NAME_COMMANDS)
def test_each_name_argument_completes_and_quotes_for_bash(vault, command):
    # backslashes doubled on the wire: the bash script reads each line with `read`
    assert runner_complete(vault, [command, "zoe"]) == ["plain,zoe", "plain,Zoë\\\\ Ångström"]
    assert runner_complete(vault, [command, "o'b"]) == ["plain,O\\\\'Brien,\\\\ Siobhán"]
    assert runner_complete(vault, [command, "obr"]) == ["plain,O\\\\'Brien,\\\\ Siobhán"]
    assert "plain,Liam\\\\ O’Reilly" in runner_complete(vault, [command, "liam o'r"])


def test_both_names_of_merge_complete(vault):
    assert runner_complete(vault, ["merge", "zoe"]) == ["plain,zoe", "plain,Zoë\\\\ Ångström"]
    assert runner_complete(vault, ["merge", "zoe", "obr"]) == ["plain,O\\\\'Brien,\\\\ Siobhán"]


def test_bash_quoting_of_apostrophes_commas_and_quotes():
    assert bash_word("O'Brien, Siobhán") == "O\\'Brien,\\ Siobhán"
    assert bash_word('Say "$HOME"', '"') == 'Say \\"\\$HOME\\"'
    assert bash_word("O'Brien", "'") == "O'\\''Brien"
    assert bash_word('Robert "Bob" Tables') == 'Robert\\ \\"Bob\\"\\ Tables'
    assert bash_word("伟 李") == "伟\\ 李"
    assert bash_word("ada-lovelace") == "ada-lovelace"


def test_zsh_gets_the_name_whole_and_quotes_it_itself(vault):
    out = runner_complete(vault, ["show", "zoë\\ å"], "zsh")
    # type, value, description: compadd quotes the value when it inserts it
    assert out == ["plain", "Zoë Ångström", "people/zoe.md"]


def test_fish_gets_the_name_whole_even_with_a_comma(vault):
    out = runner_complete(vault, ["show", "siob"], "fish")
    assert out == ["plain,siobhan\tpeople/siobhan.md"]
    out = runner_complete(vault, ["show", "O'B"], "fish")
    assert out == ["plain,O'Brien, Siobhán\tpeople/siobhan.md"]
    source = CliRunner().invoke(
        cli, [], env={"_NETWORK_MD_COMPLETE": "fish_source"}, prog_name="network-md"
    )
    assert 'string split -m1 ","' in source.output  # the comma in the name stays in the value


def test_completion_finds_the_vault_given_after_the_command(vault):
    env = {
        "_NETWORK_MD_COMPLETE": "bash_complete",
        "COMP_WORDS": f"network-md show --vault {vault} gra",
        "COMP_CWORD": "4",
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="network-md")
    assert set(result.output.splitlines()) == {"plain,Grace\\\\ Hopper", "plain,grace-hopper"}


def test_names_complete_in_folded_order(make_vault):
    people = {f"people/p{i}.md": f"# {n}\n" for i, n in enumerate(["Zoë", "Ömer", "omar", "Ada"])}
    root = make_vault(people)
    values = [v for v in runner_complete(root, ["show", ""]) if not v.startswith("plain,p")]
    assert values == ["plain,Ada", "plain,omar", "plain,Ömer", "plain,Zoë"]


def test_completion_offers_paths_once_the_word_holds_a_slash(vault):
    assert runner_complete(vault, ["show", "people/z"]) == ["plain,people/zoe.md"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize(
    ("typed", "expected"),
    [  # the word as typed on the command line, quotes and backslashes included
        ("Ada\\ L", "Ada Lovelace"),
        ("zoë", "Zoë Ångström"),
        ("O\\'B", "O'Brien, Siobhán"),
        ("liam", "Liam O’Reilly"),
        ("amaz", "Amazing Grace"),
        # inside a quote the user opened: readline puts the name after it and closes it
        ('"Ada L', "Ada Lovelace"),
        ('"O', "O'Brien, Siobhán"),
        ("'O", "O'Brien, Siobhán"),
        ("'Ada L", "Ada Lovelace"),
    ],
)
def test_a_real_bash_reads_the_completed_name_as_one_word(vault, typed, expected):
    script = Path(script_path())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETWORK_MD", "_NETWORK"))}
    env["PATH"] = f"{script.parent}{os.pathsep}{env.get('PATH', '')}"
    program = f"""
eval "$(_NETWORK_MD_COMPLETE=bash_source network-md)"
COMP_WORDS=(network-md --vault {vault} show {shlex.quote(typed)}); COMP_CWORD=4
q=${{COMP_WORDS[4]:0:1}}; [[ $q == [\\"\\'] ]] || q=""
_network_md_completion network-md
for word in "${{COMPREPLY[@]}}"; do eval "set -- $q$word$q"; printf '%s|%s\\n' "$#" "$1"; done
"""
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"1|{expected}" in done.stdout.splitlines(), done.stdout + done.stderr
