"""`merge KEEP OTHER`: KEEP keeps every byte and gains what OTHER had; OTHER's file goes; all
files or none; the importers still know OTHER afterwards."""

from __future__ import annotations

import difflib
import json

import pytest
from helpers import TODAY, git, real_people, run_script, vault_bytes

from network_md.core.errors import WriteError
from network_md.format.merge import merge
from network_md.store.batch import Change, apply

CONFIG = "contacts: [people]\n"
KEEP = """---
name: Ada Lovelace
aliases: [Ada]
company: Analytical Engines
linkedin: https://www.linkedin.com/in/ada
---
Met at PyCon.

## Log
- 2026-10-02 asked: restaurant tip
- 2026-11-20 gave (20m): article
"""
OTHER = """---
name: Ada L.
aliases:
  - Countess
company: Old Co
E-mail: ada@old.example
linkedin: https://www.linkedin.com/in/ada-old
tags:
  - chess
---
# Ada L.

Likes chess.

```
- 2026-01-01 gave: inside a fence, not an entry
```

## Log
* 2026-10-02 asked: restaurant tip
* 2026-10-05 got: three places
  - with a map
* [ ] 2026-12-12 met: lunch in Lisbon
* 2026-11-25 10:30 met: coffee
"""


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada.md": KEEP, "people/ada-l.md": OTHER}, CONFIG)


