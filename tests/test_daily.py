"""Daily notes: which files they are, their entries, and their entries in every command."""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest
from helpers import run_script

from network_md.core.errors import UsageError
from network_md.format.config import DEFAULT, parse_config
from network_md.format.daily import DailyNotes, format_problem, from_obsidian, scan_note

OBSIDIAN = ".obsidian/daily-notes.json"


def note_settings(folder="Daily", form="YYYY-MM-DD"):
    return DailyNotes(folder, form, "test")


# --- which files are daily notes ---------------------------------------------------------


@pytest.mark.parametrize(
    "folder, form, rel, day",
    [
        ("Daily", "YYYY-MM-DD", "Daily/2026-11-20.md", "2026-11-20"),
        ("Daily", "YYYY/MM/YYYY-MM-DD", "Daily/2026/11/2026-11-20.md", "2026-11-20"),
        ("Journal/days", "DD.MM.YYYY", "Journal/days/20.11.2026.md", "2026-11-20"),
        ("", "YYYY-MM-DD", "2026-11-20.md", "2026-11-20"),
        ("Daily", "YYYY_MM_DD Notes", "Daily/2026_11_20 Notes.md", "2026-11-20"),
        ("Daily", "YYYY-MM-DD", "Daily/2026-11-20.txt", None),
        ("Daily", "YYYY-MM-DD", "Daily/2026-02-30.md", None),  # no such day
        ("Daily", "YYYY-MM-DD", "Daily/ideas.md", None),  # beside them, not one of them
        ("Daily", "YYYY-MM-DD", "Daily/sub/2026-11-20.md", None),  # the format has no folder
        ("Daily", "YYYY/MM/YYYY-MM-DD", "Daily/2026/10/2026-11-20.md", None),  # MM twice, unequal
        ("Daily", "YYYY-MM-DD", "people/2026-11-20.md", None),
        ("Daily", "YYYY-MM-DD", "Dailyx/2026-11-20.md", None),
        ("", "YYYY-MM-DD", "people/2026-11-20.md", None),
    ],
)
def test_a_daily_note_is_its_folder_and_format(folder, form, rel, day):
    got = note_settings(folder, form).day_of(rel)
    assert got == (date.fromisoformat(day).toordinal() if day else None)


def test_path_of_writes_the_format():
    assert (
        note_settings("D", "YYYY/MM/YYYY-MM-DD").path_of(date(2026, 1, 5))
        == "D/2026/01/2026-01-05.md"
    )
    assert note_settings("", "DD.MM.YYYY").path_of(date(2026, 1, 5)) == "05.01.2026.md"


@pytest.mark.parametrize(
    "settings, expected",
    [
        ('{"folder": "Daily", "format": "YYYY-MM-DD"}', ("Daily", "YYYY-MM-DD")),
        ('{"folder": "/Daily/", "format": "YYYY/MM/YYYY-MM-DD"}', ("Daily", "YYYY/MM/YYYY-MM-DD")),
        ('{"folder": "Daily"}', ("Daily", "YYYY-MM-DD")),  # Obsidian's default format
        ("{}", ("", "YYYY-MM-DD")),
        ('{"folder": "./Journal/Days/"}', ("Journal/Days", "YYYY-MM-DD")),
        ('{"folder": "."}', ("", "YYYY-MM-DD")),
        ('{"format": ""}', ("", "YYYY-MM-DD")),
        ('{"folder": "Daily", "format": "YYYY-MM-DD dddd"}', None),  # a weekday we cannot read
        ('{"folder": "Daily", "format": "MMM D, YYYY"}', None),
        ('{"folder": "Daily", "format": "[Week] ww"}', None),
        ('{"folder": "Daily", "format": "YYYY-MM"}', None),  # no day
        ('{"folder": "../out"}', None),
        ("not json", None),
        ("[1, 2]", None),
        ('{"folder": 3}', None),
    ],
)
def test_obsidian_settings_are_used_when_their_format_is_ours(settings, expected):
    got = from_obsidian(settings)
    assert (got[:2] if got else None) == expected


