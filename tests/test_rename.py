"""`rename NAME NEW_NAME`: the name, the old name as an alias, every link to the contact in the
vault, the file's own name; each file changing only what it must; rename back undoes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import git, real_people, run_script, vault_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CONFIG = "contacts: [people]\ndaily_notes: {folder: Daily, format: YYYY-MM-DD}\n"
ADA = """---
name: Ada Lovelace
aliases: [Countess]
---
Self: [[ada-lovelace]]

## Log
- 2026-11-01 met: with [[Grace Hopper|Grace]]
"""
GRACE = """---
name: Grace Hopper
introduced_by: "[[Ada Lovelace]]"
---
## Log
- 2026-11-01 met: [[Ada Lovelace]], [[Ada Lovelace|her]], [[Ada Lovelace#Work|w]], [[ada-lovelace]]
- 2026-11-02 got: [[people/ada-lovelace]], ![[people/ada-lovelace.md#x]], [[Countess]], [[Lisbon]]
- 2026-11-03 met: `[[Ada Lovelace]]` in code | [[Ada Lovelace\\|table cell]]

```
[[Ada Lovelace]] in a fence
```
"""
DAILY = "- met: [[Ada Lovelace]] at lunch\n- a thought about [[ada-lovelace|her]]\n"
NOTE = "Meeting notes with [[Ada Lovelace]].\n"
CONTACTS = {
    "people/ada-lovelace.md": ADA,
    "people/grace-hopper.md": GRACE,
    "Daily/2026-11-01.md": DAILY,
    "notes/meeting.md": NOTE,
    "notes/binary.md": b"\xff\xfe [[Ada Lovelace]] not UTF-8\n",
}


@pytest.fixture
def vault(make_vault):
    return make_vault(CONTACTS, CONFIG)


def test_rename_rewrites_every_link_and_only_the_links(vault):
    done = run_script(vault, "rename", "Ada Lovelace", "Ada Byron")
    assert done.returncode == 0, done.stderr
    assert "people/ada-lovelace.md → people/ada-byron.md" in done.stderr
    assert not (vault / "people/ada-lovelace.md").exists()
    assert (vault / "people/ada-byron.md").read_text() == (
        "---\nname: Ada Byron\naliases: [Countess, Ada Lovelace]\n---\nSelf: [[ada-byron]]\n\n"
        "## Log\n- 2026-11-01 met: with [[Grace Hopper|Grace]]\n"
    )
    assert (vault / "people/grace-hopper.md").read_text() == (
        GRACE.replace('"[[Ada Lovelace]]"', '"[[Ada Byron]]"')
        .replace(
            "[[Ada Lovelace]], [[Ada Lovelace|her]], [[Ada Lovelace#Work|w]], [[ada-lovelace]]",
            "[[Ada Byron]], [[Ada Byron|her]], [[Ada Byron#Work|w]], [[ada-byron]]",
        )
        .replace(
            "[[people/ada-lovelace]], ![[people/ada-lovelace.md#x]]",
            "[[people/ada-byron]], ![[people/ada-byron.md#x]]",
        )
        .replace("[[Ada Lovelace\\|table cell]]", "[[Ada Byron\\|table cell]]")
    )
    assert (vault / "Daily/2026-11-01.md").read_text() == DAILY.replace(
        "[[Ada Lovelace]]", "[[Ada Byron]]"
    ).replace("[[ada-lovelace|her]]", "[[ada-byron|her]]")
    assert (vault / "notes/meeting.md").read_text() == NOTE.replace("Lovelace", "Byron")
    assert (vault / "notes/binary.md").read_bytes() == CONTACTS["notes/binary.md"]
    shown = json.loads(run_script(vault, "show", "ada lovelace", "--json").stdout)  # the alias
    assert shown["name"] == "Ada Byron" and shown["path"] == "people/ada-byron.md"
    assert run_script(vault, "check").returncode == 0


def test_rename_back_restores_every_file(vault):
    before = vault_bytes(vault)
    assert run_script(vault, "rename", "Ada Lovelace", "Ada Byron").returncode == 0
    assert vault_bytes(vault) != before
    done = run_script(vault, "rename", "Ada Byron", "Ada Lovelace")
    assert done.returncode == 0, done.stderr
    assert vault_bytes(vault) == before


@pytest.mark.parametrize(
    ("path", "renamed"),
    [
        ("people/ada-lovelace.md", "people/ada-byron.md"),  # as `new` names it
        ("people/ada-lovelace-2.md", "people/ada-byron.md"),  # a second person's file
        ("people/Ada Lovelace.md", "people/Ada Byron.md"),  # named after the person
        ("people/ada.md", "people/ada.md"),  # a name of the user's own: kept
        ("people/team/lovelace.md", "people/team/lovelace.md"),
    ],
)
def test_the_file_is_renamed_only_when_its_name_came_from_the_old_name(make_vault, path, renamed):
    stem = Path(path).stem
    other = f"- 2026-11-01 met: [[{stem}]] and [[Ada Lovelace|A]]\n"
    root = make_vault({path: ADA.replace("[[ada-lovelace]]", "x"), "people/b.md": other}, CONFIG)
    done = run_script(root, "rename", "Ada Lovelace", "Ada Byron")
    assert done.returncode == 0, done.stderr
    assert (root / renamed).exists() and (renamed == path or not (root / path).exists())
    new_stem = Path(renamed).stem
    assert (root / "people/b.md").read_text() == (
        f"- 2026-11-01 met: [[{new_stem}]] and [[Ada Byron|A]]\n"
    )


def test_the_new_file_name_never_takes_another_file(make_vault):
    root = make_vault(
        {"people/ada-lovelace.md": ADA, "people/ada-byron.md": "---\nname: Somebody Else\n---\n"},
        CONFIG + "ignore: [people/ada-byron.md]\n",  # a file there, but not a contact
    )
    assert run_script(root, "rename", "Ada Lovelace", "Ada Byron").returncode == 0
    assert (root / "people/ada-byron-2.md").read_text().startswith("---\nname: Ada Byron\n")
    assert (root / "people/ada-byron.md").read_text() == "---\nname: Somebody Else\n---\n"
    assert "Self: [[ada-byron-2]]" in (root / "people/ada-byron-2.md").read_text()


@pytest.mark.parametrize(
    "taken", ["Grace Hopper", "grace hopper", "GRACE-HOPPER", "GraceHopper", "Amazing Grace"]
)
def test_a_new_name_that_names_someone_else_exits_2(make_vault, taken):
    grace = GRACE.replace("introduced_by", "aliases: [Amazing Grace]\nintroduced_by")
    root = make_vault({"people/ada-lovelace.md": ADA, "people/grace-hopper.md": grace}, CONFIG)
    before = vault_bytes(root)
    done = run_script(root, "rename", "Ada Lovelace", taken)
    assert done.returncode == 2, done.stderr
    assert "people/grace-hopper.md" in done.stderr and "nothing written" in done.stderr
    assert vault_bytes(root) == before


def test_unknown_ambiguous_empty_or_same_name(vault):
    before = vault_bytes(vault)
    assert run_script(vault, "rename", "nobody", "X").returncode == 2
    assert run_script(vault, "rename", "Ada Lovelace", "  ").returncode == 2
    done = run_script(vault, "rename", "Ada Lovelace", "Ada  Lovelace")
    assert done.returncode == 0 and "already has that name" in done.stderr
    assert vault_bytes(vault) == before


def test_renaming_to_an_alias_takes_it_out_of_the_aliases(vault):
    done = run_script(vault, "rename", "Ada Lovelace", "Countess")
    assert done.returncode == 0, done.stderr
    text = (vault / "people/countess.md").read_text()
    assert text.startswith("---\nname: Countess\naliases: []\n---\nSelf: [[countess]]\n")
    assert "[[Countess]], [[Countess|her]]" in (vault / "people/grace-hopper.md").read_text()


@pytest.mark.parametrize("new", ["Ada | Byron", "Ada #1", "Ada [[B]]", "Ada ]] B", "Ada^B"])
def test_a_new_name_that_cannot_be_a_link_leaves_name_links_pointing_by_the_alias(vault, new):
    done = run_script(vault, "rename", "Ada Lovelace", new)
    assert done.returncode == 0, done.stderr
    grace = (vault / "people/grace-hopper.md").read_text()
    assert "[[Ada Lovelace]], [[Ada Lovelace|her]]" in grace  # still resolves: an alias now
    shown = json.loads(run_script(vault, "show", "Ada Lovelace", "--json").stdout)
    assert shown["name"] == new and "Ada Lovelace" in shown["aliases"]
    assert run_script(vault, "check").returncode == 0


def test_a_quote_in_the_new_name_never_breaks_another_files_front_matter(vault):
    done = run_script(vault, "rename", "Ada Lovelace", 'Ada "The Countess" Byron')
    assert done.returncode == 0, done.stderr
    grace = (vault / "people/grace-hopper.md").read_text()
    assert 'introduced_by: "[[Ada Lovelace]]"' in grace  # kept: it still resolves by the alias
    assert '- 2026-11-01 met: [[Ada "The Countess" Byron]], ' in grace  # the body follows
    assert run_script(vault, "check").returncode == 0
    shown = json.loads(
        run_script(vault, "show", "people/ada-the-countess-byron.md", "--json").stdout
    )
    assert shown["name"] == 'Ada "The Countess" Byron'


def test_cjk_names(make_vault):
    root = make_vault(
        {
            "people/李伟.md": "---\nname: 李伟\n---\n",
            "people/b.md": "- 2026-11-01 met: [[李伟]] and [[李伟|伟]]\n",
        },
        CONFIG,
    )
    done = run_script(root, "rename", "李伟", "王芳")
    assert done.returncode == 0, done.stderr
    assert (root / "people/王芳.md").read_text() == "---\nname: 王芳\naliases:\n  - 李伟\n---\n"
    assert (root / "people/b.md").read_text() == "- 2026-11-01 met: [[王芳]] and [[王芳|伟]]\n"


def test_two_files_with_one_stem_in_different_folders(make_vault):
    root = make_vault(
        {
            "people/a/sam-lee.md": "---\nname: Sam Lee\n---\n",
            "people/b/sam-lee.md": "---\nname: Samuel Lee\n---\n",
            "notes/n.md": "[[a/sam-lee]] [[b/sam-lee]] [[sam-lee]] [[Sam Lee]]\n",
        },
        CONFIG,
    )
    done = run_script(root, "rename", "people/a/sam-lee.md", "Sam Park")
    assert done.returncode == 0, done.stderr
    assert (root / "people/a/sam-park.md").exists()
    # [[sam-lee]] and [[Sam Lee]] (the stem, folded) name both files: ambiguous, they stay
    assert (
        root / "notes/n.md"
    ).read_text() == "[[a/sam-park]] [[b/sam-lee]] [[sam-lee]] [[Sam Lee]]\n"


def test_rename_commit_makes_one_commit(vault, git_identity):
    git(vault, "init", "-q")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "start")
    done = run_script(vault, "rename", "Ada Lovelace", "Ada Byron", "--commit")
    assert done.returncode == 0, done.stderr
    assert git(vault, "log", "-1", "--format=%s").strip() == "rename: Ada Lovelace → Ada Byron"
    assert git(vault, "status", "--porcelain").strip() == ""
    names = git(vault, "show", "--name-status", "--format=", "--no-renames", "HEAD").split("\n")
    assert sorted(filter(None, names)) == [
        "A\tpeople/ada-byron.md",
        "D\tpeople/ada-lovelace.md",
        "M\tDaily/2026-11-01.md",
        "M\tnotes/meeting.md",
        "M\tpeople/grace-hopper.md",
    ]


def test_dry_run_writes_nothing(vault):
    before = vault_bytes(vault)
    done = run_script(vault, "rename", "Ada Lovelace", "Ada Byron", "--dry-run")
    assert done.returncode == 0 and "+++ b/people/ada-byron.md" in done.stdout
    assert "-- met: [[Ada Lovelace]] at lunch" in done.stdout
    assert vault_bytes(vault) == before


# --- the property: rename, then rename back, gives back every byte ------------------------------------

WORDS = st.text(
    alphabet=st.sampled_from("abcdefgAÉøßłxyz李伟ドロ'"), min_size=2, max_size=6
).filter(lambda w: w[0].isalpha() and w[-1] != "'")
NAMES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
ALIAS_STYLES = st.sampled_from(["none", "empty", "flow", "block"])
LINK_FORMS = st.sampled_from(["name", "shown", "part", "stem", "path", "embed", "code"])


def _file(name: str, aliases: list[str], style: str, links: str, nl: str) -> str:
    fm = [f'name: "{name}"']
    if style == "empty":
        fm.append("aliases: []")
    elif style == "flow" and aliases:
        fm.append("aliases: [" + ", ".join(f'"{a}"' for a in aliases) + "]")
    elif style == "block" and aliases:
        fm += ["aliases:"] + [f'  - "{a}"' for a in aliases]
    return nl.join(["---", *fm, "---", links, "", "## Log", "- 2026-11-01 met: hi", ""])


def _link(form: str, name: str, stem: str) -> str:
    return {
        "name": f"[[{name}]]",
        "shown": f"[[{name}|shown]]",
        "part": f"[[{name}#Part]]",
        "stem": f"[[{stem}]]",
        "path": f"[[people/{stem}]]",
        "embed": f"![[{stem}.md#x|y]]",
        "code": f"`[[{name}]]`",
    }[form]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(NAMES, min_size=2, max_size=3, unique_by=lambda n: n.casefold()),
    new=NAMES,
    aliases=st.lists(NAMES, max_size=2),
    style=ALIAS_STYLES,
    forms=st.lists(LINK_FORMS, min_size=1, max_size=5),
    crlf=st.booleans(),
)
def test_rename_then_rename_back_restores_every_file(
    tmp_path_factory, names, new, aliases, style, forms, crlf
):
    from network_md.core.names import compact
    from network_md.store.newfile import slugify

    stems = [slugify(n) for n in names]
    keys = {compact(k) for k in [*names, *aliases, *stems]}
    if len(set(stems)) < len(stems) or not all(stems) or len(set(map(compact, names))) < len(names):
        return
    if compact(new) in keys or not slugify(new) or len(set(map(compact, aliases))) < len(aliases):
        return
    if compact(names[0]) in map(compact, aliases):
        return  # a name that is its own alias: renamed back to an alias, it leaves the aliases
    if slugify(new) == new or stems[0] == names[0]:
        return  # a name that is its own file name: `[[ab]]` is then both, and is read as the name
    nl = "\r\n" if crlf else "\n"
    root = tmp_path_factory.mktemp("vault")
    (root / ".network-md.yaml").write_text(CONFIG)
    (root / "people").mkdir()
    (root / "Daily").mkdir()
    links = " ".join(_link(f, names[0], stems[0]) for f in forms)
    for i, (name, stem) in enumerate(zip(names, stems)):
        text = _file(name, aliases if i == 0 else [], style, links if i else "", nl)
        (root / f"people/{stem}.md").write_bytes(text.encode())
    (root / "Daily/2026-11-01.md").write_bytes(f"- met: {links}{nl}".encode())
    before = vault_bytes(root)
    done = run_script(root, "rename", f"people/{stems[0]}.md", new)
    assert done.returncode == 0, done.stderr
    moved = [p for p in vault_bytes(root) if p.startswith("people/") and p not in before]
    back = moved[0] if moved else f"people/{stems[0]}.md"
    done = run_script(root, "rename", back, names[0])
    assert done.returncode == 0, done.stderr
    assert vault_bytes(root) == before


# --- real Obsidian notes ---------------------------------------------------------------------------


@pytest.mark.skipif(not real_people(), reason="the real-world Obsidian notes are not here")
def test_renaming_each_real_obsidian_note_and_back_restores_the_vault(make_vault):
    from network_md.core.names import fold

    files = real_people()
    root = make_vault(files, "contacts: [people]\n")
    before = vault_bytes(root)
    contacts = json.loads(run_script(root, "list", "--json").stdout)["contacts"]
    renamed = 0
    for c in contacts:
        if c["name"] == Path(c["path"]).stem.lower():
            continue  # named by a file name like `empty-test-company`: it gets a `name:` line
        if fold(c["name"]) in map(fold, c["aliases"]):
            continue  # its name is an alias too: renamed back to an alias, it leaves the aliases
        others = [o for o in contacts if o["path"] != c["path"]]
        keys = [[o["name"], *o["aliases"], Path(o["path"]).stem] for o in others]
        if any(fold(c["name"]) in map(fold, k) for k in keys):
            continue  # two templates named `[Name]` and `{{name}}`: that name is taken
        done = run_script(root, "rename", c["path"], "Zed Quux Renamed")
        if done.returncode == 1 and (
            "not valid YAML" in done.stderr or "not a text" in done.stderr
        ):
            assert vault_bytes(root) == before  # refused (front matter that does not load,
            continue  # a `Name:` that is a mapping), nothing written
        assert done.returncode == 0, (c["path"], done.stderr)
        new = json.loads(run_script(root, "show", "Zed Quux Renamed", "--json").stdout)["path"]
        done = run_script(root, "rename", new, c["name"])
        assert done.returncode == 0, (c["path"], done.stderr)
        assert vault_bytes(root) == before, c["path"]
        renamed += 1
    assert renamed >= 10


def test_the_cache_after_a_rename_agrees_with_the_files(vault):
    assert run_script(vault, "status", "--json").returncode == 0  # a warm cache to patch
    assert run_script(vault, "rename", "Ada Lovelace", "Ada Byron").returncode == 0
    warm = [run_script(vault, *a, "--json").stdout for a in (["status"], ["list"], ["flags"])]
    cold = [
        run_script(vault, "--no-cache", *a, "--json").stdout
        for a in (["status"], ["list"], ["flags"])
    ]
    assert warm == cold
    assert [c["path"] for c in json.loads(warm[1])["contacts"]] == [
        "people/ada-byron.md",
        "people/grace-hopper.md",
    ]


@pytest.mark.parametrize("old", ["C# Guru", "Ada | B", "Ada ]] B", "Ada [x]"])
def test_an_old_name_that_no_link_can_hold_still_has_its_file_links_follow(make_vault, old):
    from network_md.store.newfile import slugify

    stem = slugify(old)
    root = make_vault(
        {
            f"people/{stem}.md": f'---\nname: "{old}"\n---\n',
            "notes/n.md": f"[[{stem}]] and [[{stem}|them]]\n",
        },
        CONFIG,
    )
    done = run_script(root, "rename", f"people/{stem}.md", "Zed Guru")
    assert done.returncode == 0, done.stderr
    text = (root / "people/zed-guru.md").read_text()
    assert text.startswith('---\nname: "Zed Guru"\naliases:\n  - ')
    assert json.loads(run_script(root, "show", "Zed Guru", "--json").stdout)["aliases"] == [old]
    assert (root / "notes/n.md").read_text() == "[[zed-guru]] and [[zed-guru|them]]\n"
