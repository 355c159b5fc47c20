"""The write commands through the CLI: init, new, log and its shortcuts, edit, snooze, --commit,
shell completion, and one full daily loop with the installed script. Real files, real git."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from helpers import TODAY, as_unprivileged, open_copy, script_path, vault_bytes

from network_md.cli.main import cli
from network_md.core.model import KINDS
from network_md.format.config import parse_config
from network_md.format.parse import parse_contact

CONFIG = "contacts: [people]\nkinds: {coffee: met, intro: gave}\n"
ADA = (
    "---\nname: Ada Lovelace\naliases: [Ada, Countess of Lovelace]\ncircle: close\n---\n"
    "Met at PyCon.\n\n## Log\n- 2026-10-02 asked: restaurant tip for Lisbon\n"
    "- 2026-11-20 got: three places and a table\n- 2026-12-24 met: a plan\n"
)
GRACE = (
    "---\nname: Grace Hopper\naliases: [Amazing Grace]\n---\n## Log\n- 2026-06-01 met: conference\n"
)
BYRON = "# Ada Byron\n\n## Log\n"
ZOE = "---\nname: Zoë Ångström\n---\n"


@pytest.fixture
def vault(make_vault):
    return make_vault(
        {"people/ada-lovelace.md": ADA, "people/grace-hopper.md": GRACE, "people/zoe.md": ZOE},
        config=CONFIG,
    )


def contact_of(path: Path):
    contact, problems = parse_contact(path.name, path.read_bytes(), parse_config(CONFIG)[0])
    assert contact is not None and not [p for p in problems if p.severity == "error"], problems
    return contact


def only_change(before: dict, after: dict) -> set[str]:
    """The paths whose bytes differ (added, removed or changed)."""
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


# --- init --------------------------------------------------------------------------------------


def test_init_makes_a_vault(tmp_path, run):
    root = tmp_path / "v"
    r = run(None, "init", str(root))
    assert r.exit_code == 0, r.stderr
    assert sorted(os.listdir(root)) == [".gitignore", ".network-md.yaml", "README.md", "people"]
    assert (root / "people").is_dir() and not os.listdir(root / "people")
    assert ".network-md/" in (root / ".gitignore").read_text().splitlines()
    config, problems = parse_config((root / ".network-md.yaml").read_text())
    assert problems == [] and config.contacts == ("people",)
    assert "network-md" in (root / "README.md").read_text()
    assert "init" not in r.stdout and "Made a vault" in r.stderr
    assert not (root / ".git").exists()
    status = run(root, "status", "--json")
    assert status.exit_code == 0 and json.loads(status.stdout)["contacts"] == 0


def test_the_config_init_writes_says_truly_what_are_defaults():
    from network_md.format.config import DEFAULT
    from network_md.store.initfiles import CONFIG_TEMPLATE

    config, problems = parse_config(CONFIG_TEMPLATE)
    assert problems == []
    set_by_init = {k for k in DEFAULT._fields if getattr(config, k) != getattr(DEFAULT, k)}
    assert set_by_init == {"contacts", "kinds"}
    header = CONFIG_TEMPLATE.split("\n\n")[0]
    assert "except `contacts` and `kinds`" in header


def test_nothing_init_writes_is_a_contact(tmp_path, run):
    root = tmp_path / "v"
    assert run(None, "init", str(root)).exit_code == 0
    readme = (root / "README.md").read_text()
    assert "docs/" not in readme and "http" not in readme  # nothing a pip install lacks
    assert "network-md --help" in readme
    for config in (None, "contacts: []\n", "contacts: [.]\n"):
        if config is not None:
            (root / ".network-md.yaml").write_text(config)
        status = json.loads(run(root, "--no-cache", "status", "--json").stdout)
        assert status["contacts"] == 0 and status["practice"]["streak_days"] == 0, config
        assert status["problems"] == []
        assert json.loads(run(root, "--no-cache", "list", "--json").stdout)["contacts"] == []


def test_init_refuses_an_existing_vault(tmp_path, run):
    root = tmp_path / "v"
    assert run(None, "init", str(root)).exit_code == 0
    (root / ".network-md.yaml").write_text("contacts: [people]\nme: Pat\n")
    before = vault_bytes(root)
    r = run(None, "init", str(root))
    assert r.exit_code == 2
    assert "already" in r.stderr and "Traceback" not in r.stderr
    assert vault_bytes(root) == before


def test_init_in_an_existing_folder_keeps_its_files(tmp_path, run):
    root = tmp_path / "notes"
    root.mkdir()
    (root / ".gitignore").write_bytes(b"node_modules")
    (root / "README.md").write_bytes(b"# My notes\n")
    assert run(None, "init", str(root)).exit_code == 0
    assert (root / ".gitignore").read_bytes() == b"node_modules\n.network-md/\n"
    assert (root / "README.md").read_bytes() == b"# My notes\n"


def test_init_git(tmp_path, run):
    root = tmp_path / "v"
    r = run(None, "init", "--git", str(root), env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert r.exit_code == 0, r.stderr
    assert (root / ".git").is_dir()
    assert git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"


# --- new ---------------------------------------------------------------------------------------


def test_new_writes_a_file_that_parses_back(vault, run):
    before = vault_bytes(vault)
    r = run(
        vault,
        "new",
        "  Zoë   O'Neil ",
        "--circle",
        "inner",
        "--tag",
        "mentor",
        "--tag",
        "#ml",
        "--alias",
        "Zo",
        "--alias",
        "new baby: twins",
    )
    assert r.exit_code == 0, r.stderr
    path = vault / "people" / "zoe-oneil.md"
    assert only_change(before, vault_bytes(vault)) == {"people/zoe-oneil.md"}
    c = contact_of(path)
    assert (c.name, c.circle, c.tags, c.aliases) == (
        "Zoë O'Neil",
        "inner",
        ("mentor", "ml"),
        ("Zo", "new baby: twins"),
    )
    assert c.fields.get("created") == TODAY.isoformat()
    assert path.read_text().endswith("## Log\n")
    assert "people/zoe-oneil.md" in r.stderr
    # and it is a contact at once
    shown = run(vault, "show", "--json", "Zo")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["path"] == "people/zoe-oneil.md"


def test_new_uses_the_vault_template(vault, run):
    template = "---\nname: {{name}}\ncircle: {{circle}}\ncompany: TBD\ntags: {{tags}}\n---\n# {{title}}\n\n## Log\n"
    (vault / "templates").mkdir()
    (vault / "templates" / "contact.md").write_text(template)
    r = run(vault, "new", "Grace Brewster", "--tag", "navy")
    assert r.exit_code == 0, r.stderr
    assert (vault / "people" / "grace-brewster.md").read_text() == (
        "---\nname: Grace Brewster\ncircle: wide\ncompany: TBD\ntags: [navy]\n---\n# Grace Brewster\n\n## Log\n"
    )


def test_new_same_name_twice(vault, run):
    assert run(vault, "new", "Alan Turing").exit_code == 0
    first = (vault / "people" / "alan-turing.md").read_bytes()
    before = vault_bytes(vault)
    for spelling in ("Alan Turing", "ALAN  TURING", "Grace Hopper"):
        r = run(vault, "new", spelling)
        assert r.exit_code == 2, spelling
        assert "--force-new" in r.stderr
        assert vault_bytes(vault) == before
    r = run(vault, "new", "Alan Turing", "--force-new", "--circle", "contact")
    assert r.exit_code == 0, r.stderr
    second = vault / "people" / "alan-turing-2.md"
    assert second.exists() and (vault / "people" / "alan-turing.md").read_bytes() == first
    assert only_change(before, vault_bytes(vault)) == {"people/alan-turing-2.md"}
    assert contact_of(second).circle == "contact"
    # two people with one name: the name alone is now ambiguous, the file stem is not
    amb = run(vault, "log", "alan turing", "met")
    assert amb.exit_code == 2 and "alan-turing-2.md" in amb.stderr
    assert run(vault, "log", "alan-turing-2", "met").exit_code == 0


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["Ada"], "Ada Lovelace (people/ada-lovelace.md)"),  # an alias
        (["ada lovelace"], "Ada Lovelace (people/ada-lovelace.md)"),  # the name, folded
        (["Ada-Lovelace"], "Ada Lovelace (people/ada-lovelace.md)"),
        (["Countess of Lovelace"], "Ada Lovelace"),
        (["Zoe Angstrom"], "Zoë Ångström (people/zoe.md)"),  # accents
        (["ZOË"], "Zoë Ångström (people/zoe.md)"),  # the file stem
        (["grace hopper"], "Grace Hopper (people/grace-hopper.md)"),
        (["Alan Turing", "--alias", "Amazing Grace"], "Grace Hopper"),  # an alias of the new one
        (["Alan Turing", "--alias", "Al", "--alias", "ada"], "Ada Lovelace"),
    ],
)
def test_new_refuses_a_name_that_already_names_someone(vault, run, args, names):
    before = vault_bytes(vault)
    r = run(vault, "new", *args)
    assert r.exit_code == 2, r.stderr
    assert names in r.stderr and "--force-new" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert vault_bytes(vault) == before
    forced = run(vault, "new", *args, "--force-new")
    assert forced.exit_code == 0, forced.stderr
    assert len(only_change(before, vault_bytes(vault))) == 1


def test_new_refuses_names_folded_from_punctuation(make_vault, run):
    root = make_vault({"people/s.md": "---\nname: Siobhán O’Brien\n---\n"})
    for spelling in ("Siobhan O'Brien", "siobhan obrien", "Siobhán O Brien"):
        r = run(root, "new", spelling)
        assert r.exit_code == 2 and "people/s.md" in r.stderr, spelling
    assert run(root, "new", "Siobhan Murphy").exit_code == 0


def test_new_fits_a_long_name_of_four_byte_letters(vault, run):
    r = run(vault, "new", "𠀀" * 64)
    assert r.exit_code == 0, r.stderr
    (made,) = [p for p in (vault / "people").iterdir() if p.name.startswith("𠀀")]
    assert len(made.name.encode()) <= 255
    assert contact_of(made).name == "𠀀" * 64


def test_new_file_of_an_unindexed_name_is_never_overwritten(vault, run):
    (vault / "people" / "ada-byron.md").write_text("---\nname: Someone Else\n---\n")
    before = vault_bytes(vault)
    r = run(vault, "new", "Ada Byron")
    assert r.exit_code == 2 and "ada-byron.md" in r.stderr
    assert vault_bytes(vault) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["Alan Turing", "--circle", "best-friends"], "inner, close, wide, contact"),
        (["!!!"], "no letters or digits"),
        (["  "], ""),
        (["🎉"], "no letters or digits"),
    ],
)
def test_new_bad_input_writes_nothing(vault, run, args, message):
    before = vault_bytes(vault)
    r = run(vault, "new", *args)
    assert r.exit_code == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
    assert vault_bytes(vault) == before


def test_new_name_cannot_escape_the_vault(tmp_path, vault, run):
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    for name in ("../../etc/passwd", "/tmp/evil", "..\\..\\x", "people/../../y"):
        r = run(vault, "new", name)
        assert r.exit_code == 0, (name, r.stderr)
    made = sorted(p.name for p in (vault / "people").iterdir())
    assert made == sorted(
        [
            "ada-lovelace.md",
            "grace-hopper.md",
            "zoe.md",
            "etc-passwd.md",
            "tmp-evil.md",
            "x.md",
            "people-y.md",
        ]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before
    assert not Path("/tmp/evil.md").exists()


def test_new_alias_with_a_comma(vault, run):
    assert run(vault, "new", "Augusta King", "--alias", "King, Augusta").exit_code == 0
    assert contact_of(vault / "people" / "augusta-king.md").aliases == ("King, Augusta",)


# --- log ---------------------------------------------------------------------------------------

ADA_PATH = "people/ada-lovelace.md"


def log_lines(vault: Path) -> list[str]:
    text = (vault / ADA_PATH).read_text()
    return text[text.index("## Log\n") :].splitlines()[1:]


@pytest.mark.parametrize(
    "kind",
    [*KINDS, "coffee", "Intro"],
)
def test_log_each_kind(vault, run, kind):
    before = vault_bytes(vault)
    r = run(vault, "log", "Ada Lovelace", kind, "a few", "words here")
    assert r.exit_code == 0, r.stderr
    assert only_change(before, vault_bytes(vault)) == {ADA_PATH}
    assert log_lines(vault) == [
        "- 2026-10-02 asked: restaurant tip for Lisbon",
        "- 2026-11-20 got: three places and a table",
        f"- 2026-11-27 {kind}: a few words here",
        "- 2026-12-24 met: a plan",
    ]
    shown = json.loads(run(vault, "show", "--json", "ada").stdout)
    mine = [e for e in shown["log"] if e["date"] == "2026-11-27"]
    canonical = {"coffee": "met", "Intro": "gave"}.get(kind, kind)
    assert [(e["kind"], e["word"], e["minutes"], e["text"], e["line"]) for e in mine] == [
        (canonical, kind, None, "a few words here", 11)
    ]


def test_log_date_and_minutes(vault, run):
    r = run(
        vault,
        "log",
        "countess",
        "gave",
        "sent the article",
        "--date",
        "2026-11-20",
        "--minutes",
        "90",
    )
    assert r.exit_code == 0, r.stderr
    assert log_lines(vault) == [
        "- 2026-10-02 asked: restaurant tip for Lisbon",
        "- 2026-11-20 got: three places and a table",
        "- 2026-11-20 gave (1h30m): sent the article",
        "- 2026-12-24 met: a plan",
    ]
    r = run(vault, "log", "ada", "met", "--date", "2027-01-05")
    assert r.exit_code == 0 and "Planned" in r.stderr
    assert log_lines(vault)[-1] == "- [ ] 2027-01-05 met:"  # a later date: an open plan
    status = json.loads(run(vault, "status", "--json").stdout)
    assert status["practice"]["minutes_today"] == 0  # 2026-11-20 is not today


def test_log_default_date_is_the_evaluation_day(vault, run):
    assert run(vault, "log", "grace", "met", "coffee chat", today="2026-03-04").exit_code == 0
    assert (vault / "people/grace-hopper.md").read_text() == GRACE.replace(
        "## Log\n", "## Log\n- 2026-03-04 met: coffee chat\n"
    )


def test_log_keeps_crlf_bom_and_no_final_newline(make_vault, run):
    data = b"\xef\xbb\xbf---\r\nname: Ada Lovelace\r\ntags:\t[a]  \r\n---\r\n## Log\r\n* 2026-01-01 met: a\t "
    root = make_vault({"people/ada.md": data})
    assert run(root, "log", "ada", "got", "x").exit_code == 0
    assert (root / "people/ada.md").read_bytes() == data + b"\r\n* 2026-11-27 got: x"


def test_log_creates_the_section(make_vault, run):
    data = b"---\nname: Ada Lovelace\n---\nMet at PyCon.\n"
    root = make_vault({"people/ada.md": data})
    assert run(root, "log", "ada", "got", "x").exit_code == 0
    assert (root / "people/ada.md").read_bytes() == data + b"\n## Log\n- 2026-11-27 got: x\n"


INTERACTIONS = "---\nname: Bo Diddley\n---\nNotes.\n\n## Interactions\n- 2026-11-01 met: coffee\n"


@pytest.mark.parametrize("args", [["log", "bo", "gave", "a book"], ["gave", "bo", "a book"]])
def test_log_uses_the_section_the_config_names(make_vault, run, args):
    root = make_vault(
        {"people/bo.md": INTERACTIONS},
        config='contacts: [people]\nlog_heading: "## Interactions"\n',
    )
    assert run(root, *args).exit_code == 0
    text = (root / "people/bo.md").read_text()
    assert text == INTERACTIONS + "- 2026-11-27 gave: a book\n"
    assert run(root, "new", "Cy Young").exit_code == 0
    assert run(root, "met", "cy", "lunch").exit_code == 0
    made = (root / "people/cy-young.md").read_text()
    assert made.count("## ") == 1 and made.endswith("## Interactions\n- 2026-11-27 met: lunch\n")


def test_log_never_adds_a_second_log_section(make_vault, run):
    both = "# Bo\n\n## Log\n- 2026-11-01 met: a\n"
    root = make_vault({"people/bo.md": both}, config='log_heading: "## Interactions"\n')
    assert run(root, "met", "bo", "x").exit_code == 0
    assert (root / "people/bo.md").read_text() == both + "- 2026-11-27 met: x\n"


def test_a_bad_log_heading_is_exit_2(make_vault, run):
    root = make_vault({"people/bo.md": INTERACTIONS}, config="log_heading: Interactions\n")
    r = run(root, "met", "bo", "x")
    assert r.exit_code == 2 and ".network-md.yaml:1: error: log_heading" in r.stderr
    assert (root / "people/bo.md").read_text() == INTERACTIONS


@pytest.mark.parametrize("shortcut", list(KINDS))
def test_shortcuts(vault, run, shortcut):
    before = vault_bytes(vault)
    r = run(vault, shortcut, "ada", "intro to Grace", "--minutes", "5")
    assert r.exit_code == 0, r.stderr
    assert only_change(before, vault_bytes(vault)) == {ADA_PATH}
    assert f"- 2026-11-27 {shortcut} (5m): intro to Grace" in log_lines(vault)


def _params(command):
    return [(p.name, p.opts, getattr(p, "help", None)) for p in command.params]


@pytest.mark.parametrize("shortcut", list(KINDS))
def test_a_shortcut_takes_every_argument_and_option_of_log_but_kind(shortcut):
    logs = [p for p in _params(cli.get_command(None, "log")) if p[0] != "kind"]
    assert _params(cli.get_command(None, shortcut)) == logs
    own = ["name", "text", "day", "minutes", "plan", "with_names", "commit"]
    assert [p[0] for p in logs][: len(own)] == own


@pytest.mark.parametrize("shortcut", ["withdrew", "met"])
def test_a_shortcut_takes_date_plan_and_with_as_log_does(vault, run, shortcut):
    args = ["ada", "x", "--date", "2026-12-30", "--plan", "--with", "grace"]
    assert run(vault, shortcut, *args).exit_code == 0
    assert run(vault, "log", args[0], shortcut, *args[1:]).exit_code == 0
    for path in (ADA_PATH, "people/grace-hopper.md"):
        assert (vault / path).read_text().count(f"- [ ] 2026-12-30 {shortcut}: x") == 2


@pytest.mark.parametrize("minutes", ["1", "59", "60", "61", "1439", "10079", "10080"])
def test_what_log_minutes_writes_reads_back_as_the_same_minutes(vault, run, minutes):
    assert run(vault, "log", "ada", "gave", "x", "--minutes", minutes).exit_code == 0
    assert run(vault, "got", "grace", "y", "--minutes", minutes, "--plan").exit_code == 0
    assert "not a duration" not in run(vault, "check").stdout
    for name in ("ada", "grace"):
        shown = json.loads(run(vault, "show", "--json", name).stdout)
        mine = [e for e in shown["log"] if e["date"] == "2026-11-27"]
        assert [e["minutes"] for e in mine] == [int(minutes)]


def test_got_raises_the_thank_nudge_and_thanked_clears_it(vault, run):
    assert run(vault, "got", "grace", "intro to Ada").exit_code == 0
    flags = json.loads(run(vault, "flags", "--json", "--rule", "thank").stdout)["flags"]
    assert [(f["contact"], f["since"]) for f in flags] == [
        ("Ada Lovelace", "2026-11-20"),
        ("Grace Hopper", "2026-11-27"),
    ]
    assert run(vault, "thanked", "grace", "a note").exit_code == 0
    flags = json.loads(run(vault, "flags", "--json", "--rule", "thank").stdout)["flags"]
    assert [f["contact"] for f in flags] == ["Ada Lovelace"]


@pytest.mark.parametrize(
    "args, code, says",
    [
        (["log", "Charles Babbage", "gave"], 2, "no contact matches"),
        (["log", "", "gave"], 2, "NAME"),
        (["log", "ada lovelacex", "gave"], 2, "Ada Lovelace"),  # did you mean
        (["log", "a", "gave"], 2, "people/ada-byron.md"),
        (
            ["log", "ada", "lunch", "x"],
            2,
            "gave, got, thanked, thanked-me, asked, declined, asked-me, met",
        ),
        (["log", "ada", "got:", "x"], 2, "unknown kind"),
        (["log", "ada", "gave", "--date", "2026-02-30"], 2, "2026-02-30"),
        (["log", "ada", "gave", "--date", "27/11/2026"], 2, "--date"),
        (["log", "ada", "gave", "--minutes", "0"], 2, "--minutes"),
        (["log", "ada", "gave", "--minutes", "abc"], 2, "--minutes"),
        (["log", "ada", "gave", "--minutes", "-5"], 2, "--minutes"),
        (["log", "ada", "gave", "--minutes", "10081"], 2, "--minutes"),
        (["log", "ada", "gave", "--minutes", "99999999999999999999"], 2, "--minutes"),
        (["gave", "ada", "x", "--minutes", "100000000"], 2, "--minutes"),
        (["met", "ada", "x", "--plan", "--minutes", "10081"], 2, "--minutes"),
        (["got", "nobody-at-all", "x"], 2, "no contact matches"),
        (["log", "ada", "gave", "--commit"], 2, "git"),
        (["snooze", "ada", "--until", "2026-11-27"], 2, "not after today"),
        (["snooze", "ada", "--until", "2026-01-01"], 2, "not after today"),
        (["snooze", "ada", "--until", "2027-02-30"], 2, "--until"),
        (["snooze", "ada"], 2, "--until"),
        (["snooze", "nobody-at-all", "--until", "2027-01-01"], 2, "no contact matches"),
        (["new", "Grace Hopper", "--commit"], 2, "already"),
    ],
)
def test_bad_input_writes_nothing(make_vault, tmp_path, run, args, code, says):
    root = make_vault(
        {ADA_PATH: ADA, "people/ada-byron.md": BYRON, "people/grace-hopper.md": GRACE},
        config=CONFIG,
    )
    before = vault_bytes(root)
    r = run(root, *args, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert says in r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert r.stderr.count("\n") <= 2
    assert vault_bytes(root) == before


def test_ambiguous_name_lists_the_candidates(make_vault, run):
    root = make_vault({ADA_PATH: "# Ada Lovelace\n", "people/ada-byron.md": BYRON})
    before = vault_bytes(root)
    r = run(root, "log", "ada", "gave", "x")
    assert r.exit_code == 2
    assert (
        "Ada Lovelace (people/ada-lovelace.md)" in r.stderr
        and "Ada Byron (people/ada-byron.md)" in r.stderr
    )
    assert vault_bytes(root) == before


PRIYA_SHARMA = "---\nname: Priya Sharma\naliases: [Priya]\n---\n## Log\n"
PRIYA_PATEL = "---\nname: Priya Patel\n---\n## Log\n"
PRIYAS = {"people/priya-sharma.md": PRIYA_SHARMA, "people/priya-patel.md": PRIYA_PATEL}
# What an unquoted completion leaves: the name's second word lands in TEXT.
WRITES_WITH_TEXT = [
    ["log", "Priya", "gave", "Patel", "sent", "the", "JD"],
    ["log", "priya", "coffee", "patel,", "sent", "the", "JD"],  # a config word, punctuation
    *([kind, "Priya", "Patel", "sent", "the", "JD"] for kind in KINDS),
]


@pytest.mark.parametrize("args", WRITES_WITH_TEXT, ids=lambda a: " ".join(a[:3]))
def test_a_write_never_guesses_where_the_name_ends(make_vault, run, args):
    root = make_vault(PRIYAS, config=CONFIG)
    before = vault_bytes(root)
    r = run(root, *args)
    assert r.exit_code == 2, r.stderr
    assert "Priya Sharma (people/priya-sharma.md)" in r.stderr
    assert "Priya Patel (people/priya-patel.md)" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert vault_bytes(root) == before


def test_a_name_that_runs_on_into_kind_is_said_so(make_vault, run):
    root = make_vault(PRIYAS)
    before = vault_bytes(root)
    r = run(root, "log", "Priya", "Patel", "gave", "sent", "the", "JD")
    assert r.exit_code == 2
    assert "unknown kind 'Patel'" in r.stderr and "Priya Patel (people/priya-patel.md)" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert vault_bytes(root) == before
    plain = run(root, "log", "Priya", "lunched", "x")
    assert "unknown kind 'lunched'; the kinds are" in plain.stderr  # no contact: no hint


def test_a_write_goes_where_the_name_is_unmistakable(make_vault, run):
    root = make_vault(PRIYAS)
    assert run(root, "gave", "Priya Patel", "sent", "the", "JD").exit_code == 0
    assert "gave: sent the JD" in (root / "people/priya-patel.md").read_text()
    assert run(root, "got", "Priya", "Patel sent the JD").exit_code == 0  # quoted text
    assert "got: Patel sent the JD" in (root / "people/priya-sharma.md").read_text()
    assert run(root, "met", "people/priya-sharma.md", "Patel", "too").exit_code == 0  # a path
    assert "met: Patel too" in (root / "people/priya-sharma.md").read_text()
    assert run(root, "met", "Priya", "lunch").exit_code == 0
    assert "met: lunch" in (root / "people/priya-sharma.md").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ("show", "{path}"),
        ("log", "{path}", "met", "x"),
        ("gave", "{path}", "x"),
        ("snooze", "{path}", "--until", "2027-01-01"),
        ("unsnooze", "{path}"),
        ("edit", "{path}"),
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize("path", ["people/team/ada.md", "people/team/ada", "./people/team/ada.md"])
def test_a_vault_relative_path_names_its_contact_everywhere(make_vault, run, args, path):
    twin = "---\nname: Ada Lovelace\n---\n## Log\n"
    root = make_vault({"people/team/ada.md": twin, "people/ada.md": twin})
    argv = [a.format(path=path) for a in args]
    r = run(root, *argv, env={"EDITOR": "true", "VISUAL": None})
    assert r.exit_code == 0, r.stderr
    assert (root / "people/ada.md").read_bytes() == twin.encode()  # the other one, untouched


def test_done_takes_a_vault_relative_path_too(make_vault, run):
    plan = "---\nname: Ada Lovelace\n---\n## Log\n- [ ] 2026-11-20 met: lunch\n"
    root = make_vault({"people/team/ada.md": plan, "people/ada.md": plan})
    r = run(root, "done", "people/team/ada.md")
    assert r.exit_code == 0, r.stderr
    assert "- [x] 2026-11-20 met: lunch" in (root / "people/team/ada.md").read_text()
    assert (root / "people/ada.md").read_text() == plan


def test_a_path_from_the_working_folder_names_its_contact(make_vault, tmp_path):
    root = make_vault({"people/ada.md": "# Ada\n", "people/bob.md": "# Ada\n"})
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", "2026-11-27", "show", "bob.md", "--json"],
        cwd=root / "people",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["path"] == "people/bob.md"


def test_unknown_kind_lists_the_config_words(vault, run):
    r = run(vault, "log", "ada", "lunch")
    assert (
        r.exit_code == 2
        and "'lunch'" in r.stderr
        and "coffee (met)" in r.stderr
        and "intro (gave)" in r.stderr
    )


# Root may write any file: the read-only case runs in a forked child that drops to `nobody`.


def test_log_to_a_read_only_file_exits_1_and_writes_nothing(vault, run, open_dir):
    root = open_copy(vault, open_dir)  # only the file's own permission stops the write
    target = root / ADA_PATH
    os.chmod(target, 0o444)
    assert run(root, "status").exit_code == 0  # every module the child needs is imported now
    before = vault_bytes(root)

    def attempt():
        r = run(root, "--no-cache", "log", "ada", "gave", "x")
        return [r.exit_code, r.stderr]

    code, stderr = as_unprivileged(attempt)
    assert code == 1, stderr
    assert "read-only" in stderr and "nothing written" in stderr
    assert stderr.startswith(f"network-md: error: {ADA_PATH}: "), stderr  # its vault path
    assert vault_bytes(root) == before
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(os.listdir(root / "people")) == [
        "ada-lovelace.md",
        "grace-hopper.md",
        "zoe.md",
    ]


@pytest.mark.parametrize(
    ("content", "args", "says"),
    [
        (b"# Ada\n```\nsome code\n", ["log", "ada", "met", "x"], "never closed"),
        (b"# Ada\n\xff\xfe\n", ["log", "ada", "met", "x"], "not valid UTF-8"),
        (b"---\nname: Ada\n", ["snooze", "ada", "--until", "2027-01-01"], "never closed"),
        (b"# Ada\n\xff\n", ["unsnooze", "ada"], "not valid UTF-8"),
    ],
)
def test_a_write_error_names_the_file_by_its_vault_path(make_vault, run, content, args, says):
    root = make_vault({"people/team/ada.md": content, "people/bo.md": "# Bo\n"})
    before = vault_bytes(root)
    r = run(root, *args)
    assert r.exit_code == 1, r.stderr
    assert r.stderr.startswith("network-md: error: people/team/ada.md: "), r.stderr
    assert says in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert vault_bytes(root) == before


# --- snooze ------------------------------------------------------------------------------------


def ada_flags(run, vault):
    flags = json.loads(run(vault, "flags", "--json").stdout)["flags"]
    return [f["rule"] for f in flags if f["contact"] == "Ada Lovelace"]


def test_snooze_and_unsnooze(vault, run):
    original = vault_bytes(vault)
    assert ada_flags(run, vault) == ["thank"]
    r = run(vault, "snooze", "ada", "--until", "2027-03-01", "--why", "new baby: twins")
    assert r.exit_code == 0, r.stderr
    assert only_change(original, vault_bytes(vault)) == {ADA_PATH}
    assert (vault / ADA_PATH).read_text() == ADA.replace(
        "circle: close\n",
        'circle: close\nsnooze_until: 2027-03-01\nsnooze_why: "new baby: twins"\n',
    )
    assert ada_flags(run, vault) == []
    status = json.loads(run(vault, "status", "--json").stdout)
    assert status["snoozed"] == 1
    shown = json.loads(run(vault, "show", "--json", "ada").stdout)
    assert shown["flags"] == []
    # snoozed the day before `until`, not on the day itself
    assert json.loads(run(vault, "status", "--json", today="2027-02-28").stdout)["snoozed"] == 1
    assert json.loads(run(vault, "status", "--json", today="2027-03-01").stdout)["snoozed"] == 0

    r = run(
        vault, "snooze", "ada", "--until", "2027-06-01", "--why", "sabbatical"
    )  # changes those lines only
    assert r.exit_code == 0
    assert (vault / ADA_PATH).read_text() == ADA.replace(
        "circle: close\n", "circle: close\nsnooze_until: 2027-06-01\nsnooze_why: sabbatical\n"
    )

    r = run(vault, "unsnooze", "ada")
    assert r.exit_code == 0, r.stderr
    assert vault_bytes(vault) == original
    assert ada_flags(run, vault) == ["thank"]
    assert json.loads(run(vault, "status", "--json").stdout)["snoozed"] == 0

    r = run(vault, "unsnooze", "ada")
    assert r.exit_code == 0 and "not snoozed" in r.stderr
    assert vault_bytes(vault) == original


def test_resnoozing_keeps_the_reason_unless_a_new_one_is_given(vault, run):
    assert run(vault, "snooze", "ada", "--until", "2027-03-01", "--why", "new baby").exit_code == 0
    r = run(vault, "snooze", "Ada Lovelace", "--until", "2027-06-01")
    assert r.exit_code == 0, r.stderr
    text = (vault / ADA_PATH).read_text()
    assert "snooze_until: 2027-06-01\nsnooze_why: new baby\n" in text
    r = run(vault, "snooze", "ada", "--until", "2027-06-01")  # the same day again
    assert r.exit_code == 0 and "already snoozed until 2027-06-01" in r.stderr
    assert (vault / ADA_PATH).read_text() == text
    assert run(vault, "snooze", "ada", "--until", "2027-07-01", "--why", "moved").exit_code == 0
    assert "snooze_why: moved\n" in (vault / ADA_PATH).read_text()
    assert run(vault, "snooze", "ada", "--until", "2027-07-01", "--why", "").exit_code == 0
    assert "snooze_why" not in (vault / ADA_PATH).read_text()
    assert json.loads(run(vault, "show", "ada", "--json").stdout)["snooze_why"] is None


@pytest.mark.parametrize("key", ["Snooze Until", "snooze-until", "SnoozeUntil"])
def test_snooze_and_unsnooze_change_a_key_spelled_otherwise(make_vault, run, key):
    text = f"---\nName: Bo\n{key}: 2026-12-01\nSnooze Why: trip\n---\n\n## Log\n"
    root = make_vault({"people/bo.md": text})
    r = run(root, "snooze", "bo", "--until", "2027-01-05", "--why", "move")
    assert r.exit_code == 0, r.stderr
    assert (root / "people/bo.md").read_text() == text.replace("2026-12-01", "2027-01-05").replace(
        "trip", "move"
    )
    shown = json.loads(run(root, "show", "bo", "--json").stdout)
    assert shown["snooze_until"] == "2027-01-05"
    r = run(root, "unsnooze", "bo")
    assert r.exit_code == 0 and "Unsnoozed" in r.stderr
    assert (root / "people/bo.md").read_text() == "---\nName: Bo\n---\n\n## Log\n"
    assert json.loads(run(root, "show", "bo", "--json").stdout)["snooze_until"] is None


@pytest.mark.parametrize(
    ("keys", "command"),
    [
        (
            "snooze_until: 2026-12-01\nsnooze_until: 2026-12-05\n",
            ["snooze", "bo", "--until", "2027-01-05"],
        ),
        ("Snooze Until: 2026-12-01\nsnooze_until: 2026-12-05\n", ["unsnooze", "bo"]),
        ("snooze_why: a\nSnooze Why: b\n", ["snooze", "bo", "--until", "2027-01-05", "--why", "c"]),
    ],
)
def test_a_command_refuses_to_set_a_key_written_twice(make_vault, run, keys, command):
    text = f"---\nname: Bo\n{keys}---\n\n## Log\n"
    root = make_vault({"people/bo.md": text})
    r = run(root, *command)
    assert r.exit_code == 1
    assert (
        r.stderr.count("\n") == 1 and "people/bo.md" in r.stderr and "written 2 times" in r.stderr
    )
    assert (root / "people/bo.md").read_text() == text


def test_resnoozing_keeps_a_reason_written_by_hand(make_vault, run):
    crlf = "---\r\nname: Bo\r\nsnooze_until: 2027-01-01\r\nsnooze_why: |\r\n  two lines\r\n  of it\r\n---\r\n"
    root = make_vault({"people/bo.md": crlf})
    assert run(root, "snooze", "bo", "--until", "2027-02-01").exit_code == 0
    assert (root / "people/bo.md").read_bytes() == crlf.replace("2027-01-01", "2027-02-01").encode()


def test_snooze_keeps_crlf_and_a_file_without_front_matter(make_vault, run):
    crlf = (
        b"---\r\nname: Ada Lovelace\r\nsnooze_until: 2026-01-01\r\nrole: CTO\r\n---\r\n## Log\r\n"
    )
    bare = b"# Grace Hopper\n\n## Log\n- 2026-11-20 got: x"
    root = make_vault({"people/ada.md": crlf, "people/grace.md": bare})
    assert run(root, "snooze", "ada", "--until", "2027-01-01").exit_code == 0
    assert (root / "people/ada.md").read_bytes() == crlf.replace(b"2026-01-01", b"2027-01-01")
    assert run(root, "snooze", "grace", "--until", "2027-01-01").exit_code == 0
    assert (root / "people/grace.md").read_bytes() == b"---\nsnooze_until: 2027-01-01\n---\n" + bare
    assert json.loads(run(root, "status", "--json").stdout)["snoozed"] == 2


# --- edit --------------------------------------------------------------------------------------


def editor(tmp_path: Path, line: str) -> str:
    script = tmp_path / "fake-editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{line}' >> \"$1\"\n")
    script.chmod(0o755)
    return str(script)


def test_edit_runs_the_editor_then_checks_the_file(vault, tmp_path, run):
    env = {"EDITOR": editor(tmp_path, "- 2026-11-27 thanked: a postcard"), "VISUAL": None}
    r = run(vault, "edit", "ada", env=env)
    assert r.exit_code == 0, r.stderr
    assert (vault / ADA_PATH).read_text() == ADA + "- 2026-11-27 thanked: a postcard\n"
    assert r.stderr.strip() == ""
    assert ada_flags(run, vault) == []  # thanked: the thank nudge is gone


def test_edit_prints_the_problems_it_finds(vault, tmp_path, run):
    r = run(
        vault,
        "edit",
        "grace",
        env={"EDITOR": editor(tmp_path, "- 2026-02-30 met: typo"), "VISUAL": None},
    )
    assert r.exit_code == 1
    assert "people/grace-hopper.md:7: error: impossible date 2026-02-30" in r.stderr
    r = run(
        vault,
        "edit",
        "grace",
        env={"EDITOR": editor(tmp_path, "- 2026-11-26 lunch: x"), "VISUAL": None},
    )
    assert "people/grace-hopper.md:8: warning: unknown kind 'lunch'" in r.stderr


def test_edit_unknown_name_and_failing_editor(vault, run):
    before = vault_bytes(vault)
    r = run(vault, "edit", "nobody-at-all", env={"EDITOR": "false", "VISUAL": None})
    assert r.exit_code == 2 and "no contact matches" in r.stderr
    r = run(vault, "edit", "ada", env={"EDITOR": "false", "VISUAL": None})
    assert r.exit_code != 0 and "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert vault_bytes(vault) == before


# --- git ---------------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def make_repo(root: Path) -> None:
    git(root, "init", "--quiet")
    git(root, "config", "user.name", "Test Person")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "start")


def committed_files(root: Path, rev: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", rev).split()


def test_commit_only_the_written_file(vault, run):
    (vault / "notes.txt").write_text("a staged file\n")
    make_repo(vault)
    (vault / "people/grace-hopper.md").write_text(
        GRACE + "- 2026-11-26 met: dirty, not committed\n"
    )
    (vault / "todo.txt").write_text("staged, not committed\n")
    git(vault, "add", "todo.txt")
    (vault / "notes.txt").write_text("staged change\n")
    git(vault, "add", "notes.txt")
    (vault / "notes.txt").write_text("staged change, then more unstaged\n")

    r = run(vault, "log", "ada", "gave", "sent the article", "--commit")
    assert r.exit_code == 0, r.stderr
    assert git(vault, "log", "-1", "--format=%s").strip() == "log: gave → Ada Lovelace"
    assert committed_files(vault) == [ADA_PATH]
    assert git(vault, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(vault, "show", f"HEAD:{ADA_PATH}") == (vault / ADA_PATH).read_text()
    status = sorted(
        x for x in git(vault, "status", "--porcelain").splitlines() if ".network-md/" not in x
    )
    assert status == sorted(["A  todo.txt", "MM notes.txt", " M people/grace-hopper.md"])
    assert git(vault, "show", ":notes.txt") == "staged change\n"  # the index kept what was staged

    r = run(vault, "new", "Alan Turing", "--commit")
    assert r.exit_code == 0, r.stderr
    assert git(vault, "log", "-1", "--format=%s").strip() == "new: Alan Turing"
    assert committed_files(vault) == ["people/alan-turing.md"]

    r = run(vault, "snooze", "grace", "--until", "2027-01-01", "--commit")
    assert r.exit_code == 0, r.stderr
    assert committed_files(vault) == ["people/grace-hopper.md"]
    assert "Grace Hopper" in git(vault, "log", "-1", "--format=%s")
    assert git(vault, "rev-list", "--count", "HEAD").strip() == "4"
    assert "A  todo.txt" in git(vault, "status", "--porcelain").splitlines()


def test_autocommit_from_the_config(make_vault, run):
    root = make_vault({ADA_PATH: ADA}, config="contacts: [people]\ngit: {autocommit: true}\n")
    make_repo(root)
    r = run(root, "got", "ada", "intro to Grace")
    assert r.exit_code == 0, r.stderr
    assert git(root, "log", "-1", "--format=%s").strip() == "log: got → Ada Lovelace"
    assert committed_files(root) == [ADA_PATH]
    assert ADA_PATH not in git(root, "status", "--porcelain")


def test_without_commit_git_is_left_alone(vault, run):
    make_repo(vault)
    head = git(vault, "rev-parse", "HEAD")
    assert run(vault, "log", "ada", "gave", "x").exit_code == 0
    assert git(vault, "rev-parse", "HEAD") == head
    assert f" M {ADA_PATH}" in git(vault, "status", "--porcelain").splitlines()
    assert git(vault, "diff", "--cached", "--name-only") == ""


def test_autocommit_outside_a_work_tree_writes_nothing(make_vault, tmp_path, run):
    root = make_vault({ADA_PATH: ADA}, config="contacts: [people]\ngit: {autocommit: true}\n")
    before = vault_bytes(root)
    r = run(root, "log", "ada", "gave", "x", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert r.exit_code == 2 and "git work tree" in r.stderr
    assert vault_bytes(root) == before


# --- the daily loop, with the installed script -------------------------------------------------


def test_the_full_loop_with_the_installed_script(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_MD")}
    env.update({"NETWORK_MD_TODAY": "2026-11-27", "GIT_CEILING_DIRECTORIES": str(tmp_path)})

    def nmd(*args, cwd):
        return subprocess.run(
            [script_path(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
        )

    done = nmd("init", "v", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    root = tmp_path / "v"
    assert "Made a vault" in done.stderr

    done = nmd("new", "Ada Lovelace", "--circle", "close", "--alias", "Ada", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "people/ada-lovelace.md" in done.stderr
    (root / "people" / "sub").mkdir()
    done = nmd("new", "Grace Hopper", cwd=root / "people" / "sub")  # the vault is found upward
    assert done.returncode == 0, done.stderr

    done = nmd("log", "ada", "asked", "a review of my talk", "--date", "2026-11-01", cwd=root)
    assert done.returncode == 0, done.stderr
    done = nmd("got", "ada", "intro to Grace", "--minutes", "20", cwd=root)
    assert done.returncode == 0, done.stderr
    done = nmd("log", "grace", "coffee", "--minutes", "30", cwd=root)
    assert done.returncode == 0, done.stderr
    text = (root / "people" / "ada-lovelace.md").read_text()
    assert text.endswith(
        "## Log\n- 2026-11-01 asked: a review of my talk\n- 2026-11-27 got (20m): intro to Grace\n"
    )

    done = nmd("today", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Ada Lovelace" in done.stdout and "Thank" in done.stdout
    assert "last: 2026-11-27 got: intro to Grace" in done.stdout
    today = json.loads(nmd("today", "--json", cwd=root).stdout)
    assert [(i["action"], i["contact"]) for i in today["items"]] == [("thank", "Ada Lovelace")]
    assert today["practice"] == {"streak_days": 1, "minutes_today": 50, "goal_minutes": 15}
    markdown = nmd("today", "--markdown", cwd=root)
    assert (
        markdown.returncode == 0
        and "- [ ] Thank" in markdown.stdout
        and "Ada Lovelace" in markdown.stdout
    )

    done = nmd("status", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Ada Lovelace" in done.stdout
    status = json.loads(nmd("status", "--json", cwd=root).stdout)
    assert status["contacts"] == 2 and status["today"] == "2026-11-27"
    assert (
        status["relationships"]["receiving"] == 1 and status["relationships"]["acquaintance"] == 1
    )
    assert (
        status["flags"] == {"red": 0, "nudge": 1}
        and status["problems"] == []
        and status["snoozed"] == 0
    )

    bad = nmd("log", "ada", "lunch", cwd=root)
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert nmd("check", cwd=root).returncode == 0


# --- writes that cannot be made safely say so, and write nothing -------------------------------------

BAD_YAML = "---\nname: [Ada\ncompany: Acme\n---\n## Log\n- 2026-11-01 gave: x\n"


@pytest.mark.parametrize(
    "args",
    [
        ["snooze", "ada", "--until", "2027-01-01"],
        ["snooze", "ada", "--until", "2027-01-01", "--why", "a sabbatical"],
        ["unsnooze", "ada"],
    ],
)
def test_setting_keys_in_front_matter_that_is_not_valid_yaml_is_exit_1_and_writes_nothing(
    make_vault, run, args
):
    root = make_vault({"people/ada.md": BAD_YAML})
    before = vault_bytes(root)
    result = run(root, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("network-md: error: people/ada.md: its front matter is not")
    assert len(result.stderr.splitlines()) == 1 and "Snoozed" not in result.stderr
    assert vault_bytes(root) == before


def test_log_still_works_on_front_matter_that_is_not_valid_yaml(make_vault, run):
    root = make_vault({"people/ada.md": BAD_YAML})
    result = run(root, "log", "ada", "got", "an answer")  # log never touches the front matter
    assert result.exit_code == 0, result.stderr
    assert (root / "people/ada.md").read_text("utf-8").startswith(BAD_YAML)


@pytest.mark.parametrize("quote", ['"', "'", ""])
@pytest.mark.parametrize("name", ["Bob: CEO", "null", '"Quoted"', "#x", "- a", "O'Brien"])
def test_new_from_a_user_template_gives_valid_front_matter_for_any_name(
    make_vault, run, quote, name
):
    template = f"---\nname: {quote}{{{{name}}}}{quote}\ncircle: {{{{circle}}}}\n---\n\n## Log\n"
    root = make_vault({"templates/contact.md": template})
    result = run(root, "new", "--", name)
    assert result.exit_code == 0, result.stderr
    listed = run(root, "list", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)["contacts"]] == [name]
    assert json.loads(run(root, "check", "--json").stdout)["problems"] == []


def test_new_refuses_a_template_that_cannot_hold_the_name(make_vault, run):
    root = make_vault({"templates/contact.md": "---\nname: {{name}}\nnote: {{title}}: here\n---\n"})
    before = vault_bytes(root)
    result = run(root, "new", "Bob: CEO")
    assert result.exit_code == 2 and "templates/contact.md" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert vault_bytes(root) == before


@pytest.fixture
def read_only_mount(tmp_path):
    """A real read-only file system (a tmpfs mounted ro); skipped where mounting is impossible."""
    mount = tmp_path / "ro"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro", "none", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a read-only file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize("where", [".", "new-vault", "deep/new/vault"])
def test_init_on_a_read_only_file_system_is_one_line_exit_1(read_only_mount, where):
    done = subprocess.run(
        [script_path(), "init", where], cwd=read_only_mount, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("network-md: error: ") and "Read-only file system" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert list(read_only_mount.iterdir()) == []


def test_init_in_a_read_only_folder_is_one_line_exit_1(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(folder, 0o555)

    def attempt():  # in this process: `nobody` may not reach the installed script
        from click.testing import CliRunner

        done = CliRunner().invoke(cli, ["init", str(folder / "vault")])
        return done.exit_code, done.stderr

    try:
        code, err = as_unprivileged(attempt)
    finally:
        os.chmod(folder, 0o755)
    assert code == 1 and "Permission denied" in err and len(err.splitlines()) == 1
    assert list(folder.iterdir()) == []


# --- one entry for several people: --with ------------------------------------------------------


@pytest.mark.parametrize("command", [("log", "ada", "met"), ("met", "ada"), ("gave", "ada")])
def test_with_writes_the_same_entry_to_each_contact(vault, run, command):
    r = run(vault, *command, "coffee", "for", "three", "--with", "grace", "--with", "Zoe Angstrom")
    assert r.exit_code == 0, r.stderr
    word = command[-1] if command[0] == "log" else command[0]
    line = f"- 2026-11-27 {word}: coffee for three\n"
    for rel in ("people/ada-lovelace.md", "people/grace-hopper.md", "people/zoe.md"):
        assert (vault / rel).read_text().count(line) == 1, rel
    assert "→ Ada Lovelace, Grace Hopper, Zoë Ångström" in r.stderr


@pytest.mark.parametrize(
    "withs",
    [
        ("grace", "nobody-at-all"),  # the last one unknown
        ("nobody-at-all", "grace"),  # the first one unknown
        ("a",),  # ambiguous: Ada, Amazing Grace, Ångström…
        ("",),
    ],
)
def test_with_one_bad_name_writes_nothing(vault, run, withs):
    before = vault_bytes(vault)
    args = [a for w in withs for a in ("--with", w)]
    r = run(vault, "gave", "ada", "the article", *args)
    assert r.exit_code == 2
    assert "--with" in r.stderr and "Nothing written" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert vault_bytes(vault) == before


def test_with_a_contact_named_twice_gets_the_entry_once(vault, run):
    r = run(
        vault,
        "met",
        "ada",
        "lunch",
        "--with",
        "Ada Lovelace",
        "--with",
        "grace",
        "--with",
        "Amazing Grace",
    )
    assert r.exit_code == 0, r.stderr
    assert (vault / "people/ada-lovelace.md").read_text().count("met: lunch") == 1
    assert (vault / "people/grace-hopper.md").read_text().count("met: lunch") == 1


def test_with_a_file_that_cannot_be_written_writes_nothing(make_vault, run, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(GRACE)
    root = make_vault({"people/ada-lovelace.md": ADA}, config=CONFIG)
    (root / "people/grace.md").symlink_to(outside)  # read, never written: it leads outside
    before = vault_bytes(root)
    r = run(root, "met", "ada", "lunch", "--with", "grace")
    assert r.exit_code == 1, r.stderr
    assert "people/grace.md" in r.stderr and "Traceback" not in r.stderr
    assert vault_bytes(root) == before and outside.read_text() == GRACE


def test_with_and_commit_make_one_commit_of_every_file(vault, run):
    make_repo(vault)
    r = run(vault, "thanked", "ada", "for the intros", "--with", "grace", "--commit")
    assert r.exit_code == 0, r.stderr
    assert sorted(committed_files(vault)) == ["people/ada-lovelace.md", "people/grace-hopper.md"]
    assert git(vault, "rev-list", "--count", "HEAD").strip() == "2"
    assert (
        git(vault, "log", "-1", "--format=%s").strip()
        == "log: thanked → Ada Lovelace, Grace Hopper"
    )


def test_with_a_plan_is_a_plan_for_each(vault, run):
    r = run(vault, "met", "ada", "dinner", "--date", "2026-12-05", "--with", "zoe")
    assert r.exit_code == 0, r.stderr
    for rel in ("people/ada-lovelace.md", "people/zoe.md"):
        assert "- [ ] 2026-12-05 met: dinner\n" in (vault / rel).read_text()


# --- withdrew: letting an ask go -----------------------------------------------------------------


def test_withdrew_lets_an_unanswered_ask_go_without_a_decline(make_vault):
    bo = "---\nname: Bo Berg\n---\n## Log\n- 2026-09-01 got: a tip\n- 2026-10-01 asked: an intro\n"
    root = make_vault({"people/bo.md": bo})

    def cli_json(*args):
        r = subprocess.run(
            [script_path(), "--vault", str(root), "--today", "2026-11-27", *args],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout) if "--json" in args else r

    (flag,) = cli_json("flags", "--json")["flags"]
    assert flag["rule"] == "unanswered-ask" and "withdrew" in flag["advice"]
    before = cli_json("show", "bo", "--json")
    said = cli_json("withdrew", "bo", "no answer; letting it go")
    assert "Logged 2026-11-27 withdrew → Bo Berg" in said.stderr
    assert (
        root / "people/bo.md"
    ).read_text() == bo + "- 2026-11-27 withdrew: no answer; letting it go\n"
    assert cli_json("flags", "--json")["flags"] == []
    after = cli_json("show", "bo", "--json")
    assert (after["declines"], after["trust"]) == (0, before["trust"])
    assert after["log"][0]["kind"] == "withdrew"


# --- new: who they are ---------------------------------------------------------------------------

ODD_VALUES = [
    "Analytical Engines Ltd",
    "Acme: Rockets & Co.",  # a colon
    "@home",  # YAML's reserved @
    "# not a comment",
    "yes",  # YAML 1.1's true
    "0123",  # a number, or octal
    "2024-03-02",  # a date
    "- dash",
    "\"quoted\" and 'single'",
    "竹语科技 🌱",
    "[[Acme]]",  # a link, written as the link
    "null",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_new_writes_who_they_are_as_yaml_that_reads_back_exactly(make_vault, value):
    root = make_vault({})
    email, url = "ada+crm@example.com", "https://www.linkedin.com/in/ada-l?x=1#y"
    args = ["--company", value, "--role", value, "--email", email, "--linkedin", url]
    r = subprocess.run(
        [script_path(), "--vault", str(root), "--today", "2026-11-27", "new", "Ada L",
         *args, "--alias", value],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    c = json.loads(
        subprocess.run(
            [script_path(), "--vault", str(root), "show", "ada-l", "--json"],
            capture_output=True,
            text=True,
        ).stdout
    )
    shown = "Acme" if value == "[[Acme]]" else value
    assert (c["company"], c["role"], c["email"], c["linkedin"]) == (shown, shown, email, url)
    assert c["aliases"] == [value]
    text = (root / "people/ada-l.md").read_text()
    assert text.startswith("---\nname: Ada L\n") and text.endswith("---\n\n## Log\n")


def test_new_sets_who_they_are_in_the_templates_own_spelling(make_vault, run):
    template = (
        "---\nname: {{name}}\nCompany: TBD\nTitle:\ntags: {{tags}}\n---\n# {{title}}\n\n## Log\n"
    )
    root = make_vault({"templates/contact.md": template})
    r = run(root, "new", "Grace Hopper", "--company", "US Navy", "--role", "Rear Admiral")
    assert r.exit_code == 0, r.stderr
    assert (root / "people/grace-hopper.md").read_text() == (
        "---\nname: Grace Hopper\nCompany: US Navy\nTitle: Rear Admiral\ntags: []\n---\n"
        "# Grace Hopper\n\n## Log\n"
    )


def test_new_without_who_options_writes_no_such_keys(make_vault, run):
    root = make_vault({})
    assert run(root, "new", "Bo", "--company", "  ").exit_code == 0  # blank: not given
    text = (root / "people/bo.md").read_text()
    assert "company" not in text and "role" not in text and "email" not in text