@pytest.mark.parametrize(
    "config, message",
    [
        ("daily_notes: {format: YYYY-MM}\n", "daily_notes.format"),
        ("daily_notes: {format: 3}\n", "daily_notes.format"),
        ("daily_notes: {folder: ../elsewhere}\n", "daily_notes.folder"),
        ("daily_notes: {folder: /abs}\n", "daily_notes.folder"),
        ("daily_notes: {folder: [a]}\n", "daily_notes.folder"),
        ("daily_notes: {format: ../YYYY-MM-DD}\n", "daily_notes.format"),
        ("daily_notes: Daily\n", "daily_notes"),
    ],
)
def test_a_wrong_daily_notes_setting_names_its_key(config, message):
    with pytest.raises(UsageError) as exc:
        parse_config(config)
    assert f"error: {message}:" in exc.value.message


def test_the_daily_notes_setting_and_its_unknown_keys():
    config, problems = parse_config("daily_notes: {folder: ./Daily/, format: YYYY-MM-DD, x: 1}\n")
    assert config.daily_notes == ("Daily", "YYYY-MM-DD")
    assert [p.message for p in problems] == ["unknown setting 'daily_notes.x'"]
    assert parse_config("daily_notes: {folder: ''}\n")[0].daily_notes == ("", "YYYY-MM-DD")
    assert parse_config("daily_notes: {format: DD.MM.YYYY}\n")[0].daily_notes == ("", "DD.MM.YYYY")
    assert parse_config("daily_notes: {}\n")[0].daily_notes is None
    assert DEFAULT.daily_notes is None
    assert format_problem("YYYY-MM-DD") is None


# --- the entries of one note ----------------------------------------------------------------

NOTE_DAY = date(2026, 11, 20).toordinal()


def entries(text: str, config=DEFAULT):
    found, problems = scan_note(text, 0, NOTE_DAY, config, "Daily/2026-11-20.md")
    return [(e.entry.date.isoformat(), e.entry.kind, e.entry.state, e.targets) for e in found], [
        (p.line, p.severity) for p in problems
    ]


def test_a_note_entry_is_a_kind_and_a_link_dated_by_the_note():
    text = (
        "# Friday\n"
        "- met: coffee with [[Ada]] and [[Bo|Bo S.]]\n"
        "- [x] got (15m): advice from [[people/ada]]\n"
        "- [ ] 2026-12-01 met: lunch with [[Ada]]\n"
        "- [-] asked: favour of [[Ada]]\n"
        "* 2026-11-19 gave: the article to [[Ada]]\n"
        "  + [[2026-11-18]] thanked-me: a card from [[Ada]]\n"
        "- 09:30 asked-me: [[Ada]] wanted a hand\n"
    )
    assert entries(text)[0] == [
        ("2026-11-20", "met", "done", ("Ada", "Bo")),
        ("2026-11-20", "got", "done", ("people/ada",)),
        ("2026-12-01", "met", "plan", ("Ada",)),
        ("2026-11-20", "asked", "cancelled", ("Ada",)),
        ("2026-11-19", "gave", "done", ("Ada",)),
        ("2026-11-18", "thanked-me", "done", ("Ada",)),
        ("2026-11-20", "asked-me", "done", ("Ada",)),
    ]


def test_other_list_items_are_ignored_in_silence():
    text = (
        "- groceries: milk, [[Recipes]]\n"  # not a kind
        "- met Ada for coffee [[Ada]]\n"  # no colon after a kind
        "- met: coffee, nobody linked\n"  # no link
        "- [>] met: [[Ada]] deferred\n"  # a box we do not read
        "- met: `[[Ada]]` in code\n"  # the only link is code
        "```\n- met: [[Ada]] in a fence\n```\n"
        "Text met: [[Ada]] not a list item\n"
        "- [[2026-11-18 met: [[Ada]] unpaired\n"
    )
    assert entries(text) == ([], [])