def only_inserted(before: str, after: str, changed_lines: int = 0) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` went, except at most
    `changed_lines` lines that were replaced (the aliases line)."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added, replaced = [], 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "delete":
            pytest.fail(f"lines lost: {a[i1:i2]}")
        if op == "replace":
            replaced += i2 - i1
        if op in ("insert", "replace"):
            added += b[j1:j2]
    assert replaced <= changed_lines, (replaced, added)
    return added


def test_merge_keeps_every_byte_of_keep_and_gains_what_other_had(vault):
    done = run_script(vault, "merge", "Ada Lovelace", "Ada L.")
    assert done.returncode == 0, done.stderr
    assert not (vault / "people/ada-l.md").exists()
    after = (vault / "people/ada.md").read_text()
    added = only_inserted(KEEP, after, changed_lines=1)
    assert "aliases: [Ada, Ada L., Countess]\n" in added
    # missing keys copied as written (spelling, block lists), conflicts under merged:
    assert "E-mail: ada@old.example\n" in added and "tags:\n" in added and "  - chess\n" in added
    assert after.index("merged:\n  - name: Ada L.\n    file: people/ada-l.md\n") > 0
    assert "    company: Old Co\n" in added
    assert "    linkedin: https://www.linkedin.com/in/ada-old\n" in added
    # entries in date order, with KEEP's bullet, sub-lines, box and time kept; the duplicate once
    log = after[after.index("## Log") :]
    assert log.splitlines()[1:7] == [
        "- 2026-10-02 asked: restaurant tip",
        "- 2026-10-05 got: three places",
        "  - with a map",
        "- 2026-11-20 gave (20m): article",
        "- 2026-11-25 10:30 met: coffee",
        "- [ ] 2026-12-12 met: lunch in Lisbon",
    ]
    assert after.count("restaurant tip") == 1
    # OTHER's notes (fenced lines included) at the end, under a heading naming OTHER
    notes = after[after.index("## Notes from Ada L.") :]
    assert "Likes chess." in notes and "inside a fence, not an entry" in notes
    assert "# Ada L.\n" not in notes
    assert "company: people/ada.md keeps 'Analytical Engines'" in done.stderr
    assert "'Old Co' is kept under `merged:` in people/ada.md" in done.stderr
    shown = json.loads(run_script(vault, "show", "ada", "--json").stdout)
    assert shown["aliases"] == ["Ada", "Ada L.", "Countess"] and shown["given"] == 1
    assert shown["received"] == 1 and shown["tags"] == ["chess"]
    assert run_script(vault, "check").returncode == 0


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_merge_writes_keeps_line_endings_and_bom(make_vault, newline):
    keep = ("\ufeff" + KEEP).replace("\n", newline)
    root = make_vault({"people/ada.md": keep, "people/ada-l.md": OTHER}, CONFIG)
    assert run_script(root, "merge", "people/ada.md", "people/ada-l.md").returncode == 0
    after = (root / "people/ada.md").read_bytes().decode()
    assert after.startswith("\ufeff---")
    if newline == "\r\n":
        assert "\n" not in after.replace("\r\n", "")
    only_inserted(keep.replace("\r\n", "\n"), after.replace("\r\n", "\n"), changed_lines=1)


def test_keep_without_front_matter_gets_one(make_vault):
    root = make_vault({"people/a.md": "# Ada\n\nNotes.\n", "people/b.md": "# Ada B\n"}, CONFIG)
    assert run_script(root, "merge", "people/a.md", "people/b.md").returncode == 0
    assert (root / "people/a.md").read_text() == "---\naliases:\n  - Ada B\n---\n# Ada\n\nNotes.\n"
    assert [
        c["name"] for c in json.loads(run_script(root, "list", "--json").stdout)["contacts"]
    ] == ["Ada"]


def test_merge_of_cjk_names_and_a_file_with_no_front_matter(make_vault):
    root = make_vault(
        {
            "people/li-wei.md": "---\nname: 李伟\n---\n## Log\n- 2026-11-01 met: 茶\n",
            "people/wei.md": "# 伟\n\n- 2026-11-02 got: 书\n",
        },
        CONFIG,
    )
    done = run_script(root, "merge", "李伟", "伟")
    assert done.returncode == 0, done.stderr
    text = (root / "people/li-wei.md").read_text()
    assert text.startswith("---\nname: 李伟\naliases:\n  - 伟\n---\n")
    assert "- 2026-11-01 met: 茶\n- 2026-11-02 got: 书\n" in text
    assert "Notes from" not in text  # only a title heading: no notes


def test_dry_run_shows_the_change_and_writes_nothing(vault):
    before = vault_bytes(vault)
    done = run_script(vault, "merge", "ada lovelace", "ada l", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "+aliases: [Ada, Ada L., Countess]" in done.stdout
    assert "removed: people/ada-l.md" in done.stdout
    assert "Would merge" in done.stderr and "would be removed" in done.stderr
    assert vault_bytes(vault) == before


def test_merge_with_itself_or_an_ambiguous_or_unknown_name_exits_2(vault, make_vault):
    before = vault_bytes(vault)
    for args in (
        ["Ada Lovelace", "Ada"],  # the same contact by another of its names
        ["ada", "people/ada.md"],
        ["Ada Lovelace", "nobody"],
        ["Ad", "Ada L."],  # a prefix of both
    ):
        done = run_script(vault, "merge", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert vault_bytes(vault) == before


def test_bad_yaml_in_either_file_exits_1_and_writes_nothing(make_vault):
    for keep, other in ((KEEP, "---\nname: [x\n---\n"), ("---\nname: [x\n---\n", OTHER)):
        root = make_vault({"people/a.md": keep, "people/b.md": other}, CONFIG)
        before = vault_bytes(root)
        done = run_script(root, "merge", "people/a.md", "people/b.md")
        assert done.returncode == 1, done.stderr
        assert "not valid YAML" in done.stderr and "Traceback" not in done.stderr
        assert vault_bytes(root) == before


def test_merge_commit_makes_one_commit_of_both_files(vault, git_identity):
    git(vault, "init", "-q")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "start")
    (vault / "notes.md").write_text("unrelated, not to be committed\n")
    done = run_script(vault, "merge", "Ada Lovelace", "Ada L.", "--commit")
    assert done.returncode == 0, done.stderr
    assert git(vault, "log", "--format=%s").splitlines() == [
        "merge: Ada L. into Ada Lovelace",
        "start",
    ]
    changed = git(vault, "show", "--name-status", "--format=", "HEAD").split("\n")
    assert sorted(filter(None, changed)) == ["D\tpeople/ada-l.md", "M\tpeople/ada.md"]
    assert git(vault, "status", "--porcelain").strip() == "?? notes.md"


def test_commit_outside_a_work_tree_exits_2_before_writing(vault):
    before = vault_bytes(vault)
    done = run_script(vault, "merge", "Ada Lovelace", "Ada L.", "--commit")
    assert done.returncode == 2 and "git work tree" in done.stderr
    assert vault_bytes(vault) == before


# --- all files or none ----------------------------------------------------------------------------


def test_a_file_changed_since_it_was_read_stops_every_write(vault):
    keep, other = (vault / "people/ada.md").read_bytes(), (vault / "people/ada-l.md").read_bytes()
    result = merge(keep, other, ["Ada L."], "people/ada-l.md", TODAY)
    (vault / "people/ada-l.md").write_bytes(other + b"- 2026-11-26 got: typed meanwhile\n")
    before = vault_bytes(vault)
    with pytest.raises(WriteError, match="people/ada-l.md changed on disk"):
        apply(
            vault,
            [Change("people/ada.md", keep, result.data), Change("people/ada-l.md", other, None)],
        )
    assert vault_bytes(vault) == before


def test_a_read_only_file_stops_every_write(vault):
    import os

    keep = (vault / "people/ada.md").read_bytes()
    other_path = vault / "people/ada-l.md"
    other_path.chmod(0o444)
    try:
        if os.access(other_path, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        before = vault_bytes(vault)
        with pytest.raises(WriteError, match="read-only"):
            apply(
                vault,
                [
                    Change("people/ada.md", keep, keep + b"x"),
                    Change("people/ada-l.md", other_path.read_bytes(), b"y"),
                ],
            )
        assert vault_bytes(vault) == before
    finally:
        other_path.chmod(0o644)


def test_a_new_file_that_appeared_meanwhile_is_never_overwritten(vault):
    (vault / "people/new.md").write_text("someone else's\n")
    keep = (vault / "people/ada.md").read_bytes()
    before = vault_bytes(vault)
    with pytest.raises(WriteError, match="already exists"):
        apply(vault, [Change("people/ada.md", keep, b"x"), Change("people/new.md", None, b"y")])
    assert vault_bytes(vault) == before


# --- the importers still know OTHER -----------------------------------------------------------------


def test_reimporting_others_linkedin_row_or_vcard_matches_keep(vault, tmp_path):
    assert run_script(vault, "merge", "Ada Lovelace", "Ada L.").returncode == 0
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,L.,https://www.linkedin.com/in/ada-old,,Old Co,,01 Jan 2024\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,,01 Jan 2024\n"
    )
    vcf = tmp_path / "ada.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A. L.\r\nEMAIL:ada@old.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Countess\r\nORG:Old Co\r\nEND:VCARD\r\n"
    )
    before = vault_bytes(vault)
    for args in (["import", "linkedin", str(csv)], ["import", "vcard", str(vcf)]):
        done = run_script(vault, *args)
        assert done.returncode == 0, done.stderr
    assert vault_bytes(vault) == before


def test_a_second_merge_adds_its_item_to_merged(make_vault):
    root = make_vault(
        {
            "people/a.md": "---\nname: A\ncompany: X\n---\n",
            "people/b.md": "---\nname: B\ncompany: Y\n---\n",
            "people/c.md": "---\nname: C\ncompany: Z\nmerged:\n  - name: D\n    company: W\n---\n",
        },
        CONFIG,
    )
    assert run_script(root, "merge", "A", "B").returncode == 0
    assert run_script(root, "merge", "A", "C").returncode == 0
    shown = json.loads(run_script(root, "show", "A", "--json").stdout)
    assert shown["aliases"] == ["B", "C"]
    assert shown["fields"]["merged"] == [
        {"name": "B", "file": "people/b.md", "company": "Y"},
        {"name": "C", "file": "people/c.md", "company": "Z"},
        {"name": "D", "company": "W"},
    ]


def test_links_to_others_file_follow_to_keep(vault):
    (vault / "notes.md").write_text(
        "[[ada-l]] [[people/ada-l|her]] [[Ada L.]] [[Countess]] `[[ada-l]]`\n"
    )
    done = run_script(vault, "merge", "Ada Lovelace", "Ada L.")
    assert done.returncode == 0, done.stderr
    # by file: now KEEP's file; by name: the names live on as KEEP's aliases; code: left alone
    assert (vault / "notes.md").read_text() == (
        "[[ada]] [[people/ada|her]] [[Ada L.]] [[Countess]] `[[ada-l]]`\n"
    )
    assert "links to people/ada-l.md in notes.md now point at people/ada.md" in done.stderr


def test_status_after_a_merge_is_the_same_warm_and_cold(vault):
    assert run_script(vault, "status", "--json").returncode == 0  # a warm cache to patch
    assert run_script(vault, "merge", "Ada Lovelace", "Ada L.").returncode == 0
    warm = json.loads(run_script(vault, "status", "--json").stdout)
    cold = json.loads(run_script(vault, "--no-cache", "status", "--json").stdout)
    assert warm == cold and warm["contacts"] == 1


def test_an_archived_duplicate_does_not_archive_keep(make_vault):
    root = make_vault(
        {
            "people/a.md": "---\nname: Ada\n---\n## Log\n- 2026-11-01 met: hi\n  - sub\n",
            "people/b.md": "---\nname: Ada B\narchived: 2026-01-01\narchived_why: dup\n---\n"
            "- 2026-11-01 met: hi\n  - other sub\n- 2026-11-01 met:  hi\n  - sub\n"
            "- 2026-11-02 Met: hi\n",
        },
        CONFIG,
    )
    assert run_script(root, "merge", "Ada", "Ada B").returncode == 0
    text = (root / "people/a.md").read_text()
    assert "\narchived:" not in text.split("merged:")[0]
    assert "    archived: 2026-01-01\n    archived_why: dup\n" in text
    assert json.loads(run_script(root, "show", "Ada", "--json").stdout)["archived"] is False
    # exact duplicates once (spacing aside); another sub-line or another word is another entry
    assert text.count("met: hi\n  - sub\n") == 1 and "  - other sub\n" in text
    assert "- 2026-11-02 Met: hi\n" in text


@pytest.mark.parametrize(
    ("item", "record_keys"),
    [
        ({"name": "Ada L.", "LinkedIn": "https://uk.linkedin.com/in/ada-old/"}, {}),
        ({"name": "Ada L.", "linkedin_url": "linkedin.com/in/ada-old"}, {}),
        ({"name": "Ada L.", "E-Mail": "ADA@old.example"}, {"email": "ada@old.example"}),
        ({"name": "Ada L.", "Company": "[[Old Co]]"}, {"company": "Old Co"}),
    ],
)
def test_every_spelling_of_a_merged_identity_matches(item, record_keys):
    from network_md.core.model import Contact
    from network_md.exchange.identity import Record, plan
    from network_md.format.logscan import NO_LOG as NO_ENTRIES

    fields = {"linkedin": "https://www.linkedin.com/in/ada", "merged": [item]}
    keep = Contact("people/ada.md", "Ada Lovelace", ("Ada L.",), (), None, None, None, None,
                   fields, NO_ENTRIES, None)  # fmt: skip
    url = {} if record_keys else {"linkedin": "https://www.linkedin.com/in/ada-old"}
    record = Record("x.csv:2", "Ada L.", {**url, **record_keys})
    done = plan([record], [keep], lambda name: "people/new.md")
    matched = [p for _, p in done.existing] + [c.path for c in done.changed]
    assert done.created == [] and matched == ["people/ada.md"]


@pytest.mark.skipif(not real_people(), reason="the real-world Obsidian notes are not here")
def test_merging_real_obsidian_notes_keeps_every_byte_of_keep(make_vault):
    files = real_people()
    paths = sorted(files)
    merged = 0
    for keep, other in zip(paths[::2], paths[1::2]):
        root = make_vault({keep: files[keep], other: files[other]}, CONFIG)
        done = run_script(root, "merge", keep, other)
        if done.returncode == 1:  # front matter that does not load, or a non-UTF-8 file
            assert (root / keep).read_bytes() == files[keep] and (root / other).exists()
            continue
        assert done.returncode == 0, (keep, other, done.stderr)
        assert not (root / other).exists()
        before = files[keep].decode().replace("\r\n", "\n")
        only_inserted(before, (root / keep).read_text().replace("\r\n", "\n"), changed_lines=1)
        merged += 1
    assert merged >= 8


def test_merge_of_two_files_with_one_stem_in_different_folders(make_vault):
    root = make_vault(
        {
            "people/a/sam-lee.md": "---\nname: Sam Lee\n---\n",
            "people/b/sam-lee.md": "---\nname: Samuel Lee\n---\n- 2026-11-01 met: hi\n",
            "Daily/2026-11-01.md": "- met: [[b/sam-lee]] and [[a/sam-lee|Sam]], [[sam-lee]]\n",
        },
        CONFIG,
    )
    done = run_script(root, "merge", "people/a/sam-lee.md", "people/b/sam-lee.md")
    assert done.returncode == 0, done.stderr
    assert not (root / "people/b/sam-lee.md").exists()
    # the ambiguous [[sam-lee]] named nobody before: it stays, and now names KEEP alone
    assert (root / "Daily/2026-11-01.md").read_text() == (
        "- met: [[a/sam-lee]] and [[a/sam-lee|Sam]], [[sam-lee]]\n"
    )
    assert "- 2026-11-01 met: hi" in (root / "people/a/sam-lee.md").read_text()


def test_keep_named_by_its_heading_gains_no_alias_of_its_own_name(make_vault):
    root = make_vault(
        {
            "people/a.md": "# Ada Lovelace\n\n- 2026-11-01 met: hi\n",
            "people/b.md": "---\naliases: [Ada Lovelace]\n---\n- 2026-11-02 got: a book\n",
        },
        CONFIG,
    )
    assert run_script(root, "merge", "people/a.md", "people/b.md").returncode == 0
    text = (root / "people/a.md").read_text()
    assert text == (  # no log section yet: one is made, as `log` makes it
        "---\naliases:\n  - b\n---\n# Ada Lovelace\n\n- 2026-11-01 met: hi\n\n## Log\n"
        "- 2026-11-02 got: a book\n"
    )