def test_the_config_kinds_count_and_a_bad_date_or_duration_is_said():
    config, _ = parse_config("kinds: {coffee: met, 1on1: met}\n")
    text = "- coffee: [[Ada]]\n- 1on1: [[Ada]]\n- 2026-02-30 met: [[Ada]]\n- met (ages): [[Ada]]\n"
    found, problems = entries(text, config)
    assert [f[1] for f in found] == ["met", "met", "met"]
    assert problems == [(3, "error"), (4, "warning")]


def test_line_numbers_count_from_the_top_of_the_file():
    text = "---\ntags: [daily]\n---\n\n- a\n- met: [[Ada]]\n"
    found, _ = scan_note(text, text.index("\n\n"), NOTE_DAY, DEFAULT, "d.md")
    assert [f.entry.line for f in found] == [6]


# --- in every command ----------------------------------------------------------------------

DAILY_CONFIG = "contacts: [people]\ndaily_notes: {folder: Journal, format: YYYY/MM/YYYY-MM-DD}\n"
ADA = "---\nname: Ada Lovelace\naliases: [Countess]\n---\n## Log\n"
BO = "---\nname: Bo Ström\n---\nNotes.\n"


def nm(root, *args):
    """The installed command, as a user runs it (its own process, the cache on disk)."""
    done = run_script(root, *args)
    assert done.returncode in (0, 1), done.stderr
    return done


def numbers(root, *extra) -> dict:
    keys = ("relationship", "given", "received", "thanks_given", "asks", "last_touch", "flags")
    listed = json.loads(nm(root, "list", "--json", *extra).stdout)["contacts"]
    return {c["name"]: {k: c[k] for k in keys} for c in listed}


def flags(root, *extra) -> list:
    return [
        (f["path"], f["rule"])
        for f in json.loads(nm(root, "flags", "--json", *extra).stdout)["flags"]
    ]


LOG = [
    ("2026-11-02", "asked", "an intro to the platform team"),
    ("2026-11-03", "got", "the intro, and a coffee"),
    ("2026-11-04", "gave", "(20m): the article"),
    ("2026-10-01", "met", "hello"),
]


def test_logging_only_in_daily_notes_gives_the_same_analysis_as_in_the_file(make_vault):
    in_file = ADA + "".join(f"- {d} {k}{'' if t.startswith('(') else ':'} {t}\n" for d, k, t in LOG)
    notes = {
        f"Journal/{d[:4]}/{d[5:7]}/{d}.md": f"# {d}\n- todo: laundry\n- {k}"
        f"{'' if t.startswith('(') else ':'} {t} with [[Ada Lovelace]]\n"
        for d, k, t in LOG
    }
    by_file = make_vault({"people/ada.md": in_file, "people/bo.md": BO}, DAILY_CONFIG)
    by_notes = make_vault({"people/ada.md": ADA, "people/bo.md": BO, **notes}, DAILY_CONFIG)
    assert numbers(by_notes) == numbers(by_file)
    assert numbers(by_notes)["Ada Lovelace"]["relationship"] == "network"
    for root in (by_file, by_notes):
        assert json.loads(nm(root, "status", "--json").stdout)["contacts"] == 2  # notes are no one
    shown = json.loads(nm(by_notes, "show", "ada", "--json").stdout)
    journal = [e for e in shown["log"] if e["path"].startswith("Journal/")]
    assert [(e["date"], e["line"], e["path"]) for e in journal][0] == (
        "2026-11-04",
        3,
        "Journal/2026/11/2026-11-04.md",
    )


def test_daily_notes_are_never_contacts_even_where_every_file_is(make_vault):
    files = {
        "ada.md": ADA,
        "Daily/2026-11-20.md": "- met: [[ada]]\n",
        "Daily/ideas.md": "# Ideas\n",
    }
    root = make_vault({**files, OBSIDIAN: '{"folder": "Daily"}'}, "contacts: []\n")
    names = sorted(c["path"] for c in json.loads(nm(root, "list", "--json").stdout)["contacts"])
    assert names == ["Daily/ideas.md", "ada.md"]  # ideas.md is not named like a day
    assert numbers(root)["Ada Lovelace"]["last_touch"] == "2026-11-20"


def test_obsidian_settings_name_the_notes_when_the_config_does_not(make_vault):
    files = {"people/ada.md": ADA, "Days/2026/2026-11-20.md": "- got: a tip from [[Countess]]\n"}
    root = make_vault({**files, OBSIDIAN: '{"folder": "Days", "format": "YYYY/YYYY-MM-DD"}'})
    assert flags(root) == [("people/ada.md", "thank")]
    (root / OBSIDIAN).write_text('{"folder": "Days", "format": "YYYY/YYYY-MM-DD dddd"}')
    assert flags(root) == []  # a format we cannot read: no daily notes


def test_the_config_wins_over_obsidian(make_vault):
    files = {
        "people/ada.md": ADA,
        "A/2026-11-20.md": "- got: x [[ada]]\n",
        "B/2026-11-21.md": "- got: y [[ada]]\n",
    }
    root = make_vault(
        {**files, OBSIDIAN: '{"folder": "A"}'}, "contacts: [people]\ndaily_notes: {folder: B}\n"
    )
    shown = json.loads(nm(root, "show", "ada", "--json").stdout)
    assert [e["path"] for e in shown["log"]] == ["B/2026-11-21.md"]


def test_one_entry_links_several_and_links_to_nobody_are_no_problem(make_vault):
    note = "- got (10m): intros from [[ada]] and [[Bo Strom]], see [[Lisbon]] ![[pic.png]]\n"
    root = make_vault(
        {"people/ada.md": ADA, "people/bo.md": BO, "Journal/2026/11/2026-11-25.md": note},
        DAILY_CONFIG,
    )
    assert flags(root) == [("people/ada.md", "thank"), ("people/bo.md", "thank")]
    done = nm(root, "check")
    assert done.returncode == 0 and done.stdout == ""


def test_an_ambiguous_link_is_a_warning_with_file_and_line_and_links_nobody(make_vault):
    twins = {
        "people/a/sam.md": "---\nname: Sam A\n---\n",
        "people/b/sam.md": "---\nname: Sam B\n---\n",
    }
    note = "# day\n\n- got: advice from [[sam]]\n- got: more from [[a/sam]]\n"
    root = make_vault({**twins, "Journal/2026/11/2026-11-25.md": note}, DAILY_CONFIG)
    done = nm(root, "check")
    assert done.stdout.splitlines() == [
        "Journal/2026/11/2026-11-25.md:3: warning: [[sam]] names 2 contacts (people/a/sam.md, "
        "people/b/sam.md); it links none of them: link one by its file name or path"
    ]
    assert flags(root) == [("people/a/sam.md", "thank")]
    assert "1 warning" in nm(root, "status").stdout + nm(root, "status").stderr


def test_an_ambiguous_link_in_a_contact_log_is_found_by_check(make_vault):
    twins = {"people/a/sam.md": "---\nname: Sam\n---\n", "people/b/sam.md": "---\nname: Sam\n---\n"}
    ada = ADA + "- 2026-11-01 got: met [[Sam]] through her\n"
    root = make_vault({**twins, "people/ada.md": ada}, DAILY_CONFIG)
    lines = nm(root, "check").stdout.splitlines()
    assert lines == [
        "people/ada.md:6: warning: [[Sam]] names 2 contacts (people/a/sam.md, people/b/sam.md); "
        "it links none of them: link one by its file name or path"
    ]


def age(root, seconds: int = 3600) -> None:
    """Every file but the caches modified `seconds` ago: no longer too fresh to trust."""
    when = time.time_ns() - seconds * 1_000_000_000
    for p in root.rglob("*"):
        if p.is_file() and ".network-md" not in p.relative_to(root).parts:
            os.utime(p, ns=(when, when))


def wait_out_the_clock():
    time.sleep(2.1)  # past the window in which a stamp could hide a change: a fair warm run


def test_the_cache_follows_daily_note_changes_before_and_after(make_vault):
    note_path = "Journal/2026/11/2026-11-25.md"
    root = make_vault(
        {"people/ada.md": ADA, "people/bo.md": BO, note_path: "- got: x from [[ada]]\n"},
        DAILY_CONFIG,
    )
    note = root / note_path
    wait_out_the_clock()
    steps = [
        ("- got: x from [[bo]]\n", [("people/bo.md", "thank")]),  # Ada's nudge goes, Bo's comes
        ("- got: x from [[bo]]\n- thanked: [[bo]]\n", []),
        (
            "- got: x from [[ada]]\n- got: y from [[bo]]\n",
            [("people/ada.md", "thank"), ("people/bo.md", "thank")],
        ),
        (None, []),  # the note deleted
    ]
    assert flags(root) == [("people/ada.md", "thank")]
    for text, expected in steps:
        wait_out_the_clock()
        if text is None:
            note.unlink()
        else:
            note.write_text(text)
        assert flags(root) == expected, text
        assert flags(root) == expected  # and warm again
        assert flags(root, "--no-cache") == expected


def test_a_contact_renamed_moves_the_notes_entries_with_the_name(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/bo.md": BO,
            "Journal/2026/11/2026-11-25.md": "- got: x from [[Bo Strom]]\n",
        },
        DAILY_CONFIG,
    )
    assert flags(root) == [("people/bo.md", "thank")]
    wait_out_the_clock()
    (root / "people/ada.md").write_text(ADA.replace("[Countess]", "[Countess, Bo Strom]"))
    assert flags(root) == []  # the link names two contacts now: a warning, and nobody's
    assert "names 2 contacts" in nm(root, "check").stdout
    wait_out_the_clock()
    (root / "people/ada.md").write_text(ADA)
    assert flags(root) == [("people/bo.md", "thank")]


@pytest.mark.parametrize("lost", ["links", "index", "both"])
def test_a_lost_or_stale_cache_never_gives_a_wrong_count(make_vault, lost):
    # Twenty people thanked-for in one note, then twenty others: enough changed contacts that
    # the index cache is written back, so the two cache files can fall out of step.
    people = {f"people/p{i}.md": f"---\nname: P{i}\n---\n" for i in range(40)}
    note = "Journal/2026/11/2026-11-25.md"

    def thanks_to(first):
        return "".join(f"- got: x [[p{i}]]\n" for i in range(first, first + 20))

    root = make_vault({**people, note: thanks_to(0)}, DAILY_CONFIG)
    wait_out_the_clock()  # else every file is still too fresh to be trusted from the cache
    assert len(flags(root)) == 20
    cache = root / ".network-md"
    saved = {name: (cache / name).read_bytes() for name in ("index", "links")}
    wait_out_the_clock()
    (root / note).write_text(thanks_to(20))
    expected = [(f"people/p{i}.md", "thank") for i in range(20, 40)]
    assert sorted(flags(root)) == sorted(expected)
    assert (cache / "index").read_bytes() != saved["index"]  # written back: the test is fair
    # One cache file goes back to how it was before the change (a write that failed, a
    # second process): the other no longer agrees with it.
    for name in ("links", "index") if lost == "both" else (lost,):
        (cache / name).write_bytes(saved[name])
    assert sorted(flags(root)) == sorted(expected)
    assert json.loads(nm(root, "status", "--json").stdout)["flags"] == {"red": 0, "nudge": 20}


def test_a_note_that_cannot_be_read_is_an_error_of_that_note(make_vault):
    root = make_vault(
        {"people/ada.md": ADA, "Journal/2026/11/2026-11-25.md": "- met: [[ada]]\n"}, DAILY_CONFIG
    )
    os.mkfifo(root / "Journal/2026/11/2026-11-26.md")  # never opened: not a regular file
    (root / "Journal/2026/11/2026-11-24.md").write_bytes(b"- met: \xff [[ada]]\n")
    assert numbers(root)["Ada Lovelace"]["last_touch"] == "2026-11-25"


# --- watch --------------------------------------------------------------------------------


def test_watch_raises_and_clears_flags_from_daily_note_saves(make_vault):
    from watch_helpers import flags_held, flags_of, flags_on_disk, watching

    note_path = "Journal/2026/11/2026-11-25.md"
    root = make_vault({"people/ada.md": ADA, "people/bo.md": BO}, DAILY_CONFIG)
    note = root / note_path
    with watching(root) as w:
        note.parent.mkdir(parents=True)
        note.write_text("# Tuesday\n- got: the intro from [[ada]]\n")
        events = w.batch_with(note_path)
        assert flags_of(events, "raised") == [("people/ada.md", "thank")]
        note.write_text("# Tuesday\n- got: the intro from [[Bo Strom]]\n")  # Ada's goes, Bo's comes
        events = w.batch_with(note_path)
        assert flags_of(events, "cleared") == [("people/ada.md", "thank")]
        assert flags_of(events, "raised") == [("people/bo.md", "thank")]
        assert flags_held(w) == flags_on_disk(root)
        (root / "people/bo.md").write_text(
            BO.replace("Bo Ström", "Robert")
        )  # the link names nobody now
        events = w.batch_with("people/bo.md")
        assert flags_of(events, "cleared") == [("people/bo.md", "thank")]
        (root / "people/a").mkdir()
        (root / "people/b").mkdir()
        (root / "people/a/sam.md").write_text("# Sam\n")
        (root / "people/b/sam.md").write_text("# Sam\n")
        w.sync()
        note.write_text("- got: [[sam]] again\n")
        events = w.batch_with(note_path)
        problems = [e["problem"]["message"] for e in events if e["event"] == "problem"]
        assert problems and "names 2 contacts" in problems[0]
        note.write_text("- got: the intro from [[ada]]\n")
        w.batch_with(note_path)
        other = root / "Journal/2026/11/2026-11-26.md"
        other.write_text("- got: a tip from [[Robert]]\n")
        w.batch_with(other.relative_to(root).as_posix())
        held = flags_held(w)
        assert held == flags_on_disk(root) and len(held) == 2
    # watch wrote its caches on the way out: the next command, warm, agrees with a cold one
    age(root)
    assert (
        flags(root)
        == flags(root, "--no-cache")
        == [
            ("people/ada.md", "thank"),
            ("people/bo.md", "thank"),
        ]
    )
    age(root)
    with watching(root) as w:
        note.unlink()
        events = w.batch_with(note_path)
        assert flags_of(events, "cleared") == [("people/ada.md", "thank")]
        (root / "people/cy.md").write_text("# Cy\n")  # so that the index cache is written too
        w.batch_with("people/cy.md")
    assert flags(root) == flags(root, "--no-cache") == [("people/bo.md", "thank")]


def test_the_links_cache_holds_no_descriptor_between_reads(make_vault, run):
    """A long-lived process (`watch`, a test run) reads the links cache again and again, and
    may keep what it read (a cycle the frozen collector never frees): none of it holds the file
    open."""
    from network_md.store import linkcache

    note = "# day\n- met: coffee with [[Ada Lovelace]]\n"
    root = make_vault({"people/ada.md": ADA, "Journal/2026/11/2026-11-20.md": note}, DAILY_CONFIG)
    assert run(root, "show", "ada").exit_code == 0  # in this process: the same code reads it
    head, _ = linkcache.read(root)
    assert head, "no links cache was written"
    before = len(os.listdir("/proc/self/fd"))
    kept = []
    for _ in range(50):
        _, parts = linkcache.read(root)
        kept.append(parts)
    for parts in kept:
        assert all(parts.get(name, None) is not None for name in head["parts"])
    assert len(os.listdir("/proc/self/fd")) == before
